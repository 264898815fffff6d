#include "solver/fe/fe_drawing.h"

#include "solver/fe/anderson.h"

#include "materials/expression.h"
#include "materials/parameters.h"
#include "meshes/drawing_domain.h"
#include "postprocess/log.h"

#include <deal.II/base/data_out_base.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>
#include <deal.II/grid/tria.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <map>
#include <stdexcept>
#include <sstream>

namespace hotdraw
{
  namespace
  {
    // Steady kinematic update: integrate dR/dz = (1 - w) R'_old + w u_r/u_z from the inlet by
    // the trapezoidal rule; w = 1 is the kinematic update. If it would pinch the surface off
    // (R <= 0, far from the solution), the slopes are blended with the current ones (w halved)
    // until the new surface stays positive. Returns false if no blend does.
    bool kinematic_update(const std::vector<SurfacePoint> &s, double R_in, std::vector<double> &R_new)
    {
      R_new.assign(s.size(), 0.0);
      for (double w = 1.0; w >= 1e-3; w *= 0.5)
        {
          R_new[0] = R_in;
          bool ok = true;
          for (std::size_t k = 1; ok && k < s.size(); ++k)
            {
              const double s0 = s[k - 1].u_r / s[k - 1].u_z, s1 = s[k].u_r / s[k].u_z;
              const double dz = s[k].z - s[k - 1].z;
              R_new[k] = R_new[k - 1] + w * 0.5 * (s0 + s1) * dz + (1 - w) * (s[k].r - s[k - 1].r);
              ok = R_new[k] > 0 && std::isfinite(R_new[k]);
            }
          if (ok)
            return true;
        }
      return false;
    }
  } // namespace

  void FreeSurfaceSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Axial cells", "240", Integer(4, 100000),
                "Cells along z of the generated drawing mesh; they equidistribute the arc "
                "length of (z/R, ln R), so the neck gets most of them.", "-");
    prm.declare("Radial cells", "4", Integer(1, 1000), "Cells across the radius.", "-");
    prm.declare("Radial grading", "1", Double(0.01, 100),
                "Size of the axis cell over the size of the surface cell (> 1 refines towards "
                "the free surface).", "-");
    prm.declare("Global refinements", "0", Integer(0, 8),
                "Global refinements of the generated (or imported) mesh.", "-");
    prm.declare("Mesh file", "", Anything(),
                "Gmsh mesh (.msh) with the hotdraw boundary ids (inlet 0, outlet 1, axis 2, free "
                "surface 3) instead of the generated mesh. Empty: generate.");
    prm.declare("Shape tolerance", "1e-6", Double(1e-14, 1),
                "Steady free surface: largest relative change of the radius per iteration at "
                "convergence.", "-");
    prm.declare("Normal velocity tolerance", "1e-5", Double(1e-14, 1),
                "Steady free surface: largest |u.n|/|u| on the free surface at convergence.", "-");
    prm.declare("Temperature tolerance", "1e-3", Double(1e-12, 100),
                "Coupled steady runs: largest temperature change per iteration at convergence.",
                "K");

    prm.declare("Maximum shape iterations", "100", Integer(1, 100000),
                "Steady free surface: iterations before the shape is declared not converged.", "-");
    prm.declare("Relaxation", "0.5", Double(0.01, 1),
                "Initial under-relaxation of the steady surface update; later iterations adapt "
                "it by Aitken's method.", "-");
    prm.declare("Surface update", "automatic", Selection("automatic|kinematic|mass flux"),
                "Steady free surface: 'kinematic' integrates dR/dz = u_r/u_z from the inlet; "
                "'mass flux' scales each section's radius to carry the feed flux, R (Q/q(z))^(1/2) "
                "(better conditioned at large draw ratios, exact mass conservation at the fixed "
                "point; the normal velocity is then reported but not a convergence criterion). "
                "automatic: mass flux when the heat equation is solved, else kinematic.");
    prm.declare("Acceleration", "automatic", Selection("automatic|Aitken|Anderson"),
                "Steady free surface: Aitken's scalar relaxation of the shape, or Anderson "
                "mixing of the shape together with the nodal temperatures (needed for coupled "
                "heat transfer at large draw ratios). automatic: Anderson when the heat "
                "equation is solved, else Aitken.");
    prm.declare("Anderson depth", "10", Integer(1, 100),
                "Anderson mixing: previous iterates kept.", "-");
    prm.declare("Anderson mixing", "0.4", Double(0.01, 1),
                "Anderson mixing: fraction beta of the new residual taken per step.", "-");
    prm.declare("Mode", "steady", Selection("steady|transient"),
                "steady: the steady free-surface iteration; transient: after the steady state, "
                "advance R(z, t) in time with the take-up speed multiplied by 'Take-up speed "
                "factor' (speed changes and the resulting diameter transients).");
    prm.declare("Take-up speed factor", "1", Anything(),
                "Transient mode: v_d(t) / v_d(steady) as an expression of t (s), e.g. "
                "'t < 20 ? 1 : 1.2' for a 20 % speed step at t = 20 s.", "-");
    prm.declare("Time step", "0.01", Double(1e-9, 1e6),
                "Transient runs: largest time step (steps that would change the radius by more "
                "than 10 % are halved).", "s");
    prm.declare("Minimum time step", "1e-6", Double(0, 1e6),
                "Transient runs: the step is halved while the radius would change by more than "
                "10 % in one step or the temperature changed by more than 20 K; a step that "
                "would fall below this value stops the run with an error (the wire pinches off, "
                "or the transient has become unstable). At most 'Time step'.",
                "s");
    prm.declare("End time", "1", Double(0, 1e9), "Transient runs: duration.", "s");
    prm.declare("Crank-Nicolson", "false", Bool(),
                "Transient runs: second-order Crank-Nicolson surface update with a "
                "predictor-corrector (two flow solves per step, no numerical damping: use it "
                "for stability studies such as draw resonance); false: backward Euler with the "
                "flow at the start of the step (robust).");
    prm.declare("Output every", "10", Integer(0, 1000000),
                "Steps (transient runs) or shape iterations (steady runs) between ParaView "
                "outputs; the converged steady state is always written. 0: only that.", "-");
  }

  void FreeSurfaceSettings::parse_parameters(ParameterSet &prm)
  {
    n_axial_cells = prm.get_integer("Axial cells");
    n_radial_cells = prm.get_integer("Radial cells");
    radial_grading = prm.get_double("Radial grading");
    global_refinements = prm.get_integer("Global refinements");
    mesh_file = prm.get("Mesh file");
    shape_tolerance = prm.get_double("Shape tolerance");
    normal_velocity_tolerance = prm.get_double("Normal velocity tolerance");
    temperature_tolerance_K = prm.get_double("Temperature tolerance");
    max_shape_iterations = prm.get_integer("Maximum shape iterations");
    relaxation = prm.get_double("Relaxation");
    {
      const std::string u = prm.get("Surface update"), a = prm.get("Acceleration");
      update = u == "kinematic"   ? Update::kinematic
               : u == "mass flux" ? Update::mass_flux
                                  : Update::automatic;
      acceleration = a == "Aitken"     ? Acceleration::aitken
                     : a == "Anderson" ? Acceleration::anderson
                                       : Acceleration::automatic;
    }
    anderson_depth = prm.get_integer("Anderson depth");
    anderson_mixing = prm.get_double("Anderson mixing");
    transient = prm.get("Mode") == "transient";
    take_up_factor = prm.get("Take-up speed factor");
    {
      // validate the expression here, where the parameter is known
      const Expression e = Expression::from_parameter(prm, "Take-up speed factor", "t");
      for (double t : {0.0, 1.0, 10.0, 100.0})
        if (!(e(t) > 0) || !std::isfinite(e(t)))
          prm.fail("Take-up speed factor", take_up_factor,
                   "evaluates to " + to_string(e(t)) + " at t = " + to_string(t) + " s",
                   "a positive expression of t");
    }
    time_step_s = prm.get_double("Time step");
    min_time_step_s = prm.get_double("Minimum time step");
    if (min_time_step_s > time_step_s)
      prm.fail("Minimum time step", min_time_step_s,
               "is larger than 'Time step' = " + to_string(time_step_s) + " s",
               "a value at most 'Time step'");
    end_time_s = prm.get_double("End time");
    crank_nicolson = prm.get_bool("Crank-Nicolson");
    output_every = prm.get_integer("Output every");
  }

  std::function<double(double)> linear_interpolant(const std::vector<double> &x,
                                                   const std::vector<double> &y)
  {
    if (x.empty() || x.size() != y.size())
      throw std::invalid_argument("linear_interpolant: " + std::to_string(x.size()) +
                                  " abscissae and " + std::to_string(y.size()) +
                                  " values; need the same number, at least one");
    return [x, y](double at) {
      if (at <= x.front())
        return y.front();
      if (at >= x.back())
        return y.back();
      const std::size_t k = std::upper_bound(x.begin(), x.end(), at) - x.begin();
      const double t = (at - x[k - 1]) / (x[k] - x[k - 1]);
      return (1 - t) * y[k - 1] + t * y[k];
    };
  }

  struct FEDrawing::Impl
  {
    MPI_Comm comm;
    const RheologyModel &rheology;
    StokesSettings stokes;
    FreeSurfaceSettings surface;
    DrawingConditions conditions;
    std::unique_ptr<StokesFlow> flow;
    double time = 0;
    double R_in = 0;
    double R_out = 0;
    std::vector<std::pair<double, std::string>> pvd;
    unsigned int output_counter = 0;
    std::function<void(double, double)> step_observer;

    Impl(MPI_Comm c, const RheologyModel &r, const StokesSettings &s, const FreeSurfaceSettings &f,
         const DrawingConditions &d)
      : comm(c), rheology(r), stokes(s), surface(f), conditions(d)
    {
      flow = StokesFlow::create(comm, rheology, stokes);
    }

    FlowSpec flow_spec()
    {
      FlowSpec spec;
      const double vf = conditions.feed_speed_m_per_s;
      spec.temperature = conditions.temperature;
      spec.surface_tension_N_per_m = conditions.surface_tension_N_per_m;
      if (conditions.gravity_m_per_s2 != 0 && conditions.density_kg_per_m3 > 0)
        {
          const double f = conditions.density_kg_per_m3 * conditions.gravity_m_per_s2;
          spec.body_force = [f](const dealii::Point<2> &) {
            return dealii::Tensor<1, 2>({0.0, f});
          };
        }
      spec.boundaries[BoundaryId::inlet] = {
        conditions.rigid_inlet, true, [vf](const dealii::Point<2> &) { return dealii::Tensor<1, 2>({0.0, vf}); },
        {}, false};
      if (conditions.force_control)
        spec.boundaries[BoundaryId::outlet] = {
          false, false, {}, [this](const dealii::Point<2> &) {
            const double A = flow->geometry().section_area(R_out);
            return dealii::Tensor<1, 2>({0.0, conditions.draw_force(time) / A});
          },
          false};
      else
        spec.boundaries[BoundaryId::outlet] = {
          false, true, [this](const dealii::Point<2> &) {
            return dealii::Tensor<1, 2>({0.0, conditions.take_up_speed(time)});
          },
          {}, false};
      spec.boundaries[BoundaryId::axis] = {true, false, {}, {}, false};
      spec.boundaries[BoundaryId::free_surface] = {false, false, {}, {},
                                                   conditions.surface_tension_N_per_m > 0};
      return spec;
    }

    double inlet_flux() const
    {
      return flow->geometry().section_area(R_in) * conditions.feed_speed_m_per_s;
    }

    // Normal velocity on the free surface, in the sense of the discrete kinematic condition:
    // for every segment between surface samples, |u.n| / |u| with the segment's slope and the
    // trapezoidal mean of the flow direction u_r / u_z (the same discretisation as the update,
    // so that it vanishes at the converged shape; a pointwise u.n is not zero at the inlet
    // corner, where the plug inflow forces u_r = 0 on a tapering surface).
    static double normal_velocity(const std::vector<SurfacePoint> &s)
    {
      double m = 0;
      for (std::size_t k = 0; k + 1 < s.size(); ++k)
        {
          const double slope = (s[k + 1].r - s[k].r) / (s[k + 1].z - s[k].z);
          const double flow_slope = 0.5 * (s[k].u_r / s[k].u_z + s[k + 1].u_r / s[k + 1].u_z);
          // u.n / |u| = (u_r - u_z R') / (|u| sqrt(1 + R'^2)) with u_r / u_z = flow_slope
          const double un = (flow_slope - slope) /
                            (std::sqrt(1 + flow_slope * flow_slope) * std::sqrt(1 + slope * slope));
          m = std::max(m, std::abs(un));
        }
      return m;
    }

    DrawingStep record(const NonlinearReport &rep, const std::vector<SurfacePoint> &s)
    {
      DrawingStep d;
      d.time_s = time;
      d.draw_force_N = flow->outlet_force();
      d.outlet_radius_m = s.back().r;
      d.take_up_speed_m_per_s = s.back().u_z;
      d.normal_velocity = normal_velocity(s);
      const double Q = inlet_flux();
      double err = 0;
      for (const auto &[z, q] : flow->section_fluxes())
        err = std::max(err, std::abs(q / Q - 1.0));
      d.mass_flux_error = err;
      d.nonlinear_iterations = rep.picard_iterations + rep.newton_iterations;
      d.peak_temperature_K = flow->heat_enabled() ? flow->max_temperature() : 0.0;
      d.linear_iterations = rep.linear_iterations;
      return d;
    }

    void output(const std::string &dir)
    {
      if (dir.empty())
        return;
      const std::string f = flow->write_vtu(dir, "flow", output_counter++);
      pvd.emplace_back(time, f);
    }

    // Steady mass-flux update: R_new = R (Q / q(z))^p with q(z) the FE flux through the
    // section at z (linear between the mesh's cross-sections), p = 1/2 axisymmetric, 1 planar.
    // Returns false if a section carries no positive flux.
    bool mass_flux_update(const std::vector<double> &z, const std::vector<double> &R,
                          std::vector<double> &R_new) const
    {
      const std::map<double, double> q = flow->section_fluxes();
      const double Q = inlet_flux(), p = flow->geometry().axisymmetric() ? 0.5 : 1.0;
      std::vector<double> qz, qv;
      for (const auto &[zz, f] : q)
        {
          if (!(f > 0) || !std::isfinite(f))
            return false;
          qz.push_back(zz);
          qv.push_back(f);
        }
      if (qz.empty())
        return false;
      const auto q_of_z = linear_interpolant(qz, qv);
      R_new.resize(R.size());
      for (std::size_t k = 0; k < R.size(); ++k)
        R_new[k] = R[k] * std::pow(Q / q_of_z(z[k]), p);
      R_new[0] = R_in;
      return true;
    }

    HeatReport solve_heat_steady()
    {
      const HeatReport r = flow->solve_heat();
      if (!r.converged)
        throw SolverError("FE drawing: " + r.message);
      return r;
    }

    NonlinearReport solve_flow()
    {
      NonlinearReport rep = flow->solve();
      if (!rep.converged)
        {
          std::ostringstream s;
          s << "FE drawing: " << rep.message << ". Relative updates:";
          for (double u : rep.update_history)
            s << " " << u;
          throw SolverError(s.str());
        }
      return rep;
    }
  };

  FEDrawing::FEDrawing(MPI_Comm comm, const RheologyModel &rheology, const StokesSettings &stokes,
                       const FreeSurfaceSettings &surface, const DrawingConditions &conditions)
    : impl_(std::make_unique<Impl>(comm, rheology, stokes, surface, conditions))
  {}

  FEDrawing::~FEDrawing() = default;

  StokesFlow &FEDrawing::flow() { return *impl_->flow; }
  const StokesFlow &FEDrawing::flow() const { return *impl_->flow; }
  double FEDrawing::inlet_radius() const { return impl_->R_in; }

  void FEDrawing::initialize(const std::vector<double> &z, const std::vector<double> &R)
  {
    Impl &m = *impl_;
    if (m.surface.mesh_file.empty())
      {
        // half of the (non-uniform) cells for the neck
        const DrawingDomainSpec spec =
          DrawingDomainSpec::from_profile(z, R, m.surface.n_axial_cells, m.surface.n_radial_cells,
                                          m.surface.radial_grading, 0.5);
        m.flow->create_mesh([&](dealii::Triangulation<2> &t) { make_drawing_domain(t, spec); },
                            m.surface.global_refinements);
      }
    else
      m.flow->create_mesh([&](dealii::Triangulation<2> &t) { read_gmsh_domain(t, m.surface.mesh_file); },
                          m.surface.global_refinements);
    m.R_in = R.front();
    m.R_out = R.back();
    m.flow->set_flow(m.flow_spec());
    // the generated mesh is straight-sided between vertices: put every surface support point
    // on the given profile
    m.flow->move_free_surface(linear_interpolant(z, R));
    if (m.conditions.heat)
      m.flow->enable_heat(*m.conditions.heat, m.conditions.temperature);
  }

  std::vector<SurfacePoint> FEDrawing::surface() const { return impl_->flow->free_surface(); }

  std::vector<DrawingStep> FEDrawing::solve_steady(const std::string &output_dir)
  {
    Impl &m = *impl_;
    using S = FreeSurfaceSettings;
    const bool heat = static_cast<bool>(m.conditions.heat);
    const bool mass_flux = m.surface.update == S::Update::mass_flux ||
                           (m.surface.update == S::Update::automatic && heat);
    const bool use_anderson = m.surface.acceleration == S::Acceleration::anderson ||
                              (m.surface.acceleration == S::Acceleration::automatic && heat);
    // Anderson state: the nodal temperatures / 100 K (distributed) and R / R_first (shared)
    constexpr double anderson_temperature_scale_K = 100.0;
    AndersonMixer anderson(m.comm, m.surface.anderson_depth, m.surface.anderson_mixing);
    std::vector<double> T_before, R_scale;
    std::vector<DrawingStep> steps;
    dealii::Timer timer;
    double omega = m.surface.relaxation;
    std::vector<double> previous_residual;
    double last_change = 1.0;
    for (unsigned int it = 0; it < m.surface.max_shape_iterations; ++it)
      {
        timer.restart();
        // inexact flow solves while the shape is still far from converged
        m.flow->set_nonlinear_tolerance(
          std::clamp(1e-3 * last_change, m.stokes.nonlinear_tolerance,
                     std::max(m.stokes.nonlinear_tolerance, 1e-7)));
        const NonlinearReport rep = m.solve_flow();
        double dT = 0;
        const double t_heat = timer.wall_time();
        if (heat)
          {
            if (use_anderson)
              T_before = m.flow->temperature_dofs();
            dT = m.solve_heat_steady().max_change_K;
          }
        const double heat_time = timer.wall_time() - t_heat;
        const std::vector<SurfacePoint> s = m.flow->free_surface();
        DrawingStep d = m.record(rep, s);
        d.heat_time_s = heat_time;
        d.index = it;
        d.temperature_change_K = dT;
        std::vector<double> z(s.size()), R_new(s.size()), R(s.size());
        bool admissible = true;
        for (std::size_t k = 0; k < s.size(); ++k)
          {
            z[k] = s[k].z;
            R[k] = s[k].r;
            if (!(s[k].u_z > 0))
              admissible = false;
          }
        if (admissible && mass_flux)
          admissible = m.mass_flux_update(z, R, R_new);
        else if (admissible)
          admissible = kinematic_update(s, m.R_in, R_new);
        double change = 0, z_change = z.front();
        for (std::size_t k = 0; admissible && k < s.size(); ++k)
          if (std::abs(R_new[k] - R[k]) / R[k] > change)
            {
              change = std::abs(R_new[k] - R[k]) / R[k];
              z_change = z[k];
            }
        d.shape_change = admissible ? change : std::numeric_limits<double>::infinity();
        last_change = d.shape_change;
        d.wall_time_s = timer.wall_time();
        steps.push_back(d);
        // the mass-flux fixed point leaves a discretisation-level normal velocity (the two
        // discrete conditions differ by O(h^2)): it is reported, not required
        const bool converged =
          admissible && d.shape_change < m.surface.shape_tolerance &&
          (mass_flux || d.normal_velocity < m.surface.normal_velocity_tolerance) &&
          (!heat || dT < m.surface.temperature_tolerance_K);
        if (converged || (m.surface.output_every > 0 && it % m.surface.output_every == 0))
          m.output(output_dir);
        if (m.stokes.verbosity >= 1)
          {
            Log::out() << "  free surface iteration " << std::setw(3) << it << ": shape change "
                       << std::scientific << std::setprecision(3) << d.shape_change << " at z = "
                       << std::defaultfloat << std::setprecision(4) << z_change * 1e3
                       << " mm, |u.n|/|u| " << std::scientific << std::setprecision(3)
                       << d.normal_velocity << ", force " << std::defaultfloat
                       << std::setprecision(6) << d.draw_force_N << " N, outlet radius "
                       << d.outlet_radius_m * 1e6 << " um, flux error " << std::setprecision(2)
                       << d.mass_flux_error;
            if (heat)
              Log::out() << ", peak T " << std::setprecision(5) << d.peak_temperature_K
                         << " K, max |dT| " << std::setprecision(2) << dT << " K";
            Log::out() << "\n";
          }
        auto fail = [&](const std::string &why) {
          std::ostringstream msg;
          msg << "the steady free-surface iteration " << why << ". Shape change per iteration:";
          for (const auto &x : steps)
            msg << " " << x.shape_change;
          msg << ". Likely causes: a draw ratio or viscosity contrast the surface update cannot "
                 "follow from this initial shape (start from the thin-filament shape, lower "
                 "'Relaxation' or 'Anderson mixing', use 'Surface update = mass flux' and "
                 "'Acceleration = Anderson'), or a cold, stiff wire with a prescribed force.";
          throw SolverError(msg.str());
        };
        if (!admissible)
          fail("diverged (the updated radius became non-positive, a section carried no flux, or "
               "the axial velocity reversed)");
        if (converged)
          {
            m.flow->set_nonlinear_tolerance(m.stokes.nonlinear_tolerance);
            return steps;
          }
        // divergence: the shape change has grown tenfold above the smallest one seen after the
        // first iterations (the first change is often small: the initial shape is the thin-
        // filament one, and the first heat solve has not yet moved the viscosity)
        const std::size_t settle = use_anderson ? 5 : 0;
        if (steps.size() > settle + 6)
          {
            double smallest = d.shape_change;
            for (std::size_t k = settle; k < steps.size(); ++k)
              smallest = std::min(smallest, steps[k].shape_change);
            if (d.shape_change > 10 * smallest && d.shape_change > 1e-3)
              fail("diverges (the shape change grew tenfold above its smallest value)");
          }
        if (use_anderson)
          {
            // mix (T, R) -> (T_heat, R_new); the inlet radius stays fixed
            if (R_scale.empty())
              R_scale = R;
            const std::size_t nT = heat ? T_before.size() : 0;
            const std::vector<double> T_after = heat ? m.flow->temperature_dofs() : T_before;
            std::vector<double> x(nT + R.size()), g(x.size());
            for (std::size_t i = 0; i < nT; ++i)
              {
                x[i] = T_before[i] / anderson_temperature_scale_K;
                g[i] = T_after[i] / anderson_temperature_scale_K;
              }
            for (std::size_t k = 0; k < R.size(); ++k)
              {
                x[nT + k] = R[k] / R_scale[k];
                g[nT + k] = R_new[k] / R_scale[k];
              }
            const std::vector<double> y = anderson.next(x, g, R.size());
            if (heat)
              {
                std::vector<double> T_next(nT);
                for (std::size_t i = 0; i < nT; ++i)
                  T_next[i] = y[i] * anderson_temperature_scale_K;
                m.flow->set_temperature_dofs(T_next);
              }
            // a mixing step may not shrink a radius by more than half (far from convergence)
            for (std::size_t k = 0; k < R.size(); ++k)
              R_new[k] = std::max(0.5 * R[k], y[nT + k] * R_scale[k]);
          }
        else
          {
            // Aitken's dynamic relaxation of the fixed-point map R -> R_new (Irons-Tuck): the
            // plain kinematic update overshoots with an alternating error in extensional flows
            std::vector<double> residual(R.size());
            for (std::size_t k = 0; k < R.size(); ++k)
              residual[k] = (R_new[k] - R[k]) / R[k];
            if (previous_residual.size() == residual.size())
              {
                double num = 0, den = 0;
                for (std::size_t k = 0; k < residual.size(); ++k)
                  {
                    const double dr = residual[k] - previous_residual[k];
                    num += previous_residual[k] * dr;
                    den += dr * dr;
                  }
                if (den > 0)
                  omega = std::clamp(-omega * num / den, 0.05, 1.0);
              }
            previous_residual = residual;
            if (m.stokes.verbosity >= 2)
              Log::out() << "    surface update relaxation " << omega << "\n";
            for (std::size_t k = 0; k < R.size(); ++k)
              R_new[k] = R[k] + omega * (R_new[k] - R[k]);
          }
        R_new[0] = m.R_in;
        m.R_out = R_new.back();
        m.flow->move_free_surface(linear_interpolant(z, R_new));
      }
    std::ostringstream msg;
    msg << "the steady free-surface iteration did not converge in "
        << m.surface.max_shape_iterations << " iterations (last shape change "
        << steps.back().shape_change << ", normal velocity " << steps.back().normal_velocity
        << ")";
    throw SolverError(msg.str());
  }

  std::vector<DrawingStep> FEDrawing::run_transient(double t0, const std::string &output_dir)
  {
    Impl &m = *impl_;
    std::vector<DrawingStep> steps;
    const double dt_max = m.surface.time_step_s;
    const double t_end = t0 + m.surface.end_time_s;
    double dt = dt_max;
    m.time = t0;
    dealii::Timer timer;
    for (unsigned int n = 0; m.time < t_end - 1e-12 * std::max(1.0, std::abs(t_end)); ++n)
      {
        timer.restart();
        const NonlinearReport rep = m.solve_flow();
        const std::vector<SurfacePoint> s = m.flow->free_surface();
        DrawingStep d = m.record(rep, s);
        d.index = n;
        // implicit step of dR/dt + u_z (dR/dz - u_r/u_z) = 0 with the trapezoidal flow slope
        // of the steady update, swept from the inlet, by the box (Preissmann) scheme:
        //   ((R_k - R_k^n) + (R_{k-1} - R_{k-1}^n)) / (2 dt)
        //     + theta [u_z ((R_k - R_{k-1})/dz - s)]^{n+1} + (1 - theta) [...]^n = 0,
        // second order in z and free of the numerical damping of upwinding, which would hide
        // draw resonance. theta = 1 (default) takes the flow at the start of the step (backward
        // Euler, robust); theta = 1/2 is Crank-Nicolson with a predictor-corrector: the flow is
        // solved again on the predicted shape (two flow solves per step, second order in
        // time). A step that would change the radius by more than 10 % (or pinch it off) is
        // redone with half the step.
        std::vector<double> z(s.size()), R(s.size());
        double change = 0;
        dt = std::min(dt, t_end - m.time);
        // one sweep: with 'next' the end-of-step flow (Crank-Nicolson), else theta = 1
        auto sweep = [&](const std::vector<SurfacePoint> *next, double step) {
          R[0] = m.R_in;
          z[0] = s[0].z;
          change = 0;
          for (std::size_t k = 1; k < s.size(); ++k)
            {
              z[k] = s[k].z;
              const double dz = s[k].z - s[k - 1].z;
              const double slope_n = 0.5 * (s[k - 1].u_r / s[k - 1].u_z + s[k].u_r / s[k].u_z);
              const double uz_n = 0.5 * (s[k - 1].u_z + s[k].u_z);
              double uz = uz_n, slope = slope_n, explicit_part = 0, theta = 1.0;
              if (next)
                {
                  const auto &q = *next;
                  theta = 0.5;
                  uz = 0.5 * (q[k - 1].u_z + q[k].u_z);
                  slope = 0.5 * (q[k - 1].u_r / q[k - 1].u_z + q[k].u_r / q[k].u_z);
                  explicit_part = 0.5 * uz_n * ((s[k].r - s[k - 1].r) / dz - slope_n);
                }
              R[k] = (0.5 * (s[k].r + s[k - 1].r - R[k - 1]) / step - explicit_part +
                      theta * uz * (R[k - 1] / dz + slope)) /
                     (0.5 / step + theta * uz / dz);
              if (!(R[k] > 0) || !std::isfinite(R[k]))
                return false;
              change = std::max(change, std::abs(R[k] - s[k].r) / s[k].r);
            }
          return change <= 0.1;
        };
        // the smallest step: 'Minimum time step' (and at most 60 halvings if that is 0)
        auto halve = [&](const char *why, unsigned int attempt) {
          dt *= 0.5;
          if (dt < m.surface.min_time_step_s || attempt > 60)
            throw SolverError("transient free surface at t = " + to_string(m.time) +
                              " s: the time step would fall below 'Minimum time step' = " +
                              to_string(m.surface.min_time_step_s) + " s (" + why +
                              "). The wire pinches off or the transient has become unstable; "
                              "no result of this run is valid.");
        };
        for (unsigned int attempt = 0; !sweep(nullptr, dt); ++attempt)
          halve("the radius would change by more than 10 % in any longer step", attempt);
        if (m.surface.crank_nicolson)
          {
            // corrector: the flow on the predicted shape, then the Crank-Nicolson sweep
            m.flow->move_free_surface(linear_interpolant(z, R));
            m.solve_flow();
            const std::vector<SurfacePoint> predicted = m.flow->free_surface();
            if (!sweep(&predicted, dt))
              throw SolverError("transient free surface: the Crank-Nicolson corrector at t = " +
                                to_string(m.time) + " s is not admissible; reduce 'Time step'");
          }
        d.shape_change = change;
        if (m.step_observer)
          m.step_observer(m.time, dt);
        d.wall_time_s = timer.wall_time();
        steps.push_back(d);
        if (!output_dir.empty() && m.surface.output_every > 0 && n % m.surface.output_every == 0)
          m.output(output_dir);
        if (m.stokes.verbosity >= 1)
          Log::out() << "  t = " << std::setw(10) << std::setprecision(5) << m.time
                     << " s (dt " << dt << " s): force " << std::setprecision(6)
                     << d.draw_force_N << " N, outlet radius " << d.outlet_radius_m * 1e6
                     << " um, dR/R " << std::scientific << std::setprecision(2) << change
                     << std::defaultfloat << "\n";
        m.R_out = R.back();
        m.flow->move_free_surface(linear_interpolant(z, R));
        m.time += dt;
        if (m.conditions.heat)
          {
            const HeatReport hr = m.flow->advance_heat(dt, m.time);
            if (!hr.converged)
              throw SolverError("FE drawing, t = " + to_string(m.time) + " s: " + hr.message);
            steps.back().temperature_change_K = hr.max_change_K;
            steps.back().peak_temperature_K = m.flow->max_temperature();
          }
        // step size: grow while the surface changes little (and, with heat transfer, the
        // temperature changes by less than 5 K per step); shrink when the temperature changed
        // by more than 20 K
        const double dT = m.conditions.heat ? steps.back().temperature_change_K : 0.0;
        if (dT > 20.0)
          halve("the temperature changed by more than 20 K in the last step", 0);
        else if (change < 0.02 && dT < 5.0)
          dt *= 1.5;
        dt = std::min(dt_max, dt);
      }
    return steps;
  }

  void FEDrawing::write_output(const std::string &dir) { impl_->output(dir); }

  void FEDrawing::set_step_observer(const std::function<void(double, double)> &observer)
  {
    impl_->step_observer = observer;
  }

  void FEDrawing::write_pvd(const std::string &dir, const std::string &base) const
  {
    if (dealii::Utilities::MPI::this_mpi_process(impl_->comm) != 0)
      return;
    // steady iterations all have time 0: number them -(n-1), ..., 0 (the converged steady state
    // at 0) so that ParaView shows them as a series; transient steps follow at their time t > 0
    auto records = impl_->pvd;
    std::size_t n_steady = 0;
    while (n_steady < records.size() && records[n_steady].first == 0.0)
      ++n_steady;
    for (std::size_t k = 0; k < n_steady; ++k)
      records[k].first = double(k) - double(n_steady - 1);
    std::ofstream f(dir + "/" + base + ".pvd");
    dealii::DataOutBase::write_pvd_record(f, records);
  }

  void FEDrawing::write_surface_csv(const std::string &filename) const
  {
    const auto s = surface();
    if (dealii::Utilities::MPI::this_mpi_process(impl_->comm) != 0)
      return;
    std::ofstream f(filename);
    f << "z_m,radius_m,velocity_r_m_per_s,velocity_z_m_per_s,normal_velocity_m_per_s\n"
      << std::setprecision(10);
    for (std::size_t k = 0; k < s.size(); ++k)
      {
        const std::size_t a = k == 0 ? 0 : k - 1, b = k + 1 == s.size() ? k : k + 1;
        const double slope = (s[b].r - s[a].r) / (s[b].z - s[a].z);
        const double un = (s[k].u_r - s[k].u_z * slope) / std::sqrt(1 + slope * slope);
        f << s[k].z << "," << s[k].r << "," << s[k].u_r << "," << s[k].u_z << "," << un << "\n";
      }
  }

  void FEDrawing::write_statistics(const std::vector<DrawingStep> &steps,
                                   const std::string &filename, unsigned int n_dofs)
  {
    if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) != 0)
      return;
    std::ofstream f(filename);
    f << "# 1: iteration or time step\n# 2: time (s)\n# 3: degrees of freedom\n"
         "# 4: nonlinear iterations\n# 5: linear (outer FGMRES) iterations\n"
         "# 6: draw force (N)\n# 7: outlet radius (m)\n# 8: take-up speed (m/s)\n"
         "# 9: shape change max |dR|/R\n# 10: normal velocity max |u.n|/|u|\n"
         "# 11: mass flux error max |Q(z)/Q_in - 1|\n# 12: wall time (s)\n"
         "# 13: peak temperature (K; 0 without heat transfer)\n"
         "# 14: temperature change max |dT| of the step (K)\n";
    f << std::setprecision(8);
    for (const auto &d : steps)
      f << d.index << " " << d.time_s << " " << n_dofs << " " << d.nonlinear_iterations << " "
        << d.linear_iterations << " " << d.draw_force_N << " " << d.outlet_radius_m << " "
        << d.take_up_speed_m_per_s << " " << d.shape_change << " " << d.normal_velocity << " "
        << d.mass_flux_error << " " << d.wall_time_s << " " << d.peak_temperature_K << " "
        << d.temperature_change_K << "\n";
  }
}  // namespace hotdraw

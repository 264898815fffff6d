#include "solver/fe/fe_drawing.h"

#include "materials/parameters.h"
#include "meshes/drawing_domain.h"
#include "postprocess/atomic_file.h"
#include "postprocess/log.h"
#include "postprocess/timing.h"
#include "solver/fe/acceleration/acceleration.h"
#include "solver/fe/anderson.h"
#include "solver/fe/domain.h"
#include "solver/fe/flow_fields.h"
#include "solver/fe/surface_update/surface_update.h"
#include "solver/fe/vtu_output.h"

#include <deal.II/base/data_out_base.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>
#include <deal.II/grid/tria.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    // Normal velocity on the free surface, in the sense of the discrete kinematic condition:
    // for every segment between surface samples, |u.n| / |u| with the segment's slope and the
    // trapezoidal mean of the flow direction u_r / u_z (the same discretisation as the update,
    // so that it vanishes at the converged shape; a pointwise u.n is not zero at the inlet
    // corner, where the plug inflow forces u_r = 0 on a tapering surface).
    double normal_velocity(const std::vector<SurfacePoint> &s)
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

    // One implicit step of dR/dt + u_z (dR/dz - u_r/u_z) = 0 with the trapezoidal flow slope of
    // the steady update, swept from the inlet, by the box (Preissmann) scheme:
    //   ((R_k - R_k^n) + (R_{k-1} - R_{k-1}^n)) / (2 dt)
    //     + theta [u_z ((R_k - R_{k-1})/dz - s)]^{n+1} + (1 - theta) [...]^n = 0,
    // second order in z and free of the numerical damping of upwinding, which would hide draw
    // resonance. theta = 1 takes the flow s at the start of the step (backward Euler); with
    // 'next', the flow at the end of the step, theta = 1/2 (Crank-Nicolson). Fills z and R and
    // the largest relative radius change; returns false if the radius would change by more than
    // 10 % (or pinch off).
    bool box_sweep(const std::vector<SurfacePoint> &s, const std::vector<SurfacePoint> *next,
                   const double step, const double R_in, std::vector<double> &z,
                   std::vector<double> &R, double &change)
    {
      R[0] = R_in;
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
    }

    // The coefficients a0, a1, a2 of the variable-step BDF2 derivative (a0 y^{n+1} + a1 y^n +
    // a2 y^{n-1}) / dt (steps dt, then dt_old before it); backward Euler without a step before.
    std::array<double, 3> bdf2_coefficients(const bool previous, const double dt,
                                            const double dt_old)
    {
      if (!previous)
        return {{1.0, -1.0, 0.0}};
      const double w = dt / dt_old;
      return {{(1 + 2 * w) / (1 + w), -(1 + w), w * w / (1 + w)}};
    }

    // The BDF2 box step of the kinematic condition (coupled transient steps, 'Coupled shape
    // update = kinematic'): with the flow q at the end of the step,
    //   (D_{k-1} + D_k) / 2 + u_z ((R_k - R_{k-1}) / dz - s) = 0,
    //   D_k = (a0 R_k + a1 R_k^n + a2 R_k^{n-1}) / dt,
    // u_z and s = u_r / u_z the segment means of q, a0..a2 the variable-step BDF2 coefficients
    // (backward Euler without the shape R^{n-1} of the step before), swept from the inlet. Unlike
    // the trapezoidal box step it damps the modes a step does not resolve (kinematic waves cross
    // the thin wire in hundredths of a second; the trapezoidal rule lets them ring from step to
    // step). s holds R^n (the samples at the start of the step).
    bool bdf2_box_sweep(const std::vector<SurfacePoint> &s, const std::vector<SurfacePoint> &q,
                        const std::vector<double> *R_old, const double dt, const double dt_old,
                        const double R_in, std::vector<double> &R)
    {
      const std::array<double, 3> a = bdf2_coefficients(R_old != nullptr, dt, dt_old);
      const double a0 = a[0], a1 = a[1], a2 = a[2];
      auto history = [&](std::size_t k) {
        return (a1 * s[k].r + (R_old != nullptr ? a2 * (*R_old)[k] : 0.0)) / dt;
      };
      R[0] = R_in;
      double D_prev = a0 * R[0] / dt + history(0);
      for (std::size_t k = 1; k < s.size(); ++k)
        {
          const double dz = s[k].z - s[k - 1].z;
          const double uz = 0.5 * (q[k - 1].u_z + q[k].u_z);
          const double slope = 0.5 * (q[k - 1].u_r / q[k - 1].u_z + q[k].u_r / q[k].u_z);
          R[k] = (-0.5 * history(k) - 0.5 * D_prev + uz * (R[k - 1] / dz + slope)) /
                 (0.5 * a0 / dt + uz / dz);
          if (!(R[k] > 0) || !std::isfinite(R[k]))
            return false;
          D_prev = a0 * R[k] / dt + history(k);
        }
      return true;
    }

    // The steady iteration's update of one step: the current shape and the update's image.
    struct ShapeProposal
    {
      std::vector<double> z, R, R_new;
      bool admissible = true;
      double change = 0, z_change = 0;  // max |R_new - R| / R and where
    };

    [[noreturn]] void fail_steady(const std::vector<DrawingStep> &steps, const std::string &why)
    {
      std::ostringstream msg;
      msg << "the steady free-surface iteration " << why << ". Shape change per iteration:";
      for (const auto &x : steps)
        msg << " " << x.shape_change;
      msg << ". Likely causes: a draw ratio or viscosity contrast the surface update cannot "
             "follow from this initial shape (start from the thin-filament shape, lower "
             "'Relaxation' or 'Anderson mixing', use 'Surface update = mass flux' and "
             "'Acceleration = Anderson'), or a cold, stiff wire with a prescribed force.";
      throw SolverError(msg.str());
    }
  }  // namespace

  struct FEDrawing::Impl
  {
    // The state of a steady iteration: the chosen update and acceleration, the records.
    struct Steady
    {
      std::unique_ptr<SurfaceUpdate> update;
      std::unique_ptr<SurfaceAcceleration> acceleration;
      std::vector<DrawingStep> steps;
      double last_change = 1.0;
    };

    MPI_Comm comm;
    const RheologyModel &rheology;
    StokesSettings stokes;
    FreeSurfaceSettings surface;
    DrawingConditions conditions;
    Domain domain;
    std::unique_ptr<StokesFlow> flow;
    std::unique_ptr<HeatTransfer> heat;
    std::unique_ptr<FlowFields> fields;
    double time = 0;
    double R_in = 0;
    double R_out = 0;
    // the ParaView series: (iteration number, file) and (time in s, file)
    std::vector<std::pair<double, std::string>> iterations, transient;
    std::function<void(double, double)> step_observer;
    // coupled transient: the last accepted (time, surface radii), for the error estimate
    std::deque<std::pair<double, std::vector<double>>> accepted;
    // checkpoints: the initial shape (the reference mesh is built from it), the steady records,
    // where and what to save, and the state of a resumed run until run_transient() takes it
    std::vector<double> z0, R0;
    std::vector<DrawingStep> steady_steps;
    std::string checkpoint_dir;
    std::function<std::string()> checkpoint_extra;
    bool resumed = false;
    double resumed_dt = 0;
    std::vector<DrawingStep> resumed_steps;

    Impl(MPI_Comm c, const RheologyModel &r, const StokesSettings &s, const FreeSurfaceSettings &f,
         const DrawingConditions &d)
      : comm(c), rheology(r), stokes(s), surface(f), conditions(d), domain(c, s.geometry, s.backend)
    {}

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
      spec.boundaries[BoundaryId::inlet] = {conditions.rigid_inlet,
                                            true,
                                            [vf](const dealii::Point<2> &) {
                                              return dealii::Tensor<1, 2>({0.0, vf});
                                            },
                                            {},
                                            false};
      if (conditions.force_control)
        spec.boundaries[BoundaryId::outlet] = {
          false,
          false,
          {},
          [this](const dealii::Point<2> &) {
            const double A = domain.geometry().section_area(R_out);
            return dealii::Tensor<1, 2>({0.0, conditions.draw_force(time) / A});
          },
          false};
      else
        spec.boundaries[BoundaryId::outlet] = {
          false,
          true,
          [this](const dealii::Point<2> &) {
            return dealii::Tensor<1, 2>({0.0, conditions.take_up_speed(time)});
          },
          {},
          false};
      spec.boundaries[BoundaryId::axis] = {true, false, {}, {}, false};
      spec.boundaries[BoundaryId::free_surface] = {
        false, false, {}, {}, conditions.surface_tension_N_per_m > 0};
      return spec;
    }

    // The FE flux through the mesh's cross-sections as a function of z (linear between them);
    // empty if a section carries no positive flux.
    std::function<double(double)> section_flux() const
    {
      std::vector<double> qz, qv;
      for (const auto &[zz, f] : flow->section_fluxes())
        {
          if (!(f > 0) || !std::isfinite(f))
            return {};
          qz.push_back(zz);
          qv.push_back(f);
        }
      if (qz.size() < 2)
        return {};
      return linear_interpolant(qz, qv);
    }

    double inlet_flux() const
    {
      return domain.geometry().section_area(R_in) * conditions.feed_speed_m_per_s;
    }

    // Mesh the domain around the shape R(z): the generated structured mesh (half of its
    // non-uniform cells for the neck) or the Gmsh file.
    // The mesh around the initial shape; with 'checkpoint', refined and partitioned as saved.
    void create_mesh(const std::vector<double> &z, const std::vector<double> &R,
                     const std::string &checkpoint = "")
    {
      z0 = z;
      R0 = R;
      if (surface.mesh_file.empty())
        {
          const DrawingDomainSpec spec =
            DrawingDomainSpec::from_profile(z, R, surface.n_axial_cells, surface.n_radial_cells,
                                            surface.radial_grading, 0.5);
          domain.create_mesh([&](dealii::Triangulation<2> &t) { make_drawing_domain(t, spec); },
                             surface.global_refinements, checkpoint);
        }
      else
        domain.create_mesh(
          [&](dealii::Triangulation<2> &t) { read_gmsh_domain(t, surface.mesh_file); },
          surface.global_refinements, checkpoint);
    }

    // The flow (and heat) on the mesh; 'restore' takes their vectors and scalars from the
    // checkpoint the mesh was loaded from (in the order they were attached).
    void create_solvers(const std::vector<double> *stokes_scalars = nullptr,
                        const std::vector<double> *heat_scalars = nullptr)
    {
      flow = StokesFlow::create(domain, rheology, stokes);
      flow->set_flow(flow_spec());
      if (stokes_scalars != nullptr)
        {
          domain.restore_checkpoint({});
          flow->restore_checkpoint(*stokes_scalars);
        }
      else
        // the generated mesh is straight-sided between vertices: put every surface support
        // point on the given profile
        domain.move_free_surface(linear_interpolant(z0, R0));
      if (conditions.heat)
        {
          // the viscosity follows the FE temperature from now on
          heat = HeatTransfer::create(domain, *flow, *conditions.heat, conditions.temperature,
                                      stokes.verbosity);
          flow->set_temperature(heat.get());
          if (heat_scalars != nullptr)
            heat->restore_checkpoint(*heat_scalars);
        }
      fields = std::make_unique<FlowFields>(domain, *flow, heat.get());
    }

    // --- checkpoints ----------------------------------------------------------------------------
    static constexpr const char *checkpoint_magic = "hotdraw transient checkpoint 1";

    static void put(CheckpointWriter &w, const std::vector<DrawingStep> &steps)
    {
      w.put(std::uint64_t(steps.size()));
      for (const DrawingStep &d : steps)
        w.put(std::vector<double>{double(d.index), d.time_s, d.draw_force_N, d.outlet_radius_m,
                                  d.take_up_speed_m_per_s, d.shape_change, d.normal_velocity,
                                  d.mass_flux_error, d.peak_temperature_K, d.temperature_change_K,
                                  double(d.nonlinear_iterations), double(d.linear_iterations),
                                  d.wall_time_s});
    }

    static std::vector<DrawingStep> get_steps(CheckpointReader &r)
    {
      std::vector<DrawingStep> steps(r.get_count());
      for (DrawingStep &d : steps)
        {
          const std::vector<double> v = r.get_vector();
          if (v.size() != 13)
            throw std::runtime_error("a step record of " + std::to_string(v.size()) +
                                     " numbers, expected 13");
          d.index = static_cast<unsigned int>(v[0]);
          d.time_s = v[1];
          d.draw_force_N = v[2];
          d.outlet_radius_m = v[3];
          d.take_up_speed_m_per_s = v[4];
          d.shape_change = v[5];
          d.normal_velocity = v[6];
          d.mass_flux_error = v[7];
          d.peak_temperature_K = v[8];
          d.temperature_change_K = v[9];
          d.nonlinear_iterations = static_cast<unsigned int>(v[10]);
          d.linear_iterations = static_cast<unsigned int>(v[11]);
          d.wall_time_s = v[12];
        }
      return steps;
    }

    static void put(CheckpointWriter &w, const std::vector<std::pair<double, std::string>> &s)
    {
      w.put(std::uint64_t(s.size()));
      for (const auto &[key, name] : s)
        {
          w.put(key);
          w.put(name);
        }
    }

    static std::vector<std::pair<double, std::string>> get_series(CheckpointReader &r)
    {
      std::vector<std::pair<double, std::string>> s(r.get_count());
      for (auto &[key, name] : s)
        {
          key = r.get_double();
          name = r.get_string();
        }
      return s;
    }

    // What the reference mesh is built from besides the initial shape.
    std::vector<double> mesh_parameters() const
    {
      return {double(surface.n_axial_cells), double(surface.n_radial_cells), surface.radial_grading,
              double(surface.global_refinements)};
    }

    // The checkpoint after a time step: the next step size and the records so far. Collective.
    void save_checkpoint(const double dt, const std::vector<DrawingStep> &steps)
    {
      namespace fs = std::filesystem;
      dealii::Timer timer;
      const bool root = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
      const std::string tmp = checkpoint_dir + ".tmp", old = checkpoint_dir + ".old";
      if (root)
        {
          fs::remove_all(tmp);
          fs::create_directories(tmp);
        }
      MPI_Barrier(comm);
      {
        std::vector<std::shared_ptr<void>> attached = {domain.attach_checkpoint(),
                                                       flow->attach_checkpoint()};
        if (heat)
          attached.push_back(heat->attach_checkpoint());
        domain.save_mesh(tmp + "/mesh");
      }
      const std::string extra = checkpoint_extra ? checkpoint_extra() : std::string();
      if (root)
        {
          CheckpointWriter w;
          w.put(std::string(checkpoint_magic));
          w.put(std::uint64_t(dealii::Utilities::MPI::n_mpi_processes(comm)));
          w.put(z0);
          w.put(R0);
          w.put(mesh_parameters());
          w.put(surface.mesh_file);
          w.put(std::uint64_t(heat ? 1 : 0));
          w.put(time);
          w.put(dt);
          w.put(R_out);
          w.put(flow->checkpoint_scalars());
          w.put(heat ? heat->checkpoint_scalars() : std::vector<double>());
          w.put(std::uint64_t(accepted.size()));
          for (const auto &[t, R] : accepted)
            {
              w.put(t);
              w.put(R);
            }
          put(w, iterations);
          put(w, transient);
          put(w, steady_steps);
          put(w, steps);
          w.put(extra);
          {
            AtomicFile f(tmp + "/state.bin", std::ios::binary);
            f.stream().write(w.data().data(), std::streamsize(w.data().size()));
            f.commit();
          }
          // the complete checkpoint replaces the last one
          if (fs::exists(checkpoint_dir))
            fs::rename(checkpoint_dir, old);
          fs::rename(tmp, checkpoint_dir);
          fs::remove_all(old);
        }
      MPI_Barrier(comm);
      if (stokes.verbosity >= 1)
        Log::out() << "  checkpoint at t = " << std::setprecision(6) << time << " s after step "
                   << steps.size() << " (" << checkpoint_dir << ", " << std::setprecision(3)
                   << timer.wall_time() << " s)\n";
    }

    // After time step 'steps.size()': a checkpoint if one is due by steps or by wall time
    // (since_last, agreed by all ranks).
    void checkpoint_if_due(const double dt, const std::vector<DrawingStep> &steps,
                           dealii::Timer &since_last)
    {
      if (checkpoint_dir.empty())
        return;
      const bool by_steps =
        surface.checkpoint_every_steps > 0 && steps.size() % surface.checkpoint_every_steps == 0;
      const bool by_time =
        surface.checkpoint_wall_time_s > 0 &&
        dealii::Utilities::MPI::max(since_last.wall_time(), comm) >= surface.checkpoint_wall_time_s;
      if (!by_steps && !by_time)
        return;
      save_checkpoint(dt, steps);
      since_last.restart();
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
      d.peak_temperature_K = heat ? heat->max_temperature() : 0.0;
      d.linear_iterations = rep.linear_iterations;
      return d;
    }

    // The current state as <dir>/<base>_<number>.vtu, recorded in 'series' at 'key'.
    void output(const std::string &dir, const std::string &base, unsigned int number, double key,
                std::vector<std::pair<double, std::string>> &series)
    {
      if (dir.empty())
        return;
      std::ostringstream name;
      name << base << "_" << std::setw(4) << std::setfill('0') << number << ".vtu";
      write_vtu(domain, *flow, *fields, {}, dir + "/" + name.str());
      series.emplace_back(key, name.str());
    }

    // Before a transient flow solve: if the take-up speed at 'time' differs from the outlet
    // speed of the current solution, the solution is scaled to it (StokesFlow::scale_flow about
    // the feed speed). At draw ratio 278 the new outlet value alone, a 3e-4 jump next to the
    // glassy wire, made a residual 100 times the step's and a Newton that crept.
    void scale_flow_to_take_up_speed()
    {
      if (conditions.force_control || !conditions.take_up_speed)
        return;
      const double v_new = conditions.take_up_speed(time);
      const double v_old = domain.free_surface(*fields).back().u_z;
      const double vf = conditions.feed_speed_m_per_s;
      if (v_old - vf > 0 && v_new - vf > 0 && std::abs(v_new - v_old) > 1e-12 * v_old)
        flow->scale_flow(dealii::Tensor<1, 2>({0.0, vf}), (v_new - vf) / (v_old - vf));
    }

    NonlinearReport solve_flow()
    {
      scale_flow_to_take_up_speed();
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

    // --- the steady iteration ------------------------------------------------------------------
    // The update and the acceleration by name; 'automatic': mass flux and Anderson when the heat
    // equation is solved, else kinematic and Aitken.
    Steady start_steady() const
    {
      const bool solved = static_cast<bool>(conditions.heat);
      const std::string update = surface.update != "automatic" ? surface.update
                                 : solved                      ? "mass flux"
                                                               : "kinematic";
      const std::string acceleration = surface.acceleration != "automatic" ? surface.acceleration
                                       : solved                            ? "Anderson"
                                                                           : "Aitken";
      // the choices take their settings from FreeSurfaceSettings, already parsed: no parameters
      ParameterSet no_parameters;
      Steady s;
      s.update = surface_updates().create_named(no_parameters, update, "Surface update");
      s.acceleration =
        surface_accelerations().create_named(no_parameters, acceleration, "Acceleration", surface,
                                             comm, stokes.verbosity);
      return s;
    }

    // The flow on the current shape, solved inexactly while the shape is still far from
    // converged.
    NonlinearReport solve_steady_flow(const double last_change)
    {
      const auto timer = timers().scope("FE flow");
      flow->set_nonlinear_tolerance(std::clamp(1e-3 * last_change, stokes.nonlinear_tolerance,
                                               std::max(stokes.nonlinear_tolerance, 1e-7)));
      return solve_flow();
    }

    // The steady temperature for the current flow; its largest change.
    double solve_steady_heat(SurfaceAcceleration &acceleration)
    {
      const auto timer = timers().scope("FE heat");
      acceleration.before_heat(*heat);
      const HeatReport r = heat->solve_steady();
      if (!r.converged)
        throw SolverError("FE drawing: " + r.message);
      return r.max_change_K;
    }

    // The surface update's next shape from the samples of the current one.
    ShapeProposal propose_shape(const SurfaceUpdate &update,
                                const std::vector<SurfacePoint> &s) const
    {
      ShapeProposal p;
      p.z.resize(s.size());
      p.R.resize(s.size());
      p.R_new.resize(s.size());
      for (std::size_t k = 0; k < s.size(); ++k)
        {
          p.z[k] = s[k].z;
          p.R[k] = s[k].r;
          if (!(s[k].u_z > 0))
            p.admissible = false;
        }
      if (p.admissible)
        p.admissible =
          update.update(SurfaceState{s, p.z, p.R, R_in, inlet_flux(), domain.geometry(), *flow},
                        p.R_new);
      p.z_change = p.z.front();
      for (std::size_t k = 0; p.admissible && k < s.size(); ++k)
        if (std::abs(p.R_new[k] - p.R[k]) / p.R[k] > p.change)
          {
            p.change = std::abs(p.R_new[k] - p.R[k]) / p.R[k];
            p.z_change = p.z[k];
          }
      return p;
    }

    void log_steady_iteration(const unsigned int it, const DrawingStep &d,
                              const double z_change) const
    {
      if (stokes.verbosity < 1)
        return;
      Log::out() << "  free surface iteration " << std::setw(3) << it << ": shape change "
                 << std::scientific << std::setprecision(3) << d.shape_change
                 << " at z = " << std::defaultfloat << std::setprecision(4) << z_change * 1e3
                 << " mm, |u.n|/|u| " << std::scientific << std::setprecision(3)
                 << d.normal_velocity << ", force " << std::defaultfloat << std::setprecision(6)
                 << d.draw_force_N << " N, outlet radius " << d.outlet_radius_m * 1e6
                 << " um, flux error " << std::setprecision(2) << d.mass_flux_error;
      if (heat)
        Log::out() << ", peak T " << std::setprecision(5) << d.peak_temperature_K << " K, max |dT| "
                   << std::setprecision(2) << d.temperature_change_K << " K";
      Log::out() << "\n";
    }

    // Divergence: the shape change has grown tenfold above the smallest one seen after the
    // acceleration's settling iterations.
    static void check_divergence(const Steady &s)
    {
      const std::size_t settle = s.acceleration->settling_iterations();
      const DrawingStep &d = s.steps.back();
      if (s.steps.size() > settle + 6)
        {
          double smallest = d.shape_change;
          for (std::size_t k = settle; k < s.steps.size(); ++k)
            smallest = std::min(smallest, s.steps[k].shape_change);
          if (d.shape_change > 10 * smallest && d.shape_change > 1e-3)
            fail_steady(s.steps,
                        "diverges (the shape change grew tenfold above its smallest value)");
        }
    }

    // One iteration: flow, heat, surface update, convergence test, then the accelerated move of
    // the surface. Returns true once converged.
    bool steady_iteration(Steady &s, const unsigned int it, const std::string &output_dir)
    {
      dealii::Timer timer;
      const NonlinearReport rep = solve_steady_flow(s.last_change);
      const double dT = heat ? solve_steady_heat(*s.acceleration) : 0.0;
      const auto flow_timer = timers().scope("FE flow");
      const std::vector<SurfacePoint> samples = domain.free_surface(*fields);
      DrawingStep d = record(rep, samples);
      d.index = it;
      d.temperature_change_K = dT;
      ShapeProposal p = propose_shape(*s.update, samples);
      d.shape_change = p.admissible ? p.change : std::numeric_limits<double>::infinity();
      s.last_change = d.shape_change;
      d.wall_time_s = timer.wall_time();
      s.steps.push_back(d);
      const bool converged = p.admissible && d.shape_change < surface.shape_tolerance &&
                             (!s.update->checks_normal_velocity() ||
                              d.normal_velocity < surface.normal_velocity_tolerance) &&
                             (!heat || dT < surface.temperature_tolerance_K);
      if (converged || (surface.output_every > 0 && it % surface.output_every == 0))
        output(output_dir, "iteration", it, it, iterations);
      log_steady_iteration(it, d, p.z_change);
      if (!p.admissible)
        fail_steady(s.steps, "diverged (the updated radius became non-positive, a section "
                             "carried no flux, or the axial velocity reversed)");
      if (converged)
        {
          flow->set_nonlinear_tolerance(stokes.nonlinear_tolerance);
          return true;
        }
      check_divergence(s);
      s.acceleration->accelerate(p.R, p.R_new, heat.get());
      p.R_new[0] = R_in;
      R_out = p.R_new.back();
      domain.move_free_surface(linear_interpolant(p.z, p.R_new));
      return false;
    }

    // --- the transient run ---------------------------------------------------------------------
    // Halve the time step; the smallest step is 'Minimum time step' (and at most 60 halvings if
    // that is 0).
    void halve_time_step(double &dt, const char *why, const unsigned int attempt) const
    {
      dt *= 0.5;
      if (dt < surface.min_time_step_s || attempt > 60)
        throw SolverError("transient free surface at t = " + to_string(time) +
                          " s: the time step would fall below 'Minimum time step' = " +
                          to_string(surface.min_time_step_s) + " s (" + why +
                          "). The wire pinches off or the transient has become unstable; "
                          "no result of this run is valid.");
    }

    // The new surface R(z) after a step dt from the flow s at its start: the step is halved
    // while it would change the radius by more than 10 %; with Crank-Nicolson the flow is
    // solved again on the predicted shape and the step redone with it (second order in time).
    // Returns the largest relative radius change.
    double surface_step(const std::vector<SurfacePoint> &s, double &dt, std::vector<double> &z,
                        std::vector<double> &R)
    {
      double change = 0;
      for (unsigned int attempt = 0; !box_sweep(s, nullptr, dt, R_in, z, R, change); ++attempt)
        halve_time_step(dt, "the radius would change by more than 10 % in any longer step",
                        attempt);
      if (surface.crank_nicolson)
        {
          // corrector: the flow on the predicted shape, then the Crank-Nicolson sweep
          domain.move_free_surface(linear_interpolant(z, R));
          solve_flow();
          const std::vector<SurfacePoint> predicted = domain.free_surface(*fields);
          if (!box_sweep(s, &predicted, dt, R_in, z, R, change))
            throw SolverError("transient free surface: the Crank-Nicolson corrector at t = " +
                              to_string(time) + " s is not admissible; reduce 'Time step'");
        }
      return change;
    }

    // One BDF2 heat step to the current time; records the change and the peak temperature.
    void advance_heat(const double dt, DrawingStep &d)
    {
      const auto timer = timers().scope("FE heat");
      const HeatReport hr = heat->advance(dt, time);
      if (!hr.converged)
        throw SolverError("FE drawing, t = " + to_string(time) + " s: " + hr.message);
      d.temperature_change_K = hr.max_change_K;
      d.peak_temperature_K = heat->max_temperature();
    }

    // Step size: grow while the surface changes little (and, with heat transfer, the
    // temperature changes by less than 5 K per step); shrink when the temperature changed by
    // more than 20 K.
    void adapt_time_step(double &dt, const double change, const double dT) const
    {
      if (dT > 20.0)
        halve_time_step(dt, "the temperature changed by more than 20 K in the last step", 0);
      else if (change < 0.02 && dT < 5.0)
        dt *= 1.5;
      dt = std::min(surface.time_step_s, dt);
    }

    // The flow at the start of time step n and the surface step over at most dt (not beyond
    // t_end), into z and R.
    DrawingStep flow_and_surface_step(const unsigned int n, const double t_end, double &dt,
                                      std::vector<double> &z, std::vector<double> &R)
    {
      const auto timer = timers().scope("FE flow");
      const NonlinearReport rep = solve_flow();
      const std::vector<SurfacePoint> s = domain.free_surface(*fields);
      DrawingStep d = record(rep, s);
      d.index = n;
      z.resize(s.size());
      R.resize(s.size());
      dt = std::min(dt, t_end - time);
      d.shape_change = surface_step(s, dt, z, R);
      return d;
    }

    // Output and log of step n, then the move to the new surface R(z) at the step's end.
    void finish_surface_step(const unsigned int n, const DrawingStep &d, const double dt,
                             const std::vector<double> &z, const std::vector<double> &R,
                             const std::string &output_dir)
    {
      const auto timer = timers().scope("FE flow");
      if (!output_dir.empty() && surface.output_every > 0 && n % surface.output_every == 0)
        output(output_dir, "transient", transient.size(), time, transient);
      if (stokes.verbosity >= 1)
        Log::out() << "  t = " << std::setw(10) << std::setprecision(5) << time << " s (dt " << dt
                   << " s): force " << std::setprecision(6) << d.draw_force_N
                   << " N, outlet radius " << d.outlet_radius_m * 1e6 << " um, dR/R "
                   << std::scientific << std::setprecision(2) << d.shape_change << std::defaultfloat
                   << "\n";
      R_out = R.back();
      // after a Crank-Nicolson corrector the mesh already moved once in this step (to the
      // predicted shape): the final move replaces that one, so that the mesh velocity of the
      // heat step is the step's whole motion
      domain.move_free_surface(linear_interpolant(z, R), !surface.crank_nicolson);
      time += dt;
    }

    // One time step n from the current time, at most dt and not beyond t_end: flow, surface
    // step, observer, output, mesh motion, heat step, next step size.
    // --- the coupled step (FE heat): flow, shape and heat iterated to convergence ---------------
    // Largest |a_k - b_k| / b_k.
    static double relative_change(const std::vector<double> &a, const std::vector<double> &b,
                                  std::size_t *where = nullptr)
    {
      double m = 0;
      for (std::size_t k = 0; k < a.size(); ++k)
        if (std::abs(a[k] - b[k]) / b[k] > m)
          {
            m = std::abs(a[k] - b[k]) / b[k];
            if (where != nullptr)
              *where = k;
          }
      return m;
    }

    // Largest |a_k - b_k| over all ranks (owned values in the same layout).
    double max_difference(const std::vector<double> &a, const std::vector<double> &b) const
    {
      double m = 0;
      for (std::size_t k = 0; k < a.size(); ++k)
        m = std::max(m, std::abs(a[k] - b[k]));
      return dealii::Utilities::MPI::max(m, comm);
    }

    // The shape at t expected from the accepted shapes before it: quadratic (linear with two)
    // extrapolation in time; empty without two accepted steps. Its difference from the
    // converged step is the local error estimate (of the order of the BDF2 step's).
    std::vector<double> extrapolated_shape(const double t, unsigned int &order) const
    {
      const auto &h = accepted;
      order = h.size() >= 3 ? 3 : h.size() == 2 ? 2 : 0;
      if (order == 0)
        return {};
      std::vector<double> R(h.back().second.size(), 0.0);
      // Lagrange polynomial through the last three (two) accepted (time, shape) pairs
      const std::size_t first = h.size() - (order == 3 ? 3 : 2);
      for (std::size_t i = first; i < h.size(); ++i)
        {
          double w = 1;
          for (std::size_t j = first; j < h.size(); ++j)
            if (j != i)
              w *= (t - h[j].first) / (h[i].first - h[j].first);
          for (std::size_t k = 0; k < R.size(); ++k)
            R[k] += w * h[i].second[k];
        }
      return R;
    }

    // The predictor of a step from the start-of-step samples s (flow at t): the shape
    // extrapolated in time from the accepted steps (extrapolated_shape) where there are two,
    // else the backward-Euler shape with the flow at t; the mesh moved there, the time advanced
    // (the flow's guess scaled to the new take-up speed) and the heat stepped. The extrapolated
    // shape is O(dt^2..3) accurate where the backward-Euler one is O(dt^2) per step (60 um
    // start-up from t = 18.8 s: 8-11 coupled iterations per step with it, 14-19 without).
    bool coupled_predictor(const std::vector<SurfacePoint> &s, const double dt,
                           std::vector<double> &z, std::vector<double> &R, double &change,
                           std::string &why)
    {
      unsigned int order = 0;
      const std::vector<double> R_p = extrapolated_shape(time + dt, order);
      const bool admissible = box_sweep(s, nullptr, dt, R_in, z, R, change);
      if (!R_p.empty())
        {
          R = R_p;
          R[0] = R_in;
          change = 0;
          for (std::size_t k = 0; k < R.size(); ++k)
            {
              if (!(R[k] > 0) || !std::isfinite(R[k]))
                {
                  why = "the extrapolated shape is not admissible";
                  return false;
                }
              change = std::max(change, std::abs(R[k] - s[k].r) / s[k].r);
            }
        }
      if ((R_p.empty() && !admissible) || change > 0.1)
        {
          why = "the radius would change by more than 10 % in any longer step";
          return false;
        }
      R_out = R.back();
      domain.move_free_surface(linear_interpolant(z, R), true);
      time += dt;
      scale_flow_to_take_up_speed();
      const auto timer = timers().scope("FE heat");
      if (!heat->advance(dt, time).converged)
        {
          why = "the heat step did not converge";
          return false;
        }
      return true;
    }

    // The shape update of a coupled transient step: the kinematic condition in its conservative
    // form, the volume balance dA/dt + dq/dz = 0 of the sections (A the section area, q the FE
    // flux through it at the end of the step), BDF2 in time, integrated from the inlet by the
    // trapezoidal rule:
    //   Q_k = Q_in - sum_{j<=k} dz_j (D_{j-1} + D_j) / 2,  D_j = (a0 A_j + a1 A_j^n + a2 A_j^{n-1})
    //   / dt,
    // with a0..a2 the variable-step BDF2 coefficients (backward Euler without the shape R^{n-1}
    // of the step before). The update scales each section of the current iterate R to carry Q_k:
    // A_new = A Q_k / q_k (R_new = R (Q_k / q_k)^p, as the steady mass-flux update), with the new
    // area in D_k itself, which gives A_new = A C_k / (q_k + b_k A) (C_k the known part of Q_k,
    // b_k = dz_k a0 / (2 dt)). Its fixed point is the discrete volume balance, exactly
    // mass-conservative; for dt -> infinity it is the steady mass-flux update, which unlike the
    // kinematic one is well conditioned at large draw ratios, and for small dt the new shape no
    // longer depends on the iterate. BDF2 damps the modes a step does not resolve (kinematic
    // waves cross the thin wire in hundredths of a second), where the trapezoidal rule lets them
    // ring. s holds R^n (the samples at the start of the step), q_of_z the end-of-step fluxes.
    // Returns false if a section would carry no positive flux.
    bool volume_balance_step(const std::vector<SurfacePoint> &s,
                             const std::function<double(double)> &q_of_z,
                             const std::vector<double> *R_old, const double dt, const double dt_old,
                             const std::vector<double> &R, std::vector<double> &R_new) const
    {
      const std::array<double, 3> a = bdf2_coefficients(R_old != nullptr, dt, dt_old);
      const double a0 = a[0], a1 = a[1], a2 = a[2];
      const Geometry &g = domain.geometry();
      const double p = g.axisymmetric() ? 0.5 : 1.0;
      auto history = [&](std::size_t k) {
        return (a1 * g.section_area(s[k].r) +
                (R_old != nullptr ? a2 * g.section_area((*R_old)[k]) : 0.0)) /
               dt;
      };
      R_new.resize(R.size());
      R_new[0] = R_in;
      double Q = inlet_flux();
      double D_prev = a0 * g.section_area(R_in) / dt + history(0);
      for (std::size_t k = 1; k < R.size(); ++k)
        {
          const double dz = s[k].z - s[k - 1].z;
          const double C = Q - 0.5 * dz * (D_prev + history(k));
          const double b = 0.5 * dz * a0 / dt;
          const double A = g.section_area(R[k]), q = q_of_z(s[k].z);
          if (!(C > 0) || !(q > 0) || !std::isfinite(C) || !std::isfinite(q))
            return false;
          const double A_new = A * C / (q + b * A);
          R_new[k] = R[k] * std::pow(A_new / A, p);
          D_prev = a0 * A_new / dt + history(k);
          Q = C - b * A_new;
        }
      return true;
    }

    // The shape at the end of a coupled step for the current flow (and iterate R): 'Coupled
    // shape update' kinematic (BDF2 box step) or volume balance. False with the reason in 'why'.
    bool coupled_shape_step(const std::vector<SurfacePoint> &s, const std::vector<double> *R_old,
                            const double dt, const double dt_old, const std::vector<double> &R,
                            std::vector<double> &R_new, std::string &why)
    {
      if (surface.coupled_shape_update == "volume balance")
        {
          const std::function<double(double)> q_of_z = section_flux();
          if (!q_of_z || !volume_balance_step(s, q_of_z, R_old, dt, dt_old, R, R_new))
            {
              why = "a section would carry no positive flux in the shape step";
              return false;
            }
          return true;
        }
      const std::vector<SurfacePoint> q = domain.free_surface(*fields);
      if (!bdf2_box_sweep(s, q, R_old, dt, dt_old, R_in, R_new))
        {
          why = "the BDF2 shape step is not admissible";
          return false;
        }
      return true;
    }

    // One attempt at the step t -> t + dt from the start-of-step samples s: the predictor, then
    // the fixed point x = (T, R) -> (the heat step and the shape step (coupled_shape_step) for the
    // flow on x), accelerated by Anderson mixing of the nodal temperatures with the shape (as the
    // steady iteration; 'Anderson depth', 'Anderson mixing'). Leaves the mesh and the
    // temperature at t + dt and returns true, with the converged shape in R; false if the step
    // failed (the caller undoes it; 'why' says what failed).
    bool coupled_attempt(const std::vector<SurfacePoint> &s, const double dt,
                         std::vector<double> &z, std::vector<double> &R, double &change,
                         unsigned int &iterations, std::string &why)
    {
      if (!coupled_predictor(s, dt, z, R, change, why))
        return false;
      // the shape of the accepted step before this one (BDF2; none on the first step)
      const std::vector<double> *R_old = nullptr;
      double dt_old = 0;
      if (accepted.size() >= 2)
        {
          const auto &before = accepted[accepted.size() - 2];
          R_old = &before.second;
          dt_old = accepted.back().first - before.first;
        }
      std::vector<double> R_start(s.size());
      for (std::size_t k = 0; k < s.size(); ++k)
        R_start[k] = s[k].r;
      AndersonMixer mixer(comm, surface.anderson_depth, surface.anderson_mixing);
      // each flow solve of the iteration reduces its starting residual 100-fold (forcing term):
      // with the plain residual threshold the flow stopped after one Picard step at 60 um and
      // the iteration stalled at shape changes of 1e-4 (the flow's error)
      struct Forcing
      {
        StokesFlow &flow;
        explicit Forcing(StokesFlow &f) : flow(f) { flow.set_residual_reduction(1e-2); }
        ~Forcing() { flow.set_residual_reduction(0); }
      } forcing(*flow);
      for (iterations = 1; iterations <= surface.max_coupled_iterations; ++iterations)
        {
          {
            const auto timer = timers().scope("FE flow");
            const NonlinearReport rep = flow->solve();
            if (!rep.converged)
              {
                why = "the flow did not converge in a coupled iteration (" + rep.message + ")";
                return false;
              }
          }
          std::vector<double> R_new(R.size());
          if (!coupled_shape_step(s, R_old, dt, dt_old, R, R_new, why))
            return false;
          std::size_t at = 0;
          change = relative_change(R_new, R_start, &at);
          if (change > 0.1)
            {
              why = "the radius would change by more than 10 % in the step, at z = " +
                    to_string(1e3 * z[at]) + " mm";
              return false;
            }
          const std::vector<double> T = heat->owned_values();
          HeatReport hr;
          {
            const auto timer = timers().scope("FE heat");
            hr = heat->repeat_step();
          }
          if (!hr.converged)
            {
              why = "the heat step did not converge in a coupled iteration";
              return false;
            }
          std::vector<double> x = T, g = heat->owned_values();
          const double dT = max_difference(g, x);
          if (stokes.verbosity >= 2)
            Log::out() << "    coupled iteration " << iterations << " (dt " << dt
                       << " s): shape change " << relative_change(R_new, R)
                       << ", temperature change " << dT << " K\n";
          if (relative_change(R_new, R) < surface.coupled_shape_tolerance &&
              dT < surface.temperature_tolerance_K)
            {
              R = R_new;
              R_out = R.back();
              domain.move_free_surface(linear_interpolant(z, R), false);
              return true;
            }
          x.insert(x.end(), R.begin(), R.end());
          g.insert(g.end(), R_new.begin(), R_new.end());
          const std::vector<double> next = mixer.next(x, g, R.size());
          heat->set_owned_values({next.begin(), next.end() - R.size()});
          R.assign(next.end() - R.size(), next.end());
          R[0] = R_in;
          for (const double r : R)
            if (!(r > 0) || !std::isfinite(r))
              {
                why = "the mixed shape is not admissible";
                return false;
              }
          R_out = R.back();
          domain.move_free_surface(linear_interpolant(z, R), false);
        }
      why = "flow, shape and heat did not converge in " +
            std::to_string(surface.max_coupled_iterations) + " coupled iterations";
      return false;
    }

    // The coupled time step n (FE heat): the flow at the start of the step, then attempts of
    // coupled_attempt(), the step halved after a failed one and cut after one whose error
    // estimate exceeds 4 x 'Time step tolerance'; the next step size from the error estimate.
    // Error estimate: max |R - R_p| / R against the shape R_p extrapolated from the accepted
    // steps (quadratic: O(dt^3) like the BDF2 step's local error; linear: O(dt^2)); on
    // the first step, against the backward-Euler predictor (O(dt^2); it only sets the next
    // step).
    DrawingStep coupled_step(const unsigned int n, const double t_end, double &dt,
                             const std::string &output_dir)
    {
      dealii::Timer timer;
      const double t0 = time, R_out0 = R_out;
      DrawingStep d;
      std::vector<SurfacePoint> s;
      {
        const auto flow_timer = timers().scope("FE flow");
        const NonlinearReport rep = solve_flow();
        s = domain.free_surface(*fields);
        d = record(rep, s);
        d.index = n;
        if (!output_dir.empty() && surface.output_every > 0 && n % surface.output_every == 0)
          output(output_dir, "transient", transient.size(), time, transient);
      }
      if (accepted.empty())
        {
          std::vector<double> R0(s.size());
          for (std::size_t k = 0; k < s.size(); ++k)
            R0[k] = s[k].r;
          accepted.emplace_back(t0, R0);
        }
      const std::vector<double> T0 = heat->owned_values();
      std::vector<double> z(s.size()), R(s.size()), R_be(s.size());
      dt = std::min(dt, t_end - time);
      const double tolerance = surface.time_step_tolerance;
      double change = 0, error = 0;
      std::size_t error_at = 0;
      unsigned int iterations = 0, order = 0;
      for (unsigned int attempt = 0;; ++attempt)
        {
          std::string why;
          double change_be = 0;
          box_sweep(s, nullptr, dt, R_in, z, R_be, change_be);
          const bool ok = coupled_attempt(s, dt, z, R, change, iterations, why);
          bool history = false;
          if (ok)
            {
              const std::vector<double> R_p = extrapolated_shape(t0 + dt, order);
              history = !R_p.empty();
              error = relative_change(R, history ? R_p : R_be, &error_at);
              if (!history)
                order = 2;
            }
          // without accepted steps to extrapolate from, the backward-Euler predictor's
          // difference overestimates the error (it is the stiff coupling, not the step's
          // accuracy): it sets the next step but does not reject this one
          if (ok && !(tolerance > 0 && history && error > 4 * tolerance))
            break;
          if (time != t0)  // the mesh moved and the heat stepped: undo both
            {
              domain.undo_step();
              heat->reject_step();
            }
          time = t0;
          R_out = R_out0;
          if (stokes.verbosity >= 1)
            Log::out() << "  t = " << std::setw(10) << std::setprecision(5) << t0 << " s: step "
                       << dt << " s rejected ("
                       << (ok ? "error estimate " + to_string(error) + " at z = " +
                                  to_string(1e3 * z[error_at]) + " mm"
                              : why)
                       << ")\n";
          if (ok)  // too large an error: the step the estimate asks for (halve_time_step
                   // checks the limit)
            {
              dt *= 2 * std::max(0.25, 0.9 * std::pow(tolerance / error, 1.0 / order));
              halve_time_step(dt, "the error estimate asks for a smaller step", attempt);
            }
          else
            halve_time_step(dt, why.c_str(), attempt);
        }
      accepted.emplace_back(time, R);
      if (accepted.size() > 3)
        accepted.pop_front();
      if (step_observer)
        step_observer(t0, dt);
      d.shape_change = change;
      std::size_t change_at = 0;
      {
        std::vector<double> R0(s.size());
        for (std::size_t k = 0; k < s.size(); ++k)
          R0[k] = s[k].r;
        relative_change(R, R0, &change_at);
      }
      d.temperature_change_K = max_difference(heat->owned_values(), T0);
      d.peak_temperature_K = heat->max_temperature();
      d.wall_time_s = timer.wall_time();
      if (stokes.verbosity >= 1)
        Log::out() << "  t = " << std::setw(10) << std::setprecision(5) << t0 << " s (dt " << dt
                   << " s, " << iterations << " coupled iterations): force " << std::setprecision(6)
                   << d.draw_force_N << " N, outlet radius " << d.outlet_radius_m * 1e6
                   << " um, dR/R " << std::scientific << std::setprecision(2) << d.shape_change
                   << std::defaultfloat << " at z = " << std::setprecision(4)
                   << 1e3 * z[change_at] << " mm, error estimate " << std::scientific
                   << std::setprecision(2) << error << std::defaultfloat
                   << " at z = " << std::setprecision(4) << 1e3 * z[error_at] << " mm, max |dT| "
                   << std::setprecision(3) << d.temperature_change_K << " K\n";
      // the next step from the error estimate (error ~ dt^order)
      if (tolerance > 0)
        dt *=
          std::clamp(0.9 * std::pow(tolerance / std::max(error, 1e-300), 1.0 / order), 0.25, 2.0);
      else
        adapt_time_step(dt, d.shape_change, d.temperature_change_K);
      dt = std::min(surface.time_step_s, dt);
      return d;
    }

    DrawingStep transient_step(const unsigned int n, const double t_end, double &dt,
                               const std::string &output_dir)
    {
      if (heat && surface.max_coupled_iterations > 1)
        return coupled_step(n, t_end, dt, output_dir);
      dealii::Timer timer;
      std::vector<double> z, R;
      DrawingStep d = flow_and_surface_step(n, t_end, dt, z, R);
      if (step_observer)
        step_observer(time, dt);
      d.wall_time_s = timer.wall_time();
      finish_surface_step(n, d, dt, z, R, output_dir);
      if (heat)
        advance_heat(dt, d);
      adapt_time_step(dt, d.shape_change, heat ? d.temperature_change_K : 0.0);
      return d;
    }
  };

  FEDrawing::FEDrawing(MPI_Comm comm, const RheologyModel &rheology, const StokesSettings &stokes,
                       const FreeSurfaceSettings &surface, const DrawingConditions &conditions)
    : impl_(std::make_unique<Impl>(comm, rheology, stokes, surface, conditions))
  {}

  FEDrawing::~FEDrawing() = default;

  const Domain &FEDrawing::domain() const
  {
    return impl_->domain;
  }
  const StokesFlow &FEDrawing::stokes() const
  {
    return *impl_->flow;
  }
  const HeatTransfer *FEDrawing::heat() const
  {
    return impl_->heat.get();
  }
  const FieldEvaluator &FEDrawing::fields() const
  {
    return *impl_->fields;
  }
  double FEDrawing::inlet_radius() const
  {
    return impl_->R_in;
  }

  void FEDrawing::initialize(const std::vector<double> &z, const std::vector<double> &R)
  {
    Impl &m = *impl_;
    const auto timer = timers().scope("FE flow");
    m.create_mesh(z, R);
    m.R_in = R.front();
    m.R_out = R.back();
    m.create_solvers();
  }

  bool FEDrawing::has_checkpoint(const std::string &directory)
  {
    namespace fs = std::filesystem;
    return !directory.empty() &&
           (fs::exists(directory + "/state.bin") || fs::exists(directory + ".old/state.bin"));
  }

  FEDrawing::Resumed FEDrawing::resume(const std::vector<double> &z, const std::vector<double> &R,
                                       const std::string &directory)
  {
    namespace fs = std::filesystem;
    Impl &m = *impl_;
    const auto timer = timers().scope("FE flow");
    // a kill between replacing the old checkpoint and removing it leaves it as directory.old
    const std::string dir = fs::exists(directory + "/state.bin") ? directory : directory + ".old";
    auto fail = [&](const std::string &why) {
      throw InputError("cannot resume from the checkpoint in " + dir + ": " + why +
                       ". Remove the folder (or run without --resume) to start afresh.");
    };
    std::ifstream in(dir + "/state.bin", std::ios::binary);
    if (!in)
      fail("state.bin cannot be read");
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Resumed r;
    std::vector<double> stokes_scalars, heat_scalars;
    try
      {
        CheckpointReader rd(data);
        if (rd.get_string() != Impl::checkpoint_magic)
          fail("it is not a hotdraw transient checkpoint of this version");
        r.n_ranks_saved = static_cast<unsigned int>(rd.get_count());
        const std::vector<double> zc = rd.get_vector(), Rc = rd.get_vector();
        auto same = [](const std::vector<double> &a, const std::vector<double> &b) {
          if (a.size() != b.size())
            return false;
          for (std::size_t k = 0; k < a.size(); ++k)
            if (std::abs(a[k] - b[k]) > 1e-12 * std::max(std::abs(a[k]), std::abs(b[k])))
              return false;
          return true;
        };
        if (!same(zc, z) || !same(Rc, R))
          fail("it was written for another initial shape (" + std::to_string(zc.size()) +
               " surface samples from z = " + to_string(zc.empty() ? 0.0 : zc.front()) +
               " m; this run has " + std::to_string(z.size()) +
               "): the process, the material or the mesh parameters changed");
        const std::vector<double> mesh = rd.get_vector();
        const std::string mesh_file = rd.get_string();
        if (mesh != m.mesh_parameters() || mesh_file != m.surface.mesh_file)
          {
            std::ostringstream msg;
            msg << "it was written for another mesh ('Axial cells', 'Radial cells', 'Radial "
                   "grading', 'Global refinements' =";
            for (const double x : mesh)
              msg << " " << x;
            msg << (mesh_file.empty() ? "" : ", 'Mesh file' = " + mesh_file) << "; this run:";
            for (const double x : m.mesh_parameters())
              msg << " " << x;
            msg << (m.surface.mesh_file.empty() ? "" : ", " + m.surface.mesh_file) << ")";
            fail(msg.str());
          }
        const bool with_heat = rd.get_count() != 0;
        if (with_heat != bool(m.conditions.heat))
          fail(std::string("it was written by a run ") + (with_heat ? "with" : "without") +
               " FE heat transfer and this one is " + (with_heat ? "without" : "with"));
        m.time = rd.get_double();
        m.resumed_dt = rd.get_double();
        m.R_out = rd.get_double();
        stokes_scalars = rd.get_vector();
        heat_scalars = rd.get_vector();
        m.accepted.clear();
        for (std::uint64_t k = rd.get_count(); k > 0; --k)
          {
            const double t = rd.get_double();
            m.accepted.emplace_back(t, rd.get_vector());
          }
        m.iterations = Impl::get_series(rd);
        m.transient = Impl::get_series(rd);
        m.steady_steps = Impl::get_steps(rd);
        m.resumed_steps = Impl::get_steps(rd);
        r.extra = rd.get_string();
        if (!rd.at_end())
          fail("state.bin is longer than its contents");
      }
    catch (const std::runtime_error &e)
      {
        if (dynamic_cast<const InputError *>(&e) != nullptr)
          throw;
        fail(std::string("state.bin is damaged (") + e.what() + ")");
      }
    m.create_mesh(z, R, dir + "/mesh");
    m.R_in = R.front();
    m.create_solvers(&stokes_scalars, m.conditions.heat ? &heat_scalars : nullptr);
    m.resumed = true;
    r.steady_steps = m.steady_steps;
    r.time_s = m.time;
    r.n_steps = m.resumed_steps.size();
    return r;
  }

  void FEDrawing::set_checkpoints(const std::string &directory,
                                  const std::function<std::string()> &save_extra)
  {
    impl_->checkpoint_dir = directory;
    impl_->checkpoint_extra = save_extra;
  }

  std::vector<SurfacePoint> FEDrawing::surface() const
  {
    return impl_->domain.free_surface(*impl_->fields);
  }

  std::vector<DrawingStep> FEDrawing::solve_steady(const std::string &output_dir)
  {
    Impl &m = *impl_;
    Impl::Steady s = m.start_steady();
    for (unsigned int it = 0; it < m.surface.max_shape_iterations; ++it)
      if (m.steady_iteration(s, it, output_dir))
        {
          m.steady_steps = s.steps;
          return s.steps;
        }
    std::ostringstream msg;
    msg << "the steady free-surface iteration did not converge in "
        << m.surface.max_shape_iterations << " iterations (last shape change "
        << s.steps.back().shape_change << ", normal velocity " << s.steps.back().normal_velocity
        << ")";
    throw SolverError(msg.str());
  }

  std::vector<DrawingStep> FEDrawing::run_transient(double t0, const std::string &output_dir)
  {
    Impl &m = *impl_;
    std::vector<DrawingStep> steps;
    const double t_end = t0 + m.surface.end_time_s;
    double dt = m.surface.time_step_s;
    if (m.resumed)  // continue from the checkpoint's time, step and step size
      {
        steps = std::move(m.resumed_steps);
        dt = m.resumed_dt;
        m.resumed = false;
      }
    else
      m.time = t0;
    dealii::Timer since_checkpoint;
    unsigned int n = steps.size();
    for (; m.time < t_end - 1e-12 * std::max(1.0, std::abs(t_end)); ++n)
      {
        steps.push_back(m.transient_step(n, t_end, dt, output_dir));
        m.checkpoint_if_due(dt, steps, since_checkpoint);
      }
    // the records of the steps are taken at their start: the state at the end time closes the
    // series (the flow on the final shape, with the final temperature)
    {
      const auto timer = timers().scope("FE flow");
      dealii::Timer wall;
      DrawingStep d = m.record(m.solve_flow(), m.domain.free_surface(*m.fields));
      d.index = n;
      if (m.heat)
        d.peak_temperature_K = m.heat->max_temperature();
      d.wall_time_s = wall.wall_time();
      if (!output_dir.empty() && m.surface.output_every > 0)
        m.output(output_dir, "transient", m.transient.size(), m.time, m.transient);
      steps.push_back(d);
    }
    return steps;
  }

  void FEDrawing::write_steady(const std::string &dir,
                               const std::vector<const OutputFields *> &more) const
  {
    if (!dir.empty())
      write_vtu(impl_->domain, *impl_->flow, *impl_->fields, more, dir + "/steady.vtu");
  }

  void FEDrawing::set_step_observer(const std::function<void(double, double)> &observer)
  {
    impl_->step_observer = observer;
  }

  void FEDrawing::write_series(const std::string &dir) const
  {
    if (dealii::Utilities::MPI::this_mpi_process(impl_->comm) != 0)
      return;
    for (const auto &[name, records] :
         {std::pair{"iterations", &impl_->iterations}, std::pair{"transient", &impl_->transient}})
      if (!records->empty())
        {
          AtomicFile f(dir + "/" + name + ".pvd");
          dealii::DataOutBase::write_pvd_record(f.stream(), *records);
          f.commit();
        }
  }

  void FEDrawing::write_surface_csv(const std::string &filename) const
  {
    const auto s = surface();
    if (dealii::Utilities::MPI::this_mpi_process(impl_->comm) != 0)
      return;
    AtomicFile file(filename);
    std::ofstream &f = file.stream();
    f << "z_m,radius_m,velocity_r_m_per_s,velocity_z_m_per_s,normal_velocity_m_per_s\n"
      << std::setprecision(10);
    for (std::size_t k = 0; k < s.size(); ++k)
      {
        const std::size_t a = k == 0 ? 0 : k - 1, b = k + 1 == s.size() ? k : k + 1;
        const double slope = (s[b].r - s[a].r) / (s[b].z - s[a].z);
        const double un = (s[k].u_r - s[k].u_z * slope) / std::sqrt(1 + slope * slope);
        f << s[k].z << "," << s[k].r << "," << s[k].u_r << "," << s[k].u_z << "," << un << "\n";
      }
    file.commit();
  }

  void FEDrawing::write_statistics(const std::vector<DrawingStep> &steps,
                                   const std::string &filename, unsigned int n_dofs, MPI_Comm comm)
  {
    if (dealii::Utilities::MPI::this_mpi_process(comm) != 0)
      return;
    AtomicFile file(filename);
    std::ofstream &f = file.stream();
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
    file.commit();
  }
}  // namespace hotdraw

#include "solver/fe_wire.h"

#include "materials/convection.h"
#include "materials/expression.h"
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/thermal.h"
#include "postprocess/log.h"
#include "postprocess/table.h"
#include "postprocess/timing.h"
#include "postprocess/vtk_paths.h"
#include "solver/case_setup.h"
#include "solver/fe/checkpoint.h"
#include "solver/fe/domain.h"
#include "solver/fe/fe_drawing.h"
#include "solver/fe/material_paths.h"
#include "solver/fe/transport.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>

#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <memory>
#include <optional>

namespace hotdraw
{
  double cooling_rate_at(const std::vector<SurfacePoint> &line, double Tg)
  {
    // the FE value -u.grad T at the samples, interpolated to the crossing
    std::vector<double> T;
    for (const auto &p : line)
      T.push_back(p.T);
    std::size_t k = 0;
    double f = 0;
    if (!last_cooling_crossing(T, Tg, k, f))
      return std::numeric_limits<double>::quiet_NaN();
    return (1 - f) * line[k - 1].cooling_rate + f * line[k].cooling_rate;
  }

  namespace
  {
    std::string state_field_name(const StructuralStateModel &model)
    {
      return model.name() == "free volume" ? "free_volume_x" : "fictive_temperature_K";
    }

    // --- the problem -------------------------------------------------------------------------
    // The initial shape: the thin-filament one, corrected by the guess.
    std::vector<double> initial_shape(const FilamentProfile &p, const FEWireGuess *guess)
    {
      std::vector<double> R0 = p.radius_m;
      if (guess == nullptr)
        return R0;
      const auto ratio = linear_interpolant(guess->z_m, guess->radius_ratio);
      for (std::size_t k = 1; k < R0.size(); ++k)
        R0[k] *= ratio(p.z_m[k]);
      Log::out() << std::setprecision(4) << "      initial guess: the thin-filament solution "
                 << "corrected by the FE solution of the " << guess->diameter_m * 1e6
                 << " um wire (radius"
                 << (guess->temperature_shift_K.empty() ? "" : " and temperature") << ")\n";
      return R0;
    }

    // FE heat transfer, coupled: the material's properties, the process's convection,
    // radiation and inlet condition.
    std::shared_ptr<HeatSpec> build_heat_spec(const CaseSetup &setup)
    {
      auto h = std::make_shared<HeatSpec>();
      const ThermalProperties &th = *setup.thermal;
      const double rho = setup.material.density_kg_per_m3;
      h->density = [rho](double) { return rho; };
      h->heat_capacity = [&th](double T) { return th.cp(T); };
      h->enthalpy = [&th](double T) { return th.enthalpy(T); };
      h->dcp_dT = [&th](double T) { return th.dcp_dT(T); };
      h->conductivity = [&th](double T) { return th.k(T); };
      h->dk_dT = [&th](double T) { return th.dk_dT(T); };
      const ConvectionModel &conv = setup.convection;
      h->heat_transfer = [&conv](double z, double R, double v, double T, double Tg, double t) {
        return conv.h(z, R, v, T, Tg, t);
      };
      const ProcessSettings &pr = setup.process;
      h->wall_temperature = [&pr](double z, double t) { return pr.wall_temperature(z, t); };
      h->gas_temperature = [&pr](double z, double t) { return pr.gas_temperature(z, t); };
      h->emissivity = setup.material.emissivity;
      h->radiation = setup.thin_filament.radiation;
      h->viscous_heating = setup.thin_filament.viscous_heating;
      h->fixed_inlet = pr.inlet_condition == InletCondition::fixed;
      h->inlet_temperature_K = pr.inlet_temperature_K;
      h->inlet_lambda_per_m = h->fixed_inlet ? 0.0
                                             : long_rod_inlet_lambda(setup.material, th, conv, pr,
                                                                     setup.thin_filament.radiation);
      return h;
    }

    // The drawing conditions of the wire with the thin-filament solution p: speeds (steady runs:
    // v_d; transient runs: v_d factor(t), the steady start at factor(0), a start-up from a slow
    // draw or a speed step from the full draw), surface tension, gravity, and the temperature:
    // the thin-filament T(z), uniform across the section, given or (FE heat) the initial field,
    // then shifted by the guess at xi = r / R0(z).
    DrawingConditions build_conditions(const CaseSetup &setup, const FilamentProfile &p,
                                       const FilamentProfile &start, const std::vector<double> &R0,
                                       const FEWireGuess *guess)
    {
      DrawingConditions dc;
      dc.feed_speed_m_per_s = p.feed_speed_m_per_s;
      dc.rigid_inlet = true;
      const double vd = p.take_up_speed_m_per_s;
      auto factor = std::make_shared<Expression>(setup.free_surface.take_up_factor, "t");
      const bool transient = setup.free_surface.transient;
      dc.take_up_speed = [vd, factor, transient](double t) {
        return transient ? vd * (*factor)(t) : vd;
      };
      dc.surface_tension_N_per_m =
        setup.process.surface_tension ? setup.material.surface_tension_N_per_m : 0.0;
      dc.density_kg_per_m3 = setup.material.density_kg_per_m3;
      dc.gravity_m_per_s2 = setup.process.gravity_m_per_s2;
      const auto T_thin = linear_interpolant(start.z_m, start.temperature_K);
      dc.temperature = [T_thin](const dealii::Point<2> &x) { return T_thin(x[1]); };
      if (!setup.stokes.solve_heat)
        return dc;
      dc.heat = build_heat_spec(setup);
      if (guess != nullptr && !guess->temperature_shift_K.empty())
        {
          const auto R0_of_z = linear_interpolant(start.z_m, R0);
          const FEWireGuess g = *guess;
          dc.temperature = [T_thin, R0_of_z, g](const dealii::Point<2> &x) {
            const double xi = std::clamp(x[0] / R0_of_z(x[1]), 0.0, 1.0);
            return T_thin(x[1]) + g.temperature_shift(x[1], xi);
          };
        }
      return dc;
    }

    // A transient run whose take-up speed factor is not 1 at t = 0 (a start-up from a slower
    // draw) starts from the thin filament at that speed; otherwise (nothing) from p itself.
    std::optional<FilamentProfile> startup_profile(const CaseSetup &setup, const FilamentProfile &p)
    {
      if (!setup.free_surface.transient)
        return std::nullopt;
      const double f0 = Expression(setup.free_surface.take_up_factor, "t")(0.0);
      if (std::abs(f0 - 1) < 1e-12)
        return std::nullopt;
      Log::out() << "  start-up: the steady draw at " << f0 << " x the take-up speed ("
                 << p.take_up_speed_m_per_s * f0 * 1e3 << " mm/s) from its thin-filament "
                 << "solution, then the transient\n";
      ThinFilamentModel model(setup.material, *setup.rheology, *setup.thermal, setup.convection,
                              setup.process, setup.thin_filament);
      return model.solve_take_up_speed(p.take_up_speed_m_per_s * f0, &p);
    }

    // --- paths and fields of the steady state -------------------------------------------------
    // The structural state along every path, round-robin over the ranks, into r.paths; the
    // state histories (T_f, x per point) of every path on rank 0.
    std::vector<std::vector<double>> evaluate_paths(const CaseSetup &setup,
                                                    const FilamentProfile &p,
                                                    const std::vector<MaterialPath> &paths,
                                                    MPI_Comm comm, FEWireResult &r)
    {
      const auto timer = timers().scope("state");
      const unsigned int rank = dealii::Utilities::MPI::this_mpi_process(comm);
      const unsigned int n_ranks = dealii::Utilities::MPI::n_mpi_processes(comm);
      std::vector<std::pair<unsigned int, PathResult>> mine;
      std::vector<std::pair<unsigned int, std::vector<double>>> mine_state;
      for (unsigned int i = rank; i < paths.size(); i += n_ranks)
        {
          std::vector<StructuralState> traj;
          mine.emplace_back(i, evaluate_path(setup, p, paths[i], &traj));
          std::vector<double> flat;
          for (const auto &s : traj)
            flat.insert(flat.end(), {s.fictive_temperature_K, s.free_volume_x});
          mine_state.emplace_back(i, flat);
        }
      const auto all = dealii::Utilities::MPI::all_gather(comm, mine);
      r.paths.assign(paths.size(), PathResult());
      for (const auto &from : all)
        for (const auto &[i, pr] : from)
          r.paths[i] = pr;
      const auto states = dealii::Utilities::MPI::gather(comm, mine_state, 0);
      std::vector<std::vector<double>> state_of(paths.size());
      for (const auto &from : states)
        for (const auto &[i, flat] : from)
          state_of[i] = flat;
      return state_of;
    }

    // The accumulated strain and the structural state as advected (Eulerian) fields on the
    // flow's mesh: strain u.grad gamma = gamma_dot, 0 at the inlet; state u.grad y = dy/dt of
    // the model, from the state the axis path has at the inlet (the feed rod after the long-rod
    // heating upstream of the domain).
    std::unique_ptr<ScalarTransport>
    solve_eulerian_fields(const CaseSetup &setup, const FEDrawing &drawing, const FEWireResult &r,
                          TransportReport &strain, TransportReport &state)
    {
      const auto timer = timers().scope("Eulerian");
      const StructuralStateModel &model = *setup.state_model;
      const double Tg = setup.material.glass_transition_K;
      auto transport = ScalarTransport::create(drawing.domain(), drawing.fields());
      strain = transport->solve(
        "shear_strain", 0.0,
        [](double, const FieldSample &l, double *dS) {
          *dS = 0;
          return l.shear_rate;
        },
        {}, 1.0);
      const double y_in = model.variable(r.paths.front().inlet_state);
      // Newton updates limited to 10 K of fictive temperature (in the model's variable)
      const double scale = std::abs(model.variable(model.equilibrium(Tg + 10.0)) -
                                    model.variable(model.equilibrium(Tg)));
      state = transport->solve(
        state_field_name(model), y_in,
        [&model](double y, const FieldSample &l, double *dS) {
          return model.rate(l.temperature, l.stress_eq, l.shear_rate / std::sqrt(3.0), y, dS);
        },
        [&model, y_in, Tg](const FieldSample &l) {
          return l.temperature > Tg ? model.variable(model.equilibrium(l.temperature)) : y_in;
        },
        scale);
      return transport;
    }

    // The Eulerian fields, cross-checked against the paths at the outlet (the last point of
    // every path). The transport solver is returned for the output.
    std::unique_ptr<ScalarTransport> eulerian_fields(const CaseSetup &setup,
                                                     const FEDrawing &drawing,
                                                     const std::vector<MaterialPath> &paths,
                                                     FEWireResult &r)
    {
      const SectionDelta time("Eulerian");
      TransportReport strain, state;
      auto transport = solve_eulerian_fields(setup, drawing, r, strain, state);
      if (!strain.converged || !state.converged)
        throw SolverError("Eulerian strain and state fields: " + strain.message + " " +
                          state.message);
      const StructuralStateModel &model = *setup.state_model;
      std::vector<dealii::Point<2>> ends;
      for (const auto &p : paths)
        ends.emplace_back(p.r_m.back(), p.z_m.back());
      const auto g = transport->sample("shear_strain", ends);
      const auto y = transport->sample(state_field_name(model), ends);
      r.eulerian_strain_difference = 0;
      r.eulerian_state_difference_K = 0;
      for (std::size_t i = 0; i < paths.size(); ++i)
        {
          r.eulerian_strain_difference =
            std::max(r.eulerian_strain_difference,
                     std::abs(g[i] - paths[i].shear_strain.back()) / paths[i].shear_strain.back());
          r.eulerian_state_difference_K =
            std::max(r.eulerian_state_difference_K,
                     std::abs(model.state_of(y[i]).fictive_temperature_K -
                              r.paths[i].outlet_state.fictive_temperature_K));
        }
      Log::out() << std::setprecision(3) << "      Eulerian fields: strain and "
                 << state_field_name(model) << " (" << strain.newton_iterations << " and "
                 << state.newton_iterations << " Newton steps, " << time.seconds()
                 << " s); at the outlet against the paths: strain within "
                 << r.eulerian_strain_difference << " (relative), T_f within "
                 << r.eulerian_state_difference_K << " K\n";
      return transport;
    }

    // paths.vtp: the material paths with their histories and the state along them.
    void write_paths(const std::vector<MaterialPath> &paths,
                     const std::vector<std::vector<double>> &state_of, const FEWireResult &r,
                     const std::string &filename)
    {
      std::vector<PathPolyline> lines;
      for (std::size_t i = 0; i < paths.size(); ++i)
        {
          const MaterialPath &m = paths[i];
          PathPolyline l;
          l.r_m = m.r_m;
          l.z_m = m.z_m;
          std::vector<double> Tf(m.size()), x(m.size());
          for (std::size_t k = 0; k < m.size(); ++k)
            {
              Tf[k] = state_of[i][2 * k];
              x[k] = state_of[i][2 * k + 1];
            }
          l.point_data = {{"time_s", m.time_s},
                          {"temperature_K", m.temperature_K},
                          {"shear_rate_per_s", m.shear_rate_per_s},
                          {"shear_strain", m.shear_strain},
                          {"stress_eq_Pa", m.stress_eq_Pa},
                          {"viscosity_Pa_s", m.viscosity_Pa_s},
                          {"cooling_rate_K_per_s", m.cooling_rate_K_per_s},
                          {"fictive_temperature_K", Tf},
                          {"free_volume_x", x}};
          l.cell_data = {{"seed_radius_m", m.seed_radius_m},
                         {"volume_flux_m3_per_s", m.volume_flux_m3_per_s},
                         {"outlet_radius_m", m.r_m.back()},
                         {"relaxation_enthalpy_J_per_g",
                          r.paths[i].relaxation_enthalpy_J_per_kg * 1e-3}};
          lines.push_back(std::move(l));
        }
      write_paths_vtp(filename, lines);
    }

    // Material paths of the steady solution, the state along each, the Eulerian fields, and
    // paths.vtp; the steady state is written once more with the Eulerian fields.
    void paths_and_fields(const CaseSetup &setup, const FilamentProfile &p, FEDrawing &drawing,
                          const std::string &output_dir, MPI_Comm comm, FEWireResult &r)
    {
      const SectionDelta path_time("paths"), state_time("state");
      PathSettings ps;
      ps.n_paths = setup.paths.n_paths;
      std::vector<MaterialPath> paths;
      {
        const auto timer = timers().scope("paths");
        paths = trace_steady_paths(drawing.domain(), drawing.fields(), ps);
        // (wire runs are axisymmetric)
        r.stress_equilibrium_correction =
          equilibrate_path_stresses(paths, r.draw_force_N,
                                    setup.process.surface_tension
                                      ? setup.material.surface_tension_N_per_m
                                      : 0.0,
                                    setup.material.glass_transition_K - 50);
      }
      const double feed_flux = M_PI * 0.25 * setup.process.feed_diameter_m *
                               setup.process.feed_diameter_m * setup.process.feed_speed_m_per_s;
      r.seeded_flux_error = std::abs(seeded_flux(paths) / feed_flux - 1.0);
      const auto state_of = evaluate_paths(setup, p, paths, comm, r);
      const std::unique_ptr<ScalarTransport> eulerian = eulerian_fields(setup, drawing, paths, r);
      Log::out() << std::setprecision(4) << "      material paths: " << paths.size()
                 << " seeds, flux error " << r.seeded_flux_error << ", shear strain axis "
                 << r.paths.front().shear_strain << " / surface " << r.paths.back().shear_strain
                 << ", T_f axis " << r.paths.front().state.fictive_temperature_K << " K / surface "
                 << r.paths.back().state.fictive_temperature_K
                 << " K, stresses balanced to F within " << 100 * r.stress_equilibrium_correction
                 << " % (" << path_time.seconds() << " s tracing, " << state_time.seconds()
                 << " s state)\n";
      if (!output_dir.empty() && dealii::Utilities::MPI::this_mpi_process(comm) == 0)
        write_paths(paths, state_of, r, output_dir + "/paths.vtp");
      drawing.write_steady(output_dir, {eulerian.get()});  // with the Eulerian fields
    }

    // The particles of a transient run: the state along the history of every particle that
    // reached the outlet, particles.csv (one row per particle) and particles.vtp (histories).
    void write_particles(const CaseSetup &setup, const FilamentProfile &p,
                         const TransientParticles &particles, const std::string &output_dir,
                         MPI_Comm comm)
    {
      if (output_dir.empty() || dealii::Utilities::MPI::this_mpi_process(comm) != 0)
        return;
      Table table(8);
      std::vector<PathPolyline> lines;
      unsigned int n_exited = 0;
      for (const auto &q : particles.particles())
        {
          if (!q.exited || q.time_s.size() < 3)
            continue;
          ++n_exited;
          MaterialPath m;
          m.seed_radius_m = q.r_m.front();
          m.z_m = q.z_m;
          m.r_m = q.r_m;
          for (double t : q.time_s)
            m.time_s.push_back(t - q.injection_time_s);
          m.temperature_K = q.temperature_K;
          m.shear_rate_per_s = q.shear_rate_per_s;
          m.shear_strain = q.shear_strain;
          m.stress_eq_Pa = q.stress_eq_Pa;
          m.cooling_rate_K_per_s = q.cooling_rate_K_per_s;
          std::vector<StructuralState> traj;
          const PathResult r = evaluate_path(setup, p, m, &traj);
          table.add("path", double(q.path));
          table.add("injection_time_s", q.injection_time_s);
          table.add("exit_time_s", q.time_s.back());
          table.add("seed_radius_m", r.seed_radius_m);
          table.add("outlet_radius_m", r.outlet_radius_m);
          table.add("shear_strain", r.shear_strain);
          table.add("cooling_rate_at_Tg_K_per_s", r.cooling_rate_at_Tg_K_per_s);
          table.add("residence_time_above_Tg_s", r.residence_time_above_Tg_s);
          table.add("fictive_temperature_K", r.state.fictive_temperature_K);
          table.add("relaxation_enthalpy_J_per_g", r.relaxation_enthalpy_J_per_kg * 1e-3);
          table.end_row();
          PathPolyline l;
          l.r_m = q.r_m;
          l.z_m = q.z_m;
          std::vector<double> Tf;
          for (const auto &s : traj)
            Tf.push_back(s.fictive_temperature_K);
          l.point_data = {{"time_s", q.time_s},
                          {"temperature_K", q.temperature_K},
                          {"shear_rate_per_s", q.shear_rate_per_s},
                          {"shear_strain", q.shear_strain},
                          {"stress_eq_Pa", q.stress_eq_Pa},
                          {"cooling_rate_K_per_s", q.cooling_rate_K_per_s},
                          {"fictive_temperature_K", Tf}};
          l.cell_data = {{"path", double(q.path)}, {"injection_time_s", q.injection_time_s}};
          lines.push_back(std::move(l));
        }
      Log::out() << "      transient particles: " << particles.particles().size() << " injected, "
                 << n_exited << " reached the outlet"
                 << (n_exited > 0 ? " (particles.csv, particles.vtp)" : "") << "\n";
      if (n_exited == 0)
        return;
      table.write_csv(output_dir + "/particles.csv");
      write_paths_vtp(output_dir + "/particles.vtp", lines);
    }
  }  // namespace

  double FEWireGuess::temperature_shift(const double z, const double x) const
  {
    if (temperature_shift_K.empty())
      return 0.0;
    // the interval [k-1, k] of v around 'at' (k = 0 for a single sample) and the weight of k
    auto bracket = [](const std::vector<double> &v,
                      const double at) -> std::pair<std::size_t, double> {
      if (v.size() == 1)
        return {0, 1.0};
      if (at <= v.front())
        return {1, 0.0};
      if (at >= v.back())
        return {v.size() - 1, 1.0};
      const std::size_t k = std::upper_bound(v.begin(), v.end(), at) - v.begin();
      return {k, (at - v[k - 1]) / (v[k] - v[k - 1])};
    };
    const auto [i, s] = bracket(z_m, z);
    const auto [j, t] = bracket(xi, x);
    auto at = [&](std::size_t ii, std::size_t jj) { return temperature_shift_K[ii][jj]; };
    const std::size_t i0 = i == 0 ? 0 : i - 1, j0 = j == 0 ? 0 : j - 1;
    return (1 - s) * ((1 - t) * at(i0, j0) + t * at(i0, j)) +
           s * ((1 - t) * at(i, j0) + t * at(i, j));
  }

  namespace
  {
    // The corrections of a converged steady FE solution to its thin-filament one (FEWireGuess).
    // Collective.
    FEWireGuess fe_corrections(const FEDrawing &drawing, const FilamentProfile &p,
                               const double diameter_m)
    {
      constexpr unsigned int n_xi = 9;
      FEWireGuess g;
      g.diameter_m = diameter_m;
      const auto R_thin = linear_interpolant(p.z_m, p.radius_m);
      const auto T_thin = linear_interpolant(p.z_m, p.temperature_K);
      std::vector<double> R_fe, T_surface;
      for (const auto &s : drawing.surface())
        if (g.z_m.empty() || s.z > g.z_m.back())
          {
            g.z_m.push_back(s.z);
            g.radius_ratio.push_back(s.r / R_thin(s.z));
            R_fe.push_back(s.r);
            T_surface.push_back(s.T);
          }
      if (!drawing.heat())
        return g;
      for (unsigned int j = 0; j < n_xi; ++j)
        g.xi.push_back(double(j) / (n_xi - 1));
      // T on the grid: the surface samples at xi = 1, the FE field inside
      std::vector<dealii::Point<2>> points;
      for (std::size_t i = 0; i < g.z_m.size(); ++i)
        for (unsigned int j = 0; j + 1 < n_xi; ++j)
          points.emplace_back(g.xi[j] * R_fe[i], g.z_m[i]);
      const std::vector<FieldSample> samples = drawing.domain().sample(points, drawing.fields());
      for (std::size_t i = 0; i < g.z_m.size(); ++i)
        {
          std::vector<double> row(n_xi, 0.0);
          for (unsigned int j = 0; j + 1 < n_xi; ++j)
            {
              const FieldSample &f = samples[i * (n_xi - 1) + j];
              // a point no cell claims keeps the thin-filament temperature (shift 0)
              row[j] = f.found ? f.temperature - T_thin(g.z_m[i]) : 0.0;
            }
          row[n_xi - 1] = T_surface[i] - T_thin(g.z_m[i]);
          g.temperature_shift_K.push_back(row);
        }
      return g;
    }

    // Where the checkpoints of a wire's transient run go.
    std::string checkpoint_directory(const std::string &output_dir)
    {
      return output_dir + "/checkpoint";
    }

    // The caller's part of a checkpoint: the corrections of the steady solution for the next
    // wire (if any) and the particles.
    std::string checkpoint_record(const FEWireGuess *g, const TransientParticles &particles)
    {
      CheckpointWriter w;
      w.put(std::uint64_t(g != nullptr));
      if (g != nullptr)
        {
          w.put(g->diameter_m);
          w.put(g->z_m);
          w.put(g->radius_ratio);
          w.put(g->xi);
          w.put(std::uint64_t(g->temperature_shift_K.size()));
          for (const auto &row : g->temperature_shift_K)
            w.put(row);
        }
      w.put(particles.save());
      return w.data();
    }

    void restore_record(const std::string &record, FEWireGuess *g, TransientParticles &particles)
    {
      CheckpointReader r(record);
      FEWireGuess saved;
      const bool has_guess = r.get_count() != 0;
      if (has_guess)
        {
          saved.diameter_m = r.get_double();
          saved.z_m = r.get_vector();
          saved.radius_ratio = r.get_vector();
          saved.xi = r.get_vector();
          saved.temperature_shift_K.resize(r.get_count());
          for (auto &row : saved.temperature_shift_K)
            row = r.get_vector();
        }
      if (g != nullptr && has_guess)
        *g = saved;
      particles.load(r.get_string());
    }

    // The transient run after the steady state (or from a checkpoint: 'restored' holds the
    // caller's record saved with it), with particles injected at the inlet; its records are
    // appended to 'steps'. 'converged' (if given) is saved with the checkpoints.
    void run_transient(const CaseSetup &setup, const FilamentProfile &p, FEDrawing &drawing,
                       const std::string &output_dir, MPI_Comm comm, const std::string &restored,
                       FEWireGuess *converged, std::vector<DrawingStep> &steps)
    {
      Log::out() << "  transient run over " << setup.free_surface.end_time_s
                 << " s from the steady state, take-up speed factor "
                 << setup.free_surface.take_up_factor << "\n";
      PathSettings ps;
      ps.n_paths = setup.paths.n_paths;
      TransientParticles particles(ps, setup.paths.particle_interval_s);
      if (!restored.empty())
        restore_record(restored, converged, particles);
      drawing.set_step_observer([&](double t, double dt) {
        const auto timer = timers().scope("paths");
        particles.advance(drawing.domain(), drawing.fields(), t, dt);
      });
      const bool checkpoints = setup.free_surface.checkpoint_every_steps > 0 ||
                               setup.free_surface.checkpoint_wall_time_s > 0;
      if (checkpoints && output_dir.empty())
        Log::out() << "  (no checkpoints: this run writes no output directory)\n";
      if (checkpoints && !output_dir.empty())
        drawing.set_checkpoints(checkpoint_directory(output_dir),
                                [&]() { return checkpoint_record(converged, particles); });
      const std::vector<DrawingStep> t = drawing.run_transient(0.0, output_dir);
      drawing.set_checkpoints("", {});
      drawing.set_step_observer({});
      {
        const auto timer = timers().scope("state");
        write_particles(setup, p, particles, output_dir, comm);
      }
      if (!output_dir.empty())
        FEDrawing::write_statistics(t, output_dir + "/time_series.txt", drawing.stokes().n_dofs(),
                                    comm);
      // the kinematic shape update conserves mass only to its truncation error: a run that ends
      // (nearly) steady with a section flux off the feed flux by more than 0.5 % carries that
      // error in its diameter and force; say so. While the shape still changes, the flux
      // differences are the transient's storage dA/dt, not an error (a 10 % speed step on the
      // 150 um wire: 1.7 % at t = 2.5 s with dR/R 1.3e-2 per step), so no warning then.
      const double last_change = t.size() >= 2 ? t[t.size() - 2].shape_change : 0.0;
      if (!t.empty() && t.back().mass_flux_error > 5e-3 && last_change < 1e-3)
        Log::out() << "  warning: the transient ends nearly steady (last step dR/R "
                   << std::setprecision(2) << last_change << ") with a mass-flux error of "
                   << std::setprecision(3) << 100 * t.back().mass_flux_error
                   << " % (> 0.5 %): its diameter and force carry that error; refine "
                      "'Free surface/Axial cells'.\n";
      steps.insert(steps.end(), t.begin(), t.end());
    }

    // The results of the last record: force, diameter, speed, mass conservation.
    FEWireResult summarize(const FEDrawing &drawing, const std::vector<DrawingStep> &steps)
    {
      FEWireResult r;
      r.draw_force_N = steps.back().draw_force_N;
      r.outlet_diameter_m = 2 * steps.back().outlet_radius_m;
      r.take_up_speed_m_per_s = steps.back().take_up_speed_m_per_s;
      r.mass_flux_error = steps.back().mass_flux_error;
      r.shape_iterations = steps.size();
      r.n_dofs = drawing.stokes().n_dofs();
      return r;
    }

    // With FE heat transfer: peak and outlet temperatures, cooling rates at Tg on the axis and
    // the surface, the energy balance, and whether the wire leaves the domain vitrified.
    void heat_results(const CaseSetup &setup, const FEDrawing &drawing, FEWireResult &r)
    {
      const auto timer = timers().scope("FE heat");
      const HeatTransfer &heat = *drawing.heat();
      const double Tg = setup.material.glass_transition_K;
      r.heat = true;
      r.peak_temperature_K = heat.max_temperature();
      const auto axis = drawing.domain().axis_profile(drawing.fields());
      const auto surface = drawing.surface();
      r.outlet_temperature_K = std::max(axis.back().T, surface.back().T);
      r.cooling_rate_at_Tg_axis_K_per_s = cooling_rate_at(axis, Tg);
      r.cooling_rate_at_Tg_surface_K_per_s = cooling_rate_at(surface, Tg);
      r.energy_imbalance = heat.energy_balance().imbalance_relative;
      // judged by the feasibility check 'vitrification' (solver/feasibility/checks/)
      r.vitrified = r.outlet_temperature_K < Tg - 10;
    }

    // The ParaView series, the surface profile and the statistics of every record.
    void write_outputs(const FEDrawing &drawing, const std::vector<DrawingStep> &steps,
                       const std::string &output_dir, unsigned int n_dofs, MPI_Comm comm)
    {
      if (output_dir.empty())
        return;
      drawing.write_series(output_dir);
      drawing.write_surface_csv(output_dir + "/surface.csv");
      FEDrawing::write_statistics(steps, output_dir + "/statistics.txt", n_dofs, comm);
    }
  }  // namespace

  FEWireResult solve_fe_wire(const CaseSetup &setup, const FilamentProfile &p,
                             const std::string &output_dir, MPI_Comm comm, const FEWireGuess *guess,
                             FEWireGuess *converged)
  {
    dealii::Timer timer;
    const SectionDelta flow_time("FE flow"), heat_time("FE heat"), path_time("paths"),
      state_time("state"), eulerian_time("Eulerian");
    const FEWireGuess *g = guess != nullptr && !guess->empty() ? guess : nullptr;
    // a transient start-up from a slower draw starts from that draw's thin filament
    const std::optional<FilamentProfile> slow = startup_profile(setup, p);
    if (slow)
      g = nullptr;  // the neighbour's corrections are for the full draw
    const FilamentProfile &start = slow ? *slow : p;
    const std::vector<double> R0 = initial_shape(start, g);
    FEDrawing drawing(comm, *setup.rheology, setup.stokes, setup.free_surface,
                      build_conditions(setup, p, start, R0, g));
    std::vector<DrawingStep> steps;
    std::string restored;  // the record of fe_wire saved with the checkpoint
    const std::string checkpoint =
      output_dir.empty() ? std::string() : checkpoint_directory(output_dir);
    if (setup.free_surface.transient && setup.free_surface.resume &&
        FEDrawing::has_checkpoint(checkpoint))
      {
        const FEDrawing::Resumed r = drawing.resume(start.z_m, R0, checkpoint);
        steps = r.steady_steps;
        restored = r.extra;
        Log::out() << "  resuming the transient run from its checkpoint at t = " << r.time_s
                   << " s after step " << r.n_steps << " (" << checkpoint << ", written on "
                   << r.n_ranks_saved << " rank" << (r.n_ranks_saved == 1 ? "" : "s") << ")\n";
      }
    else
      {
        if (setup.free_surface.transient && setup.free_surface.resume)
          Log::out() << "  no checkpoint in " << (checkpoint.empty() ? "(no output)" : checkpoint)
                     << ": the transient run starts from the beginning\n";
        drawing.initialize(start.z_m, R0);
        steps = drawing.solve_steady(output_dir);
        if (converged != nullptr && !slow)
          {
            const auto timer = timers().scope("FE flow");
            *converged = fe_corrections(drawing, p, 2 * p.radius_m.back());
          }
        if (setup.free_surface.transient)
          drawing.write_steady(output_dir);  // the start of the transient run
      }
    if (setup.free_surface.transient)
      run_transient(setup, p, drawing, output_dir, comm, restored, slow ? nullptr : converged,
                    steps);
    FEWireResult r = summarize(drawing, steps);
    if (drawing.heat())
      heat_results(setup, drawing, r);
    if (!setup.free_surface.transient)
      paths_and_fields(setup, p, drawing, output_dir, comm, r);
    write_outputs(drawing, steps, output_dir, r.n_dofs, comm);
    r.flow_time_s = flow_time.seconds();
    r.heat_time_s = heat_time.seconds();
    r.path_time_s = path_time.seconds();
    r.state_time_s = state_time.seconds();
    r.eulerian_time_s = eulerian_time.seconds();
    r.wall_time_s = timer.wall_time();
    return r;
  }
}  // namespace hotdraw

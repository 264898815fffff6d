#include "solver/sweep.h"

#include "materials/parameters.h"
#include "postprocess/log.h"
#include "postprocess/plot.h"
#include "postprocess/table.h"
#include "solver/case_setup.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>

#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace hotdraw
{
  namespace
  {
    std::string diameter_tag(double d)
    {
      std::ostringstream s;
      s << std::setw(3) << std::setfill('0') << std::lround(d * 1e6) << "um";
      return s.str();
    }

    void warn_not_vitrified(const CaseSetup &setup, const std::vector<WireResult> &wires)
    {
      for (const auto &w : wires)
        if (!w.vitrified)
          Log::out() << std::setprecision(4) << "Warning: the " << w.diameter_m * 1e6
                     << " um wire leaves the thin-filament domain at " << w.outlet_temperature_K
                     << " K, above Tg - 10 K: it has not vitrified. At its outlet cooling rate "
                     << "the domain would need to be about " << w.extra_length_needed_m * 1e3
                     << " mm longer ('Geometry and process/Domain end' = "
                     << (setup.process.domain_end_m + w.extra_length_needed_m) * 1e3
                     << " mm).\n";
    }

    // Solve one wire with the thin-filament model and evaluate the chain; never throws.
    // diameter > 0: draw to that diameter; otherwise as 'Geometry and process' says (wire
    // diameter, take-up speed or draw force).
    std::pair<WireResult, FilamentProfile> solve_one(const CaseSetup &setup, double diameter)
    {
      dealii::Timer timer;
      WireResult w;
      FilamentProfile p;
      try
        {
          ThinFilamentModel model(setup.material, *setup.rheology, *setup.thermal,
                                  setup.convection, setup.process, setup.thin_filament);
          p = diameter > 0
                ? model.solve_take_up_speed(setup.process.take_up_speed_for_diameter(diameter))
                : model.solve();
          const double t_flow = timer.wall_time();
          w = evaluate_wire(setup, p);
          w.solve_time_s = t_flow;
          w.state_time_s = timer.wall_time() - t_flow;
          return {w, p};
        }
      catch (const std::exception &e)
        {
          w = WireResult();
          w.diameter_m = diameter;
          w.error = e.what();
          p = FilamentProfile();
        }
      w.solve_time_s = timer.wall_time();
      return {w, p};
    }
  }  // namespace

  namespace
  {
    // The finite-element sweep: every wire on all ranks in turn (the FE solves are parallel);
    // the thin-filament solution gives the initial shape and the temperature field.
    SweepResult run_fe_sweep(CaseSetup &setup, const std::vector<double> &diameters,
                             MPI_Comm comm, dealii::Timer &timer)
    {
      const bool root = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
      SweepResult result;
      std::string errors;
      std::vector<WireResult> thin_wires;
      FEWireGuess previous;  // the last converged wire's FE corrections
      for (const double d : diameters)
        {
          auto r = solve_one(setup, d);
          FEWireResult fe;
          if (r.first.error.empty())
            {
              const std::string dir =
                setup.output.directory + "/fe_" + diameter_tag(r.first.diameter_m);
              if (root)
                std::filesystem::create_directories(dir);
              MPI_Barrier(comm);
              Log::out() << std::setprecision(5) << "  d = " << r.first.diameter_m * 1e6
                         << " um: thin filament F = " << r.first.draw_force_N
                         << " N; finite-element free-surface solve in " << dir << "\n";
              try
                {
                  FEWireGuess converged;
                  fe = solve_fe_wire(setup, r.second, dir, comm,
                                     setup.sweep.reuse_solutions ? &previous : nullptr,
                                     setup.sweep.reuse_solutions ? &converged : nullptr);
                  previous = std::move(converged);
                  const WireResult thin = r.first;
                  thin_wires.push_back(thin);
                  Log::out() << std::setprecision(5) << "  d = " << thin.diameter_m * 1e6
                             << " um: FE F = " << fe.draw_force_N << " N (thin filament "
                             << thin.draw_force_N << " N, ratio "
                             << fe.draw_force_N / thin.draw_force_N << "), outlet diameter "
                             << fe.outlet_diameter_m * 1e6 << " um, " << fe.shape_iterations
                             << " shape iterations, " << fe.n_dofs << " DoFs, "
                             << fe.wall_time_s << " s\n";
                  if (fe.heat)
                    Log::out() << "      FE heat: peak T " << fe.peak_temperature_K
                               << " K (thin filament " << thin.peak_temperature_K
                               << " K), cooling rate at Tg " << fe.cooling_rate_at_Tg_axis_K_per_s
                               << " K/s on the axis, " << fe.cooling_rate_at_Tg_surface_K_per_s
                               << " K/s at the surface (thin filament "
                               << thin.cooling_rate_at_Tg_K_per_s
                               << " K/s), energy imbalance " << fe.energy_imbalance << "\n";
                  if (!fe.paths.empty())
                    {
                      // the wire from its FE material paths
                      r.first = summarize_paths(thin, fe.paths);
                      r.first.draw_force_N = fe.draw_force_N;
                      r.first.take_up_speed_m_per_s = fe.take_up_speed_m_per_s;
                      r.first.vitrified = fe.heat ? fe.vitrified : thin.vitrified;
                      r.first.mass_flux_error = fe.mass_flux_error;
                      r.first.solve_time_s = fe.flow_time_s + fe.heat_time_s;
                      r.first.state_time_s = fe.path_time_s + fe.state_time_s;
                    }
                }
              catch (const SolverError &e)
                {
                  r.first.error = std::string("finite-element solve: ") + e.what();
                }
            }
          if (!r.first.error.empty())
            errors += "  d = " + to_string(d * 1e6) + " um: " + r.first.error + "\n";
          result.wires.push_back(r.first);
          result.profiles.push_back(r.second);
          result.fe.push_back(fe);
        }
      if (!errors.empty())
        throw SolverError("the sweep failed for these wires:\n" + errors +
                          "No sweep results were written.");
      if (!root)
        return SweepResult();
      result.reference = evaluate_reference_rod(setup);
      warn_not_vitrified(setup, result.wires);
      {
        // the thin-filament chain of the same wires, calibrated on its own
        const CalibratedMapping as_given = setup.calibrated;
        SweepResult thin;
        thin.wires = thin_wires;
        thin.reference = result.reference;
        calibrate_and_predict(setup, thin);
        result.wires_1d = thin.wires;
        result.literature_1d = thin.literature;
        result.calibrated_change_1d = thin.calibrated_change;
        setup.calibrated = as_given;
      }
      calibrate_and_predict(setup, result);
      result.wall_time_s = timer.wall_time();
      return result;
    }
  }  // namespace

  SweepResult run_sweep(CaseSetup &setup, MPI_Comm comm)
  {
    dealii::Timer timer;
    const unsigned int rank = dealii::Utilities::MPI::this_mpi_process(comm);
    const unsigned int n_ranks = dealii::Utilities::MPI::n_mpi_processes(comm);

    // diameters to draw; a single entry 0 means one run at the process settings
    std::vector<double> diameters = setup.sweep.wire_diameters_m;
    std::sort(diameters.begin(), diameters.end());
    if (diameters.empty())
      {
        diameters.push_back(0.0);
        Log::out() << "Single run at the settings of 'Geometry and process' on " << n_ranks
                   << " MPI rank(s), thin-filament model\n";
      }
    else
      Log::out() << "Sweep: " << diameters.size() << " wire diameter(s) from "
                 << diameters.front() * 1e6 << " to " << diameters.back() * 1e6 << " um on "
                 << n_ranks << " MPI rank(s), thin-filament model\n";

    if (setup.flow_solver == FlowSolver::finite_element)
      return run_fe_sweep(setup, diameters, comm, timer);

    // round-robin distribution; every diameter starts from the same initial guess
    std::vector<std::pair<WireResult, FilamentProfile>> mine;
    for (std::size_t i = rank; i < diameters.size(); i += n_ranks)
      {
        auto r = solve_one(setup, diameters[i]);
        if (rank == 0)
          {
            if (r.first.error.empty())
              Log::out() << "  d = " << std::setw(6) << std::setprecision(4)
                         << r.first.diameter_m * 1e6
                         << " um: DR = " << std::setw(7) << std::setprecision(5)
                         << r.first.draw_ratio << ", F = " << std::setprecision(4)
                         << r.first.draw_force_N << " N, sigma = " << std::setprecision(4)
                         << r.first.max_axial_stress_Pa * 1e-6 << " MPa, T_peak = "
                         << std::setprecision(4) << r.first.peak_temperature_K
                         << " K, q(Tg) = " << std::setprecision(4)
                         << r.first.cooling_rate_at_Tg_K_per_s
                         << " K/s, T_f = " << std::setprecision(5)
                         << r.first.state.fictive_temperature_K << " K ("
                         << r.first.newton_iterations << " Newton steps, " << std::setprecision(3)
                         << r.first.solve_time_s << " s)\n";
            else
              Log::out() << "  "
                         << (diameters[i] > 0 ? "d = " + to_string(diameters[i] * 1e6) + " um"
                                              : std::string("run"))
                         << ": FAILED (see below)\n";
          }
        mine.push_back(std::move(r));
      }
    const auto all = dealii::Utilities::MPI::gather(comm, mine, 0);

    // any failure anywhere fails the sweep on every rank
    std::string errors;
    if (rank == 0)
      for (const auto &from_rank : all)
        for (const auto &r : from_rank)
          if (!r.first.error.empty())
            errors += (r.first.diameter_m > 0
                         ? "  d = " + to_string(r.first.diameter_m * 1e6) + " um: "
                         : std::string("  ")) +
                      r.first.error + "\n";
    errors = dealii::Utilities::MPI::broadcast(comm, errors, 0);
    if (!errors.empty())
      throw SolverError("the sweep failed for these wires:\n" + errors +
                        "No sweep results were written.");

    SweepResult result;
    if (rank != 0)
      return result;
    for (const auto &from_rank : all)
      for (const auto &r : from_rank)
        {
          result.wires.push_back(r.first);
          result.profiles.push_back(r.second);
        }
    // ascending diameter
    std::vector<std::size_t> order(result.wires.size());
    for (std::size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return result.wires[a].diameter_m < result.wires[b].diameter_m;
    });
    SweepResult sorted;
    for (auto i : order)
      {
        sorted.wires.push_back(result.wires[i]);
        sorted.profiles.push_back(result.profiles[i]);
      }
    sorted.reference = evaluate_reference_rod(setup);
    warn_not_vitrified(setup, sorted.wires);
    calibrate_and_predict(setup, sorted);
    sorted.wall_time_s = timer.wall_time();
    return sorted;
  }

  void calibrate_and_predict(CaseSetup &setup, SweepResult &result)
  {
    const WireState ref = result.reference.mapping_input();
    const std::vector<double> &indents = setup.indentation_radii_relative;
    if (setup.calibration.enabled)
      {
        const auto measured = read_measured_wires(setup.calibration.data_file);
        // one wire result per measured diameter (from the sweep if present, else solved here)
        std::vector<WireResult> at_data;
        for (const auto &m : measured)
          {
            const WireResult *found = nullptr;
            for (const auto &w : result.wires)
              if (std::abs(w.diameter_m / m.diameter_m - 1.0) < 1e-3)
                found = &w;
            if (found)
              at_data.push_back(*found);
            else if (!result.fe.empty())
              throw InputError(
                "Parameter 'Property mapping/Calibration/Data file': the measured diameter " +
                to_string(m.diameter_m * 1e6) +
                " um is not among 'Sweep/Wire diameters'. Allowed with 'Numerics/Flow solver' "
                "= finite element: measured diameters that are also swept (the FE paths of "
                "that wire calibrate the mapping).");
            else
              {
                auto r = solve_one(setup, m.diameter_m);
                if (!r.first.error.empty())
                  throw SolverError("calibration: the wire at the measured diameter " +
                                    to_string(m.diameter_m * 1e6) + " um failed: " +
                                    r.first.error);
                at_data.push_back(r.first);
              }
          }
        std::vector<Observation> data;
        struct Which
        {
          std::size_t wire;
          int quantity;  // 0 E, 1 H, 2 enthalpy
        };
        std::vector<Which> which;
        for (std::size_t i = 0; i < measured.size(); ++i)
          {
            const auto &m = measured[i];
            const std::string at = " at " + to_string(m.diameter_m * 1e6) + " um";
            if (m.has_modulus)
              {
                data.push_back({"modulus reduction (%)" + at, m.modulus_reduction_percent,
                                m.modulus_uncertainty_percent});
                which.push_back({i, 0});
              }
            if (m.has_hardness)
              {
                data.push_back({"hardness reduction (%)" + at, m.hardness_reduction_percent,
                                m.hardness_uncertainty_percent});
                which.push_back({i, 1});
              }
            if (m.has_enthalpy)
              {
                data.push_back({"enthalpy increase (%)" + at, m.enthalpy_increase_percent,
                                m.enthalpy_uncertainty_percent});
                which.push_back({i, 2});
              }
          }
        std::vector<FitParameter> params;
        for (const auto &name : setup.calibration.fit_parameters)
          {
            const auto b = CalibratedMapping::bounds(name);
            double init = setup.calibrated.get(name);
            init = std::clamp(init, b.first + 1e-3 * (b.second - b.first),
                              b.second - 1e-3 * (b.second - b.first));
            params.push_back({name, init, b.first, b.second});
          }
        if (params.size() > data.size())
          throw InputError("Parameter 'Property mapping/Calibration/Fit parameters': " +
                           std::to_string(params.size()) + " parameters cannot be identified from " +
                           std::to_string(data.size()) + " measured values. Allowed: at most " +
                           std::to_string(data.size()) + " parameters.");
        CalibratedMapping trial = setup.calibrated;
        const LiteratureMapping &lit = setup.literature;
        auto model = [&](const std::vector<double> &p) {
          for (std::size_t k = 0; k < params.size(); ++k)
            trial.set(params[k].name, p[k]);
          std::vector<double> out;
          for (const auto &wq : which)
            {
              const PropertyChange c = trial.predict(at_data[wq.wire].mapping_input(setup.indentation_radii_relative), ref, lit);
              out.push_back(wq.quantity == 0   ? c.modulus_reduction_percent
                            : wq.quantity == 1 ? c.hardness_reduction_percent
                                               : c.enthalpy_increase_percent);
            }
          return out;
        };
        result.fit = least_squares(model, data, params);
        result.observation_labels.clear();
        for (const auto &o : data)
          result.observation_labels.push_back(o.label);
        if (!result.fit.converged)
          throw SolverError("calibration of the property mapping did not converge: " +
                            result.fit.message);
        for (std::size_t k = 0; k < params.size(); ++k)
          setup.calibrated.set(params[k].name, result.fit.values[k]);
        result.calibrated = true;
      }
    result.literature.clear();
    result.calibrated_change.clear();
    for (const auto &w : result.wires)
      {
        result.literature.push_back(setup.literature.predict(w.mapping_input(indents), ref));
        result.calibrated_change.push_back(
          setup.calibrated.predict(w.mapping_input(indents), ref, setup.literature));
      }
  }

  namespace
  {
    void add_wire_row(Table &t, const WireResult &w, const PropertyChange &cal,
                      const PropertyChange &lit)
    {
      t.add("case", w.drawn ? "wire" : "reference_rod");
      t.add("diameter_um", w.diameter_m * 1e6);
      t.add("draw_ratio", w.draw_ratio);
      t.add("take_up_speed_m_per_s", w.drawn ? w.take_up_speed_m_per_s : 0.0);
      t.add("draw_force_N", w.draw_force_N);
      t.add("max_axial_stress_MPa", w.max_axial_stress_Pa * 1e-6);
      t.add("shear_strain", w.shear_strain_mean);
      t.add("shear_strain_axis", w.shear_strain_axis);
      t.add("shear_strain_surface", w.shear_strain_surface);
      t.add("cooling_rate_at_Tg_K_per_s", w.cooling_rate_at_Tg_K_per_s);
      t.add("fictive_temperature_K", w.state.fictive_temperature_K);
      t.add("free_volume_x", w.state.free_volume_x);
      t.add("relaxation_enthalpy_J_per_g", w.relaxation_enthalpy_J_per_kg * 1e-3);
      t.add("enthalpy_increase_percent", cal.enthalpy_increase_percent);
      t.add("modulus_reduction_percent", cal.modulus_reduction_percent);
      t.add("hardness_reduction_percent", cal.hardness_reduction_percent);
      t.add("enthalpy_increase_percent_literature", lit.enthalpy_increase_percent);
      t.add("modulus_reduction_percent_literature", lit.modulus_reduction_percent);
      t.add("hardness_reduction_percent_literature", lit.hardness_reduction_percent);
      t.add("layer_thickness_um", cal.layer_thickness_m * 1e6);
      t.add("layer_fraction", cal.layer_fraction);
      t.add("peak_temperature_K", w.peak_temperature_K);
      t.add("outlet_temperature_K", w.outlet_temperature_K);
      t.add("residence_time_above_Tg_s", w.residence_time_above_Tg_s);
      t.add("stress_at_Tg_MPa", w.stress_at_Tg_Pa * 1e-6);
      t.end_row();
    }
  }  // namespace

  namespace
  {
    // Local predictions of one FE wire along its radius: each material path's state at its
    // outlet radius s = r/R, with the calibrated layer counted where s lies inside it.
    struct LocalProperties
    {
      double s = 0;
      PropertyChange literature, calibrated;
    };

    LocalProperties local_properties(const CaseSetup &setup, const WireResult &wire,
                                     const WireState &ref, double s, double Tf, double dH)
    {
      WireState local = wire.mapping_input({s});
      local.fictive_temperature_K = Tf;
      local.relaxation_enthalpy_J_per_kg = dH;
      LocalProperties l;
      l.s = s;
      l.literature = setup.literature.predict(local, ref);
      l.calibrated = setup.calibrated.predict(local, ref, setup.literature);
      return l;
    }

    // The indentation-weighted average (the indents of 'Property mapping/Indentation
    // positions', the state interpolated between the paths), or the area average without them.
    std::pair<PropertyChange, PropertyChange> indentation_average(const CaseSetup &setup,
                                                                  const WireResult &wire,
                                                                  const WireState &ref,
                                                                  const FEWireResult &fe)
    {
      const auto &P = fe.paths;
      const double R = P.back().outlet_radius_m;
      PropertyChange lit, cal;
      auto add = [&](const LocalProperties &l, double w) {
        lit.modulus_reduction_percent += w * l.literature.modulus_reduction_percent;
        lit.hardness_reduction_percent += w * l.literature.hardness_reduction_percent;
        cal.modulus_reduction_percent += w * l.calibrated.modulus_reduction_percent;
        cal.hardness_reduction_percent += w * l.calibrated.hardness_reduction_percent;
      };
      if (setup.indentation_radii_relative.empty())
        {
          double q = 0;
          for (const auto &p : P)
            q += p.volume_flux_m3_per_s;
          for (const auto &p : P)
            add(local_properties(setup, wire, ref, p.outlet_radius_m / R,
                                 p.state.fictive_temperature_K, p.relaxation_enthalpy_J_per_kg),
                p.volume_flux_m3_per_s / q);
          return {lit, cal};
        }
      const double n = setup.indentation_radii_relative.size();
      for (const double s : setup.indentation_radii_relative)
        {
          std::size_t k = 1;
          while (k + 1 < P.size() && P[k].outlet_radius_m / R < s)
            ++k;
          const double s0 = P[k - 1].outlet_radius_m / R, s1 = P[k].outlet_radius_m / R;
          const double f = std::clamp((s - s0) / (s1 - s0), 0.0, 1.0);
          auto mix = [f](double a, double b) { return (1 - f) * a + f * b; };
          add(local_properties(setup, wire, ref, s,
                               mix(P[k - 1].state.fictive_temperature_K,
                                   P[k].state.fictive_temperature_K),
                               mix(P[k - 1].relaxation_enthalpy_J_per_kg,
                                   P[k].relaxation_enthalpy_J_per_kg)),
              1.0 / n);
        }
      return {lit, cal};
    }

    void write_radial_profile(const CaseSetup &setup, const WireResult &wire,
                              const WireState &ref, const FEWireResult &fe,
                              const std::string &file)
    {
      Table t(8);
      const double R = fe.paths.back().outlet_radius_m;
      for (const auto &p : fe.paths)
        {
          const LocalProperties l =
            local_properties(setup, wire, ref, p.outlet_radius_m / R,
                             p.state.fictive_temperature_K, p.relaxation_enthalpy_J_per_kg);
          t.add("radius_m", p.outlet_radius_m);
          t.add("radius_relative", p.outlet_radius_m / R);
          t.add("seed_radius_m", p.seed_radius_m);
          t.add("volume_flux_m3_per_s", p.volume_flux_m3_per_s);
          t.add("shear_strain", p.shear_strain);
          t.add("cooling_rate_at_Tg_K_per_s", p.cooling_rate_at_Tg_K_per_s);
          t.add("residence_time_above_Tg_s", p.residence_time_above_Tg_s);
          t.add("stress_at_Tg_MPa", p.stress_at_Tg_Pa * 1e-6);
          t.add("fictive_temperature_K", p.state.fictive_temperature_K);
          t.add("free_volume_x", p.state.free_volume_x);
          t.add("relaxation_enthalpy_J_per_g", p.relaxation_enthalpy_J_per_kg * 1e-3);
          t.add("enthalpy_increase_percent", l.calibrated.enthalpy_increase_percent);
          t.add("modulus_reduction_percent", l.calibrated.modulus_reduction_percent);
          t.add("hardness_reduction_percent", l.calibrated.hardness_reduction_percent);
          t.add("enthalpy_increase_percent_literature", l.literature.enthalpy_increase_percent);
          t.add("modulus_reduction_percent_literature", l.literature.modulus_reduction_percent);
          t.add("hardness_reduction_percent_literature", l.literature.hardness_reduction_percent);
          t.end_row();
        }
      t.write_csv(file);
    }
  }  // namespace

  void write_sweep_outputs(const CaseSetup &setup, const SweepResult &result)
  {
    const std::string dir = setup.output.directory;
    Table sweep(8);
    PropertyChange zero;
    if (setup.sweep.include_reference_rod)
      add_wire_row(sweep, result.reference, zero, zero);
    for (std::size_t i = 0; i < result.wires.size(); ++i)
      {
        if (i < result.fe.size())
          {
            sweep.add("draw_force_fe_N", result.fe[i].draw_force_N);
            sweep.add("outlet_diameter_fe_um", result.fe[i].outlet_diameter_m * 1e6);
            sweep.add("mass_flux_error_fe", result.fe[i].mass_flux_error);
            if (result.fe[i].heat)
              {
                sweep.add("peak_temperature_fe_K", result.fe[i].peak_temperature_K);
                sweep.add("cooling_rate_at_Tg_fe_axis_K_per_s",
                          result.fe[i].cooling_rate_at_Tg_axis_K_per_s);
                sweep.add("cooling_rate_at_Tg_fe_surface_K_per_s",
                          result.fe[i].cooling_rate_at_Tg_surface_K_per_s);
                sweep.add("energy_imbalance_fe", result.fe[i].energy_imbalance);
              }
            const FEWireResult &fe = result.fe[i];
            if (!fe.paths.empty())
              {
                const WireState ref = result.reference.mapping_input();
                sweep.add("cooling_rate_at_Tg_axis_K_per_s",
                          fe.paths.front().cooling_rate_at_Tg_K_per_s);
                sweep.add("cooling_rate_at_Tg_surface_K_per_s",
                          fe.paths.back().cooling_rate_at_Tg_K_per_s);
                sweep.add("seeded_flux_error_fe", fe.seeded_flux_error);
                sweep.add("eulerian_strain_difference_fe", fe.eulerian_strain_difference);
                sweep.add("eulerian_state_difference_fe_K", fe.eulerian_state_difference_K);
                const auto [lit, cal] = indentation_average(setup, result.wires[i], ref, fe);
                sweep.add("modulus_reduction_percent_indented", cal.modulus_reduction_percent);
                sweep.add("hardness_reduction_percent_indented", cal.hardness_reduction_percent);
                sweep.add("modulus_reduction_percent_indented_literature",
                          lit.modulus_reduction_percent);
                sweep.add("hardness_reduction_percent_indented_literature",
                          lit.hardness_reduction_percent);
                write_radial_profile(setup, result.wires[i], ref, fe,
                                     dir + "/fe_" + diameter_tag(result.wires[i].diameter_m) +
                                       "/radial_profile.csv");
              }
          }
        if (i < result.wires_1d.size())
          {
            const WireResult &t = result.wires_1d[i];
            sweep.add("draw_force_1d_N", t.draw_force_N);
            sweep.add("shear_strain_1d", t.shear_strain_mean);
            sweep.add("cooling_rate_at_Tg_1d_K_per_s", t.cooling_rate_at_Tg_K_per_s);
            sweep.add("fictive_temperature_1d_K", t.state.fictive_temperature_K);
            const PropertyChange &c = result.calibrated_change_1d[i], &l = result.literature_1d[i];
            sweep.add("enthalpy_increase_percent_1d", c.enthalpy_increase_percent);
            sweep.add("modulus_reduction_percent_1d", c.modulus_reduction_percent);
            sweep.add("hardness_reduction_percent_1d", c.hardness_reduction_percent);
            sweep.add("enthalpy_increase_percent_literature_1d", l.enthalpy_increase_percent);
            sweep.add("modulus_reduction_percent_literature_1d", l.modulus_reduction_percent);
            sweep.add("hardness_reduction_percent_literature_1d", l.hardness_reduction_percent);
          }
        add_wire_row(sweep, result.wires[i], result.calibrated_change[i], result.literature[i]);
      }
    sweep.write_csv(dir + "/sweep.csv");

    if (setup.output.write_profiles)
      for (const auto &p : result.profiles)
        {
          Table t(8);
          for (std::size_t i = 0; i < p.size(); ++i)
            {
              t.add("z_m", p.z_m[i]);
              t.add("radius_m", p.radius_m[i]);
              t.add("speed_m_per_s", p.speed_m_per_s[i]);
              t.add("temperature_K", p.temperature_K[i]);
              t.add("axial_stress_Pa", p.axial_stress_Pa[i]);
              t.add("extension_rate_per_s", p.extension_rate_per_s[i]);
              t.add("shear_rate_per_s", p.shear_rate_per_s[i]);
              t.add("viscosity_Pa_s", p.viscosity_Pas[i]);
              t.add("residence_time_s", p.residence_time_s[i]);
              t.add("cooling_rate_K_per_s", p.cooling_rate_K_per_s[i]);
              t.add("wall_temperature_K", p.wall_temperature_K[i]);
              t.add("gas_temperature_K", p.gas_temperature_K[i]);
              t.add("heat_transfer_coefficient_W_per_m2K", p.heat_transfer_coefficient[i]);
              t.end_row();
            }
          t.write_csv(dir + "/profile_" + diameter_tag(p.wire_diameter_m()) + ".csv");
        }

    // calibration report
    {
      std::ofstream f(dir + "/calibration.txt");
      f << "# Calibration of the property mapping (calibrated numbers, not literature values)\n";
      if (!result.calibrated)
        f << "Calibration disabled: the calibrated mapping uses the values of the parameter "
             "file.\n";
      else
        {
          f << "data file: " << setup.calibration.data_file_as_given << "\n"
            << "converged: " << (result.fit.converged ? "yes" : "no") << " ("
            << result.fit.message << "), " << result.fit.evaluations << " evaluations, chi2 = "
            << result.fit.chi2 << "\n\n";
          f << std::left << std::setw(34) << "parameter" << std::setw(16) << "value"
            << "standard uncertainty\n";
          for (std::size_t k = 0; k < result.fit.names.size(); ++k)
            f << std::left << std::setw(34) << result.fit.names[k] << std::setw(16)
              << result.fit.values[k] << result.fit.uncertainties[k] << "\n";
          f << "\nresiduals (model - data) / uncertainty:\n";
          for (std::size_t i = 0; i < result.fit.residuals.size(); ++i)
            f << "  " << std::setw(40) << std::left << result.observation_labels[i]
              << "prediction " << result.fit.predictions[i] << ", residual "
              << result.fit.residuals[i] << "\n";
        }
      f << "\nAll parameters of the calibrated mapping as used (* = fitted above):\n";
      for (const auto &n : CalibratedMapping::parameter_names())
        {
          const auto &fitted = result.fit.names;
          const bool was_fitted =
            result.calibrated && std::find(fitted.begin(), fitted.end(), n) != fitted.end();
          f << "  " << (was_fitted ? "* " : "  ") << n << " = " << setup.calibrated.get(n)
            << "\n";
        }
    }

    if (!setup.output.plot)
      return;
    if (!plotting_available())
      {
        Log::out() << "Note: gnuplot with the pngcairo terminal is not available; no plots.\n";
        return;
      }
    auto panel = [](const std::string &title, const std::string &x, const std::string &y) {
      Panel p;
      p.title = title;
      p.x_label = x;
      p.y_label = y;
      return p;
    };
    // sweep.png
    PlotSpec spec;
    spec.title = "hotdraw sweep: " + setup.material.name + " (thin-filament model)";
    spec.columns = 3;
    spec.width_px = 1800;
    spec.height_px = 1000;
    std::vector<double> d;
    for (const auto &w : result.wires)
      d.push_back(w.diameter_m * 1e6);
    const bool fe = !result.wires_1d.empty();
    if (fe)
      spec.title = "hotdraw sweep: " + setup.material.name +
                   " (finite element, thin filament for comparison)";
    auto series = [&](const std::string &title, auto get, bool lit, bool thin = false) {
      Series s;
      s.title = fe ? (thin ? "thin filament, " : "FE, ") + title : title;
      s.x = d;
      const auto &L = thin ? result.literature_1d : result.literature;
      const auto &C = thin ? result.calibrated_change_1d : result.calibrated_change;
      for (std::size_t i = 0; i < result.wires.size(); ++i)
        s.y.push_back(get(lit ? L[i] : C[i]));
      s.style = std::string(lit ? "dt 2" : "") + (thin ? " lw 1" : " lw 2");
      return s;
    };
    auto add_models = [&](Panel &p, auto get) {
      p.series.push_back(series("calibrated", get, false));
      p.series.push_back(series("literature coefficients", get, true));
      if (fe)
        {
          p.series.push_back(series("calibrated", get, false, true));
          p.series.push_back(series("literature coefficients", get, true, true));
        }
    };
    std::vector<MeasuredWire> measured;
    try
      {
        if (!setup.calibration.data_file.empty())
          measured = read_measured_wires(setup.calibration.data_file);
      }
    catch (...)
      {
      }
    auto seed = [&](int q) {
      Series s;
      s.title = "measured (seed data)";
      s.points = true;
      for (const auto &m : measured)
        {
          const bool has = q == 0 ? m.has_modulus : q == 1 ? m.has_hardness : m.has_enthalpy;
          if (!has)
            continue;
          s.x.push_back(m.diameter_m * 1e6);
          s.y.push_back(q == 0 ? m.modulus_reduction_percent
                        : q == 1 ? m.hardness_reduction_percent
                                 : m.enthalpy_increase_percent);
          s.y_error.push_back(q == 0 ? m.modulus_uncertainty_percent
                              : q == 1 ? m.hardness_uncertainty_percent
                                       : m.enthalpy_uncertainty_percent);
        }
      return s;
    };
    {
      Panel p = panel("Young's modulus reduction vs 2 mm rod", "wire diameter (um)", "reduction (%)");
      add_models(p, [](const PropertyChange &c) { return c.modulus_reduction_percent; });
      p.series.push_back(seed(0));
      spec.panels.push_back(p);
    }
    {
      Panel p = panel("Hardness reduction vs 2 mm rod", "wire diameter (um)", "reduction (%)");
      add_models(p, [](const PropertyChange &c) { return c.hardness_reduction_percent; });
      p.series.push_back(seed(1));
      spec.panels.push_back(p);
    }
    {
      Panel p = panel("Relaxation enthalpy increase vs 2 mm rod", "wire diameter (um)", "increase (%)");
      add_models(p, [](const PropertyChange &c) { return c.enthalpy_increase_percent; });
      p.series.push_back(seed(2));
      spec.panels.push_back(p);
    }
    auto wire_series = [&](const std::string &title, auto get, bool thin = false) {
      Series s;
      s.title = fe ? (thin ? "thin filament, " : "FE, ") + title : title;
      s.x = d;
      for (const auto &w : thin ? result.wires_1d : result.wires)
        s.y.push_back(get(w));
      if (thin)
        s.style = "dt 3";
      return s;
    };
    {
      Panel p = panel("Cooling rate at Tg", "wire diameter (um)", "-dT/dt at Tg (K/s)");
      p.log_y = true;
      p.series.push_back(wire_series("wire", [](const WireResult &w) { return w.cooling_rate_at_Tg_K_per_s; }));
      if (fe)
        p.series.push_back(wire_series("wire", [](const WireResult &w) { return w.cooling_rate_at_Tg_K_per_s; }, true));
      spec.panels.push_back(p);
    }
    {
      Panel p = panel("Accumulated equivalent shear strain", "wire diameter (um)", "shear strain (-)");
      p.series.push_back(wire_series("cross-section mean", [](const WireResult &w) { return w.shear_strain_mean; }));
      p.series.push_back(wire_series("surface", [](const WireResult &w) { return w.shear_strain_surface; }));
      if (fe)
        p.series.push_back(wire_series("cross-section mean", [](const WireResult &w) { return w.shear_strain_mean; }, true));
      spec.panels.push_back(p);
    }
    {
      Panel p = panel("Fictive temperature relative to the reference rod", "wire diameter (um)", "T_f - T_f,ref (K)");
      const double Tref = result.reference.state.fictive_temperature_K;
      p.series.push_back(wire_series("T_f - T_f(2 mm rod)", [Tref](const WireResult &w) { return w.state.fictive_temperature_K - Tref; }));
      if (fe)
        p.series.push_back(wire_series("T_f - T_f(2 mm rod)", [Tref](const WireResult &w) { return w.state.fictive_temperature_K - Tref; }, true));
      spec.panels.push_back(p);
    }
    std::string message;
    if (!write_plot(spec, dir + "/sweep.png", message))
      Log::out() << "Note: sweep.png not written: " << message << "\n";

    PlotSpec prof;
    prof.title = "Axial profiles (thin-filament model)";
    prof.columns = 2;
    prof.width_px = 1600;
    prof.height_px = 1000;
    Panel pr = panel("Radius", "z (mm)", "R (um)"), pt = panel("Temperature", "z (mm)", "T (K)"),
          ps = panel("Axial stress", "z (mm)", "sigma (MPa)"),
          pq = panel("Cooling rate", "z (mm)", "-DT/Dt (K/s)");
    ps.log_y = true;
    for (const auto &p : result.profiles)
      {
        const std::string tag = diameter_tag(p.wire_diameter_m());
        Series r, t, s, q;
        r.title = t.title = s.title = q.title = tag;
        for (std::size_t i = 0; i < p.size(); ++i)
          {
            const double z = p.z_m[i] * 1e3;
            r.x.push_back(z);
            r.y.push_back(p.radius_m[i] * 1e6);
            t.x.push_back(z);
            t.y.push_back(p.temperature_K[i]);
            s.x.push_back(z);
            s.y.push_back(std::max(p.axial_stress_Pa[i] * 1e-6, 1e-6));
            q.x.push_back(z);
            q.y.push_back(p.cooling_rate_K_per_s[i]);
          }
        pr.series.push_back(r);
        pt.series.push_back(t);
        ps.series.push_back(s);
        pq.series.push_back(q);
      }
    prof.panels = {pr, pt, ps, pq};
    if (!write_plot(prof, dir + "/profiles.png", message))
      Log::out() << "Note: profiles.png not written: " << message << "\n";
  }

  void print_summary(const CaseSetup &setup, const SweepResult &result, std::ostream &out)
  {
    const auto flags = out.flags();
    out << "\nSummary (" << setup.material.name << ", relative to the "
        << setup.reference.reference_diameter_m * 1e3 << " mm as-cast rod):\n";
    out << std::right << std::setw(8) << "d (um)" << std::setw(8) << "DR" << std::setw(11)
        << "F (N)" << std::setw(10) << "q_Tg(K/s)" << std::setw(8) << "gamma" << std::setw(9)
        << "T_f (K)" << "  |" << std::setw(8) << "dE (%)" << std::setw(8) << "dH (%)"
        << std::setw(9) << "dHrel(%)" << "  | literature:" << std::setw(8) << "dE (%)"
        << std::setw(8) << "dH (%)" << std::setw(9) << "dHrel(%)" << "\n";
    out << std::fixed;
    for (std::size_t i = 0; i < result.wires.size(); ++i)
      {
        const auto &w = result.wires[i];
        const auto &c = result.calibrated_change[i];
        const auto &l = result.literature[i];
        out << std::setw(8) << std::setprecision(1) << w.diameter_m * 1e6 << std::setw(8)
            << std::setprecision(1) << w.draw_ratio << std::setw(11) << std::setprecision(5)
            << w.draw_force_N << std::setw(10) << std::setprecision(1)
            << w.cooling_rate_at_Tg_K_per_s << std::setw(8) << std::setprecision(2)
            << w.shear_strain_mean << std::setw(9) << std::setprecision(2)
            << w.state.fictive_temperature_K << "  |" << std::setw(8) << std::setprecision(2)
            << -c.modulus_reduction_percent << std::setw(8) << -c.hardness_reduction_percent
            << std::setw(9) << c.enthalpy_increase_percent << "  |            " << std::setw(8)
            << -l.modulus_reduction_percent << std::setw(8) << -l.hardness_reduction_percent
            << std::setw(9) << l.enthalpy_increase_percent << "\n";
      }
    out << std::setw(8) << std::setprecision(1) << result.reference.diameter_m * 1e6
        << "   (reference rod: q = " << result.reference.cooling_rate_at_Tg_K_per_s
        << " K/s, T_f = " << std::setprecision(2) << result.reference.state.fictive_temperature_K
        << " K, Delta H_rel = " << result.reference.relaxation_enthalpy_J_per_kg * 1e-3
        << " J/g)\n";
    out.flags(flags);
    if (result.calibrated)
      {
        out << "Calibrated mapping (fitted to " << setup.calibration.data_file_as_given << "):";
        for (std::size_t k = 0; k < result.fit.names.size(); ++k)
          out << "  " << result.fit.names[k] << " = " << result.fit.values[k] << " +- "
              << result.fit.uncertainties[k] << ";";
        out << " chi2 = " << result.fit.chi2 << "\n";
      }
    out << "Columns 'dE, dH, dHrel' left: calibrated mapping (bulk state + fitted shear-softened "
           "surface layer); right: literature coefficients only (bulk state, no fit).\n";
  }
}  // namespace hotdraw

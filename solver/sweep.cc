#include "solver/sweep.h"

#include "materials/parameters.h"
#include "postprocess/log.h"
#include "postprocess/timing.h"
#include "solver/case_setup.h"
#include "solver/parallel/work_queue.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>

#include <boost/serialization/optional.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>

namespace hotdraw
{
  std::string diameter_tag(double d)
  {
    std::ostringstream s;
    s << std::setw(3) << std::setfill('0') << std::lround(d * 1e6) << "um";
    return s.str();
  }

  FeasibilityContext feasibility_context(const CaseSetup &setup)
  {
    return {setup.material, setup.process.domain_start_m, setup.process.domain_end_m};
  }

  std::pair<WireResult, FilamentProfile> solve_thin_wire(const CaseSetup &setup, double diameter,
                                                         const FilamentProfile *warm_start)
  {
    const SectionDelta flow("thin filament"), state("state");
    WireResult w;
    FilamentProfile p;
    try
      {
        {
          const auto scope = timers().scope("thin filament");
          ThinFilamentModel model(setup.material, *setup.rheology, *setup.thermal, setup.convection,
                                  setup.process, setup.thin_filament);
          p = diameter > 0
                ? model.solve_take_up_speed(setup.process.take_up_speed_for_diameter(diameter),
                                            warm_start)
                : model.solve();
        }
        {
          const auto scope = timers().scope("state");
          w = evaluate_wire(setup, p);
        }
        {
          const auto scope = timers().scope("feasibility");
          measure(setup.feasibility, setup, p, w);
          judge(setup.feasibility, feasibility_context(setup), w);
        }
      }
    catch (const std::exception &e)
      {
        w = WireResult();
        // the diameter asked for (a run at a given draw force has none)
        const ProcessSettings &ps = setup.process;
        w.diameter_m = diameter > 0                               ? diameter
                       : ps.control == DrawControl::wire_diameter ? ps.wire_diameter_m
                       : ps.control == DrawControl::take_up_speed
                         ? ps.diameter_for_take_up_speed(ps.take_up_speed_m_per_s)
                         : std::numeric_limits<double>::quiet_NaN();
        mark_failed(w, e.what());
        p = FilamentProfile();
      }
    w.solve_time_s = flow.seconds();
    w.state_time_s = state.seconds();
    return {w, p};
  }

  namespace
  {
    // The diameters to draw, ascending; a single entry 0 means one run at the process settings.
    std::vector<double> planned_diameters(const CaseSetup &setup, unsigned int n_ranks)
    {
      std::vector<double> d = setup.sweep.wire_diameters_m;
      std::sort(d.begin(), d.end());
      const char *model = setup.flow_solver == FlowSolver::finite_element ? "finite-element solver"
                                                                          : "thin-filament model";
      if (d.empty())
        {
          d.push_back(0.0);
          Log::out() << "Single run at the settings of 'Geometry and process' on " << n_ranks
                     << " MPI rank(s), " << model << "\n";
        }
      else
        Log::out() << "Sweep: " << d.size() << " wire diameter(s) from " << d.front() * 1e6
                   << " to " << d.back() * 1e6 << " um on " << n_ranks << " MPI rank(s), " << model
                   << "\n";
      return d;
    }

    std::string wire_name(const WireResult &w)
    {
      return std::isnan(w.diameter_m) ? std::string("the wire")
                                      : "d = " + to_string(w.diameter_m * 1e6) + " um";
    }

    void log_thin_wire(const WireResult &w)
    {
      if (w.status == status::failed)
        {
          Log::out() << "  " << wire_name(w) << ": FAILED (" << w.reasons()
                     << "; see the verdicts below)\n";
          return;
        }
      Log::out() << "  d = " << std::setw(6) << std::setprecision(4) << w.diameter_m * 1e6
                 << " um: DR = " << std::setw(7) << std::setprecision(5) << w.draw_ratio
                 << ", F = " << std::setprecision(4) << w.draw_force_N
                 << " N, sigma = " << std::setprecision(4) << w.max_axial_stress_Pa * 1e-6
                 << " MPa, T_peak = " << std::setprecision(4) << w.peak_temperature_K
                 << " K, q(Tg) = " << std::setprecision(4) << w.cooling_rate_at_Tg_K_per_s
                 << " K/s, T_f = " << std::setprecision(5) << w.state.fictive_temperature_K
                 << " K (" << w.newton_iterations << " Newton steps, " << std::setprecision(3)
                 << w.solve_time_s << " s)" << (w.feasible() ? "" : " INFEASIBLE") << "\n";
    }

    // One line per wire that cannot be made (infeasible or failed), with every reason.
    void log_verdicts(const std::vector<WireRecord> &wires)
    {
      unsigned int n_infeasible = 0, n_failed = 0;
      for (const auto &r : wires)
        {
          const WireResult &w = r.wire;
          if (w.feasible())
            continue;
          (w.status == status::failed ? n_failed : n_infeasible) += 1;
          if (n_failed + n_infeasible == 1)
            Log::out() << "\nVerdicts (wires that cannot be made; their numbers stay in "
                          "sweep.csv for diagnosis, marked by 'status' and 'reasons'):\n";
          Log::out() << "  " << (w.status == status::failed ? "FAILED" : "INFEASIBLE") << " "
                     << wire_name(w) << ":";
          for (const auto &[reason, why] : w.findings)
            Log::out() << " " << reason << " (" << why << ")"
                       << (&why == &w.findings.back().second ? "" : ";");
          Log::out() << "\n";
        }
      Log::out() << "Verdicts: " << wires.size() - n_infeasible - n_failed << " of " << wires.size()
                 << " wire(s) ok, " << n_infeasible << " infeasible, " << n_failed << " failed\n";
    }

    // The thin-filament sweep: every wire on one rank, the ranks taking the wires from a shared
    // queue (solver/parallel/work_queue.h); gathered on rank 0 in ascending diameter and
    // logged there in that order.
    std::vector<WireRecord> solve_thin_sweep(const CaseSetup &setup,
                                             const std::vector<double> &diameters, MPI_Comm comm)
    {
      std::vector<std::pair<WireResult, FilamentProfile>> mine;
      {
        WorkQueue queue(comm, 1);
        for (long i = queue.next(); i < static_cast<long>(diameters.size()); i = queue.next())
          mine.push_back(solve_thin_wire(setup, diameters[i]));
      }
      const auto all = dealii::Utilities::MPI::gather(comm, mine, 0);
      std::vector<WireRecord> records;
      for (const auto &from_rank : all)
        for (const auto &[w, p] : from_rank)
          {
            WireRecord r;
            r.wire = w;
            r.profile = p;
            records.push_back(std::move(r));
          }
      std::sort(records.begin(), records.end(), [](const WireRecord &a, const WireRecord &b) {
        return a.wire.diameter_m < b.wire.diameter_m;
      });
      for (const auto &r : records)
        log_thin_wire(r.wire);
      return records;
    }

    void log_fe_wire(const WireResult &thin, const FEWireResult &fe)
    {
      Log::out() << std::setprecision(5) << "  d = " << thin.diameter_m * 1e6
                 << " um: FE F = " << fe.draw_force_N << " N (thin filament " << thin.draw_force_N
                 << " N, ratio " << fe.draw_force_N / thin.draw_force_N << "), outlet diameter "
                 << fe.outlet_diameter_m * 1e6 << " um, " << fe.shape_iterations
                 << " shape iterations, " << fe.n_dofs << " DoFs, " << fe.wall_time_s << " s\n";
      if (fe.heat)
        Log::out() << "      FE heat: peak T " << fe.peak_temperature_K << " K (thin filament "
                   << thin.peak_temperature_K << " K), cooling rate at Tg "
                   << fe.cooling_rate_at_Tg_axis_K_per_s << " K/s on the axis, "
                   << fe.cooling_rate_at_Tg_surface_K_per_s << " K/s at the surface (thin filament "
                   << thin.cooling_rate_at_Tg_K_per_s << " K/s), energy imbalance "
                   << fe.energy_imbalance << "\n";
    }

    // The wire of an FE run: from its FE material paths, on top of the thin-filament result.
    WireResult fe_wire_result(const CaseSetup &setup, const WireResult &thin,
                              const FEWireResult &fe)
    {
      if (fe.paths.empty())
        return thin;
      WireResult w = summarize_paths(thin, fe.paths);
      w.draw_force_N = fe.draw_force_N;
      w.take_up_speed_m_per_s = fe.take_up_speed_m_per_s;
      w.vitrified = fe.heat ? fe.vitrified : thin.vitrified;
      w.mass_flux_error = fe.mass_flux_error;
      w.solve_time_s = fe.flow_time_s + fe.heat_time_s;
      w.state_time_s = fe.path_time_s + fe.state_time_s;
      judge(setup.feasibility, feasibility_context(setup), w);
      return w;
    }

    // One FE wire on the ranks of 'comm': its thin-filament start, then the FE solve; with
    // 'previous' corrected by and updating it (the last converged wire's FE corrections).
    WireRecord solve_fe_record(const CaseSetup &setup, double d, MPI_Comm comm,
                               FEWireGuess *previous, const std::string &directory = "")
    {
      const bool root = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
      WireRecord r;
      std::tie(r.wire, r.profile) = solve_thin_wire(setup, d);
      if (r.wire.status == status::failed)
        return r;
      const std::string dir = !directory.empty()
                                ? directory
                                : setup.output.directory + "/fe_" + diameter_tag(r.wire.diameter_m);
      if (root)
        std::filesystem::create_directories(dir);
      MPI_Barrier(comm);
      Log::out() << std::setprecision(5) << "  d = " << r.wire.diameter_m * 1e6
                 << " um: thin filament F = " << r.wire.draw_force_N
                 << " N; finite-element free-surface solve in " << dir << "\n";
      try
        {
          FEWireGuess converged;
          FEWireResult fe =
            solve_fe_wire(setup, r.profile, dir, comm, previous, previous ? &converged : nullptr);
          if (previous)
            *previous = std::move(converged);
          r.thin = r.wire;
          r.wire = fe_wire_result(setup, *r.thin, fe);
          r.fe = std::move(fe);
        }
      catch (const SolverError &e)
        {
          mark_failed(r.wire, std::string("finite-element solve: ") + e.what());
        }
      catch (const InputError &)
        {
          throw;  // bad input: the run stops with exit status 2
        }
      catch (const std::exception &e)
        {
          // any other error of this wire's solve (e.g. a failed linear solver or memory): the
          // wire failed, the others go on (on rank groups the queue must not lose this rank)
          mark_failed(r.wire, std::string("finite-element solve, unexpected error: ") + e.what());
        }
      return r;
    }

    // What a rank group sends rank 0 about one FE wire (std::optional has no Boost
    // serialization in Boost 1.74).
    struct FETransfer
    {
      std::size_t index = 0;
      WireResult wire, thin;
      FilamentProfile profile;
      bool solved = false;  // 'fe' and 'thin' are set
      FEWireResult fe;

      template <class Archive>
      void serialize(Archive &ar, const unsigned int)
      {
        ar &index &wire &thin &profile &solved &fe;
      }
    };

    // The finite-element sweep. 'Ranks per wire' 0: every wire on all ranks in turn (the FE
    // solves are parallel), each starting from the previous wire's FE corrections if 'Reuse
    // neighbouring solutions' says so. Otherwise rank groups of that size take the wires from a
    // shared queue, thinnest (the most expensive) first, each wire from its own thin-filament
    // solution, so that a wire's result does not depend on which group solved it after which
    // other wire. The groups' own log is muted; each group's leader prints one line per wire,
    // and rank 0 logs every wire in diameter order at the end.
    std::vector<WireRecord> solve_fe_sweep(const CaseSetup &setup,
                                           const std::vector<double> &diameters, MPI_Comm comm)
    {
      std::vector<WireRecord> records;
      const unsigned int per_wire = setup.sweep.ranks_per_wire;
      if (per_wire == 0)
        {
          FEWireGuess previous;
          for (const double d : diameters)
            {
              records.push_back(
                solve_fe_record(setup, d, comm, setup.sweep.reuse_solutions ? &previous : nullptr));
              if (records.back().fe)
                log_fe_wire(*records.back().thin, *records.back().fe);
            }
          return records;
        }

      dealii::Timer timer;
      std::vector<FETransfer> mine;
      {
        WorkQueue queue(comm, per_wire);
        const Log::Mute mute;
        for (long i = queue.next(); i < static_cast<long>(diameters.size()); i = queue.next())
          {
            WireRecord r = solve_fe_record(setup, diameters[i], queue.group(), nullptr);
            if (!queue.leader())
              continue;
            FETransfer t;
            t.index = i;
            t.wire = r.wire;
            t.profile = r.profile;
            t.solved = r.fe.has_value();
            if (t.solved)
              {
                t.thin = *r.thin;
                t.fe = *r.fe;
              }
            mine.push_back(std::move(t));
            // every group's progress (the log itself is rank 0's and muted here)
            std::cout << "  rank group " << queue.group_index() + 1 << " of " << queue.n_groups()
                      << ": d = " << to_string(diameters[i] * 1e6) << " um "
                      << (r.wire.status == status::failed ? "FAILED" : "done") << " after "
                      << to_string(std::round(timer.wall_time() * 10) / 10) << " s" << std::endl;
          }
      }
      const auto all = dealii::Utilities::MPI::gather(comm, mine, 0);
      if (dealii::Utilities::MPI::this_mpi_process(comm) != 0)
        return records;
      records.resize(diameters.size());
      for (const auto &from_rank : all)
        for (const FETransfer &t : from_rank)
          {
            WireRecord &r = records[t.index];
            r.wire = t.wire;
            r.profile = t.profile;
            if (t.solved)
              {
                r.thin = t.thin;
                r.fe = t.fe;
              }
          }
      for (const auto &r : records)
        if (r.fe)
          log_fe_wire(*r.thin, *r.fe);
      return records;
    }
  }  // namespace

  WireRecord solve_fe_wire_record(const CaseSetup &setup, double diameter, MPI_Comm comm,
                                  const std::string &directory)
  {
    return solve_fe_record(setup, diameter, comm, nullptr, directory);
  }

  SweepResult run_sweep(const CaseSetup &setup, MPI_Comm comm)
  {
    dealii::Timer timer;
    const unsigned int n_ranks = dealii::Utilities::MPI::n_mpi_processes(comm);
    const std::vector<double> diameters = planned_diameters(setup, n_ranks);
    SweepResult result;
    result.wires = setup.flow_solver == FlowSolver::finite_element
                     ? solve_fe_sweep(setup, diameters, comm)
                     : solve_thin_sweep(setup, diameters, comm);
    if (dealii::Utilities::MPI::this_mpi_process(comm) != 0)
      return SweepResult();
    result.reference.wire = evaluate_reference_rod(setup);
    log_verdicts(result.wires);
    result.wall_time_s = timer.wall_time();
    return result;
  }
}  // namespace hotdraw

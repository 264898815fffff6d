#include "solver/app/application.h"

#include "materials/parameters.h"
#include "materials/registry.h"
#include "postprocess/atomic_file.h"
#include "postprocess/log.h"
#include "postprocess/results/calibrate.h"
#include "postprocess/results/columns.h"
#include "postprocess/results/output_files.h"
#include "postprocess/results/reports.h"
#include "postprocess/timing.h"
#include "solver/app/run_status.h"
#include "solver/case_setup.h"
#include "solver/studies/design.h"
#include "solver/studies/process_window.h"
#include "solver/studies/transfer_function_study.h"
#include "solver/studies/uncertainty.h"
#include "solver/sweep.h"
#include "solver/transfer_function_settings.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/utilities.h>

#include <hotdraw/version.h>

#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace hotdraw
{
  namespace
  {
    namespace fs = std::filesystem;

    void print_usage(std::ostream &out)
    {
      out << "Usage:\n"
             "  hotdraw FILE.prm               run the case described by FILE.prm\n"
             "  mpirun -np N hotdraw FILE.prm  the same on N MPI ranks\n"
             "  hotdraw --validate FILE.prm    check FILE.prm and print the resolved "
             "parameters; run nothing\n"
             "  hotdraw --output-directory DIR FILE.prm\n"
             "                                 run, writing to DIR instead of 'Output/Directory'\n"
             "  hotdraw --points i/N FILE.prm  run the i-th of N slices of the process-window "
             "map\n"
             "  hotdraw --resume FILE.prm      continue the transient runs of a killed run from "
             "their\n"
             "                                 checkpoints (fe_*um/checkpoint/, 'Checkpoint "
             "every')\n"
             "  hotdraw --merge DIR...         join the slices' maps (their output directories) "
             "into\n"
             "                                 window.csv and window.png here\n"
             "  hotdraw --print-parameters     list every parameter with its documentation, "
             "unit, default and allowed values\n"
             "  hotdraw --print-columns        list every column of the CSV files with its "
             "description\n"
             "  hotdraw --help                 this text\n"
             "  hotdraw --version              version and build information\n"
             "\n"
             "Exit status: 0 success (infeasible wires included: see their verdicts), 1 usage "
             "error, 2 bad input, 3 solver failure (a failed wire, or an infeasible one with "
             "'Feasibility/Stop on infeasible'), 4 internal error.\n";
    }

    void print_version(std::ostream &out)
    {
      out << "hotdraw " << HOTDRAW_VERSION << " (revision " << HOTDRAW_GIT_REVISION << ", deal.II "
          << HOTDRAW_DEAL_II_VERSION << ", " << HOTDRAW_BUILD_TYPE << ")\n";
    }

    std::string now_string()
    {
      const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
      std::ostringstream s;
      s << std::put_time(std::gmtime(&t), "%Y-%m-%d %H:%M:%S UTC");
      return s.str();
    }

    // The calibrated mapping as rank 0 fitted it, on every rank (the process-window points run
    // on all ranks and must not depend on which one).
    void share_calibration(CaseSetup &setup, const SweepResult &result, MPI_Comm comm)
    {
      std::vector<std::pair<std::string, double>> fitted;
      if (result.calibration.calibrated)
        for (std::size_t k = 0; k < result.calibration.fit.names.size(); ++k)
          fitted.emplace_back(result.calibration.fit.names[k], result.calibration.fit.values[k]);
      fitted = dealii::Utilities::MPI::broadcast(comm, fitted, 0);
      for (const auto &[name, value] : fitted)
        setup.calibrated->set(name, value);
    }

    // After the outputs are written: 3 if a wire failed, or is infeasible with 'Feasibility/
    // Stop on infeasible', else 0 (an infeasible wire is a result, reported in its verdict).
    int exit_status(const CaseSetup &setup, const SweepResult &result, MPI_Comm comm)
    {
      int code = 0;
      for (const auto &r : result.wires)
        if (r.wire.status == status::failed ||
            (r.wire.status == status::infeasible && setup.feasibility.stop_on_infeasible))
          code = 3;
      code = dealii::Utilities::MPI::max(code, comm);  // the records live on rank 0
      if (code != 0 && dealii::Utilities::MPI::this_mpi_process(comm) == 0)
        Log::out() << "\nExit status 3: "
                   << "a wire failed, or is infeasible with 'Feasibility/Stop on infeasible' "
                      "(the results of the others are written).\n";
      return code;
    }

    std::string file_text(const std::string &filename)
    {
      std::ifstream in(filename, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      return text.str();
    }

    void write_resolved_parameters(const ParameterSet &prm, const std::string &filename,
                                   const std::string &dir, const std::string &note)
    {
      AtomicFile file(dir + "/parameters.prm");
      std::ofstream &out = file.stream();
      out << "# hotdraw: fully resolved parameters of " << filename << note << " (" << now_string()
          << ")\n";
      prm.print_resolved(out);
      file.commit();
    }

    // The settings of a resolved parameter listing (ParameterSet::print_resolved) as
    // "Section/Sub/Key" -> value (comments, alignment and "# default:" notes dropped).
    std::map<std::string, std::string> resolved_settings(std::istream &in)
    {
      std::map<std::string, std::string> settings;
      std::vector<std::string> path;
      std::string line;
      auto trim = [](std::string x) {
        const auto a = x.find_first_not_of(" \t"), b = x.find_last_not_of(" \t");
        return a == std::string::npos ? std::string() : x.substr(a, b - a + 1);
      };
      while (std::getline(in, line))
        {
          line = trim(line);
          if (line.empty() || line[0] == '#')
            continue;
          if (line.rfind("subsection ", 0) == 0)
            path.push_back(trim(line.substr(11)));
          else if (line == "end" && !path.empty())
            path.pop_back();
          else if (line.rfind("set ", 0) == 0 && line.find('=') != std::string::npos)
            {
              const std::size_t eq = line.find('=');
              std::string value = line.substr(eq + 1);
              const std::size_t note = value.find("# default:");
              if (note != std::string::npos)
                value = value.substr(0, note);
              std::string key;
              for (const auto &p : path)
                key += p + "/";
              settings[key + trim(line.substr(4, eq - 4))] = trim(value);
            }
        }
      return settings;
    }

    // --resume continues the transient runs of the run whose parameters.prm is in 'dir': its
    // parameters must be this run's, but for the controls of the time stepping that leave the
    // state valid (end time, step limits and tolerances, coupled iterations, checkpoint and
    // output intervals), the output directory and the verbosity. An InputError (on every rank,
    // before any solve) if not.
    void check_resume_parameters(const ParameterSet &prm, const std::string &dir)
    {
      std::ifstream old_file(dir + "/parameters.prm");
      if (!old_file)
        return;  // no earlier run here: every wire starts from the beginning
      std::ostringstream now_text;
      prm.print_resolved(now_text);
      std::istringstream now_in(now_text.str());
      const auto before = resolved_settings(old_file), now = resolved_settings(now_in);
      auto may_change = [](const std::string &key) {
        const std::string fs = "Numerics/Free surface/";
        if (key.rfind(fs, 0) == 0)
          for (const char *k :
               {"End time", "Time step", "Minimum time step", "Time step tolerance",
                "Coupled iterations", "Coupled shape tolerance", "Coupled shape update",
                "Temperature tolerance", "Anderson depth", "Anderson mixing", "Checkpoint every",
                "Checkpoint wall time", "Output every"})
            if (key == fs + k)
              return true;
        return key == "Output/Directory" ||
               (key.size() >= 9 && key.compare(key.size() - 9, 9, "Verbosity") == 0);
      };
      std::vector<std::string> differences;
      for (const auto &[key, value] : now)
        {
          const auto it = before.find(key);
          const std::string old_value = it == before.end() ? "(not set)" : it->second;
          if (old_value != value && !may_change(key))
            differences.push_back("'" + key + "' = '" + value + "' (was '" + old_value + "')");
        }
      if (differences.empty())
        return;
      std::string list;
      for (std::size_t k = 0; k < differences.size() && k < 5; ++k)
        list += (k > 0 ? "; " : "") + differences[k];
      if (differences.size() > 5)
        list += "; and " + std::to_string(differences.size() - 5) + " more";
      throw InputError("--resume: the parameters differ from those of the run that wrote the "
                       "checkpoints in " +
                       dir + " (" + dir + "/parameters.prm): " + list +
                       ". Only the time-stepping controls of 'Numerics/Free surface' ('End time', "
                       "'Time step', 'Minimum time step', 'Time step tolerance', 'Coupled "
                       "iterations', 'Coupled shape tolerance', 'Coupled shape update', "
                       "'Temperature tolerance', "
                       "'Anderson depth', 'Anderson mixing', 'Checkpoint every', "
                       "'Checkpoint wall time', 'Output every'), "
                       "'Verbosity' and the output directory may change; run without --resume "
                       "to start afresh.");
    }

    // Rank 0: the output directory without an earlier run's results, the input echo, the
    // resolved parameters, and the log file.
    void prepare_output_directory(const ParameterSet &prm, const std::string &filename,
                                  const std::string &dir, const bool resume)
    {
      fs::create_directories(dir);
      const std::string unfinished = start_run_status(dir, filename);
      // a resumed run keeps the wires' folders with their checkpoints (and transient outputs)
      remove_stale_results(dir, resume ? std::vector<std::string>{"fe_*um"}
                                       : std::vector<std::string>{});
      {
        std::ifstream in(filename, std::ios::binary);
        AtomicFile out(dir + "/input.prm", std::ios::binary);
        out.stream() << in.rdbuf();
        out.commit();
      }
      write_resolved_parameters(prm, filename, dir, "");
      Log::instance().open(dir + "/log.txt");
      if (!unfinished.empty())
        Log::out() << unfinished << "\n";
    }

    void log_run_header(const CaseSetup &setup, const std::string &filename, MPI_Comm comm)
    {
      auto &log = Log::out();
      print_version(log);
      log << "Run of " << filename << " started " << now_string() << " on "
          << dealii::Utilities::MPI::n_mpi_processes(comm) << " MPI rank(s)\n"
          << "Material: " << setup.material.name << " (Tg = " << setup.material.glass_transition_K
          << " K, Tx = " << setup.material.crystallisation_K
          << " K, fragility m = " << setup.material.fragility_index() << "); "
          << setup.material.sources << "\n"
          << "Rheology: " << setup.rheology->name()
          << "; structural state: " << setup.state_model->name() << "\n"
          << "Output directory: " << setup.output.directory << "\n\n";
    }

    // Section "Design": finds the optimum and makes 'setup' the case at the optimum (its wire
    // diameter added to the sweep) for the full run that follows. False if no feasible process
    // was found.
    bool apply_design(ParameterSet &prm, const std::string &filename, const std::string &input_dir,
                      CaseSetup &setup, MPI_Comm comm)
    {
      const DesignResult design = run_design(file_text(filename), input_dir, setup, comm);
      if (!design.found)
        return false;
      const DesignSettings d = setup.design;
      for (std::size_t k = 0; k < d.parameters.size(); ++k)
        prm.set(d.parameters[k], design.optimum[k]);
      if (d.wire_diameter_m > 0)
        {
          prm.set("Geometry and process/Wire diameter", d.wire_diameter_m);
          std::vector<double> sweep = setup.sweep.wire_diameters_m;
          if (!sweep.empty() &&
              std::find(sweep.begin(), sweep.end(), d.wire_diameter_m) == sweep.end())
            {
              std::ostringstream list;
              list << std::setprecision(17);
              for (const double x : sweep)
                list << x << ", ";
              list << d.wire_diameter_m;
              prm.set("Sweep/Wire diameters", list.str());
            }
        }
      const std::string directory = setup.output.directory;
      setup = parse_case(prm, input_dir);
      setup.output.directory = directory;
      if (dealii::Utilities::MPI::this_mpi_process(comm) == 0)
        write_resolved_parameters(prm, filename, directory, ", at the design's optimum");
      return true;
    }

    // Rank 0: the tables, plots and summaries of the sweep and its uncertainty study.
    void write_run_outputs(const CaseSetup &setup, const SweepResult &result,
                           const UncertaintyStudy &study)
    {
      auto &log = Log::out();
      write_sweep_outputs(setup, result);
      print_summary(setup, result, log);
      if (setup.uncertainty.samples > 0)
        {
          write_sensitivity(study, setup.output.directory + "/sensitivity.csv");
          print_uncertainty_summary(study, log);
        }
      else
        log << "\nUncertainty: off ('Uncertainty/Samples' = 0): the numbers above are "
               "nominal values without bands.\n";
    }

    void log_results(const CaseSetup &setup, double wall_time_s, bool transfer_function)
    {
      Log::out() << "\nResults: " << setup.output.directory << "/sweep.csv"
                 << (setup.output.write_profiles ? ", profile_*.csv" : "") << ", calibration.txt"
                 << (setup.output.plot ? ", sweep.png, profiles.png" : "")
                 << (setup.uncertainty.samples > 0 ? ", sensitivity.csv" : "")
                 << (setup.design.enabled() ? ", design.csv" : "")
                 << (setup.window.enabled() ? ", window.csv" : "")
                 << (setup.window.enabled() && setup.output.plot ? ", window.png" : "")
                 << (transfer_function ? ", transfer_function.csv" : "")
                 << (transfer_function && setup.output.plot ? ", transfer_function.png" : "")
                 << "; input.prm, parameters.prm, log.txt\n"
                 << "Wall time " << std::fixed << std::setprecision(1) << wall_time_s
                 << std::defaultfloat << " s.\n\nStage timings (this rank):\n";
      timers().print_summary(Log::out());
    }

    int run_case(const std::string &filename, bool validate_only,
                 const std::string &output_directory = "", const PointSlice &slice = {},
                 const bool resume = false)
    {
      const MPI_Comm comm = MPI_COMM_WORLD;
      const bool root = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
      ParameterSet prm;
      declare_all_parameters(prm);
      prm.parse_file(filename);
      const std::string parent = fs::path(filename).parent_path().string();
      const std::string input_dir = parent.empty() ? "." : parent;
      CaseSetup setup = parse_case(prm, input_dir);
      // every check that needs more than the file's patterns, before any solve
      check_process_window(setup);
      check_design(setup);
      check_calibration(setup);
      if (validate_only)
        {
          if (root)
            {
              std::cout << filename << ": valid. Resolved parameters:\n\n";
              prm.print_resolved(std::cout);
            }
          return 0;
        }

      if (!output_directory.empty())
        setup.output.directory = output_directory;
      setup.free_surface.resume = resume;
      if (resume)
        check_resume_parameters(prm, setup.output.directory);
      if (root)
        prepare_output_directory(prm, filename, setup.output.directory, resume);
      MPI_Barrier(comm);
      log_run_header(setup, filename, comm);

      timers().reset();
      dealii::Timer run_timer;
      if (setup.design.enabled() && !apply_design(prm, filename, input_dir, setup, comm))
        {
          if (root)
            finish_run_status(true, "exit status 3: the design found no feasible process");
          return 3;
        }
      SweepResult result = run_sweep(setup, comm);
      if (root)
        calibrate_and_predict(setup, result);
      UncertaintyStudy study;
      if (setup.uncertainty.samples > 0)
        {
          Log::out() << "\nUncertainty: " << setup.uncertainty.samples
                     << " samples of the thin-filament model on "
                     << dealii::Utilities::MPI::n_mpi_processes(comm) << " rank(s) ...\n"
                     << std::flush;
          study = propagate_uncertainty(file_text(filename), input_dir, setup, result, comm);
        }
      if (root)
        write_run_outputs(setup, result, study);
      if (setup.window.enabled())
        {
          share_calibration(setup, result, comm);
          run_process_window(file_text(filename), input_dir, setup, slice, comm);
        }
      TransferFunctionSettings transfer;
      {
        Section section(prm, "Transfer function");
        transfer.parse_parameters(prm);
      }
      if (root && transfer.enabled)
        run_transfer_function(transfer, setup);
      if (root)
        log_results(setup, run_timer.wall_time(), transfer.enabled);
      const int code = exit_status(setup, result, comm);
      if (root)
        finish_run_status(true, code == 0 ? "exit status 0"
                                          : "exit status 3: a wire failed, or is infeasible with "
                                            "'Feasibility/Stop on infeasible' (see sweep.csv)");
      return code;
    }
  }  // namespace

  namespace
  {
    // The message of an error that ends the run, on stderr (and in the log and run_status on
    // rank 0; an internal error on every rank, which may be the only one that knows it);
    // returns the exit status 'code'.
    int report_error(const int code, const std::string &kind, const std::string &what)
    {
      const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
      if (root || code == 4)
        std::cerr << "hotdraw: " << kind << ": " << what << "\n";
      if (!root)
        return code;
      if (code == 3)
        Log::out() << "Solver failure: " << what << "\n";
      finish_run_status(false, "exit status " + std::to_string(code) + ": " + kind + ": " + what);
      return code;
    }
  }  // namespace

  int run_application(int argc, char **argv)
  {
    dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
    const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    std::vector<std::string> args(argv + 1, argv + argc);
    try
      {
        if (args.empty())
          {
            if (root)
              print_usage(std::cerr);
            return 1;
          }
        if (args[0] == "--help" || args[0] == "-h")
          {
            if (root)
              print_usage(std::cout);
            return 0;
          }
        if (args[0] == "--version")
          {
            if (root)
              print_version(std::cout);
            return 0;
          }
        if (args[0] == "--print-parameters")
          {
            ParameterSet prm;
            declare_all_parameters(prm);
            if (root)
              {
                std::cout << "hotdraw parameters: every entry with its default, unit, allowed "
                             "values and documentation.\n";
                prm.print_documentation(std::cout);
              }
            return 0;
          }
        if (args[0] == "--print-columns")
          {
            if (root)
              print_columns(std::cout);
            return 0;
          }
        if (args[0] == "--validate")
          {
            if (args.size() != 2)
              {
                if (root)
                  std::cerr << "hotdraw: --validate needs exactly one parameter file\n";
                return 1;
              }
            return run_case(args[1], true);
          }
        if (args[0] == "--merge")
          {
            if (args.size() < 2)
              {
                if (root)
                  std::cerr << "hotdraw: --merge needs the output directories of the slices\n";
                return 1;
              }
            if (root)
              merge_process_windows({args.begin() + 1, args.end()}, ".");
            return 0;
          }
        // a run: [--output-directory DIR] [--points i/N] [--resume] FILE.prm
        std::string output_directory;
        PointSlice slice;
        bool resume = false;
        std::size_t k = 0;
        while (k + 1 < args.size())
          if (args[k] == "--resume")
            {
              resume = true;
              k += 1;
            }
          else if (args[k] == "--output-directory")
            {
              output_directory = args[k + 1];
              k += 2;
            }
          else if (args[k] == "--points")
            {
              slice = PointSlice::parse(args[k + 1]);
              k += 2;
            }
          else
            break;
        if (k < args.size() && args[k].rfind("-", 0) == 0)
          {
            if (root)
              {
                std::cerr << "hotdraw: unknown option or missing value '" << args[k] << "'\n";
                print_usage(std::cerr);
              }
            return 1;
          }
        if (args.size() - k != 1)
          {
            if (root)
              std::cerr << "hotdraw: expected one parameter file after the options, got "
                        << args.size() - k << " arguments\n";
            return 1;
          }
        return run_case(args[k], false, output_directory, slice, resume);
      }
    catch (const InputError &e)
      {
        return report_error(2, "input error", e.what());
      }
    catch (const SolverError &e)
      {
        return report_error(3, "solver failure", e.what());
      }
    catch (const std::exception &e)
      {
        return report_error(4, "internal error", e.what());
      }
  }
}  // namespace hotdraw

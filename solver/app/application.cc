#include "solver/app/application.h"

#include "materials/parameters.h"
#include "postprocess/log.h"
#include "postprocess/results/calibrate.h"
#include "postprocess/results/columns.h"
#include "postprocess/results/output_files.h"
#include "postprocess/results/reports.h"
#include "postprocess/timing.h"
#include "solver/case_setup.h"
#include "solver/studies/uncertainty.h"
#include "solver/sweep.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>
#include <deal.II/base/utilities.h>

#include <hotdraw/version.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
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
             "  hotdraw --print-parameters     list every parameter with its documentation, "
             "unit, default and allowed values\n"
             "  hotdraw --print-columns        list every column of the CSV files with its "
             "description\n"
             "  hotdraw --help                 this text\n"
             "  hotdraw --version              version and build information\n"
             "\n"
             "Exit status: 0 success, 1 usage error, 2 bad input, 3 solver failure, 4 internal "
             "error.\n";
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

    int run_case(const std::string &filename, bool validate_only,
                 const std::string &output_directory = "")
    {
      const MPI_Comm comm = MPI_COMM_WORLD;
      const bool root = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
      ParameterSet prm;
      declare_all_parameters(prm);
      prm.parse_file(filename);
      const std::string input_dir = fs::path(filename).parent_path().string();
      CaseSetup setup = parse_case(prm, input_dir.empty() ? "." : input_dir);

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
      const std::string dir = setup.output.directory;
      if (root)
        {
          fs::create_directories(dir);
          remove_stale_results(dir);
          {
            std::ifstream in(filename, std::ios::binary);
            std::ofstream out(dir + "/input.prm", std::ios::binary);
            out << in.rdbuf();
          }
          {
            std::ofstream out(dir + "/parameters.prm");
            out << "# hotdraw: fully resolved parameters of " << filename << " (" << now_string()
                << ")\n";
            prm.print_resolved(out);
          }
          Log::instance().open(dir + "/log.txt");
        }
      MPI_Barrier(comm);

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
          << "Output directory: " << dir << "\n\n";

      timers().reset();
      dealii::Timer run_timer;
      SweepResult result = run_sweep(setup, comm);
      if (root)
        calibrate_and_predict(setup, result);
      UncertaintyStudy study;
      if (setup.uncertainty.samples > 0)
        {
          std::ifstream in(filename, std::ios::binary);
          std::ostringstream text;
          text << in.rdbuf();
          log << "\nUncertainty: " << setup.uncertainty.samples
              << " samples of the thin-filament model on "
              << dealii::Utilities::MPI::n_mpi_processes(comm) << " rank(s) ...\n"
              << std::flush;
          study = propagate_uncertainty(text.str(), input_dir.empty() ? "." : input_dir, setup,
                                        result, comm);
        }
      if (root)
        {
          write_sweep_outputs(setup, result);
          print_summary(setup, result, log);
          if (setup.uncertainty.samples > 0)
            {
              write_sensitivity(study, dir + "/sensitivity.csv");
              print_uncertainty_summary(study, log);
            }
          else
            log << "\nUncertainty: off ('Uncertainty/Samples' = 0): the numbers above are "
                   "nominal values without bands.\n";
          log << "\nResults: " << dir << "/sweep.csv"
              << (setup.output.write_profiles ? ", profile_*.csv" : "") << ", calibration.txt"
              << (setup.output.plot ? ", sweep.png, profiles.png" : "")
              << (setup.uncertainty.samples > 0 ? ", sensitivity.csv" : "")
              << "; input.prm, parameters.prm, log.txt\n"
              << "Wall time " << std::fixed << std::setprecision(1) << run_timer.wall_time()
              << std::defaultfloat << " s.\n\nStage timings (this rank):\n";
          timers().print_summary(log);
        }
      return 0;
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
        if (args[0] == "--output-directory")
          {
            if (args.size() != 3)
              {
                if (root)
                  std::cerr << "hotdraw: --output-directory needs a directory and a parameter "
                               "file\n";
                return 1;
              }
            return run_case(args[2], false, args[1]);
          }
        if (args[0].rfind("-", 0) == 0)
          {
            if (root)
              {
                std::cerr << "hotdraw: unknown option '" << args[0] << "'\n";
                print_usage(std::cerr);
              }
            return 1;
          }
        if (args.size() != 1)
          {
            if (root)
              std::cerr << "hotdraw: expected one parameter file, got " << args.size()
                        << " arguments\n";
            return 1;
          }
        return run_case(args[0], false);
      }
    catch (const InputError &e)
      {
        if (root)
          std::cerr << "hotdraw: input error: " << e.what() << "\n";
        return 2;
      }
    catch (const SolverError &e)
      {
        if (root)
          {
            std::cerr << "hotdraw: solver failure: " << e.what() << "\n";
            Log::out() << "Solver failure: " << e.what() << "\n";
          }
        return 3;
      }
    catch (const std::exception &e)
      {
        std::cerr << "hotdraw: internal error: " << e.what() << "\n";
        return 4;
      }
  }
}  // namespace hotdraw

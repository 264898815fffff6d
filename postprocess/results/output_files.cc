#include "postprocess/results/output_files.h"

#include <algorithm>
#include <filesystem>

namespace hotdraw
{
  const std::vector<OutputFile> &output_files()
  {
    static const std::vector<OutputFile> files = {
      {"input.prm", "the parameter file exactly as given", false, true},
      {"parameters.prm",
       "the fully resolved parameter set (defaults included); it can be run "
       "again",
       false, true},
      {"log.txt", "everything the run printed", false, true},
      {"sweep.csv", "one row per wire plus the reference rod (columns: see below)"},
      {"profile_*.csv", "the axial profile of each wire (thin-filament model)"},
      {"sensitivity.csv", "the global sensitivity ranking of the uncertainty study: per wire, "
                          "quantity and uncertain input the standardized regression coefficient "
                          "and its rank (section Uncertainty)"},
      {"calibration.txt", "the fitted parameters with their uncertainties, residuals and chi2"},
      {"sweep.png", "plots of the sweep"},
      {"sweep.png.gp", "gnuplot script of sweep.png (restyle and rerun it)"},
      {"sweep.png.dat", "data of sweep.png"},
      {"profiles.png", "plots of the axial profiles"},
      {"profiles.png.gp", "gnuplot script of profiles.png"},
      {"profiles.png.dat", "data of profiles.png"},
      {"design.csv",
       "the inverse design: one row per evaluation (parameters, verdict, objective, constraints; "
       "section Design)"},
      {"window.csv", "the process-window map: one row per point (section Process window)"},
      {"window.png", "the process-window map"},
      {"window.png.gp", "gnuplot script of window.png"},
      {"window.png.dat", "data of window.png"},
      {"transfer_function.csv",
       "the diameter response to the take-up speed: amplitude ratio and phase against frequency "
       "(section Transfer function)"},
      {"transfer_function.png", "the Bode plot of transfer_function.csv"},
      {"transfer_function.png.gp", "gnuplot script of transfer_function.png"},
      {"transfer_function.png.dat", "data of transfer_function.png"},
      {"window_progress.txt",
       "the finished points of the process-window map, appended one by one: a killed run "
       "restarted with the same command resumes from it (kept across runs)",
       false, true},
      {"window_progress.txt.old", "a progress file of another case or map, moved aside", false,
       true},
      {".*.tmp",
       "a file being written, renamed to its name when complete (left only by a killed run; "
       "removed at the next start)"},
      {"run_status",
       "the state of the run: 'running' (with the process id and host; still there after the run "
       "ends: it was killed), 'complete' or 'failed' with the reason",
       false, true},
      {"fe_point_*",
       "the finite-element files of the process-window points in 'Finite-element points' (as "
       "fe_*um; kept across runs with window_progress.txt, removed when a map starts afresh)",
       true, true},
      {"fe_*um",
       "finite-element runs, per wire: steady.vtu (the converged state, every array), "
       "iterations.pvd with iteration_*.vtu (time = iteration number), transient.pvd with "
       "transient_*.vtu (transient runs, time in s), paths.vtp, radial_profile.csv, "
       "surface.csv, statistics.txt (and time_series.txt, particles.csv, particles.vtp and, with "
       "'Checkpoint every', checkpoint/ for transient runs; kept by 'hotdraw --resume')",
       true},
    };
    return files;
  }

  bool matches(const std::string &pattern, const std::string &name)
  {
    const auto star = pattern.find('*');
    if (star == std::string::npos)
      return pattern == name;
    const std::string head = pattern.substr(0, star), tail = pattern.substr(star + 1);
    return name.size() >= head.size() + tail.size() && name.compare(0, head.size(), head) == 0 &&
           name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
  }

  void remove_stale_results(const std::string &directory, const std::vector<std::string> &keep)
  {
    namespace fs = std::filesystem;
    if (!fs::exists(directory))
      return;
    for (const auto &entry : fs::directory_iterator(directory))
      {
        const std::string name = entry.path().filename().string();
        const bool keep_this = std::any_of(keep.begin(), keep.end(), [&](const std::string &k) {
          return matches(k, name);
        });
        for (const auto &f : output_files())
          if (!f.kept && !keep_this && matches(f.pattern, name) &&
              entry.is_directory() == f.directory)
            {
              fs::remove_all(entry.path());
              break;
            }
      }
  }
}  // namespace hotdraw

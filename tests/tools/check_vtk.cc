// hotdraw_check_vtk: reads VTK output back through VTK's own readers (as ParaView does) and checks
// that the requested arrays exist, are finite and lie in the given ranges.
//
//   hotdraw_check_vtk FILE [--array NAME[:MIN:MAX]]... [--min-steps N] [--shared-points]
//                     [--iteration-times]
//
// FILE is a .pvd (every data set it lists is checked; it must list at least N of them, default 1,
// and all of them must have the same point arrays), .pvtu, .vtu or .vtp. --shared-points: no two
// points of a file may coincide (the cells share their points). --iteration-times: the .pvd's
// times are the iteration numbers: integers from 0, increasing. An array is looked up in the point
// data, then in the cell data. Ranges apply to the values of scalars and to the magnitude of
// vectors; MIN or MAX may be -inf or inf. Prints one line per file with its points, cells and the
// ranges of the checked arrays (all point arrays if none is requested). Exit status: 0 all checks
// passed, 1 a check failed or a file could not be read, 2 wrong command line.
#include "postprocess/vtk_check.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace
{
  struct ArrayCheck
  {
    std::string name;
    bool has_range = false;
    double min = 0, max = 0;
  };

  struct Options
  {
    std::string file;
    std::vector<ArrayCheck> arrays;
    long min_steps = -1;  // -1: not given
    bool shared_points = false, iteration_times = false;
  };

  class UsageError : public std::runtime_error
  {
    using std::runtime_error::runtime_error;
  };

  // A check of the collection failed.
  class CheckFailure : public std::runtime_error
  {
    using std::runtime_error::runtime_error;
  };

  const char *const usage =
    "usage: hotdraw_check_vtk FILE [--array NAME[:MIN:MAX]]... [--min-steps N]\n"
    "                         [--shared-points] [--iteration-times]\n"
    "  FILE         .pvd (checks every data set it lists), .pvtu, .vtu or .vtp\n"
    "  --array      the array must exist in every file and be finite; with MIN:MAX its values\n"
    "               (the magnitude for vectors) must lie in [MIN, MAX] (-inf, inf allowed)\n"
    "  --min-steps  a .pvd must list at least N data sets (default 1)\n"
    "  --shared-points    no two points of a file coincide (cells share their points)\n"
    "  --iteration-times  the .pvd's times are iteration numbers: integers from 0, increasing\n"
    "  Every data set of a .pvd must have the same point arrays as the first.\n";

  double parse_double(const std::string &text, const std::string &what)
  {
    errno = 0;
    char *end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || std::isnan(value) || errno == ERANGE)
      throw UsageError(what + ": '" + text + "' is not a number.");
    return value;
  }

  // NAME or NAME:MIN:MAX (the name itself may contain ':', the bounds are the last two fields).
  ArrayCheck parse_array(const std::string &spec)
  {
    ArrayCheck check;
    const auto second = spec.rfind(':');
    const auto first =
      second == std::string::npos || second == 0 ? std::string::npos : spec.rfind(':', second - 1);
    if (first == std::string::npos)
      {
        if (second != std::string::npos)
          throw UsageError("--array " + spec + ": expected NAME or NAME:MIN:MAX.");
        check.name = spec;
      }
    else
      {
        check.name = spec.substr(0, first);
        check.has_range = true;
        check.min = parse_double(spec.substr(first + 1, second - first - 1), "--array " + spec);
        check.max = parse_double(spec.substr(second + 1), "--array " + spec);
        if (check.min > check.max)
          throw UsageError("--array " + spec + ": MIN is larger than MAX.");
      }
    if (check.name.empty())
      throw UsageError("--array " + spec + ": empty array name.");
    return check;
  }

  Options parse_command_line(int argc, char **argv)
  {
    Options o;
    for (int i = 1; i < argc; ++i)
      {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
          if (i + 1 >= argc)
            throw UsageError(arg + " needs a value.");
          return argv[++i];
        };
        if (arg == "--array")
          o.arrays.push_back(parse_array(value()));
        else if (arg == "--min-steps")
          {
            const std::string n = value();
            char *end = nullptr;
            errno = 0;
            o.min_steps = std::strtol(n.c_str(), &end, 10);
            if (n.empty() || end != n.c_str() + n.size() || errno == ERANGE || o.min_steps < 0)
              throw UsageError("--min-steps: '" + n + "' is not a non-negative integer.");
          }
        else if (arg == "--shared-points")
          o.shared_points = true;
        else if (arg == "--iteration-times")
          o.iteration_times = true;
        else if (arg == "-h" || arg == "--help")
          {
            std::cout << usage;
            std::exit(0);
          }
        else if (!arg.empty() && arg[0] == '-')
          throw UsageError("unknown option '" + arg + "'.");
        else if (o.file.empty())
          o.file = arg;
        else
          throw UsageError("more than one FILE given ('" + o.file + "', '" + arg + "').");
      }
    if (o.file.empty())
      throw UsageError("no FILE given.");
    return o;
  }

  std::string format(double x)
  {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", x);
    return buffer;
  }

  std::string describe(const hotdraw::VtkArrayStats &a, bool cell_data)
  {
    // |name| marks the magnitude of a vector.
    std::string text = (a.n_components > 1 ? "|" + a.name + "|" : a.name) +
                       (cell_data ? " (cell)" : "") + " [" + format(a.min) + ", " + format(a.max) +
                       "]";
    if (!a.all_finite)
      text += " NON-FINITE";
    return text;
  }

  // Checks one file and prints its line; returns the failed checks (empty if all passed). Throws
  // std::runtime_error if the file cannot be read.
  std::vector<std::string> check_file(const std::string &filename, const Options &options,
                                      std::vector<std::string> &point_array_names)
  {
    const std::vector<ArrayCheck> &checks = options.arrays;
    const hotdraw::VtkFileStats stats = hotdraw::read_vtk_stats(filename);
    for (const auto &a : stats.point_data)
      point_array_names.push_back(a.name);
    // Point data first, then cell data.
    const auto find = [&](const std::string &name) {
      const hotdraw::VtkArrayStats *a = stats.find_point_data(name);
      return a != nullptr ? a : stats.find_cell_data(name);
    };

    std::ostringstream line;
    line << filename << ": " << stats.n_points << " points, " << stats.n_cells << " cells";
    if (checks.empty())
      for (const auto &a : stats.point_data)
        line << "; " << describe(a, false);
    for (const auto &c : checks)
      if (const hotdraw::VtkArrayStats *a = find(c.name))
        line << "; " << describe(*a, stats.find_point_data(c.name) == nullptr);
    std::cout << line.str() << std::endl;
    for (const auto &w : stats.warnings)
      std::cout << "  VTK warning: " << w << std::endl;

    std::vector<std::string> failures;
    if (options.shared_points && stats.n_distinct_points < stats.n_points)
      failures.push_back(filename + ": only " + std::to_string(stats.n_distinct_points) + " of " +
                         std::to_string(stats.n_points) +
                         " points are distinct: the cells do not share their points.");
    for (const auto &c : checks)
      {
        const std::string array = filename + ": array '" + c.name + "'";
        const hotdraw::VtkArrayStats *a = find(c.name);
        if (a == nullptr)
          {
            std::string names;
            for (const auto &p : stats.point_data)
              names += (names.empty() ? "" : ", ") + p.name;
            for (const auto &p : stats.cell_data)
              names += (names.empty() ? "" : ", ") + p.name + " (cell)";
            failures.push_back(array + " does not exist (the file has: " + names + ").");
          }
        else if (a->n_tuples == 0)
          failures.push_back(array + " is empty.");
        else if (!a->all_finite)
          failures.push_back(array + " has non-finite values (nan or inf).");
        else if (c.has_range && (a->min < c.min || a->max > c.max))
          failures.push_back(array + (a->n_components > 1 ? " magnitude" : "") + " range [" +
                             format(a->min) + ", " + format(a->max) + "] is not within [" +
                             format(c.min) + ", " + format(c.max) + "].");
      }
    return failures;
  }

  // The times of an iteration series: integers from 0, increasing.
  void check_iteration_times(const std::string &pvd,
                             const std::vector<hotdraw::PvdDataSet> &data_sets)
  {
    for (std::size_t i = 0; i < data_sets.size(); ++i)
      {
        const auto &t = data_sets[i].timestep;
        const bool first_ok = i > 0 || (t && *t == 0);
        if (!t || *t != std::round(*t) || !first_ok || (i > 0 && *t <= *data_sets[i - 1].timestep))
          throw CheckFailure(pvd + ": DataSet " + std::to_string(i) + " has the time " +
                             (t ? format(*t) : std::string("(none)")) +
                             "; iteration numbers must be integers from 0, increasing.");
      }
  }

  // The point array names of every file of a series must be those of the first.
  std::string compare_arrays(const std::string &file, const std::vector<std::string> &names,
                             const std::string &first, const std::vector<std::string> &first_names)
  {
    if (names == first_names)
      return "";
    const auto list = [](const std::vector<std::string> &v) {
      std::string text;
      for (const auto &n : v)
        text += (text.empty() ? "" : ", ") + n;
      return text;
    };
    return file + ": has the point arrays (" + list(names) + ") but " + first + " has (" +
           list(first_names) + "); every file of a series must hold the same arrays.";
  }

  bool is_pvd(const std::string &filename)
  {
    std::string extension = std::filesystem::path(filename).extension().string();
    for (auto &ch : extension)
      ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return extension == ".pvd";
  }
}  // namespace

int main(int argc, char **argv)
{
  Options options;
  try
    {
      options = parse_command_line(argc, argv);
      if ((options.min_steps >= 0 || options.iteration_times) && !is_pvd(options.file))
        throw UsageError("--min-steps and --iteration-times apply to .pvd files only.");
    }
  catch (const UsageError &e)
    {
      std::cerr << "hotdraw_check_vtk: " << e.what() << '\n' << usage;
      return 2;
    }

  try
    {
      std::vector<std::string> files;
      if (is_pvd(options.file))
        {
          const auto data_sets = hotdraw::read_pvd(options.file);
          const long min_steps = options.min_steps >= 0 ? options.min_steps : 1;
          if (static_cast<long>(data_sets.size()) < min_steps)
            throw CheckFailure(options.file + ": lists " + std::to_string(data_sets.size()) +
                               " data sets, at least " + std::to_string(min_steps) + " required.");
          std::cout << options.file << ": " << data_sets.size() << " data sets";
          if (!data_sets.empty() && data_sets.front().timestep && data_sets.back().timestep)
            std::cout << ", timesteps " << format(*data_sets.front().timestep) << " ... "
                      << format(*data_sets.back().timestep);
          std::cout << std::endl;
          if (options.iteration_times)
            check_iteration_times(options.file, data_sets);
          for (const auto &d : data_sets)
            files.push_back(d.file);
        }
      else
        files.push_back(options.file);

      // Check every file, also after a failure, so that one run reports all of them.
      std::size_t n_failed = 0;
      std::vector<std::string> first_names;
      for (const auto &f : files)
        {
          std::vector<std::string> failures, names;
          try
            {
              failures = check_file(f, options, names);
              if (f == files.front())
                first_names = names;
              else if (const std::string m = compare_arrays(f, names, files.front(), first_names);
                       !m.empty())
                failures.push_back(m);
            }
          catch (const std::exception &e)
            {
              failures.push_back(e.what());
            }
          for (const auto &message : failures)
            std::cerr << "hotdraw_check_vtk: FAILED: " << message << std::endl;
          n_failed += failures.empty() ? 0 : 1;
        }
      if (n_failed > 0)
        {
          std::cerr << "hotdraw_check_vtk: " << n_failed << " of " << files.size()
                    << " file(s) failed." << std::endl;
          return 1;
        }
      std::cout << "hotdraw_check_vtk: " << files.size() << " file(s) passed." << std::endl;
      return 0;
    }
  catch (const std::exception &e)
    {
      std::cerr << "hotdraw_check_vtk: FAILED: " << e.what() << std::endl;
      return 1;
    }
}

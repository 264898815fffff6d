#include "solver/studies/process_window.h"

#include "materials/parameters.h"
#include "postprocess/log.h"
#include "postprocess/plot.h"
#include "postprocess/results/columns.h"
#include "postprocess/results/output_files.h"
#include "postprocess/table.h"
#include "postprocess/timing.h"
#include "solver/case_setup.h"
#include "solver/parallel/work_queue.h"
#include "solver/studies/point.h"
#include "solver/sweep.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>

#include <hotdraw/version.h>

#include <boost/serialization/vector.hpp>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iomanip>
#include <map>
#include <set>
#include <sstream>

namespace hotdraw
{
  namespace
  {
    namespace fs = std::filesystem;
    const char *progress_name = "window_progress.txt";
    const char *end_marker = ",end";

    // The sweep.csv columns every point has (not the optional FE and band columns).
    std::vector<Column<WireRecord>> point_columns()
    {
      std::vector<Column<WireRecord>> c;
      for (const auto &column : sweep_columns())
        if (!column.optional && column.name != "case" && column.name != "calibration_range")
          c.push_back(column);
      return c;
    }

    std::string parameter_column(const WindowSettings &w, std::size_t k)
    {
      return w.parameters[k] + (w.units[k].empty() ? "" : " [" + w.units[k] + "]");
    }

    // The header and the data row of one point, as CSV lines.
    std::pair<std::string, std::string> csv_lines(const WindowSettings &w, std::size_t index,
                                                  const WireRecord &record)
    {
      Table t;
      t.declare_column("point");
      for (std::size_t k = 0; k < w.parameters.size(); ++k)
        t.declare_column(parameter_column(w, k));
      const auto columns = point_columns();
      for (const auto &c : columns)
        t.declare_column(c.name);
      t.declare_column("model");
      t.add("point", static_cast<double>(index));
      const std::vector<double> p = w.point(index);
      for (std::size_t k = 0; k < p.size(); ++k)
        t.add(parameter_column(w, k), p[k]);
      for (const auto &c : columns)
        {
          const Cell cell = c.get(record);
          if (const double *x = std::get_if<double>(&cell))
            t.add(c.name, *x);
          else if (const std::string *s = std::get_if<std::string>(&cell))
            t.add(c.name, *s);
        }
      t.add("model", std::binary_search(w.fe_points.begin(), w.fe_points.end(), index)
                       ? "finite element"
                       : "thin filament");
      t.end_row();
      std::ostringstream out;
      t.write_csv(out);
      std::istringstream in(out.str());
      std::string header, row;
      std::getline(in, header);
      std::getline(in, row);
      return {header, row};
    }

    // --- the progress file ---------------------------------------------------------------
    struct Progress
    {
      std::map<std::string, std::string> header;  // key -> value of the '# key: value' lines
      std::map<std::size_t, std::string> rows;    // point -> its CSV row
    };

    std::string header_text(const CaseSetup &setup, const std::string &text,
                            const PointSlice &slice)
    {
      const WindowSettings &w = setup.window;
      std::ostringstream h;
      h << "# hotdraw process-window progress: one line per finished point (point, then its "
           "window.csv row, then 'end')\n"
        << "# hotdraw: " << HOTDRAW_VERSION << " " << HOTDRAW_GIT_REVISION << "\n"
        << "# case: " << std::hex << std::hash<std::string>()(text) << std::dec << "\n"
        << "# points: " << w.n_points() << "\n"
        << "# slice: " << slice.index << "/" << slice.count << "\n"
        << "# map: " << w.map_column << "\n";
      for (std::size_t k = 0; k < w.parameters.size(); ++k)
        h << "# parameter " << k + 1 << ": " << parameter_column(w, k) << "\n";
      return h.str();
    }

    Progress read_progress(const std::string &file)
    {
      Progress p;
      std::ifstream in(file);
      for (std::string line; std::getline(in, line);)
        {
          if (line.rfind("# ", 0) == 0)
            {
              const auto colon = line.find(": ");
              if (colon != std::string::npos)
                p.header[line.substr(2, colon - 2)] = line.substr(colon + 2);
              continue;
            }
          // a line cut by a kill has no end marker: that point is run again
          const std::size_t m = std::string(end_marker).size();
          if (line.size() <= m || line.compare(line.size() - m, m, end_marker) != 0)
            continue;
          const auto comma = line.find(',');
          if (comma == std::string::npos)
            continue;
          try
            {
              const std::size_t index = std::stoul(line.substr(0, comma));
              p.rows[index] = line.substr(comma + 1, line.size() - m - comma - 1);
            }
          catch (const std::exception &)
            {}
        }
      return p;
    }

    // Appends one line with a single write, so that a kill never leaves half a line that
    // looks whole (the end marker tells).
    void append_line(const std::string &file, const std::string &line)
    {
      const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
      if (fd < 0)
        throw std::runtime_error("Cannot append to '" + file + "'");
      const std::string text = line + "\n";
      const ssize_t n = ::write(fd, text.data(), text.size());
      ::fsync(fd);
      ::close(fd);
      if (n != static_cast<ssize_t>(text.size()))
        throw std::runtime_error("Cannot append to '" + file + "'");
    }

    // --- outputs --------------------------------------------------------------------------
    struct WindowTable
    {
      std::vector<std::string> parameters;  // column names of the varied parameters
      std::string map;
      Table table;
    };

    // The header names of window.csv for 'setup' (from an empty record).
    std::string csv_header(const WindowSettings &w)
    {
      WireRecord empty;
      empty.wire.status = status::failed;
      return csv_lines(w, 0, empty).first;
    }

    // Is the column's grid better seen on a log axis (positive, spanning a factor of 10)?
    bool log_spaced(const Table &t, const std::string &column)
    {
      double lo = INFINITY, hi = 0;
      for (std::size_t i = 0; i < t.n_rows(); ++i)
        {
          lo = std::min(lo, t.value(i, column));
          hi = std::max(hi, t.value(i, column));
        }
      return lo > 0 && hi >= 10 * lo;
    }

    struct WindowTable;
    Series boundary(const WindowTable &w, double third);

    // window.png: the map column in colour over the feasible points, the infeasible points as
    // hollow symbols per first reason, and the feasibility boundary.
    void plot_window(const WindowTable &w, const std::string &png)
    {
      const Table &t = w.table;
      const std::size_t n = t.n_rows();
      const std::size_t dims = w.parameters.size();
      PlotSpec spec;
      spec.title = "Process window: " + w.map + " (colour: feasible wires; symbols: why not)";
      spec.columns = 1;
      spec.width_px = 1300;
      spec.height_px = 850;
      spec.key = "outside right top";
      const std::string px = w.parameters[0], py = dims > 1 ? w.parameters[1] : w.map;
      // panels: one, or one per value of the third parameter
      std::vector<double> third;
      if (dims == 3)
        {
          std::set<double> v;
          for (std::size_t i = 0; i < n; ++i)
            v.insert(t.value(i, w.parameters[2]));
          third.assign(v.begin(), v.end());
          spec.columns = std::min<std::size_t>(3, third.size());
          spec.width_px = 700 * spec.columns;
          spec.height_px = 600 * ((third.size() + spec.columns - 1) / spec.columns);
        }
      const std::size_t n_panels = dims == 3 ? third.size() : 1;
      for (std::size_t k = 0; k < n_panels; ++k)
        {
          Panel p;
          p.title = dims == 3 ? w.parameters[2] + " = " + to_string(third[k], 4) : "";
          p.x_label = px;
          p.y_label = py;
          p.color_label = w.map;
          Series ok;
          ok.title = "feasible";
          std::map<std::string, Series> bad;
          auto y_of = [&](std::size_t i) { return dims > 1 ? t.value(i, py) : t.value(i, w.map); };
          for (std::size_t i = 0; i < n; ++i)
            {
              if (dims == 3 && t.value(i, w.parameters[2]) != third[k])
                continue;
              const std::string st = t.text(i, "status");
              const double x = t.value(i, px), y = y_of(i);
              if (st == status::ok)
                {
                  ok.x.push_back(x);
                  ok.y.push_back(y);
                  ok.color.push_back(t.value(i, w.map));
                  continue;
                }
              std::string reason = t.text(i, "reasons");
              reason = reason.substr(0, reason.find(';'));
              Series &s = bad[st + ": " + reason];
              s.x.push_back(x);
              s.y.push_back(y);
            }
          if (dims == 1)
            {
              ok.color.clear();
              ok.title = w.map + " (feasible)";
            }
          p.series.push_back(ok);
          if (dims > 1)
            p.series.push_back(boundary(w, dims == 3 ? third[k] : NAN));
          p.log_x = log_spaced(t, px);
          p.log_y = dims > 1 && log_spaced(t, py);
          const char *types[] = {"6", "8", "4", "10", "12", "2", "1", "3"};
          unsigned int j = 0;
          for (auto &[label, s] : bad)
            {
              s.title = label;
              s.points = true;
              s.style = std::string("pt ") + types[j++ % 8] + " ps 1.6 lc rgb '#555555'";
              p.series.push_back(s);
            }
          spec.panels.push_back(p);
        }
      std::string message;
      if (!write_plot(spec, png, message))
        Log::out() << message << "\n";
    }

    // The feasibility boundary on the grid of the first two parameters (at the third's value
    // 'third' if there is one): a segment between every pair of neighbouring points of which
    // one is feasible and the other not, half-way between them.
    Series boundary(const WindowTable &w, double third)
    {
      const Table &t = w.table;
      std::set<double> xs, ys;
      std::map<std::pair<double, double>, bool> ok;
      for (std::size_t i = 0; i < t.n_rows(); ++i)
        {
          if (w.parameters.size() == 3 && t.value(i, w.parameters[2]) != third)
            continue;
          const double x = t.value(i, w.parameters[0]), y = t.value(i, w.parameters[1]);
          xs.insert(x);
          ys.insert(y);
          ok[{x, y}] = t.text(i, "status") == status::ok;
        }
      const std::vector<double> X(xs.begin(), xs.end()), Y(ys.begin(), ys.end());
      const bool log_x = log_spaced(t, w.parameters[0]), log_y = log_spaced(t, w.parameters[1]);
      auto mid = [](const std::vector<double> &v, std::size_t a, std::size_t b, bool log) {
        return log ? std::sqrt(v[a] * v[b]) : 0.5 * (v[a] + v[b]);
      };
      // the edges of cell j along an axis: half-way to the neighbours (the end itself at the
      // ends)
      auto lower = [&](const std::vector<double> &v, std::size_t j, bool log) {
        return j == 0 ? v[0] : mid(v, j - 1, j, log);
      };
      auto upper = [&](const std::vector<double> &v, std::size_t j, bool log) {
        return j + 1 == v.size() ? v[j] : mid(v, j, j + 1, log);
      };
      Series s;
      s.title = "feasibility boundary";
      s.style = "lc rgb 'black' lw 2.5 pt 0";
      auto segment = [&s](double x0, double y0, double x1, double y1) {
        s.x.insert(s.x.end(), {x0, x1, NAN});
        s.y.insert(s.y.end(), {y0, y1, NAN});
      };
      for (std::size_t i = 0; i < X.size(); ++i)
        for (std::size_t j = 0; j < Y.size(); ++j)
          {
            const auto a = ok.find({X[i], Y[j]});
            if (a == ok.end())
              continue;
            if (i + 1 < X.size())
              {
                const auto b = ok.find({X[i + 1], Y[j]});
                if (b != ok.end() && a->second != b->second)
                  {
                    const double x = mid(X, i, i + 1, log_x);
                    segment(x, lower(Y, j, log_y), x, upper(Y, j, log_y));
                  }
              }
            if (j + 1 < Y.size())
              {
                const auto b = ok.find({X[i], Y[j + 1]});
                if (b != ok.end() && a->second != b->second)
                  {
                    const double y = mid(Y, j, j + 1, log_y);
                    segment(lower(X, i, log_x), y, upper(X, i, log_x), y);
                  }
              }
          }
      return s;
    }

    // The table from the progress rows (in point order), written to window.csv (and .png).
    WindowTable window_table(const std::string &header, const Progress &progress,
                             const std::string &map, std::size_t n_parameters)
    {
      std::ostringstream csv;
      csv << header << "\n";
      for (const auto &[index, row] : progress.rows)
        csv << row << "\n";
      const std::string tmp =
        (fs::temp_directory_path() / ("hotdraw_window_" + std::to_string(::getpid()) + ".csv"))
          .string();
      {
        std::ofstream out(tmp);
        out << csv.str();
      }
      WindowTable w;
      w.table = Table::read_csv(tmp);
      fs::remove(tmp);
      w.map = map;
      for (std::size_t k = 1; k <= n_parameters; ++k)
        w.parameters.push_back(w.table.columns()[k]);
      return w;
    }

    void print_window_summary(const WindowTable &w, std::ostream &out)
    {
      const Table &t = w.table;
      std::map<std::string, std::size_t> reasons;
      std::size_t ok = 0;
      std::vector<double> lo(w.parameters.size(), INFINITY), hi(w.parameters.size(), -INFINITY);
      double best = NAN, worst = NAN;
      std::size_t best_row = 0;
      for (std::size_t i = 0; i < t.n_rows(); ++i)
        {
          if (t.text(i, "status") != status::ok)
            {
              std::stringstream list(t.text(i, "reasons"));
              for (std::string r; std::getline(list, r, ';');)
                ++reasons[t.text(i, "status") + ": " + r];
              continue;
            }
          ++ok;
          for (std::size_t k = 0; k < w.parameters.size(); ++k)
            {
              lo[k] = std::min(lo[k], t.value(i, w.parameters[k]));
              hi[k] = std::max(hi[k], t.value(i, w.parameters[k]));
            }
          const double v = t.value(i, w.map);
          if (std::isfinite(v) && !(v <= best))
            {
              best = v;
              best_row = i;
            }
          if (std::isfinite(v) && !(v >= worst))
            worst = v;
        }
      out << "\nProcess window: " << ok << " of " << t.n_rows() << " points feasible";
      if (ok == 0)
        {
          out << ". No feasible process in the map.\n";
        }
      else
        {
          out << "; over the feasible points:\n";
          for (std::size_t k = 0; k < w.parameters.size(); ++k)
            out << "  " << w.parameters[k] << " from " << to_string(lo[k], 4) << " to "
                << to_string(hi[k], 4) << "\n";
          out << "  " << w.map << " from " << to_string(worst, 4) << " to " << to_string(best, 4)
              << " (largest at";
          for (std::size_t k = 0; k < w.parameters.size(); ++k)
            out << (k ? ", " : " ") << w.parameters[k] << " = "
                << to_string(t.value(best_row, w.parameters[k]), 4);
          out << ")\n";
        }
      for (const auto &[reason, count] : reasons)
        out << "  " << count << " point(s) " << reason << "\n";
    }

    void write_window_outputs(const WindowTable &w, const std::string &dir, bool plot)
    {
      w.table.write_csv(dir + "/window.csv");  // atomically (postprocess/atomic_file.h)
      if (plot)
        plot_window(w, dir + "/window.png");
      print_window_summary(w, Log::out());
    }
    // Rank 0: the points of this slice that are not finished yet, from the progress file (one
    // of another case or map is moved aside); counts the slice's and the resumed points.
    std::vector<std::size_t> pending_points(const CaseSetup &nominal, const std::string &header,
                                            const std::string &progress_file,
                                            const PointSlice &slice, unsigned int n_ranks,
                                            WindowSummary &summary)
    {
      const WindowSettings &w = nominal.window;
      std::vector<std::size_t> pending;
      Progress p = read_progress(progress_file);
      const Progress expected = [&] {
        Progress e;
        std::istringstream in(header);
        for (std::string line; std::getline(in, line);)
          if (line.rfind("# ", 0) == 0 && line.find(": ") != std::string::npos)
            e.header[line.substr(2, line.find(": ") - 2)] = line.substr(line.find(": ") + 2);
        return e;
      }();
      if (!p.header.empty() && p.header != expected.header)
        {
          // another case or map: start afresh, keeping the old file aside
          fs::rename(progress_file, progress_file + ".old");
          Log::out() << "Process window: " << progress_file
                     << " belongs to another case or map; moved to " << progress_name
                     << ".old, starting afresh\n";
          p = Progress();
        }
      if (p.header.empty())
        {
          // a fresh map: the FE points' folders of an earlier map go (a resumed map keeps
          // those of its finished points)
          const std::string dir = fs::path(progress_file).parent_path().string();
          for (const auto &entry : fs::directory_iterator(dir))
            if (entry.is_directory() && matches("fe_point_*", entry.path().filename().string()))
              fs::remove_all(entry.path());
          std::ofstream out(progress_file, std::ios::trunc);
          out << header;
        }
      for (std::size_t i = slice.index - 1; i < w.n_points(); i += slice.count)
        {
          ++summary.points;
          if (p.rows.count(i))
            ++summary.resumed;
          else
            pending.push_back(i);
        }
      Log::out() << "\nProcess window: " << summary.points << " points"
                 << (slice.count > 1 ? " (slice " + std::to_string(slice.index) + "/" +
                                         std::to_string(slice.count) + ")"
                                     : std::string())
                 << " over";
      for (std::size_t k = 0; k < w.parameters.size(); ++k)
        Log::out() << (k ? " x " : " ") << w.parameters[k] << " (" << w.values[k].size() << ")";
      Log::out() << " on " << n_ranks << " rank(s), " << w.ranks_per_point << " per point; "
                 << summary.resumed << " finished earlier (resumed from " << progress_name << ")\n"
                 << std::flush;
      return pending;
    }
  }  // namespace

  PointSlice PointSlice::parse(const std::string &text)
  {
    PointSlice s;
    const auto slash = text.find('/');
    try
      {
        std::size_t a = 0, b = 0;
        if (slash == std::string::npos)
          throw std::invalid_argument("");
        s.index = std::stoul(text.substr(0, slash), &a);
        s.count = std::stoul(text.substr(slash + 1), &b);
        if (a != slash || b != text.size() - slash - 1)
          throw std::invalid_argument("");
      }
    catch (const std::exception &)
      {
        throw InputError("Option '--points " + text +
                         "': not 'i/N'. Allowed: the i-th of N slices, 1 <= i <= N.");
      }
    if (s.count < 1 || s.index < 1 || s.index > s.count)
      throw InputError("Option '--points " + text + "': i must lie in 1..N. Allowed: 1 <= i <= N.");
    return s;
  }

  void check_process_window(const CaseSetup &setup)
  {
    if (!setup.window.enabled())
      return;
    for (const auto &c : point_columns())
      if (c.name == setup.window.map_column)
        return;
    std::string names;
    for (const auto &c : point_columns())
      names += (names.empty() ? "" : ", ") + c.name;
    throw InputError("Parameter 'Process window/Map' = '" + setup.window.map_column +
                     "': not a column of the map. Allowed: one of " + names + ".");
  }

  WindowSummary run_process_window(const std::string &text, const std::string &directory,
                                   const CaseSetup &nominal, const PointSlice &slice, MPI_Comm comm)
  {
    const auto scope = timers().scope("process window");
    dealii::Timer timer;
    const WindowSettings &w = nominal.window;
    const unsigned int rank = dealii::Utilities::MPI::this_mpi_process(comm);
    const unsigned int n_ranks = dealii::Utilities::MPI::n_mpi_processes(comm);
    const std::string dir = nominal.output.directory;
    const std::string progress_file = dir + "/" + progress_name;
    const std::string header = header_text(nominal, text, slice);

    // the points of this slice that are not finished yet (rank 0 reads, all get them)
    std::vector<std::size_t> pending;
    WindowSummary summary;
    if (rank == 0)
      pending = pending_points(nominal, header, progress_file, slice, n_ranks, summary);
    pending = dealii::Utilities::MPI::broadcast(comm, pending, 0);

    // rank groups taking the points from a shared queue (solver/parallel/work_queue.h)
    std::size_t next_report = 1;
    {
      WorkQueue queue(comm, w.ranks_per_point);
      const bool leader = queue.leader();
      while (true)
        {
          const long next = queue.next();
          if (next >= static_cast<long>(pending.size()))
            break;
          const std::size_t index = pending[next];
          // a finite-element point: solved by the whole rank group, files in fe_point_<n>/
          StudyPointFE fe{queue.group(), dir + "/fe_point_" + std::to_string(index)};
          const bool on_fe = std::binary_search(w.fe_points.begin(), w.fe_points.end(), index);
          const WireRecord r = evaluate_study_point(text, directory, nominal, w.parameters,
                                                    w.point(index), w.wire_diameter_m,
                                                    on_fe ? &fe : nullptr);
          if (leader)
            append_line(progress_file,
                        std::to_string(index) + "," + csv_lines(w, index, r).second + end_marker);
          if (rank == 0 && (next + 1) * 10 >= static_cast<long>(next_report * pending.size()))
            {
              Log::out() << "  process window: " << next + 1 << " of " << pending.size()
                         << " points started, " << std::fixed << std::setprecision(1)
                         << timer.wall_time() << std::defaultfloat << " s\n"
                         << std::flush;
              while ((next + 1) * 10 >= static_cast<long>(next_report * pending.size()))
                ++next_report;
            }
        }
    }
    MPI_Barrier(comm);
    summary.wall_time_s = timer.wall_time();
    if (rank != 0)
      return summary;

    const Progress p = read_progress(progress_file);
    const WindowTable table = window_table(csv_header(w), p, w.map_column, w.parameters.size());
    for (std::size_t i = 0; i < table.table.n_rows(); ++i)
      {
        const std::string s = table.table.text(i, "status");
        (s == status::ok       ? summary.feasible
         : s == status::failed ? summary.failed
                               : summary.infeasible) += 1;
      }
    write_window_outputs(table, dir, nominal.output.plot);
    Log::out() << "Process window: " << summary.points - summary.resumed << " points solved in "
               << std::fixed << std::setprecision(1) << summary.wall_time_s << std::defaultfloat
               << " s; " << dir << "/window.csv" << (nominal.output.plot ? ", window.png" : "")
               << "\n";
    return summary;
  }

  void merge_process_windows(const std::vector<std::string> &dirs,
                             const std::string &output_directory)
  {
    if (dirs.empty())
      throw InputError("Option '--merge': no directories given. Allowed: the output "
                       "directories of the slices of one map.");
    Progress all;
    std::set<std::string> slices;
    std::size_t n_points = 0, n_parameters = 0;
    std::string map, header;
    for (const auto &d : dirs)
      {
        const std::string file = d + "/" + progress_name;
        if (!fs::exists(file))
          throw InputError("Option '--merge': no " + std::string(progress_name) + " in '" + d +
                           "'. Allowed: output directories of runs with a process window.");
        const Progress p = read_progress(file);
        Progress h = p;
        h.header.erase("slice");
        if (all.header.empty())
          all.header = h.header;
        else if (h.header != all.header)
          throw InputError("Option '--merge': '" + d + "' holds another case or map than '" +
                           dirs.front() + "'. Allowed: slices of the same run (--points i/N).");
        slices.insert(p.header.count("slice") ? p.header.at("slice") : "?");
        for (const auto &[i, row] : p.rows)
          all.rows[i] = row;
        // the header of window.csv: the first line of the slice's own window.csv
        std::ifstream csv(d + "/window.csv");
        std::string first;
        if (std::getline(csv, first) && header.empty())
          header = first;
      }
    n_points = std::stoul(all.header.at("points"));
    map = all.header.at("map");
    for (const auto &[key, value] : all.header)
      if (key.rfind("parameter ", 0) == 0)
        ++n_parameters;
    if (header.empty())
      throw InputError("Option '--merge': no window.csv in the slices' directories. Allowed: "
                       "directories of finished slices.");
    if (all.rows.size() != n_points)
      throw InputError("Option '--merge': the slices hold " + std::to_string(all.rows.size()) +
                       " of the map's " + std::to_string(n_points) +
                       " points. Allowed: every slice of the map, each finished.");
    fs::create_directories(output_directory);
    const WindowTable table = window_table(header, all, map, n_parameters);
    write_window_outputs(table, output_directory, true);
    Log::out() << "Merged " << dirs.size() << " slice(s) (" << slices.size() << " distinct) of "
               << n_points << " points into " << output_directory << "/window.csv\n";
  }
}  // namespace hotdraw

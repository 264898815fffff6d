#include "postprocess/plot.h"

#include "postprocess/atomic_file.h"

#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <locale>
#include <sstream>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    namespace fs = std::filesystem;

    const char *gnuplot_binary()
    {
#ifdef HOTDRAW_GNUPLOT
      return HOTDRAW_GNUPLOT;
#else
      return "gnuplot";
#endif
    }

    // Quote for /bin/sh: '...' with embedded single quotes as '\''.
    std::string shell_quote(const std::string &s)
    {
      std::string q = "'";
      for (const char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
      return q + "'";
    }

    // A gnuplot single-quoted string: no escapes are processed except '' for a quote. Line
    // breaks would end the command, so they become spaces.
    std::string gp_quote(const std::string &s)
    {
      std::string q = "'";
      for (const char c : s)
        {
          if (c == '\'')
            q += "''";
          else if (c == '\n' || c == '\r')
            q += ' ';
          else
            q += c;
        }
      return q + "'";
    }

    // Run a shell command, returning its exit status (-1 if it could not be run or was killed)
    // and its combined stdout/stderr.
    int run(const std::string &command, std::string &output)
    {
      output.clear();
      FILE *pipe = popen((command + " 2>&1").c_str(), "r");
      if (pipe == nullptr)
        return -1;
      char buffer[512];
      std::size_t n;
      while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0)
        output.append(buffer, n);
      const int status = pclose(pipe);
      if (status == -1 || !WIFEXITED(status))
        return -1;
      return WEXITSTATUS(status);
    }

    std::string trim(const std::string &s)
    {
      const auto begin = s.find_first_not_of(" \t\r\n");
      if (begin == std::string::npos)
        return "";
      const auto end = s.find_last_not_of(" \t\r\n");
      return s.substr(begin, end - begin + 1);
    }

    // Is one of the given gnuplot option keywords a word of 'style'?
    bool style_has(const std::string &style, std::initializer_list<const char *> keys)
    {
      std::istringstream words(style);
      std::string w;
      while (words >> w)
        for (const char *k : keys)
          if (w == k)
            return true;
      return false;
    }

    // Line options: our defaults, minus those the series' style sets itself, then the style.
    std::string with_clause(const Series &s)
    {
      std::string clause;
      if (!s.color.empty())
        return "with points" + std::string(style_has(s.style, {"pt", "pointtype"}) ? "" : " pt 5") +
               (style_has(s.style, {"ps", "pointsize"}) ? "" : " ps 2") + " lc palette" +
               (trim(s.style).empty() ? std::string() : " " + trim(s.style));
      if (!s.y_high.empty())
        return "with filledcurves fs transparent solid 0.18 noborder" +
               (trim(s.style).empty() ? std::string() : " " + trim(s.style));
      if (s.points)
        clause = s.y_error.empty() ? "with points" : "with yerrorbars";
      else
        clause = "with linespoints";
      if (!style_has(s.style, {"pt", "pointtype"}))
        clause += " pt 7";
      if (!style_has(s.style, {"ps", "pointsize"}))
        clause += s.points ? " ps 1.5" : " ps 0.5";
      if (!s.points && !style_has(s.style, {"lw", "linewidth"}))
        clause += " lw 2";
      if (!trim(s.style).empty())
        clause += " " + trim(s.style);
      return clause;
    }

    bool plottable(const Series &s)
    {
      return !s.x.empty();
    }

    void check_spec(const PlotSpec &spec)
    {
      if (spec.panels.empty())
        throw std::invalid_argument("write_plot: the plot has no panels.");
      for (std::size_t p = 0; p < spec.panels.size(); ++p)
        for (const auto &s : spec.panels[p].series)
          {
            const std::string where = "write_plot: panel " + std::to_string(p) + " ('" +
                                      spec.panels[p].title + "'), series '" + s.title + "': ";
            if (s.x.size() != s.y.size())
              throw std::invalid_argument(where + std::to_string(s.x.size()) + " x values but " +
                                          std::to_string(s.y.size()) + " y values.");
            if (!s.y_error.empty() && s.y_error.size() != s.y.size())
              throw std::invalid_argument(where + std::to_string(s.y_error.size()) +
                                          " error values for " + std::to_string(s.y.size()) +
                                          " points.");
            if (!s.y_high.empty() && (s.y_high.size() != s.y.size() || !s.y_error.empty()))
              throw std::invalid_argument(where + "a band needs one upper edge per point and no "
                                                  "error bars.");
            if (!s.color.empty() &&
                (s.color.size() != s.y.size() || !s.y_error.empty() || !s.y_high.empty()))
              throw std::invalid_argument(where + "coloured points need one colour value per "
                                                  "point and no error bars or band.");
            if (!s.y_error.empty() && !s.points)
              throw std::invalid_argument(where + "error bars are drawn for point series only "
                                                  "(set points = true).");
          }
      if (spec.columns == 0)
        throw std::invalid_argument("write_plot: 'columns' must be at least 1.");
      if (spec.width_px == 0 || spec.height_px == 0)
        throw std::invalid_argument("write_plot: the image size must be positive.");
    }

    // Data file: one gnuplot data block per plottable series, blocks separated by two blank
    // lines (addressed as 'index k'). A non-finite value becomes a single blank line, which
    // breaks the curve there instead of joining across the gap.
    void write_data(const PlotSpec &spec, std::ostream &out)
    {
      out.imbue(std::locale::classic());
      out << std::setprecision(10);
      unsigned int block = 0;
      for (std::size_t p = 0; p < spec.panels.size(); ++p)
        for (const auto &s : spec.panels[p].series)
          {
            if (!plottable(s))
              continue;
            if (block > 0)
              out << "\n\n";
            out << "# index " << block << ": panel " << p << ", series " << s.title << '\n';
            const std::vector<double> &third = !s.color.empty()   ? s.color
                                               : s.y_high.empty() ? s.y_error
                                                                  : s.y_high;
            out << (third.empty()      ? "# x y\n"
                    : !s.color.empty() ? "# x y colour\n"
                    : s.y_high.empty() ? "# x y y_error\n"
                                       : "# x y_low y_high\n");
            bool gap = false;
            for (std::size_t i = 0; i < s.x.size(); ++i)
              {
                const bool finite = std::isfinite(s.x[i]) && std::isfinite(s.y[i]) &&
                                    (third.empty() || std::isfinite(third[i]));
                if (!finite)
                  {
                    if (!gap && i > 0)
                      out << '\n';
                    gap = true;
                    continue;
                  }
                gap = false;
                out << s.x[i] << ' ' << s.y[i];
                if (!third.empty())
                  out << ' ' << third[i];
                out << '\n';
              }
            ++block;
          }
    }

    void write_script(const PlotSpec &spec, const std::string &png_name,
                      const std::string &dat_name, const std::string &gp_name, std::ostream &out)
    {
      const unsigned int n = spec.panels.size();
      const unsigned int columns = std::max(1u, std::min(spec.columns, n));
      const unsigned int rows = n == 0 ? 1 : (n + columns - 1) / columns;

      out << "# Written by hotdraw. Edit freely, then re-run in this directory:\n"
          << "#   gnuplot " << shell_quote(gp_name) << "\n"
          << "set terminal pngcairo size " << spec.width_px << "," << spec.height_px
          << " noenhanced font 'sans,11'\n"
          << "set output " << gp_quote(png_name) << "\n"
          << "data = " << gp_quote(dat_name) << "\n"
          << "set grid\n"
          << "set key " << spec.key << "\n"
          << "set multiplot layout " << rows << "," << columns << " rowsfirst";
      if (!spec.title.empty())
        out << " title " << gp_quote(spec.title);
      out << "\n";

      unsigned int block = 0;
      for (std::size_t p = 0; p < spec.panels.size(); ++p)
        {
          const Panel &panel = spec.panels[p];
          out << "\n# panel " << p << "\n"
              << "set title " << gp_quote(panel.title) << "\n"
              << "set xlabel " << gp_quote(panel.x_label) << "\n"
              << "set ylabel " << gp_quote(panel.y_label) << "\n"
              << (panel.log_x ? "set logscale x\n" : "unset logscale x\n")
              << (panel.log_y ? "set logscale y\n" : "unset logscale y\n") << "set cblabel "
              << gp_quote(panel.color_label) << "\n";
          std::vector<std::string> items;
          for (const auto &s : panel.series)
            {
              if (!plottable(s))
                continue;
              std::string item =
                "data index " + std::to_string(block++) + " using " +
                (s.y_error.empty() && s.y_high.empty() && s.color.empty() ? "1:2 " : "1:2:3 ") +
                with_clause(s) + (s.title.empty() ? " notitle" : " title " + gp_quote(s.title));
              items.push_back(item);
            }
          if (items.empty())
            {
              // Keep the panel's place in the layout, saying why it is empty.
              out << "set label 1 'no data' at graph 0.5, graph 0.5 center\n"
                  << "plot [0:1] [0:1] 2 notitle\n"
                  << "unset label 1\n";
              continue;
            }
          out << "plot ";
          for (std::size_t k = 0; k < items.size(); ++k)
            out << (k ? ", \\\n     " : "") << items[k];
          out << "\n";
        }
      out << "\nunset multiplot\nunset output\n";
    }
  }  // namespace

  bool plotting_available()
  {
    static const bool available = [] {
      std::string output;
      const std::string command =
        shell_quote(gnuplot_binary()) + " -e " + shell_quote("set terminal pngcairo");
      return run(command + " </dev/null", output) == 0;
    }();
    return available;
  }

  bool write_plot(const PlotSpec &spec, const std::string &png, std::string &message)
  {
    check_spec(spec);
    message.clear();

    std::error_code ec;
    const fs::path png_path = fs::absolute(fs::path(png), ec);
    if (ec)
      {
        message = "Cannot resolve the plot path '" + png + "': " + ec.message();
        return false;
      }
    const fs::path dir = png_path.parent_path();
    const std::string png_name = png_path.filename().string();
    const std::string dat_name = png_name + ".dat";
    const std::string gp_name = png_name + ".gp";

    // data and script whole or not at all; the image is drawn by a temporary copy of the
    // script into a temporary file, renamed when complete (postprocess/atomic_file.h)
    const std::string png_temporary =
      fs::path(temporary_name(png_path.string())).filename().string();
    try
      {
        AtomicFile dat((dir / dat_name).string());
        write_data(spec, dat.stream());
        dat.commit();
        AtomicFile gp((dir / gp_name).string());
        write_script(spec, png_name, dat_name, gp_name, gp.stream());
        gp.commit();
      }
    catch (const std::exception &e)
      {
        message = std::string("Cannot write the plot data or script of '") + png + "': " + e.what();
        return false;
      }

    if (!plotting_available())
      {
        message = std::string("No plot '") + png + "': gnuplot with the pngcairo terminal ('" +
                  gnuplot_binary() + "') is not available. The script and data were written to '" +
                  (dir / gp_name).string() + "' and '" + (dir / dat_name).string() + "'.";
        return false;
      }

    // A stale image from an earlier run must not pass for a new one.
    fs::remove(png_path, ec);
    const std::string script = temporary_name((dir / gp_name).string());
    {
      std::ofstream gp(script);
      write_script(spec, png_temporary, dat_name, gp_name, gp);
    }
    std::string output;
    const std::string command = "cd " + shell_quote(dir.string()) + " && " +
                                shell_quote(gnuplot_binary()) + " " +
                                shell_quote(fs::path(script).filename().string()) + " </dev/null";
    const int status = run(command, output);
    fs::remove(script, ec);
    output = trim(output);
    const fs::path drawn = dir / png_temporary;
    if (status != 0)
      {
        fs::remove(drawn, ec);  // a half-drawn image must not look like a result
        message = "gnuplot failed on '" + (dir / gp_name).string() + "' (exit status " +
                  std::to_string(status) + ")" + (output.empty() ? "." : ":\n" + output);
        return false;
      }
    const auto size = fs::file_size(drawn, ec);
    if (ec || size == 0)
      {
        fs::remove(drawn, ec);
        message = "gnuplot ran on '" + (dir / gp_name).string() + "' but did not write '" + png +
                  "'" + (output.empty() ? "." : ":\n" + output);
        return false;
      }
    try
      {
        commit_temporary(drawn.string(), png_path.string());
      }
    catch (const std::exception &e)
      {
        message = e.what();
        return false;
      }
    message = "Wrote '" + png + "'" + (output.empty() ? "." : "; gnuplot said:\n" + output);
    return true;
  }
}  // namespace hotdraw

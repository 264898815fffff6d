// Plots through gnuplot (Debian's gnuplot-nox, pngcairo terminal). A plot is a set of panels;
// each panel has curves (lines), shaded bands (uncertainty) and point sets (measured data with
// error bars).
#pragma once

#include <string>
#include <vector>

namespace hotdraw
{
  struct Series
  {
    std::string title;
    std::vector<double> x, y;
    std::vector<double> y_error;  // points only: error bars if not empty
    bool points = false;          // false: line with small markers; true: large points
    // A shaded band from y (lower edge) to y_high (upper edge) instead of a line, if not empty.
    std::vector<double> y_high;
    std::string style;  // optional gnuplot style override, e.g. "lc rgb '#d62728' dt 2"
    // Points coloured by these values through the panel's palette (a map), if not empty.
    std::vector<double> color;
  };

  struct Panel
  {
    std::string title, x_label, y_label;
    bool log_x = false, log_y = false;
    std::string color_label;  // the colour bar's label (series with 'color')
    std::vector<Series> series;
  };

  struct PlotSpec
  {
    std::string title;
    unsigned int columns = 2;
    unsigned int width_px = 1400, height_px = 1000;
    std::string key = "top right";  // gnuplot 'set key' position, e.g. "outside right top"
    std::vector<Panel> panels;
  };

  // True if a gnuplot with the pngcairo terminal is available.
  bool plotting_available();

  // Writes <png> and, next to it, the gnuplot script and data (<png>.gp, <png>.dat) so the user
  // can restyle the plot. Returns false (and says why in 'message') if gnuplot is missing or
  // fails; never throws for that.
  bool write_plot(const PlotSpec &spec, const std::string &png, std::string &message);
}  // namespace hotdraw

// Section "Process window": a map of verdicts and predictions over 1 to 3 numeric parameters of
// the parameter file (solver/studies/process_window.h runs it on the thin-filament model).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace hotdraw
{
  class ParameterSet;

  struct WindowSettings
  {
    std::vector<std::string> parameters;      // paths "Section/.../Name", 1 to 3 (none: off)
    std::vector<std::string> units;           // their units, as declared
    std::vector<std::vector<double>> values;  // the grid of each, ascending
    double wire_diameter_m = 0;               // > 0: every point at this diameter
    std::string map_column;                   // the sweep.csv column window.png maps
    unsigned int ranks_per_point = 1;         // MPI ranks per point (rank groups)
    std::vector<std::size_t> fe_points;       // points also solved on the FE solver, ascending

    bool enabled() const { return !parameters.empty(); }
    std::size_t n_points() const;
    // The parameter values of point i (the first parameter varies fastest).
    std::vector<double> point(std::size_t i) const;

    static void declare_parameters(ParameterSet &prm);
    // Checks every parameter (declared, numeric) and every grid value (accepted by it).
    void parse_parameters(ParameterSet &prm);
  };

  // A grid from its text: "a, b, c" (the values), "a : b : n" (n values from a to b, linear)
  // or "a : b : n : log" (logarithmic). Throws std::invalid_argument saying what is wrong.
  std::vector<double> parse_grid(const std::string &text);
}  // namespace hotdraw

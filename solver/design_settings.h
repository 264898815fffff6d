// Section "Design": inverse design of a process (solver/studies/design.h). The process
// parameters to choose (paths of numeric parameters of the file, with bounds), the wire
// diameter, and the goal: a sweep.csv column to maximise, minimise or bring to a target, with
// the feasibility checks as constraints.
#pragma once

#include <string>
#include <vector>

namespace hotdraw
{
  class ParameterSet;

  struct DesignSettings
  {
    enum class Goal
    {
      maximise,
      minimise,
      target
    };
    std::vector<std::string> parameters;  // paths (none: no design)
    std::vector<double> lower, upper;     // bounds, one per parameter
    double wire_diameter_m = 0;           // > 0: the design's wire diameter
    std::string objective;                // a sweep.csv column
    Goal goal = Goal::maximise;
    double target = 0;                 // Goal::target
    double relative_tolerance = 1e-4;  // on the parameters (scaled to their bounds)
    unsigned int max_evaluations = 200;

    bool enabled() const { return !parameters.empty(); }

    static void declare_parameters(ParameterSet &prm);
    // Checks the paths (declared, numeric), the bounds (accepted, lower < upper).
    void parse_parameters(ParameterSet &prm);
  };
}  // namespace hotdraw

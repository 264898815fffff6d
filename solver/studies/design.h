// Inverse design (section "Design"): the process parameters, within their bounds, that
// maximise, minimise or hit a target of one sweep.csv column for a wire of a given diameter,
// with every feasibility check of section "Feasibility" as an inequality constraint
// (FeasibilityCheck::constraint). NLopt's COBYLA (derivative-free, with nonlinear inequality
// constraints; Powell 1994) on the thin-filament model, in coordinates scaled to the bounds.
// Every evaluation is a row of design.csv; the optimum is the best feasible evaluation.
#pragma once

#include <mpi.h>

#include <string>
#include <vector>

namespace hotdraw
{
  struct CaseSetup;

  struct DesignResult
  {
    bool found = false;               // a feasible evaluation exists
    std::vector<double> optimum;      // the parameters' values there
    double objective_value = 0;       // the objective column there
    std::vector<std::string> active;  // constraints and bounds active at the optimum
    unsigned int evaluations = 0;
    std::string stop_reason;  // NLopt's
  };

  // Throws InputError for an objective that is not a numeric sweep.csv column (before any
  // solve).
  void check_design(const CaseSetup &setup);

  // Runs the design on rank 0 (the evaluations are sequential) and shares its result; writes
  // design.csv into the output directory and logs the optimum.
  DesignResult run_design(const std::string &input_text, const std::string &input_directory,
                          const CaseSetup &nominal, MPI_Comm comm);
}  // namespace hotdraw

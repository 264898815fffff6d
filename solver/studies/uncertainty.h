// Uncertainty bands and a global sensitivity ranking (section "Uncertainty"): the uncertain
// inputs are sampled on a Latin hypercube (reproducible from the seed), every sample is a
// thin-filament sweep of the wires with its own reference rod and its own calibration, and the
// samples are spread round-robin over the MPI ranks. For every wire the 5th, 50th and 95th
// percentiles of each banded quantity become its bands, and the standardized regression
// coefficients of each quantity on the inputs (ln x for log-distributed inputs) its
// sensitivity ranking.
//
// The samples run on a coarse grid from the nominal solution; each banded number is shifted by
// the record's own nominal value minus the nominal value on that grid, so the bands are
// centred on the numbers the run reports (FE runs: on the FE numbers, with the spread of the
// thin-filament model).
#pragma once

#include "solver/wire_record.h"

#include <mpi.h>

#include <ostream>
#include <string>
#include <vector>

namespace hotdraw
{
  struct CaseSetup;

  struct SensitivityRow
  {
    double diameter_m = 0;
    std::string quantity;              // a sweep.csv column (postprocess/results/columns.h)
    std::vector<double> coefficients;  // one per input, standardized (NaN: too few samples)
    double r_squared = 0;
    unsigned int samples = 0;  // the samples with a value of the quantity
  };

  struct UncertaintyStudy
  {
    std::vector<std::string> inputs;         // paths, in the order of the coefficients
    std::vector<std::string> distributions;  // their distributions as text
    std::vector<std::string> skipped;        // inputs the chosen models do not read
    unsigned int samples = 0, failed = 0;
    std::vector<std::string> failures;  // the first few failures' reasons
    // per input, the mean quantile (0..1) of its values in the failed samples: far from 0.5,
    // the input drives the failures (the process is not feasible there)
    std::vector<double> failure_mean_quantile;
    std::vector<SensitivityRow> sensitivity;
    double wall_time_s = 0;
    double failed_time_s = 0;  // core time spent on the failed samples (all ranks)
    // Non-empty: the study could not run (the nominal case fails on the samples' grid), why.
    std::string not_run_because;
  };

  // Runs the study on every rank of comm for the nominal case (setup, parsed from
  // 'input_text' in 'input_directory') and its result, whose records get their bands (rank 0).
  // Returns the study on rank 0.
  UncertaintyStudy propagate_uncertainty(const std::string &input_text,
                                         const std::string &input_directory, const CaseSetup &setup,
                                         SweepResult &result, MPI_Comm comm);

  // sensitivity.csv: one row per wire, quantity and input, with the standardized regression
  // coefficient, the input's rank by its magnitude, and the fit's R^2.
  void write_sensitivity(const UncertaintyStudy &study, const std::string &filename);

  // The log's summary: the inputs, failures, and for a few quantities the inputs ranked by
  // their influence at the smallest and the largest wire.
  void print_uncertainty_summary(const UncertaintyStudy &study, std::ostream &out);
}  // namespace hotdraw

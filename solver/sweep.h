// The sweep over wire diameters: solve every wire (distributed over MPI ranks, each diameter
// solved independently from the same start so the result does not depend on the rank count),
// evaluate the chain, calibrate the property mapping on the measured data, predict properties
// with both mappings, and write the results.
//
// Output (in the output directory, rank 0):
//   sweep.csv                one row per wire plus the reference rod
//   profile_<d>um.csv        axial profile of each wire (if enabled)
//   calibration.txt          fitted parameters, uncertainties, residuals
//   fe_<d>um/radial_profile.csv  FE runs: the wire's radial profiles at the outlet (one row per
//                            material path) and their averages
//   sweep.png, profiles.png  plots (gnuplot), with the .gp/.dat files to restyle them
#pragma once

#include "postprocess/calibration.h"
#include "solver/fe_wire.h"
#include "solver/wire_chain.h"

#include <mpi.h>

#include <string>
#include <vector>

namespace hotdraw
{
  struct CaseSetup;

  struct SweepResult
  {
    std::vector<WireResult> wires;  // ascending diameter
    std::vector<FilamentProfile> profiles;
    std::vector<FEWireResult> fe;   // finite-element results per wire (FE flow solver only)
    // FE runs: 'wires' and the predictions come from the FE material paths; the thin-filament
    // chain of the same wires, with its own calibration, is kept here for comparison
    std::vector<WireResult> wires_1d;
    std::vector<PropertyChange> literature_1d, calibrated_change_1d;
    WireResult reference;
    bool calibrated = false;
    FitResult fit;
    std::vector<std::string> observation_labels;  // one per fitted measurement
    std::vector<PropertyChange> literature, calibrated_change;  // per wire
    double wall_time_s = 0;
  };

  // Runs on every rank; the complete result is returned on rank 0 (other ranks: wires empty).
  // Throws SolverError (on every rank) if any wire fails.
  SweepResult run_sweep(CaseSetup &setup, MPI_Comm comm);

  // Calibrate setup.calibrated on setup.calibration's data using the wires in 'result' (and
  // extra solves for data diameters not in the sweep); fills result.fit and the predictions.
  void calibrate_and_predict(CaseSetup &setup, SweepResult &result);

  // Files of the sweep (rank 0 only).
  void write_sweep_outputs(const CaseSetup &setup, const SweepResult &result);

  // The summary table printed at the end of a run.
  void print_summary(const CaseSetup &setup, const SweepResult &result, std::ostream &out);
}  // namespace hotdraw

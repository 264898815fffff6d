// The results of a run, one record per wire (and one for the reference rod), as the solver
// produces them and the postprocessing completes them (predictions, calibration). Every output
// table is written from these records through one list of column descriptors
// (postprocess/results/columns.h).
#pragma once

#include "materials/property_mapping.h"
#include "postprocess/calibration.h"
#include "solver/fe_wire.h"
#include "solver/thin_filament.h"
#include "solver/wire_chain.h"

#include <array>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hotdraw
{
  // Predictions of both mappings for one wire (or one place in it).
  struct Predictions
  {
    PropertyChange calibrated, literature;
  };

  struct WireRecord
  {
    // The wire: from the FE material paths in FE runs, else from the thin filament.
    WireResult wire;
    // The thin-filament axial profile (every run solves it; FE runs start from it).
    FilamentProfile profile;
    // FE runs: the finite-element results, and the thin-filament chain of the same wire.
    std::optional<FEWireResult> fe;
    std::optional<WireResult> thin;

    // Filled by the postprocessing (postprocess/results/calibrate.h):
    Predictions predictions;                      // of 'wire'
    PropertyChange thermal_only;                  // literature mapping, flow taken away
    std::optional<Predictions> thin_predictions;  // FE runs: of 'thin', with its own calibration
    std::optional<Predictions> indented;          // FE runs: indentation-weighted average
    // Where the calibrated prediction stands against the calibration data: "fitted" (a measured
    // diameter), "interpolated", "extrapolated" (outside the measured diameters) or
    // "uncalibrated" (no fit was made); empty for the reference rod.
    std::string calibration_range;
    // Uncertainty bands (solver/studies/uncertainty.h): by sweep.csv column, the 5th, 50th and
    // 95th percentiles over the samples.
    std::map<std::string, std::array<double, 3>> bands;
    // The fraction of the uncertainty samples in which the wire passes every feasibility check
    // (NaN: no uncertainty study).
    double feasible_fraction = std::numeric_limits<double>::quiet_NaN();
  };

  // A fit of the calibrated mapping and what it was fitted to.
  struct CalibrationReport
  {
    bool calibrated = false;
    std::string not_calibrated_because;  // why no fit was made (empty: disabled or done)
    FitResult fit;
    std::vector<std::string> observation_labels;  // one per fitted measurement
    std::vector<double> data_diameters_m;         // the measured diameters fitted
    std::vector<std::string> notes;               // the mapping's consistency after the fit
  };

  struct SweepResult
  {
    WireRecord reference;                // the reference rod (as cast, not drawn)
    std::vector<WireRecord> wires;       // ascending diameter
    CalibrationReport calibration;       // of the wires (FE runs: on the FE paths)
    CalibrationReport calibration_thin;  // FE runs: of the thin-filament chain
    double wall_time_s = 0;
    bool finite_element() const { return !wires.empty() && wires.front().fe.has_value(); }
  };
}  // namespace hotdraw

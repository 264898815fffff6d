// The predictions of a run: the calibrated mapping fitted to the measured data (NLopt, through
// postprocess/calibration.h) on the wires' states, and both mappings' predictions for every
// record (FE runs also: the thin-filament chain with its own calibration, and the
// indentation-weighted averages of the radial profiles).
#pragma once

#include "solver/wire_record.h"

namespace hotdraw
{
  struct CaseSetup;

  // Fits 'mapping' (in place) to the measured data of setup.calibration on the states of
  // 'wires' (solving thin-filament wires at measured diameters that are not among them, unless
  // finite_element). A wire that cannot serve as data (e.g. not vitrified) leaves the mapping
  // as it is and says why in the report.
  CalibrationReport fit_calibration(const CaseSetup &setup,
                                    const std::vector<const WireResult *> &wires,
                                    const WireState &reference, bool finite_element,
                                    PropertyMapping &mapping);

  // The checks of the calibration that need the data file, before any solve: the data can be
  // read, and (finite-element runs) every measured diameter is among the swept ones. Throws
  // InputError.
  void check_calibration(const CaseSetup &setup);

  // Fills result.calibration (and calibration_thin) and every record's predictions; leaves
  // setup.calibrated at the fitted values. Runs on one rank (it may solve thin-filament wires
  // at measured diameters that are not swept). Throws InputError or SolverError.
  void calibrate_and_predict(CaseSetup &setup, SweepResult &result);

  // The predictions of both mappings for a state at relative radius s = r/R of 'wire' (the
  // calibrated layer counts where s lies in it).
  Predictions local_predictions(const CaseSetup &setup, const WireResult &wire,
                                const WireState &reference, double s, double fictive_temperature_K,
                                double relaxation_enthalpy_J_per_kg);
}  // namespace hotdraw

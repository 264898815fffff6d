// The files of a sweep (rank 0 only), each from the run's records:
//   sweep.csv                   one row per wire plus the reference rod (columns.h)
//   profile_<d>um.csv           axial profile of each wire (if enabled)
//   fe_<d>um/radial_profile.csv FE runs: the wire's radial profiles at the outlet
//   calibration.txt             fitted parameters, uncertainties, residuals
//   sweep.png, profiles.png     plots (gnuplot), with the .gp/.dat files to restyle them
// and the summary table printed at the end of a run.
#pragma once

#include "solver/wire_record.h"

#include <ostream>

namespace hotdraw
{
  struct CaseSetup;

  void write_sweep_outputs(const CaseSetup &setup, const SweepResult &result);

  void write_sweep_table(const CaseSetup &setup, const SweepResult &result,
                         const std::string &file);
  void write_radial_profile(const CaseSetup &setup, const WireRecord &record,
                            const WireState &reference, const std::string &file);
  void write_calibration_report(const CaseSetup &setup, const SweepResult &result,
                                const std::string &file);
  // sweep.png and profiles.png; a missing gnuplot is a note in the log, not an error.
  void write_plots(const CaseSetup &setup, const SweepResult &result);

  void print_summary(const CaseSetup &setup, const SweepResult &result, std::ostream &out);
}  // namespace hotdraw

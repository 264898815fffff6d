// The study of section "Transfer function": the steady thin-filament draw of one wire with a
// speed-controlled take-up, linearised (solver/stability/draw_resonance.h), and its diameter
// response to the take-up speed over the frequencies (solver/stability/transfer_function.h),
// written as transfer_function.csv and the Bode plot transfer_function.png.
#pragma once

#include "solver/stability/transfer_function.h"

#include <string>

namespace hotdraw
{
  struct CaseSetup;
  struct TransferFunctionSettings;
  class Table;

  // Computes the transfer function of the wire 'settings' names for the case (rank 0 only: a
  // steady solve and one dense solve per frequency). Throws SolverError if the steady draw
  // cannot be solved.
  TransferFunction compute_transfer_function(const TransferFunctionSettings &settings,
                                             const CaseSetup &setup);

  // One row per frequency (columns with units in the names).
  Table transfer_function_table(const TransferFunction &tf);

  // Runs the study: the table and the plot in the output directory and a summary in the log.
  void run_transfer_function(const TransferFunctionSettings &settings, const CaseSetup &setup);
}  // namespace hotdraw

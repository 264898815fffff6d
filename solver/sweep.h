// The sweep over wire diameters: solve every wire and evaluate its chain, and the reference rod.
// Thin filament: each wire on one rank, the ranks taking wires from a shared queue
// (solver/parallel/work_queue.h); every wire from the same start, so the result does not depend
// on the rank count. Finite element: every wire on all ranks in turn, each starting from the
// previous wire's FE corrections, or ('Sweep/Ranks per wire' > 0) rank groups taking wires from
// the queue, each wire from its own thin-filament start. The predictions, the calibration and
// the output files are the postprocessing's (postprocess/results/).
#pragma once

#include "solver/feasibility/feasibility.h"
#include "solver/wire_record.h"

#include <mpi.h>

#include <utility>

namespace hotdraw
{
  struct CaseSetup;

  // One wire on the thin-filament model with its chain; never throws (a failure is in
  // WireResult::error). diameter > 0: drawn to that diameter; otherwise as 'Geometry and
  // process' says (wire diameter, take-up speed or draw force).
  // With 'warm_start', Newton starts from that solution of the same wire (see
  // ThinFilamentModel::solve_take_up_speed).
  std::pair<WireResult, FilamentProfile>
  solve_thin_wire(const CaseSetup &setup, double diameter,
                  const FilamentProfile *warm_start = nullptr);

  // One wire on the finite-element solver, on the ranks of 'comm', from its own thin-filament
  // solution, with its ParaView files in 'directory' (created). A solver failure is a record
  // with status 'failed'. The record's 'wire' comes from the FE material paths, 'thin'
  // is the thin-filament chain of the same wire.
  WireRecord solve_fe_wire_record(const CaseSetup &setup, double diameter, MPI_Comm comm,
                                  const std::string &directory);

  // What the feasibility checks of 'setup' judge a wire against.
  FeasibilityContext feasibility_context(const CaseSetup &setup);

  // Runs on every rank; the complete result (records without predictions) is returned on rank
  // 0 (other ranks: no wires). Throws SolverError (on every rank) if any wire fails.
  SweepResult run_sweep(const CaseSetup &setup, MPI_Comm comm);

  // "060um": the tag of a wire diameter in file names.
  std::string diameter_tag(double diameter_m);
}  // namespace hotdraw

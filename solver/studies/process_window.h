// Process-window maps (section "Process window"): the verdicts and predictions of the wire at
// every point of a grid over 1 to 3 numeric parameters of the parameter file, on the
// thin-filament model.
//
// Distributed and resumable:
//  - the points are handed out by a shared counter (MPI one-sided fetch-and-add), so ranks that
//    finish early take more points (wires differ in cost by 4-5x); 'Ranks per point' splits the
//    ranks into groups (MPI_Comm_split) that share a point;
//  - every finished point is appended, as one line written at once, to window_progress.txt in
//    the output directory; a run killed at any moment and restarted with the same command
//    skips the points found there and ends with the same window.csv;
//  - '--points i/N' runs the i-th of N slices (points i-1, i-1+N, ...), and 'hotdraw --merge
//    DIR...' joins the slices' progress files into window.csv and window.png.
// The calibrated columns use the nominal run's fitted mapping; the literature columns need no
// fit.
#pragma once

#include <mpi.h>

#include <cstddef>
#include <string>
#include <vector>

namespace hotdraw
{
  struct CaseSetup;

  // '--points i/N': the i-th (1-based) of N slices of the points.
  struct PointSlice
  {
    unsigned int index = 1, count = 1;
    // "i/N"; throws InputError naming the option if malformed.
    static PointSlice parse(const std::string &text);
  };

  // Checks that need more than the parameter file's own patterns (the map column), before any
  // solve; throws InputError.
  void check_process_window(const CaseSetup &setup);

  struct WindowSummary
  {
    std::size_t points = 0;   // in this slice
    std::size_t resumed = 0;  // found finished in the progress file
    std::size_t feasible = 0, infeasible = 0, failed = 0;
    double wall_time_s = 0;
  };

  // Runs the map on every rank of comm; rank 0 writes window.csv, window.png and prints the
  // summary of the feasible region. Returns the summary on rank 0.
  WindowSummary run_process_window(const std::string &input_text,
                                   const std::string &input_directory, const CaseSetup &nominal,
                                   const PointSlice &slice, MPI_Comm comm);

  // hotdraw --merge DIR...: joins the progress files of the slices in 'dirs' (the same case)
  // into window.csv and window.png in 'output_directory'. Throws InputError if they do not
  // belong together or points are missing.
  void merge_process_windows(const std::vector<std::string> &dirs,
                             const std::string &output_directory);
}  // namespace hotdraw

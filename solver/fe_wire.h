// One wire on the finite-element drawing solver: the thin-filament solution supplies the initial
// neck shape and the temperature field (issue 3: the temperature is given), the FE steady
// free-surface iteration finds the 2-D shape and flow, and the results are written for ParaView
// (flow.pvd with one .pvtu per iteration), as the surface profile (surface.csv) and as a
// statistics file (statistics.txt).
#pragma once

#include "solver/thin_filament.h"

#include <mpi.h>

#include <string>

namespace hotdraw
{
  struct CaseSetup;

  struct FEWireResult
  {
    double draw_force_N = 0;
    double outlet_diameter_m = 0;
    double take_up_speed_m_per_s = 0;
    double mass_flux_error = 0;
    unsigned int shape_iterations = 0;
    unsigned int n_dofs = 0;
    double wall_time_s = 0;
  };

  // Runs on all ranks of comm. Output goes to output_dir (created by the caller; empty: none).
  FEWireResult solve_fe_wire(const CaseSetup &setup, const FilamentProfile &initial,
                             const std::string &output_dir, MPI_Comm comm);
}  // namespace hotdraw

// One wire on the finite-element drawing solver: the thin-filament solution supplies the initial
// neck shape and the initial (or, with 'Temperature field = thin filament', the fixed)
// temperature field; the FE steady free-surface iteration, coupled to FE heat transfer, finds the
// 2-D shape, flow and temperature (then optionally a transient run, with particles injected at
// the inlet); material paths through the steady state carry the structural state, and the strain
// and state are also solved as Eulerian fields. Written for ParaView (steady.vtu, iterations.pvd,
// transient.pvd; solver/fe/vtu_output.h), as the surface profile (surface.csv), the paths
// (paths.vtp), the particles (particles.csv/.vtp) and a statistics file (statistics.txt,
// time_series.txt).
#pragma once

#include "solver/fe/fields.h"
#include "solver/thin_filament.h"
#include "solver/wire_chain.h"

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
    // with FE heat transfer
    bool heat = false;
    double peak_temperature_K = 0, outlet_temperature_K = 0;
    double cooling_rate_at_Tg_axis_K_per_s = 0, cooling_rate_at_Tg_surface_K_per_s = 0;
    double energy_imbalance = 0;  // relative, steady state
    bool vitrified = true;
    // material paths of the steady state (axis first, surface last; empty for transient runs)
    std::vector<PathResult> paths;
    double seeded_flux_error = 0;  // |sum of the seeds' fluxes / feed flux - 1|
    // largest correction of the paths' stresses to the section balance with the draw force
    // (equilibrate_path_stresses in solver/fe/material_paths.h)
    double stress_equilibrium_correction = 0;
    // wall time per stage, from the stage timer's sections (postprocess/timing.h) "FE flow"
    // (Stokes and free surface), "FE heat", "paths" (with the transient particles), "state"
    // (along the paths and particles) and "Eulerian"
    double flow_time_s = 0, heat_time_s = 0, path_time_s = 0, state_time_s = 0;
    // Eulerian (advected) strain and state fields against the paths at the outlet
    double eulerian_time_s = 0, eulerian_strain_difference = 0, eulerian_state_difference_K = 0;

    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &draw_force_N &outlet_diameter_m &take_up_speed_m_per_s &mass_flux_error &shape_iterations
        &n_dofs &wall_time_s &heat &peak_temperature_K &outlet_temperature_K
          &cooling_rate_at_Tg_axis_K_per_s &cooling_rate_at_Tg_surface_K_per_s &energy_imbalance
            &vitrified &paths &seeded_flux_error &stress_equilibrium_correction &flow_time_s
              &heat_time_s &path_time_s &state_time_s &eulerian_time_s &eulerian_strain_difference
                &eulerian_state_difference_K;
    }
  };

  // The cooling rate -DT/Dt = -u.grad T where T crosses Tg on cooling (the last crossing), from
  // samples along a line (axis or surface) of a steady solution; NaN if T never crosses Tg.
  double cooling_rate_at(const std::vector<SurfacePoint> &line, double Tg);

  // The converged steady FE solution of one wire as the initial guess of a neighbouring one (in
  // sweeps). It stores the FE corrections to the thin-filament solution, which carry over between
  // diameters much better than the fields themselves: the radius ratio R_FE(z) / R_thin(z), and
  // the temperature shift T_FE(r, z) - T_thin(z) on a grid of z and xi = r / R(z). The same on
  // every rank.
  struct FEWireGuess
  {
    double diameter_m = 0;  // of the wire it came from
    std::vector<double> z_m, radius_ratio;
    std::vector<double> xi;                                // r / R, ascending from 0 to 1
    std::vector<std::vector<double>> temperature_shift_K;  // [z][xi]; empty without FE heat
    bool empty() const { return z_m.empty(); }
    // bilinear in (z, xi), constant beyond the ends; 0 without a temperature shift
    double temperature_shift(double z, double xi) const;
  };

  // Runs on all ranks of comm. Output goes to output_dir (created by the caller; empty: none):
  // besides the flow files, paths.vtp (the material paths with their histories) for steady runs.
  // 'initial' is this wire's thin-filament solution. With a guess, the initial shape and (FE
  // heat) the initial temperature field are the thin-filament ones corrected by the guess; with
  // 'converged', the corrections of this wire's steady solution are returned there.
  FEWireResult solve_fe_wire(const CaseSetup &setup, const FilamentProfile &initial,
                             const std::string &output_dir, MPI_Comm comm,
                             const FEWireGuess *guess = nullptr, FEWireGuess *converged = nullptr);
}  // namespace hotdraw

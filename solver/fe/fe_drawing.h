// The drawing flow with a free surface on the finite-element Stokes solver.
//
// Domain: the rod -> neck -> wire control volume with the fixed boundary ids of
// meshes/drawing_domain.h (inlet 0, outlet 1, axis 2, free surface 3). Boundary conditions:
//   inlet         plug flow at the feed speed (u_r = 0, u_z = v_f)
//   outlet        the take-up speed (u_z = v_d; u_r free) or a prescribed draw force (uniform
//                 axial traction F / A_out)
//   axis          symmetry (u_r = 0)
//   free surface  zero traction, optionally surface tension (both curvatures); gravity as a
//                 body force rho g along +z
// Free surface R(z): the kinematic condition dR/dt + u_z dR/dz = u_r, discretised implicitly
// on the surface samples by the box (Preissmann) scheme with the segment-mean speed u_z and the
// trapezoidal flow slope s = u_r/u_z:
//   ((R_k - R_k^n) + (R_{k-1} - R_{k-1}^n)) / (2 dt) + u_z ((R_k - R_{k-1})/dz - (s_{k-1}+s_k)/2) =
//   0,
// swept from the inlet (R_0 = R_in). It is implicit (stable for any step of the advection;
// with the flow taken at the start of the step the step size is adapted) and second order in z
// without the numerical damping of upwinding, which would hide draw resonance. For dt -> infinity
// it becomes the steady condition dR/dz = u_r/u_z integrated from the inlet by the trapezoidal
// rule: the 'kinematic' steady update. The 'mass flux' steady update instead scales each
// section's radius so that it carries the feed flux Q: R_new = R (Q / q(z))^(1/2) (axisymmetric;
// exponent 1 planar), q(z) the FE flux through the section at z. Both have the streamline
// surface as fixed point; the mass-flux update does not accumulate slope errors along z (at
// draw ratio DR a relative slope error is amplified about sqrt(DR) times by the integration)
// and its fixed point conserves mass to round-off, while the kinematic one leaves the
// discrete normal velocity at round-off. Steady mode: Stokes solve, (heat solve), surface
// update, mesh motion, repeated until the shape change (and the temperature change; and, for
// the kinematic update, the normal velocity) are below tolerance. The iteration is accelerated
// by Aitken's scalar relaxation or by Anderson mixing of the shape together with the nodal
// temperatures (needed when heat is solved: the viscous heating and the shape-cooling feedback
// give the Picard map several growing modes). The updates and accelerations are plugins
// (solver/fe/surface_update/, solver/fe/acceleration/). Transient mode: one Stokes solve and one
// implicit surface step per time step (start-up, speed changes); with FE heat and 'Coupled
// iterations' > 1, every step iterates flow, shape and heat to convergence: the shape by the
// volume balance of the sections dA/dt + dq/dz = 0 with the end-of-step flux q (BDF2; its
// fixed point for dt -> infinity is the steady mass-flux update's), the heat by BDF2, Anderson
// mixing of both, and step sizes from an error estimate. Checkpoints of the whole transient
// state (solver/fe/checkpoint.h) allow a killed run to resume.
//
// The drawing owns the domain (solver/fe/domain.h), the Stokes flow, the FE heat transfer (if
// solved) and the fields they give together; callers use each of them directly. Its stages run in
// the sections "FE flow" and "FE heat" of the stage timer (postprocess/timing.h).
#pragma once

#include "solver/fe/fields.h"
#include "solver/fe/free_surface_settings.h"
#include "solver/fe/heat_transfer.h"
#include "solver/fe/interpolation.h"
#include "solver/fe/stokes_flow.h"

#include <mpi.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hotdraw
{
  class Domain;
  class FieldEvaluator;
  class OutputFields;
  class RheologyModel;

  struct DrawingConditions
  {
    double feed_speed_m_per_s = 1e-3;
    // true: the rod enters as a rigid plug (u_r = 0 at the inlet, the physical drawing case);
    // false: only u_z is prescribed and the inlet carries no shear stress (sigma_rz = 0), the
    // condition of the slender (Matovich-Pearson) theory.
    bool rigid_inlet = true;
    bool force_control = false;
    std::function<double(double)> take_up_speed;  // v_d(t), m/s
    std::function<double(double)> draw_force;     // F(t), N
    double surface_tension_N_per_m = 0;
    double density_kg_per_m3 = 0;    // > 0 with gravity
    double gravity_m_per_s2 = 0;     // along +z (drawing downwards)
    ScalarFunction temperature;      // given temperature field, K (or the
                                     // initial field when heat is solved)
    std::shared_ptr<HeatSpec> heat;  // set: solve the heat transfer (coupled)
  };

  // One record of the steady iteration or of a time step.
  struct DrawingStep
  {
    unsigned int index = 0;
    double time_s = 0;
    double draw_force_N = 0;
    double outlet_radius_m = 0;
    double take_up_speed_m_per_s = 0;
    double shape_change = 0;     // max |dR| / R of the surface update
    double normal_velocity = 0;  // max |u.n| / |u| on the free surface before the update
    double mass_flux_error = 0;  // max |Q(z) / Q_in - 1| over the sections
    double peak_temperature_K = 0;
    double temperature_change_K = 0;  // max |dT| of the heat solve (coupled runs)
    unsigned int nonlinear_iterations = 0, linear_iterations = 0;
    double wall_time_s = 0;
  };

  class FEDrawing
  {
  public:
    FEDrawing(MPI_Comm comm, const RheologyModel &rheology, const StokesSettings &stokes,
              const FreeSurfaceSettings &surface, const DrawingConditions &conditions);
    ~FEDrawing();

    // Mesh the domain around the initial shape R(z) (e.g. the thin-filament solution).
    void initialize(const std::vector<double> &z, const std::vector<double> &R);

    // Steady free-surface iteration. Throws SolverError (with the residual history) if the
    // shape does not converge; on success returns the records of every iteration.
    std::vector<DrawingStep> solve_steady(const std::string &output_dir = "");

    // Transient run from the current shape over [t0, t0 + end_time] with the settings' time
    // step; records of every step (taken at its start) and a last one of the state at the end
    // time. Output every 'output_every' steps (and at the end) if output_dir is given.
    // After resume(): from the checkpoint's time and step to t0 + end_time (a larger 'End
    // time' extends a run); the records include those of the steps before the checkpoint.
    std::vector<DrawingStep> run_transient(double t0, const std::string &output_dir = "");

    // Checkpoints of transient runs ('Checkpoint every' steps, 'Checkpoint wall time'): the whole
    // FE state (solver/fe/checkpoint.h) and the caller's data save_extra() (e.g. particles;
    // rank 0's is kept) in 'directory', which a complete new checkpoint replaces atomically
    // (directory.tmp while written; directory.old for a moment). Empty: none.
    void set_checkpoints(const std::string &directory,
                         const std::function<std::string()> &save_extra);
    // Whether 'directory' (or the directory.old left by a kill while replacing it) holds a
    // complete checkpoint.
    static bool has_checkpoint(const std::string &directory);
    struct Resumed
    {
      std::vector<DrawingStep> steady_steps;  // the records of the steady iteration before
      std::string extra;                      // the caller's data saved with it
      double time_s = 0;
      unsigned int n_steps = 0;        // transient steps before the checkpoint
      unsigned int n_ranks_saved = 0;  // ranks of the run that wrote it
    };
    // Instead of initialize() and solve_steady(): the state of the checkpoint in 'directory'
    // (collective; any number of ranks). z and R must be the initial shape of the run that wrote
    // it (its reference mesh is built from them); an InputError if they are not, or if the
    // checkpoint is incomplete or of another kind of run (with or without FE heat).
    Resumed resume(const std::vector<double> &z, const std::vector<double> &R,
                   const std::string &directory);

    // The current surface R(z) (samples), and the parts of the solution (after initialize()).
    std::vector<SurfacePoint> surface() const;
    const Domain &domain() const;
    const StokesFlow &stokes() const;
    // The FE heat transfer; nullptr if the temperature is given.
    const HeatTransfer *heat() const;
    // The fields of flow and heat together, for sampling, transport and output on the domain.
    const FieldEvaluator &fields() const;
    double inlet_radius() const;

    // Called in transient runs once per accepted step, before the surface moves, with the step's
    // start time and size; the flow is the one that advances the surface over the step.
    void set_step_observer(const std::function<void(double t, double dt)> &observer);
    // ParaView output of the current state as <dir>/steady.vtu (collective), with the vectors of
    // further solvers on the domain (e.g. transported fields).
    void write_steady(const std::string &dir,
                      const std::vector<const OutputFields *> &more = {}) const;
    // The ParaView series of the outputs written so far (rank 0, atomically):
    // <dir>/iterations.pvd (the steady iterations iteration_<n>.vtu, time = iteration number n,
    // every 'Output every' iterations and the converged one) and, after a transient run,
    // <dir>/transient.pvd (transient_<k>.vtu, time in s).
    void write_series(const std::string &dir) const;
    // The surface profile as CSV: z_m, radius_m, u_r, u_z, normal velocity
    void write_surface_csv(const std::string &filename) const;
    // Statistics file (one row per record) with a numbered column legend, written by rank 0 of
    // 'comm'
    static void write_statistics(const std::vector<DrawingStep> &steps, const std::string &filename,
                                 unsigned int n_dofs, MPI_Comm comm);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
  };
}  // namespace hotdraw

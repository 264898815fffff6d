// Axisymmetric (or planar) finite-element Stokes flow of the supercooled liquid on the deforming
// domain of solver/fe/domain.h: Taylor–Hood Q2–Q1, Picard then Newton iterations with the
// analytic viscosity derivative and a line search, and FGMRES with a block upper-triangular
// preconditioner (AMG on the velocity block, 1/eta-weighted pressure mass matrix for the Schur
// complement, a cheap phase and an expensive fallback). The linear-algebra back end (Trilinos or
// PETSc) is the domain's; a direct solver (MUMPS through PETSc) is available as an option and as
// the reference.
//
// The interface is independent of the back end: create() returns an implementation for it
// (solver/fe/stokes_solver.cc). The flow is a FlowField for the heat transfer, the sampling and
// the output (solver/fe/fields.h); its viscosity follows a TemperatureField, the FE heat transfer
// once that is solved.
#pragma once

#include "solver/fe/checkpoint.h"
#include "solver/fe/fields.h"
#include "solver/fe/geometry.h"
#include "solver/fe/linear_algebra.h"

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>
#include <deal.II/base/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hotdraw
{
  class Domain;
  class ParameterSet;
  class RheologyModel;

  struct StokesSettings
  {
    GeometryType geometry = GeometryType::axisymmetric;
    LinearAlgebraBackend backend = LinearAlgebraBackend::petsc;
    LinearSolverType linear_solver = LinearSolverType::iterative;
    double linear_tolerance = 1e-8;            // relative, outer FGMRES
    unsigned int cheap_iterations = 200;       // FGMRES steps with the cheap preconditioner
    unsigned int expensive_iterations = 1000;  // then with the expensive one
    double pressure_scaling_length = 0;        // m; 0: the largest radius of the mesh
    unsigned int max_picard_iterations = 8;    // Picard steps before Newton
    double newton_switch_tolerance = 1e-2;     // relative update below which Newton may start
    bool newton = true;
    unsigned int max_nonlinear_iterations = 60;
    double nonlinear_tolerance = 1e-9;    // relative update, or residual relative to the
                                          // largest starting residual on this mesh
    unsigned int continuation_steps = 4;  // on failure: retry from the Newtonian viscosity
    bool solve_heat = true;               // drawing runs: FE heat transfer, else the
                                          // thin-filament temperature is given
    unsigned int verbosity = 1;           // 0 silent, 1 one line per solve, 2 iterations

    static void declare_parameters(ParameterSet &prm);  // inside "Numerics/Finite element"
    void parse_parameters(ParameterSet &prm);
  };

  // Boundary condition on one boundary id. Velocity components can be fixed (Dirichlet) from
  // 'velocity'; otherwise the traction 'traction' (N/m^2, may be empty = zero) applies. With
  // surface_tension the term gamma * curvature * n of the free surface is added (both
  // curvatures: meridional and azimuthal 1/R).
  struct BoundaryCondition
  {
    bool fix_r = false, fix_z = false;
    VectorFunction velocity;
    VectorFunction traction;
    bool surface_tension = false;
  };

  struct FlowSpec
  {
    std::map<dealii::types::boundary_id, BoundaryCondition> boundaries;
    VectorFunction body_force;   // N/m^3 (gravity rho g, or a manufactured forcing)
    ScalarFunction temperature;  // K, of the physical point
    double surface_tension_N_per_m = 0;
  };

  struct LinearSolveReport
  {
    bool direct = false;
    unsigned int cheap_iterations = 0, expensive_iterations = 0;
    double setup_time_s = 0, solve_time_s = 0;
    double amg_time_s = 0;  // of solve_time_s: the velocity AMG V-cycles (cheap phase)
    double initial_residual = 0, final_residual = 0;
  };

  struct NonlinearReport
  {
    bool converged = false;
    unsigned int picard_iterations = 0, newton_iterations = 0;
    unsigned int linear_iterations = 0;   // outer FGMRES iterations, summed
    unsigned int continuation_steps = 0;  // > 0 if the solve needed continuation
    std::vector<double> update_history;   // relative update per iteration
    std::vector<double> residual_history;
    double setup_time_s = 0, solve_time_s = 0, assembly_time_s = 0;
    std::string message;
  };

  struct ErrorNorms
  {
    double velocity_L2 = 0, pressure_L2 = 0;  // geometry-weighted L2 norms
  };

  // Checkpoints (solver/fe/checkpoint.h): the solution (the initial guess of the next solve),
  // the pressure scaling and the reference residual of the convergence test.
  class StokesFlow : public FlowField, public OutputFields, public Checkpointable
  {
  public:
    // The flow on 'domain' (after its create_mesh(); with the domain's linear-algebra back end,
    // which must be the settings' one).
    static std::unique_ptr<StokesFlow> create(const Domain &domain, const RheologyModel &rheology,
                                              const StokesSettings &settings);

    // Boundary conditions, body force and temperature; (re)builds constraints and matrices.
    virtual void set_flow(const FlowSpec &spec) = 0;

    // The temperature field of the viscosity from now on, instead of the spec's temperature
    // function (nullptr: back to the function). The field must outlive the flow's use of it.
    virtual void set_temperature(const TemperatureField *field) = 0;

    // Tolerance of the following nonlinear solves (relative update or residual), e.g. looser
    // while an outer free-surface iteration is still far from converged.
    virtual void set_nonlinear_tolerance(double tolerance) = 0;

    // Forcing of the following solves (0: off): each solve also reduces the residual it starts
    // from by this factor (down to 1e-3 x the tolerance's residual), so that an outer iteration
    // whose shape changes shrink sees a flow error that shrinks with them, as an inexact Newton
    // method's forcing term (coupled transient steps; without it the flow stops at the fixed
    // residual threshold and the outer iteration stalls at the flow's error).
    virtual void set_residual_reduction(double factor) = 0;

    // u <- base + factor (u - base), p <- factor p: the starting guess after a Dirichlet speed
    // changed by that factor relative to 'base' (a new take-up speed of a transient draw: the
    // guess stays smooth, where the new boundary value alone puts a jump into the glassy wire
    // whose Eyring viscosity the nonlinear iteration then crept through).
    virtual void scale_flow(const dealii::Tensor<1, 2> &base, double factor) = 0;

    // Nonlinear solve on the current geometry, starting from the current solution. A solve that
    // does not converge returns converged = false and leaves the previous solution in place.
    virtual NonlinearReport solve() = 0;

    // Volume flux (m^3/s; per unit depth for planar, whole sheet) through the cross-sections of
    // a structured drawing mesh, keyed by z, on every rank.
    virtual std::map<double, double> section_fluxes() const = 0;

    // Axial force (N; whole sheet per unit depth for planar) transmitted through the outlet,
    // from the traction integral of sigma_zz.
    virtual double outlet_force() const = 0;

    // Error norms against an exact solution (velocity and pressure in Pa), geometry-weighted.
    virtual ErrorNorms errors(const VectorFunction &exact_velocity,
                              const ScalarFunction &exact_pressure) const = 0;

    virtual LinearSolveReport last_linear_report() const = 0;
    virtual unsigned int n_dofs() const = 0;
  };
}  // namespace hotdraw

// Axisymmetric (or planar) finite-element Stokes flow of the supercooled liquid on a deforming
// mesh: Taylor–Hood Q2–Q1 on a parallel::distributed::Triangulation<2> (p4est), mesh motion by
// MappingQEulerian with a Laplace extension of the free-surface displacement, Picard then Newton
// iterations with the analytic viscosity derivative and a line search, and FGMRES with a block
// upper-triangular preconditioner (AMG on the velocity block, 1/eta-weighted pressure mass
// matrix for the Schur complement, a cheap phase and an expensive fallback). The linear-algebra
// back end (Trilinos or PETSc) is chosen at run time; a direct solver (MUMPS through PETSc) is
// available as an option and as the reference.
//
// The interface is independent of the back end: create() returns an implementation for the
// chosen one. The drivers (steady free-surface iteration, transient drawing) use only this
// interface; see solver/fe/free_surface.h.
#pragma once

#include "solver/fe/geometry.h"

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>
#include <deal.II/base/types.h>

#include <mpi.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dealii
{
  template <int dim, int spacedim>
  class Triangulation;
}

namespace hotdraw
{
  class RheologyModel;
  class ParameterSet;

  enum class LinearAlgebraBackend
  {
    trilinos,
    petsc
  };

  enum class LinearSolverType
  {
    iterative,  // FGMRES with the block preconditioner
    direct      // MUMPS through PETSc
  };

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
    double nonlinear_tolerance = 1e-9;         // relative update, or residual relative to the
                                               // largest starting residual on this mesh
    unsigned int continuation_steps = 4;       // on failure: retry from the Newtonian viscosity
    unsigned int verbosity = 1;                // 0 silent, 1 one line per solve, 2 iterations

    static void declare_parameters(ParameterSet &prm);  // inside "Numerics/Finite element"
    void parse_parameters(ParameterSet &prm);
  };

  using VectorFunction = std::function<dealii::Tensor<1, 2>(const dealii::Point<2> &)>;
  using ScalarFunction = std::function<double(const dealii::Point<2> &)>;

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
    VectorFunction body_force;      // N/m^3 (gravity rho g, or a manufactured forcing)
    ScalarFunction temperature;     // K, of the physical point
    double surface_tension_N_per_m = 0;
  };

  struct LinearSolveReport
  {
    bool direct = false;
    unsigned int cheap_iterations = 0, expensive_iterations = 0;
    double setup_time_s = 0, solve_time_s = 0;
    double initial_residual = 0, final_residual = 0;
  };

  struct NonlinearReport
  {
    bool converged = false;
    unsigned int picard_iterations = 0, newton_iterations = 0;
    unsigned int linear_iterations = 0;  // outer FGMRES iterations, summed
    unsigned int continuation_steps = 0; // > 0 if the solve needed continuation
    std::vector<double> update_history;  // relative update per iteration
    std::vector<double> residual_history;
    double setup_time_s = 0, solve_time_s = 0, assembly_time_s = 0;
    std::string message;
  };

  // One sample of the free surface: physical position and velocity.
  struct SurfacePoint
  {
    double z = 0, r = 0, u_r = 0, u_z = 0;
  };

  struct ErrorNorms
  {
    double velocity_L2 = 0, pressure_L2 = 0;  // geometry-weighted L2 norms
  };

  class StokesFlow
  {
  public:
    virtual ~StokesFlow() = default;

    // An implementation for the settings' back end, on communicator comm.
    static std::unique_ptr<StokesFlow> create(MPI_Comm comm, const RheologyModel &rheology,
                                              const StokesSettings &settings);

    // Build the reference mesh with 'generator' (which fills the coarse triangulation; it must
    // set the boundary ids), refine globally, distribute the degrees of freedom.
    virtual void create_mesh(const std::function<void(dealii::Triangulation<2, 2> &)> &generator,
                             unsigned int n_global_refinements) = 0;

    // Boundary conditions, body force and temperature; (re)builds constraints and matrices.
    virtual void set_flow(const FlowSpec &spec) = 0;

    // Nonlinear solve on the current geometry, starting from the current solution. A solve that
    // does not converge returns converged = false and leaves the previous solution in place.
    virtual NonlinearReport solve() = 0;

    // Move the free surface (boundary id 3) to r = R(z) (z of the reference configuration is
    // kept); the interior follows by a Laplace extension of the displacement.
    virtual void move_free_surface(const std::function<double(double)> &radius) = 0;

    // Free-surface samples (vertices and edge midpoints), sorted by z, on every rank.
    virtual std::vector<SurfacePoint> free_surface() const = 0;

    // Volume flux (m^3/s; per unit depth for planar, whole sheet) through the cross-sections of
    // a structured drawing mesh, keyed by z, on every rank.
    virtual std::map<double, double> section_fluxes() const = 0;

    // Axial force (N; whole sheet per unit depth for planar) transmitted through the outlet,
    // from the traction integral of sigma_zz.
    virtual double outlet_force() const = 0;

    // Error norms against an exact solution (velocity and pressure in Pa), geometry-weighted.
    virtual ErrorNorms errors(const VectorFunction &exact_velocity,
                              const ScalarFunction &exact_pressure) const = 0;

    // Velocity and pressure (Pa) at a point of the current configuration (any rank may ask;
    // all ranks must call).
    virtual std::pair<dealii::Tensor<1, 2>, double> point_value(const dealii::Point<2> &x) const = 0;

    // ParaView output: <dir>/<base>_<step>.pvtu (+ .vtu per rank) with velocity, pressure, shear
    // rate, viscosity, stresses and mesh displacement. Returns the .pvtu file name.
    virtual std::string write_vtu(const std::string &dir, const std::string &base,
                                  unsigned int step) const = 0;

    virtual LinearSolveReport last_linear_report() const = 0;
    virtual unsigned int n_dofs() const = 0;
    virtual unsigned int n_cells() const = 0;
    virtual const Geometry &geometry() const = 0;
    virtual double pressure_scaling() const = 0;
  };
}  // namespace hotdraw

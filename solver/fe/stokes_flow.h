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
    bool solve_heat = true;                    // drawing runs: FE heat transfer, else the
                                               // thin-filament temperature is given
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
    double amg_time_s = 0;  // of solve_time_s: the velocity AMG V-cycles (cheap phase)
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

  // One sample of the free surface (or of the axis): physical position, velocity, temperature.
  struct SurfacePoint
  {
    double z = 0, r = 0, u_r = 0, u_z = 0, T = 0;
    double cooling_rate = 0;  // -u.grad T (K/s) from the FE gradient; 0 without heat transfer
  };

  // Transient heat transfer on the flow's mesh:
  //   rho c_p (dT/dt + (u - u_mesh).grad T) = div(k grad T) + 2 eta D:D
  // Q2 elements, SUPG stabilisation, BDF2 with variable steps (ALE: dT/dt at mesh points).
  // Free surface: -k dT/dn = h (T - T_gas) + e sigma (T^4 - T_w^4), radiation linearised
  // consistently (Newton); inlet: fixed T or the long-rod Robin condition
  // dT/dz = lambda (T - T_far) of the exact upstream solution; outlet: outflow (no conduction).
  struct HeatSpec
  {
    std::function<double(double)> density;       // rho(T), kg/m^3 (constant in practice)
    std::function<double(double)> heat_capacity; // c_p(T), J/(kg K)
    std::function<double(double)> enthalpy;      // H(T) = int c_p dT, J/kg (energy balance)
    std::function<double(double)> dcp_dT;
    std::function<double(double)> conductivity;  // k(T), W/(m K)
    std::function<double(double)> dk_dT;
    // h(z, R, |u|, T, T_gas, t) on the free surface, W/(m^2 K)
    std::function<double(double, double, double, double, double, double)> heat_transfer;
    std::function<double(double, double)> wall_temperature;  // T_w(z, t)
    std::function<double(double, double)> gas_temperature;   // T_gas(z, t)
    double emissivity = 0;
    bool radiation = true;
    bool viscous_heating = true;
    bool fixed_inlet = false;       // true: T = inlet_temperature at the inlet
    double inlet_temperature_K = 298.15;
    double inlet_lambda_per_m = 0;  // long rod: dT/dz = lambda (T - T_far) at the inlet
    bool supg = true;
    bool iterative_linear_solver = false;  // false: sparse direct (MUMPS / KLU)
    double newton_tolerance = 1e-9;  // max |dT| / 1000 K
    unsigned int max_newton_iterations = 30;
    // ids of the boundaries (the drawing convention by default)
    dealii::types::boundary_id inlet = 0, outlet = 1, free_surface = 3;
    // verification: prescribed temperatures on these boundaries and a volumetric source (W/m^3)
    std::vector<dealii::types::boundary_id> dirichlet_ids;
    ScalarFunction dirichlet_value;
    ScalarFunction source;
  };

  struct HeatReport
  {
    bool converged = false;
    unsigned int newton_iterations = 0, linear_iterations = 0;
    double max_change_K = 0;  // max |T_new - T_old| of the solve
    std::string message;
  };

  // Steady energy balance of the domain (W): advected enthalpy in and out, heat lost through
  // the free surface, viscous dissipation, conduction into the inlet. imbalance_relative =
  // |in - out - surface + viscous + inlet conduction| / max(term).
  struct EnergyBalance
  {
    double inflow_W = 0, outflow_W = 0, surface_loss_W = 0, dissipation_W = 0;
    double inlet_conduction_W = 0, imbalance_relative = 0;
  };

  // The fields at one point of the current configuration (FieldSample::found = false if the
  // point lies outside the flow domain). stress_eq is the von Mises stress of the deviatoric
  // stress, sqrt(3/2 s:s) = sqrt(3) eta gamma_dot; cooling_rate = -DT/Dt of the last heat step
  // (steady: -u.grad T), 0 without heat transfer.
  struct FieldSample
  {
    bool found = false;
    double u_r = 0, u_z = 0;        // m/s
    double pressure = 0;            // Pa
    double temperature = 0;         // K
    double shear_rate = 0;          // 1/s, sqrt(2 D:D) with the hoop term
    double viscosity = 0;           // Pa s
    double stress_eq = 0;           // Pa
    double cooling_rate = 0;        // K/s
  };

  // Steady transport of a scalar y along the flow (solver/fe/transport_impl.h):
  //   u.grad y = S(y; local fields),  y = inlet value on the inlet.
  // The source gets y and the local fields (T, gamma_dot, sigma_eq, velocity) and returns S and
  // dS/dy; the guess (optional) gives the initial y from the local fields.
  using TransportSource = std::function<double(double y, const FieldSample &local, double *dS_dy)>;
  using TransportGuess = std::function<double(const FieldSample &local)>;
  struct TransportReport
  {
    bool converged = false;
    unsigned int newton_iterations = 0;
    double last_update = 0;  // relative to the scale
    std::string message;
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

    // Tolerance of the following nonlinear solves (relative update or residual), e.g. looser
    // while an outer free-surface iteration is still far from converged.
    virtual void set_nonlinear_tolerance(double tolerance) = 0;

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

    // The fields at many points of the current configuration at once (material paths, radial
    // profiles). Collective: every rank passes the same points and receives every sample; each
    // point is evaluated on the rank that owns its cell (the lowest such rank on a partition
    // boundary).
    virtual std::vector<FieldSample> sample(const std::vector<dealii::Point<2>> &points) const = 0;

    // Solve the steady transport of the field 'name' on the current flow (see TransportSource);
    // 'scale' bounds each Newton update (e.g. 10 K for a fictive temperature). The field is kept
    // until the mesh moves, is written by write_vtu, and can be sampled. Collective.
    virtual TransportReport solve_transport(const std::string &name, double inlet_value,
                                            const TransportSource &source,
                                            const TransportGuess &guess, double scale) = 0;
    // Values of a transported field at points (collective, like sample(); NaN outside).
    virtual std::vector<double> sample_transported(const std::string &name,
                                                   const std::vector<dealii::Point<2>> &points)
      const = 0;

    // ParaView output: <dir>/<base>_<step>.pvtu (+ .vtu per rank) with velocity, pressure, shear
    // rate, viscosity, stresses, mesh displacement, temperature and cooling rate (with heat
    // transfer) and the transported fields. Returns the .pvtu file name.
    virtual std::string write_vtu(const std::string &dir, const std::string &base,
                                  unsigned int step) const = 0;

    // --- heat transfer -----------------------------------------------------------------------
    // Create the temperature field (on the flow's mesh) and use it for the viscosity from now
    // on, instead of the spec's temperature function. T0 is the initial field.
    virtual void enable_heat(const HeatSpec &spec, const ScalarFunction &T0) = 0;
    virtual bool heat_enabled() const = 0;
    // Steady temperature for the current flow and geometry (Newton).
    virtual HeatReport solve_heat() = 0;
    // The locally owned nodal temperatures (K) in the order of the owned DoFs, and their
    // replacement in the same layout (the accelerated coupled steady iteration mixes them).
    virtual std::vector<double> temperature_dofs() const = 0;
    virtual void set_temperature_dofs(const std::vector<double> &T) = 0;
    // One BDF2 step of size dt (BDF1 for the first step) at time t_new, for the current flow,
    // on the current mesh, with the mesh velocity from the last move_free_surface() over dt.
    virtual HeatReport advance_heat(double dt, double t_new) = 0;
    virtual EnergyBalance energy_balance() const = 0;
    // Samples along the axis r = 0 (z, T, u_z), sorted by z, on every rank.
    virtual std::vector<SurfacePoint> axis_profile() const = 0;
    virtual double max_temperature() const = 0;
    // Geometry-weighted L2 error of the temperature against an exact field (verification).
    virtual double temperature_error(const ScalarFunction &exact) const = 0;

    virtual LinearSolveReport last_linear_report() const = 0;
    virtual unsigned int n_dofs() const = 0;
    virtual unsigned int n_cells() const = 0;
    virtual const Geometry &geometry() const = 0;
    virtual double pressure_scaling() const = 0;
  };
}  // namespace hotdraw

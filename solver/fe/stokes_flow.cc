#include "solver/fe/stokes_flow.h"

#include "materials/parameters.h"

namespace hotdraw
{
  void StokesSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Geometry", "axisymmetric", Selection("axisymmetric|planar"),
                "axisymmetric: (r, z) with the 2 pi r weight and hoop terms (wires); planar: "
                "plane strain per unit depth (sheets and ribbons), same code with weight 1.");
    prm.declare("Linear algebra", "PETSc", Selection("PETSc|Trilinos"),
                "Linear-algebra back end: PETSc (hypre BoomerAMG; iteration counts independent "
                "of the mesh, see bench/bench_stokes) or Trilinos (ML AMG; correct, but its "
                "single V-cycle degrades with refinement on these Q2 velocity blocks).");
    prm.declare("Linear solver", "iterative", Selection("iterative|direct"),
                "iterative: FGMRES with the block upper-triangular preconditioner; direct: "
                "MUMPS through PETSc (reference; memory grows quickly with the mesh).");
    prm.declare("Linear solver tolerance", "1e-8", Double(1e-14, 1e-1),
                "Relative residual reduction of the outer FGMRES iteration.", "-");
    prm.declare("Cheap iterations", "200", Integer(1, 100000),
                "FGMRES iterations with the cheap preconditioner (one AMG V-cycle, one Jacobi "
                "sweep) before the expensive one (inner CG solves) takes over.",
                "-");
    prm.declare("Expensive iterations", "1000", Integer(1, 100000),
                "FGMRES iterations with the expensive preconditioner before the solve fails.", "-");
    prm.declare("Pressure scaling length", "0", Double(0, 10),
                "Length L in the pressure scaling eta_ref / L (eta_ref the log-average "
                "viscosity); 0 takes the largest radius of the mesh.",
                "m");
    prm.declare("Maximum Picard iterations", "8", Integer(0, 1000),
                "Picard (fixed-point) iterations before Newton takes over.", "-");
    prm.declare("Newton switch tolerance", "1e-2", Double(0, 1),
                "Relative update below which the iteration switches from Picard to Newton, once "
                "Picard stalls (residual no longer halving per step).",
                "-");
    prm.declare("Newton", "true", Bool(),
                "Use Newton's method (with the analytic viscosity derivative) after Picard.");
    prm.declare("Maximum nonlinear iterations", "60", Integer(1, 100000),
                "Picard plus Newton iterations before the solve is declared failed.", "-");
    prm.declare("Nonlinear tolerance", "1e-9", Double(1e-15, 1e-1),
                "The iteration stops when the relative update of velocity and pressure, or the "
                "residual relative to the largest starting residual on this mesh, falls below "
                "this.",
                "-");
    prm.declare("Continuation steps", "4", Integer(0, 100),
                "If the nonlinear iteration fails, it is repeated with continuation in the "
                "nonlinearity of the rheology, eta_lambda = eta_N (eta/eta_N)^lambda, lambda = "
                "0, 1/n, ..., 1 (from the Newtonian viscosity to the full model). 0: no "
                "continuation.",
                "-");
    prm.declare("Temperature field", "solve", Selection("solve|thin filament"),
                "solve: transient/steady FE heat transfer coupled to the flow and the free "
                "surface (section 'Heat transfer'); thin filament: the temperature T(z) of the "
                "thin-filament solution is given.");
    prm.declare("Verbosity", "1", Integer(0, 3),
                "0: silent; 1: one line per solve; 2: every nonlinear iteration.", "-");
  }

  void StokesSettings::parse_parameters(ParameterSet &prm)
  {
    geometry = prm.get("Geometry") == "planar" ? GeometryType::planar : GeometryType::axisymmetric;
    backend = prm.get("Linear algebra") == "PETSc" ? LinearAlgebraBackend::petsc
                                                   : LinearAlgebraBackend::trilinos;
    linear_solver =
      prm.get("Linear solver") == "direct" ? LinearSolverType::direct : LinearSolverType::iterative;
    linear_tolerance = prm.get_double("Linear solver tolerance");
    cheap_iterations = prm.get_integer("Cheap iterations");
    expensive_iterations = prm.get_integer("Expensive iterations");
    pressure_scaling_length = prm.get_double("Pressure scaling length");
    max_picard_iterations = prm.get_integer("Maximum Picard iterations");
    newton_switch_tolerance = prm.get_double("Newton switch tolerance");
    newton = prm.get_bool("Newton");
    max_nonlinear_iterations = prm.get_integer("Maximum nonlinear iterations");
    nonlinear_tolerance = prm.get_double("Nonlinear tolerance");
    continuation_steps = prm.get_integer("Continuation steps");
    solve_heat = prm.get("Temperature field") == "solve";
    verbosity = prm.get_integer("Verbosity");
  }
}  // namespace hotdraw

// The run-time choice of the linear algebra of the finite-element solvers (the back end of every
// matrix and vector, solver/fe/backend.h) and of the Stokes solver's linear solver.
#pragma once

namespace hotdraw
{
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
}  // namespace hotdraw

// The linear-algebra back ends of the finite-element solvers (Stokes flow, heat transfer,
// transport, mesh motion): the vector, matrix and preconditioner types of Trilinos and PETSc and
// the few operations whose set-up differs between the two. Every solver is a template on one of
// these traits structs, instantiated for both in its .cc file.
#pragma once

#include <deal.II/base/index_set.h>
#include <deal.II/lac/petsc_block_sparse_matrix.h>
#include <deal.II/lac/petsc_block_vector.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_solver.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/trilinos_block_sparse_matrix.h>
#include <deal.II/lac/trilinos_parallel_block_vector.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_solver.h>
#include <deal.II/lac/trilinos_sparse_matrix.h>
#include <deal.II/lac/trilinos_vector.h>

#include <mpi.h>

#include <vector>

namespace hotdraw
{
  namespace fe_detail
  {
    using namespace dealii;

    struct TrilinosBackend
    {
      using Vector = TrilinosWrappers::MPI::Vector;
      using BlockVector = TrilinosWrappers::MPI::BlockVector;
      using SparseMatrix = TrilinosWrappers::SparseMatrix;
      using BlockSparseMatrix = TrilinosWrappers::BlockSparseMatrix;
      using PreconditionAMG = TrilinosWrappers::PreconditionAMG;
      using PreconditionJacobi = TrilinosWrappers::PreconditionJacobi;
      static constexpr const char *name = "Trilinos";

      // AMG for a symmetric positive (velocity or mesh Laplace) matrix. ML's V-cycle is
      // symmetric either way ('symmetric_cycle' matters for the PETSc back end).
      static void initialize_amg(PreconditionAMG &amg, const SparseMatrix &m,
                                 const std::vector<std::vector<bool>> &constant_modes,
                                 const bool /*symmetric_cycle*/)
      {
        PreconditionAMG::AdditionalData data;
        data.elliptic = true;
        data.higher_order_elements = true;
        data.smoother_sweeps = 2;
        data.aggregation_threshold = 0.02;
        data.constant_modes = constant_modes;
        amg.initialize(m, data);
      }

      // AMG for the (non-symmetric, SUPG) heat matrix
      static void initialize_amg_nonsymmetric(PreconditionAMG &amg, const SparseMatrix &m)
      {
        PreconditionAMG::AdditionalData data;
        data.elliptic = false;
        data.higher_order_elements = true;
        data.smoother_sweeps = 2;
        amg.initialize(m, data);
      }

      static void direct_solve(const SparseMatrix &A, Vector &x, const Vector &b, const IndexSet &,
                               MPI_Comm)
      {
        SolverControl control(1, 0);
        TrilinosWrappers::SolverDirect::AdditionalData data(false, "Amesos_Klu");
        TrilinosWrappers::SolverDirect direct(control, data);
        direct.solve(A, x, b);
      }
    };

    struct PETScBackend
    {
      using Vector = PETScWrappers::MPI::Vector;
      using BlockVector = PETScWrappers::MPI::BlockVector;
      using SparseMatrix = PETScWrappers::MPI::SparseMatrix;
      using BlockSparseMatrix = PETScWrappers::MPI::BlockSparseMatrix;
      using PreconditionAMG = PETScWrappers::PreconditionBoomerAMG;
      using PreconditionJacobi = PETScWrappers::PreconditionJacobi;
      static constexpr const char *name = "PETSc";

      // BoomerAMG, one hybrid Gauss-Seidel sweep before and one after the coarse-grid
      // correction. symmetric_cycle: backward after forward, a symmetric V-cycle (for CG);
      // otherwise forward both times, for FGMRES: the same outer iterations, and faster
      // (bench_stokes at 1.2M DoFs: 7.5 s against 8.7 s, and 12.1 s with hypre's 'symmetric
      // operator' setting, which does a symmetric sweep pair on each side).
      static void initialize_amg(PreconditionAMG &amg, const SparseMatrix &m,
                                 const std::vector<std::vector<bool>> &, const bool symmetric_cycle)
      {
        using Relaxation = PreconditionAMG::AdditionalData::RelaxationType;
        PreconditionAMG::AdditionalData data;
        data.symmetric_operator = false;
        data.strong_threshold = 0.5;
        data.relaxation_type_down = Relaxation::SORJacobi;
        data.relaxation_type_up =
          symmetric_cycle ? Relaxation::backwardSORJacobi : Relaxation::SORJacobi;
        data.relaxation_type_coarse = Relaxation::GaussianElimination;
        amg.initialize(m, data);
      }

      static void initialize_amg_nonsymmetric(PreconditionAMG &amg, const SparseMatrix &m)
      {
        PreconditionAMG::AdditionalData data;
        data.symmetric_operator = false;
        amg.initialize(m, data);
      }

      static void direct_solve(const SparseMatrix &A, Vector &x, const Vector &b, const IndexSet &,
                               MPI_Comm comm)
      {
        SolverControl control(1, 0);
        PETScWrappers::SparseDirectMUMPS mumps(control, comm);
        mumps.solve(A, x, b);
      }
    };
  }  // namespace fe_detail
}  // namespace hotdraw

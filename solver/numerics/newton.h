// Damped Newton's method for a sparse nonlinear system r(x) = 0 whose Jacobian is formed by
// finite differences, column group by column group (Curtis-Powell-Reid colouring: the columns of
// a group touch disjoint rows, so one residual evaluation gives all of them), and factorised by
// UMFPACK. Steps are limited per unknown and backtracked on the max norm of the residual.
//
// The problem describes its structure; the solver knows nothing about the physics. Used by the
// thin-filament model (solver/thin_filament.cc).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace hotdraw::numerics
{
  struct NewtonProblem
  {
    std::size_t n_unknowns = 0;
    // r(x), resized by the callee. May throw SolverError for an x at which the residual does not
    // exist (the solver then treats x as inadmissible).
    std::function<void(const std::vector<double> &x, std::vector<double> &r)> residual;
    // Rows [first, last] that column j touches (the Jacobian's sparsity, one range per column).
    std::vector<std::pair<std::size_t, std::size_t>> column_rows;
    // Groups of structurally orthogonal columns, perturbed together (forward differences).
    std::vector<std::vector<std::size_t>> column_groups;
    // Columns differenced one at a time by central differences (e.g. a global unknown that
    // touches every row).
    std::vector<std::size_t> central_columns;
    // Perturbation of unknown j at x_j.
    std::function<double(std::size_t j, double x_j)> perturbation;
    // Largest |dx_j| of one step (the whole step is scaled down to respect it).
    std::function<double(std::size_t j)> max_step;
    // Optional: false if x may not even be tried (e.g. a temperature below 1 K).
    std::function<bool(const std::vector<double> &x)> admissible;
  };

  struct NewtonSettings
  {
    double tolerance = 1e-9;  // on the max norm of the residual
    unsigned int max_iterations = 60;
    // Give up early when the residual stagnates (e.g. a continuation step that should be
    // retried smaller): after 6 iterations without halving, while above 1e3 x tolerance.
    bool give_up_on_stagnation = false;
    // Called before every iteration with (iteration, residual, max norm).
    std::function<void(unsigned int, const std::vector<double> &, double)> monitor;
  };

  struct NewtonResult
  {
    bool converged = false;
    unsigned int iterations = 0;
    double residual_norm = 0;
    std::string message;  // why it stopped, if it did not converge
  };

  // Solves in place from the initial guess x.
  NewtonResult solve_newton(const NewtonProblem &problem, const NewtonSettings &settings,
                            std::vector<double> &x);
}  // namespace hotdraw::numerics

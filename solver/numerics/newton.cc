#include "solver/numerics/newton.h"

#include "solver/numerics/errors.h"

#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparse_direct.h>
#include <deal.II/lac/sparse_matrix.h>
#include <deal.II/lac/sparsity_pattern.h>
#include <deal.II/lac/vector.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace hotdraw::numerics
{
  namespace
  {
    double max_norm(const std::vector<double> &v)
    {
      double m = 0;
      for (double a : v)
        m = std::max(m, std::abs(a));
      return std::isfinite(m) ? m : std::numeric_limits<double>::infinity();
    }

    std::string stopped(const char *what, double norm)
    {
      std::ostringstream s;
      s << what << " at |r| = " << norm;
      return s.str();
    }

    class Solver
    {
    public:
      Solver(const NewtonProblem &p, const NewtonSettings &s) : p_(p), s_(s)
      {
        dealii::DynamicSparsityPattern dsp(p.n_unknowns, p.n_unknowns);
        for (std::size_t j = 0; j < p.n_unknowns; ++j)
          for (std::size_t row = p.column_rows[j].first; row <= p.column_rows[j].second; ++row)
            dsp.add(row, j);
        sparsity_.copy_from(dsp);
        jacobian_.reinit(sparsity_);
      }

      NewtonResult run(std::vector<double> &x)
      {
        NewtonResult result;
        std::vector<double> r;
        try
          {
            p_.residual(x, r);
          }
        catch (const SolverError &e)
          {
            result.message = std::string("initial guess not admissible: ") + e.what();
            return result;
          }
        double norm = max_norm(r);
        std::vector<double> history;
        const unsigned int max_it =
          s_.give_up_on_stagnation ? std::min(25u, s_.max_iterations) : s_.max_iterations;
        for (result.iterations = 0; result.iterations < max_it; ++result.iterations)
          {
            history.push_back(norm);
            result.residual_norm = norm;
            if (s_.give_up_on_stagnation && history.size() > 6 &&
                norm > 0.5 * history[history.size() - 6] && norm > 1e3 * s_.tolerance)
              {
                result.message = stopped("Newton stagnates", norm);
                return result;
              }
            if (s_.monitor)
              s_.monitor(result.iterations, r, norm);
            if (norm < s_.tolerance)
              {
                result.converged = true;
                return result;
              }
            form_jacobian(x, r);
            std::vector<double> dx;
            if (!newton_step(r, dx, result.message))
              return result;
            if (!line_search(x, dx, r, norm))
              {
                result.message = stopped("line search failed", norm);
                return result;
              }
          }
        result.residual_norm = norm;
        result.converged = norm < s_.tolerance;
        std::ostringstream m;
        m << "no convergence in " << max_it << " iterations, |r| = " << norm;
        result.message = m.str();
        return result;
      }

    private:
      // Finite-difference Jacobian: forward differences per column group, central differences
      // for the listed single columns.
      void form_jacobian(const std::vector<double> &x, const std::vector<double> &r)
      {
        jacobian_ = 0;
        std::vector<double> xp, rp, rm;
        for (const auto &group : p_.column_groups)
          {
            xp = x;
            std::vector<double> h(group.size());
            for (std::size_t k = 0; k < group.size(); ++k)
              {
                h[k] = p_.perturbation(group[k], x[group[k]]);
                xp[group[k]] += h[k];
              }
            p_.residual(xp, rp);
            for (std::size_t k = 0; k < group.size(); ++k)
              {
                const std::size_t j = group[k];
                for (std::size_t row = p_.column_rows[j].first; row <= p_.column_rows[j].second;
                     ++row)
                  jacobian_.set(row, j, (rp[row] - r[row]) / h[k]);
              }
          }
        for (const std::size_t j : p_.central_columns)
          {
            const double h = p_.perturbation(j, x[j]);
            xp = x;
            xp[j] = x[j] + h;
            p_.residual(xp, rp);
            xp[j] = x[j] - h;
            p_.residual(xp, rm);
            for (std::size_t row = p_.column_rows[j].first; row <= p_.column_rows[j].second; ++row)
              jacobian_.set(row, j, (rp[row] - rm[row]) / (2 * h));
          }
      }

      bool newton_step(const std::vector<double> &r, std::vector<double> &dx, std::string &message)
      {
        const std::size_t n = p_.n_unknowns;
        dealii::Vector<double> rhs(n), d(n);
        for (std::size_t i = 0; i < n; ++i)
          rhs[i] = -r[i];
        try
          {
            dealii::SparseDirectUMFPACK lu;
            lu.initialize(jacobian_);
            lu.vmult(d, rhs);
          }
        catch (...)
          {
            message = "singular Jacobian";
            return false;
          }
        dx.assign(d.begin(), d.end());
        for (double v : dx)
          if (!std::isfinite(v))
            {
              message = "non-finite Newton update";
              return false;
            }
        return true;
      }

      // Scale the step to the per-unknown limits, then halve it until the residual norm falls
      // (Armijo, or to within 10 x tolerance).
      bool line_search(std::vector<double> &x, const std::vector<double> &dx,
                       std::vector<double> &r, double &norm)
      {
        double alpha = 1.0;
        for (std::size_t i = 0; i < dx.size(); ++i)
          {
            const double limit = p_.max_step(i);
            if (std::abs(dx[i]) * alpha > limit)
              alpha = limit / std::abs(dx[i]);
          }
        std::vector<double> xp, rp;
        for (unsigned int k = 0; k < 30; ++k, alpha *= 0.5)
          {
            xp = x;
            for (std::size_t i = 0; i < dx.size(); ++i)
              xp[i] += alpha * dx[i];
            double trial = std::numeric_limits<double>::infinity();
            if (!p_.admissible || p_.admissible(xp))
              try
                {
                  p_.residual(xp, rp);
                  trial = max_norm(rp);
                }
              catch (const SolverError &)
                {}
            if (trial < (1.0 - 1e-4 * alpha) * norm || trial < 10 * s_.tolerance)
              {
                x = xp;
                r = rp;
                norm = trial;
                return true;
              }
          }
        return false;
      }

      const NewtonProblem &p_;
      const NewtonSettings &s_;
      dealii::SparsityPattern sparsity_;
      dealii::SparseMatrix<double> jacobian_;
    };
  }  // namespace

  NewtonResult solve_newton(const NewtonProblem &problem, const NewtonSettings &settings,
                            std::vector<double> &x)
  {
    if (x.size() != problem.n_unknowns || problem.column_rows.size() != problem.n_unknowns)
      throw std::invalid_argument("solve_newton: " + std::to_string(x.size()) +
                                  " unknowns given, the problem has " +
                                  std::to_string(problem.n_unknowns) + " and " +
                                  std::to_string(problem.column_rows.size()) + " column ranges");
    return Solver(problem, settings).run(x);
  }
}  // namespace hotdraw::numerics

// The finite-difference Newton solver (solver/numerics/newton.h) on the Bratu problem, whose
// exact solution is known, and its failure reports.
#include "solver/numerics/errors.h"
#include "solver/numerics/newton.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotdraw;
using namespace hotdraw::numerics;

namespace
{
  // u'' + lambda e^u = 0 on (0, 1), u(0) = u(1) = 0, by second-order finite differences on n
  // interior nodes: a tridiagonal Jacobian, so three column groups.
  NewtonProblem bratu(std::size_t n, double lambda)
  {
    NewtonProblem p;
    p.n_unknowns = n;
    const double h = 1.0 / (n + 1);
    p.residual = [n, h, lambda](const std::vector<double> &u, std::vector<double> &r) {
      r.assign(n, 0.0);
      for (std::size_t i = 0; i < n; ++i)
        {
          const double left = i > 0 ? u[i - 1] : 0.0, right = i + 1 < n ? u[i + 1] : 0.0;
          r[i] = (left - 2 * u[i] + right) / (h * h) + lambda * std::exp(u[i]);
        }
    };
    for (std::size_t j = 0; j < n; ++j)
      p.column_rows.emplace_back(j > 0 ? j - 1 : 0, std::min(n - 1, j + 1));
    for (std::size_t c = 0; c < 3; ++c)
      {
        std::vector<std::size_t> group;
        for (std::size_t j = c; j < n; j += 3)
          group.push_back(j);
        p.column_groups.push_back(group);
      }
    p.perturbation = [](std::size_t, double x) { return 1e-7 * std::max(1.0, std::abs(x)); };
    p.max_step = [](std::size_t) { return 1.0; };
    return p;
  }

  // The lower branch: u = -2 ln[cosh((x - 1/2) theta/2) / cosh(theta/4)],
  // theta = sqrt(2 lambda) cosh(theta/4).
  double bratu_exact(double x, double lambda)
  {
    double theta = 1;
    for (int i = 0; i < 200; ++i)
      theta = std::sqrt(2 * lambda) * std::cosh(theta / 4);
    return -2 * std::log(std::cosh((x - 0.5) * theta / 2) / std::cosh(theta / 4));
  }
}  // namespace

TEST_CASE("Newton: the Bratu problem converges fast and at second order in h", "[numerics]")
{
  const double lambda = 1.0;
  double previous = 0;
  for (std::size_t n : {19u, 39u, 79u})
    {
      std::vector<double> u(n, 0.0);
      NewtonSettings s;
      s.tolerance = 1e-9;
      const NewtonResult r = solve_newton(bratu(n, lambda), s, u);
      REQUIRE(r.converged);
      CHECK(r.iterations <= 6);
      double error = 0;
      for (std::size_t i = 0; i < n; ++i)
        error = std::max(error, std::abs(u[i] - bratu_exact((i + 1.0) / (n + 1), lambda)));
      INFO("n = " << n << ": max error " << error);
      if (previous > 0)
        CHECK(std::log2(previous / error) == Approx(2.0).margin(0.1));
      previous = error;
    }
}

TEST_CASE("Newton: inadmissible guesses, iteration limits and stagnation are reported",
          "[numerics]")
{
  NewtonProblem p = bratu(9, 1.0);
  const auto residual = p.residual;
  p.residual = [residual](const std::vector<double> &u, std::vector<double> &r) {
    if (u[0] > 5)
      throw SolverError("u too large");
    residual(u, r);
  };
  std::vector<double> u(9, 10.0);
  NewtonResult r = solve_newton(p, NewtonSettings(), u);
  CHECK(!r.converged);
  CHECK_THAT(r.message, Catch::Contains("not admissible") && Catch::Contains("u too large"));

  u.assign(9, 0.0);
  NewtonSettings one;
  one.max_iterations = 1;
  r = solve_newton(p, one, u);
  CHECK(!r.converged);
  CHECK_THAT(r.message, Catch::Contains("no convergence in 1 iterations"));

  // lambda above the fold (about 3.51): no solution, the residual cannot be reduced
  std::vector<double> v(19, 0.0);
  NewtonSettings early;
  early.give_up_on_stagnation = true;
  r = solve_newton(bratu(19, 5.0), early, v);
  CHECK(!r.converged);
  CHECK(!r.message.empty());
}

// The stiff scalar ODE integrator (solver/numerics/scalar_ode.h) against exact solutions.
#include "solver/numerics/errors.h"
#include "solver/numerics/scalar_ode.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace hotdraw;
using namespace hotdraw::numerics;

namespace
{
  // dy/dt = -k(t) y with k piecewise linear between the output times: y = y0 exp(-int k dt).
  struct Decay
  {
    std::vector<double> t, k;
    double rate(double at, std::size_t i) const
    {
      const double w = (at - t[i]) / (t[i + 1] - t[i]);
      return k[i] + std::clamp(w, 0.0, 1.0) * (k[i + 1] - k[i]);
    }
    double exact(std::size_t i, double y0) const
    {
      double integral = 0;
      for (std::size_t j = 0; j < i; ++j)
        integral += 0.5 * (k[j] + k[j + 1]) * (t[j + 1] - t[j]);
      return y0 * std::exp(-integral);
    }
  };
}  // namespace

TEST_CASE("scalar ODE: piecewise-linear decay rate, error controlled by the tolerance",
          "[numerics]")
{
  Decay d;
  d.t = {0, 0.5, 1.0, 1.0, 2.5, 4.0};  // a repeated time is allowed
  d.k = {1, 30, 0.1, 0.1, 5, 2};
  const ScalarRhs rhs = [&d](double t, double y, std::size_t i, double *dfdy) {
    const double k = d.rate(t, i);
    if (dfdy)
      *dfdy = -k;
    return -k * y;
  };
  double previous_error = 1;
  for (double tol : {1e-4, 1e-7, 1e-10})
    {
      ScalarOdeSettings s;
      s.relative_tolerance = tol;
      s.absolute_tolerance = 1e-30;
      const auto y = integrate_scalar_ode(rhs, d.t, 2.0, s);
      REQUIRE(y.size() == d.t.size());
      double error = 0;
      for (std::size_t i = 0; i < y.size(); ++i)
        error = std::max(error, std::abs(y[i] / d.exact(i, 2.0) - 1));
      INFO("tolerance " << tol << ": relative error " << error);
      // global error: a few hundred times the local tolerance at most, and falling with it
      CHECK(error < 1000 * tol);
      CHECK(error < 0.1 * previous_error);
      previous_error = error;
    }
}

TEST_CASE("scalar ODE: a stiff relaxation follows its moving equilibrium", "[numerics]")
{
  // dy/dt = -1e8 (y - cos t): y = cos t + O(1e-8)
  std::vector<double> t;
  for (int i = 0; i <= 20; ++i)
    t.push_back(0.1 * i);
  const ScalarRhs rhs = [](double time, double y, std::size_t, double *dfdy) {
    if (dfdy)
      *dfdy = -1e8;
    return -1e8 * (y - std::cos(time));
  };
  ScalarOdeSettings s;
  s.relative_tolerance = 1e-9;
  s.absolute_tolerance = 1e-12;
  const auto y = integrate_scalar_ode(rhs, t, 1.0, s);
  for (std::size_t i = 0; i < t.size(); ++i)
    CHECK(y[i] == Approx(std::cos(t[i])).margin(1e-7));
}

TEST_CASE("scalar ODE: failures are reported with the time and CVODE's reason", "[numerics]")
{
  const ScalarRhs rhs = [](double, double, std::size_t, double *) {
    return std::numeric_limits<double>::quiet_NaN();
  };
  ScalarOdeSettings s;
  s.name = "test ODE";
  try
    {
      integrate_scalar_ode(rhs, {0.0, 1.0}, 1.0, s);
      FAIL("no error");
    }
  catch (const SolverError &e)
    {
      CHECK_THAT(e.what(), Catch::Contains("test ODE") && Catch::Contains("CVODE failed") &&
                             Catch::Contains("t = "));
    }
  CHECK_THROWS_AS(integrate_scalar_ode(rhs, {1.0, 0.0}, 1.0, s), std::invalid_argument);
}

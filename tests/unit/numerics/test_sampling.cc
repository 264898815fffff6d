// Sampling and statistics (solver/numerics/sampling.h): distributions against their analytic
// quantiles, the Latin hypercube design, and the bands and sensitivity indices of a model with
// a known linear response against their analytic values.
#include "solver/numerics/sampling.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>

using namespace hotdraw::numerics;

TEST_CASE("distributions: parsing and quantiles", "[numerics][sampling]")
{
  const Distribution u = Distribution::parse("uniform(2, 6)");
  CHECK(u.quantile(0.25) == Approx(3.0));
  const Distribution lu = Distribution::parse(" log-uniform( 125 , 1000 ) ");
  CHECK(lu.quantile(0.5) == Approx(std::sqrt(125.0 * 1000.0)));
  CHECK(lu.logarithmic());
  const Distribution n = Distribution::parse("normal(10, 2)");
  CHECK(n.quantile(0.05) == Approx(10 - 2 * 1.6448536269514722).epsilon(1e-12));
  CHECK(n.quantile(0.975) == Approx(10 + 2 * 1.959963984540054).epsilon(1e-12));
  const Distribution ln = Distribution::parse("log-normal(1e-28, 2)");
  CHECK(ln.quantile(0.5) == Approx(1e-28));
  CHECK(ln.quantile(0.8413447460685429) == Approx(2e-28).epsilon(1e-9));  // one sigma up
  const Distribution t = Distribution::parse("triangular(0, 1, 4)");
  CHECK(t.quantile(0.25) == Approx(1.0));  // F(mode) = (c - a)/(b - a)
  CHECK(Distribution::parse(u.text()).quantile(0.3) == u.quantile(0.3));
  for (const char *bad : {"uniform(3, 2)", "log-uniform(0, 1)", "normal(1)", "gauss(0, 1)",
                          "normal(0, -1)", "uniform(a, 2)", "log-normal(1, 0.5)"})
    {
      INFO(bad);
      CHECK_THROWS_AS(Distribution::parse(bad), std::invalid_argument);
    }
}

TEST_CASE("Latin hypercube: one point per stratum in every dimension, reproducible",
          "[numerics][sampling]")
{
  const std::size_t n = 64, k = 5;
  const auto x = latin_hypercube(n, k, 42);
  for (std::size_t j = 0; j < k; ++j)
    {
      std::set<std::size_t> strata;
      for (std::size_t i = 0; i < n; ++i)
        {
          CHECK(x[i][j] > 0);
          CHECK(x[i][j] < 1);
          strata.insert(static_cast<std::size_t>(x[i][j] * n));
        }
      CHECK(strata.size() == n);
    }
  CHECK(latin_hypercube(n, k, 42) == x);
  CHECK(latin_hypercube(n, k, 43) != x);
}

TEST_CASE("percentiles: Hyndman-Fan type 7", "[numerics][sampling]")
{
  CHECK(percentile({3, 1, 2, 4}, 0.5) == Approx(2.5));
  CHECK(percentile({3, 1, 2, 4}, 0.0) == 1);
  CHECK(percentile({3, 1, 2, 4}, 1.0) == 4);
  CHECK(percentile({0, 10}, 0.05) == Approx(0.5));
  CHECK(std::isnan(percentile({}, 0.5)));
}

TEST_CASE("a known linear response: bands and sensitivity indices match the analytic values",
          "[numerics][sampling]")
{
  // y = 3 x1 - 2 x2 + 0.5 x3 + 7 (x4 has no effect), independent normal inputs:
  // y is normal with mean 3 mu1 - 2 mu2 + 0.5 mu3 + 7 and sd sqrt(sum (a_i s_i)^2); the
  // standardized regression coefficient of input i is a_i s_i / sd(y), and its square the
  // first-order variance fraction.
  const std::vector<Distribution> inputs = {Distribution::parse("normal(1, 0.5)"),
                                            Distribution::parse("normal(-2, 1)"),
                                            Distribution::parse("normal(0, 2)"),
                                            Distribution::parse("normal(5, 1)")};
  const std::vector<double> a = {3, -2, 0.5, 0};
  double mean = 7, var = 0;
  std::vector<double> contribution(4);
  for (int i = 0; i < 4; ++i)
    {
      mean += a[i] * inputs[i].p1;
      contribution[i] = a[i] * inputs[i].p2;
      var += contribution[i] * contribution[i];
    }
  const double sd = std::sqrt(var);
  const std::size_t n = 4096;
  const auto u = latin_hypercube(n, 4, 20261129);
  std::vector<std::vector<double>> x(n, std::vector<double>(4));
  std::vector<double> y(n);
  for (std::size_t s = 0; s < n; ++s)
    {
      y[s] = 7;
      for (int i = 0; i < 4; ++i)
        {
          x[s][i] = inputs[i].quantile(u[s][i]);
          y[s] += a[i] * x[s][i];
        }
    }
  // The sample mean of an additive response is nearly exact on a Latin hypercube; the sample
  // quantiles are not stratified and scatter by sqrt(p (1 - p) / n) / pdf(quantile): 0.020 sd
  // at the median and 0.033 sd at the 5th and 95th percentiles for n = 4096. Allow 4 of those.
  double sample_mean = 0;
  for (double v : y)
    sample_mean += v / n;
  CHECK(sample_mean == Approx(mean).margin(1e-3 * sd));
  CHECK(percentile(y, 0.05) == Approx(mean - 1.6448536 * sd).margin(0.13 * sd));
  CHECK(percentile(y, 0.50) == Approx(mean).margin(0.08 * sd));
  CHECK(percentile(y, 0.95) == Approx(mean + 1.6448536 * sd).margin(0.13 * sd));
  const Regression r = standardized_regression(x, y);
  CHECK(r.r_squared == Approx(1.0).epsilon(1e-12));
  double sum_of_squares = 0;
  for (int i = 0; i < 4; ++i)
    {
      INFO("input " << i);
      CHECK(r.coefficients[i] == Approx(contribution[i] / sd).margin(0.01));
      sum_of_squares += r.coefficients[i] * r.coefficients[i];
    }
  CHECK(sum_of_squares == Approx(1.0).epsilon(0.01));
  // too few samples for the regression: NaN, not a number that looks valid
  const Regression few = standardized_regression({{1, 2, 3, 4}}, {1});
  CHECK(std::isnan(few.r_squared));
}

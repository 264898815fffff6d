// Sampling and statistics for uncertainty propagation: distributions of uncertain inputs, Latin
// hypercube designs reproducible from a seed, percentiles, and standardized regression
// coefficients (a global sensitivity measure: for a linear response their squares are the
// first-order variance fractions, Sobol's first-order indices).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hotdraw::numerics
{
  // A probability distribution of one uncertain input, written as text:
  //   uniform(a, b)        a <= x <= b
  //   log-uniform(a, b)    ln x uniform on [ln a, ln b], 0 < a
  //   normal(mean, sd)
  //   log-normal(median, factor)   ln x normal with mean ln(median), sd ln(factor), factor > 1
  //   triangular(a, mode, b)
  struct Distribution
  {
    enum class Kind
    {
      uniform,
      log_uniform,
      normal,
      log_normal,
      triangular
    };
    Kind kind = Kind::uniform;
    double p1 = 0, p2 = 1, p3 = 0;

    // Parses the text form above; throws std::invalid_argument with a message naming what is
    // wrong and what is allowed.
    static Distribution parse(const std::string &text);
    std::string text() const;
    // The inverse cumulative distribution at u in (0, 1).
    double quantile(double u) const;
    // true for the log-uniform and log-normal distributions (regressions use ln x)
    bool logarithmic() const;
  };

  // n points in (0, 1)^k: in every dimension exactly one point in each of the n strata
  // [i/n, (i+1)/n), placed uniformly at random inside it, the strata permuted at random. The
  // same seed gives the same design on every machine (std::mt19937_64 with our own integer and
  // real mappings, which the C++ standard does not fix for its distributions).
  std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t k,
                                                   std::uint64_t seed);

  // The p-quantile (0 <= p <= 1) of the values by linear interpolation between order statistics
  // (Hyndman and Fan's definition 7, as in R and NumPy). NaN if 'values' is empty.
  double percentile(std::vector<double> values, double p);

  // Least-squares fit of y on the columns x[i][j] (sample i, input j), standardized: the
  // coefficients of (y - mean y)/sd y on (x_j - mean x_j)/sd x_j, and the fit's R^2. An input
  // with no spread gets coefficient 0; fewer samples than inputs + 2 give NaN.
  struct Regression
  {
    std::vector<double> coefficients;
    double r_squared = 0;
  };
  Regression standardized_regression(const std::vector<std::vector<double>> &x,
                                     const std::vector<double> &y);
}  // namespace hotdraw::numerics

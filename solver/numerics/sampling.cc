#include "solver/numerics/sampling.h"

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace hotdraw::numerics
{
  namespace
  {
    std::string form_list()
    {
      return "uniform(a, b), log-uniform(a, b), normal(mean, sd), log-normal(median, factor) or "
             "triangular(a, mode, b)";
    }

    // A uniform double in [0, 1) from 53 random bits.
    double uniform01(std::mt19937_64 &rng)
    {
      return (rng() >> 11) * 0x1.0p-53;
    }

    // A uniform integer in [0, n) without the bias of a plain modulo.
    std::uint64_t uniform_index(std::mt19937_64 &rng, std::uint64_t n)
    {
      const std::uint64_t limit =
        std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
      std::uint64_t r;
      do
        r = rng();
      while (r >= limit);
      return r % n;
    }
  }  // namespace

  Distribution Distribution::parse(const std::string &text)
  {
    static const std::regex form(
      R"(^\s*(uniform|log-uniform|normal|log-normal|triangular)\s*\(([^()]*)\)\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, form))
      throw std::invalid_argument("'" + text + "' is not a distribution; allowed: " + form_list());
    std::vector<double> p;
    std::stringstream args(m[2]);
    for (std::string a; std::getline(args, a, ',');)
      {
        std::size_t used = 0;
        double v = 0;
        try
          {
            v = std::stod(a, &used);
          }
        catch (...)
          {
            used = 0;
          }
        if (used == 0 || a.find_first_not_of(" \t", used) != std::string::npos || !std::isfinite(v))
          throw std::invalid_argument("'" + text + "': '" + a + "' is not a number");
        p.push_back(v);
      }
    Distribution d;
    const std::string kind = m[1];
    const std::size_t n = kind == "triangular" ? 3 : 2;
    if (p.size() != n)
      throw std::invalid_argument("'" + text + "': " + kind + " takes " + std::to_string(n) +
                                  " numbers, got " + std::to_string(p.size()));
    d.p1 = p[0];
    d.p2 = p[1];
    d.p3 = n == 3 ? p[2] : 0;
    auto require = [&text](bool ok, const std::string &what) {
      if (!ok)
        throw std::invalid_argument("'" + text + "': " + what);
    };
    if (kind == "uniform")
      {
        d.kind = Kind::uniform;
        require(d.p1 < d.p2, "needs a < b");
      }
    else if (kind == "log-uniform")
      {
        d.kind = Kind::log_uniform;
        require(0 < d.p1 && d.p1 < d.p2, "needs 0 < a < b");
      }
    else if (kind == "normal")
      {
        d.kind = Kind::normal;
        require(d.p2 > 0, "needs sd > 0");
      }
    else if (kind == "log-normal")
      {
        d.kind = Kind::log_normal;
        require(d.p1 > 0 && d.p2 > 1, "needs median > 0 and factor > 1");
      }
    else
      {
        d.kind = Kind::triangular;
        require(d.p1 <= d.p2 && d.p2 <= d.p3 && d.p1 < d.p3, "needs a <= mode <= b, a < b");
      }
    return d;
  }

  std::string Distribution::text() const
  {
    std::ostringstream s;
    switch (kind)
      {
        case Kind::uniform:
          s << "uniform(" << p1 << ", " << p2 << ")";
          break;
        case Kind::log_uniform:
          s << "log-uniform(" << p1 << ", " << p2 << ")";
          break;
        case Kind::normal:
          s << "normal(" << p1 << ", " << p2 << ")";
          break;
        case Kind::log_normal:
          s << "log-normal(" << p1 << ", " << p2 << ")";
          break;
        case Kind::triangular:
          s << "triangular(" << p1 << ", " << p2 << ", " << p3 << ")";
          break;
      }
    return s.str();
  }

  bool Distribution::logarithmic() const
  {
    return kind == Kind::log_uniform || kind == Kind::log_normal;
  }

  double Distribution::quantile(double u) const
  {
    if (!(u > 0 && u < 1))
      throw std::invalid_argument("Distribution::quantile: u = " + std::to_string(u) +
                                  " is not in (0, 1)");
    const boost::math::normal standard;
    switch (kind)
      {
        case Kind::uniform:
          return p1 + u * (p2 - p1);
        case Kind::log_uniform:
          return std::exp(std::log(p1) + u * (std::log(p2) - std::log(p1)));
        case Kind::normal:
          return p1 + p2 * boost::math::quantile(standard, u);
        case Kind::log_normal:
          return p1 * std::exp(std::log(p2) * boost::math::quantile(standard, u));
        case Kind::triangular:
        default:
          {
            const double a = p1, c = p2, b = p3, F_c = (c - a) / (b - a);
            return u < F_c ? a + std::sqrt(u * (b - a) * (c - a))
                           : b - std::sqrt((1 - u) * (b - a) * (b - c));
          }
      }
  }

  std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t k, std::uint64_t seed)
  {
    std::mt19937_64 rng(seed);
    std::vector<std::vector<double>> x(n, std::vector<double>(k));
    std::vector<std::size_t> strata(n);
    for (std::size_t j = 0; j < k; ++j)
      {
        for (std::size_t i = 0; i < n; ++i)
          strata[i] = i;
        for (std::size_t i = n; i > 1; --i)  // Fisher-Yates
          std::swap(strata[i - 1], strata[uniform_index(rng, i)]);
        for (std::size_t i = 0; i < n; ++i)
          {
            // strictly inside (0, 1) so that every quantile exists
            const double offset = std::clamp(uniform01(rng), 1e-12, 1.0 - 1e-12);
            x[i][j] = (strata[i] + offset) / n;
          }
      }
    return x;
  }

  double percentile(std::vector<double> values, double p)
  {
    if (values.empty())
      return std::numeric_limits<double>::quiet_NaN();
    std::sort(values.begin(), values.end());
    const double h = (values.size() - 1) * std::clamp(p, 0.0, 1.0);
    const std::size_t lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (h - lo) * (values[hi] - values[lo]);
  }

  Regression standardized_regression(const std::vector<std::vector<double>> &x,
                                     const std::vector<double> &y)
  {
    const std::size_t n = y.size(), k = x.empty() ? 0 : x.front().size();
    Regression r;
    r.coefficients.assign(k, std::numeric_limits<double>::quiet_NaN());
    r.r_squared = std::numeric_limits<double>::quiet_NaN();
    if (n < k + 2)
      return r;
    auto standardize = [n](std::vector<double> v, bool &spread) {
      double mean = 0, var = 0;
      for (double a : v)
        mean += a / n;
      for (double a : v)
        var += (a - mean) * (a - mean) / (n - 1);
      spread = var > 0;
      for (double &a : v)
        a = spread ? (a - mean) / std::sqrt(var) : 0.0;
      return v;
    };
    bool y_spread = false;
    const std::vector<double> ys = standardize(y, y_spread);
    std::vector<std::vector<double>> xs(k);
    std::vector<bool> used(k);
    for (std::size_t j = 0; j < k; ++j)
      {
        std::vector<double> column(n);
        for (std::size_t i = 0; i < n; ++i)
          column[i] = x[i][j];
        bool spread = false;
        xs[j] = standardize(column, spread);
        used[j] = spread;
      }
    std::fill(r.coefficients.begin(), r.coefficients.end(), 0.0);
    if (!y_spread)
      {
        r.r_squared = 1;
        return r;
      }
    // normal equations of the inputs with spread (unit diagonal where unused)
    dealii::FullMatrix<double> A(k, k);
    dealii::Vector<double> b(k), c(k);
    for (std::size_t a = 0; a < k; ++a)
      {
        if (!used[a])
          {
            A(a, a) = 1;
            continue;
          }
        for (std::size_t i = 0; i < n; ++i)
          b(a) += xs[a][i] * ys[i];
        for (std::size_t d = 0; d < k; ++d)
          if (used[d])
            for (std::size_t i = 0; i < n; ++i)
              A(a, d) += xs[a][i] * xs[d][i];
      }
    A.gauss_jordan();
    A.vmult(c, b);
    double sse = 0;
    for (std::size_t i = 0; i < n; ++i)
      {
        double fit = 0;
        for (std::size_t j = 0; j < k; ++j)
          fit += c(j) * xs[j][i];
        sse += (ys[i] - fit) * (ys[i] - fit);
      }
    for (std::size_t j = 0; j < k; ++j)
      r.coefficients[j] = c(j);
    r.r_squared = 1 - sse / (n - 1);
    return r;
  }
}  // namespace hotdraw::numerics

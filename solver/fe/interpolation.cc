#include "solver/fe/interpolation.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace hotdraw
{
  std::function<double(double)> linear_interpolant(const std::vector<double> &x,
                                                   const std::vector<double> &y)
  {
    if (x.empty() || x.size() != y.size())
      throw std::invalid_argument("linear_interpolant: " + std::to_string(x.size()) +
                                  " abscissae and " + std::to_string(y.size()) +
                                  " values; need the same number, at least one");
    return [x, y](double at) {
      if (at <= x.front())
        return y.front();
      if (at >= x.back())
        return y.back();
      const std::size_t k = std::upper_bound(x.begin(), x.end(), at) - x.begin();
      const double t = (at - x[k - 1]) / (x[k] - x[k - 1]);
      return (1 - t) * y[k - 1] + t * y[k];
    };
  }
}  // namespace hotdraw

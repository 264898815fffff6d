// Piecewise-linear interpolation of sampled profiles (radius, temperature, fluxes along z).
#pragma once

#include <functional>
#include <vector>

namespace hotdraw
{
  // Piecewise-linear y(x) through the samples (x ascending), constant beyond the ends.
  std::function<double(double)> linear_interpolant(const std::vector<double> &x,
                                                   const std::vector<double> &y);
}  // namespace hotdraw

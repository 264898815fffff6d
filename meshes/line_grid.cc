#include "meshes/line_grid.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace hotdraw
{
  namespace LineGrid
  {
    std::vector<double> uniform(double a, double b, unsigned int n_cells)
    {
      if (!(b > a) || n_cells == 0)
        throw std::invalid_argument("LineGrid::uniform: need b > a and at least one cell");
      std::vector<double> z(n_cells + 1);
      for (unsigned int i = 0; i <= n_cells; ++i)
        z[i] = a + (b - a) * double(i) / n_cells;
      z.back() = b;
      return z;
    }

    std::vector<double> graded(double a, double b, double focus_begin, double focus_end,
                               double h_focus, double ratio)
    {
      if (!(b > a) || !(h_focus > 0) || !(ratio >= 1.0))
        throw std::invalid_argument("LineGrid::graded: need b > a, h > 0, ratio >= 1");
      const double f0 = std::clamp(focus_begin, a, b), f1 = std::clamp(focus_end, a, b);
      std::vector<double> z;
      // focus interval
      const unsigned int nf = std::max(1u, (unsigned int)std::ceil((f1 - f0) / h_focus));
      std::vector<double> focus = (f1 > f0) ? uniform(f0, f1, nf) : std::vector<double>{f0};
      // upstream part, growing from f0 towards a
      std::vector<double> up;
      {
        double h = h_focus, x = f0;
        while (x - a > 1e-12 * (b - a))
          {
            h *= ratio;
            x -= h;
            if (x - a < 0.5 * h)
              x = a;
            up.push_back(x);
          }
      }
      std::reverse(up.begin(), up.end());
      std::vector<double> down;
      {
        double h = h_focus, x = f1;
        while (b - x > 1e-12 * (b - a))
          {
            h *= ratio;
            x += h;
            if (b - x < 0.5 * h)
              x = b;
            down.push_back(x);
          }
      }
      z = up;
      z.insert(z.end(), focus.begin(), focus.end());
      z.insert(z.end(), down.begin(), down.end());
      z.front() = a;
      z.back() = b;
      check(z);
      return z;
    }

    std::vector<double> equidistributed(const std::vector<double> &grid,
                                        const std::vector<std::vector<double>> &monitors,
                                        const std::vector<double> &scales, unsigned int n_cells,
                                        double uniform_fraction)
    {
      check(grid);
      if (monitors.size() != scales.size())
        throw std::invalid_argument("LineGrid::equidistributed: one scale per monitor");
      const std::size_t n = grid.size();
      const double L = grid.back() - grid.front();
      // cumulative arc length; a uniform share keeps a minimum density everywhere
      std::vector<double> s(n, 0.0);
      double total_curve = 0;
      std::vector<double> ds(n, 0.0);
      for (std::size_t i = 1; i < n; ++i)
        {
          double q = 0;
          for (std::size_t k = 0; k < monitors.size(); ++k)
            {
              const double d = (monitors[k][i] - monitors[k][i - 1]) / scales[k];
              q += d * d;
            }
          const double dz = (grid[i] - grid[i - 1]) / L;
          ds[i] = std::sqrt(dz * dz + q);
          total_curve += ds[i];
        }
      // blend: weight w such that the uniform part holds 'uniform_fraction' of the cells
      const double w = uniform_fraction / std::max(1e-12, 1.0 - uniform_fraction) * total_curve;
      for (std::size_t i = 1; i < n; ++i)
        s[i] = s[i - 1] + ds[i] + w * (grid[i] - grid[i - 1]) / L;
      std::vector<double> out(n_cells + 1);
      out[0] = grid.front();
      std::size_t j = 1;
      for (unsigned int c = 1; c < n_cells; ++c)
        {
          const double target = s.back() * double(c) / n_cells;
          while (j < n - 1 && s[j] < target)
            ++j;
          const double t = (target - s[j - 1]) / std::max(1e-300, s[j] - s[j - 1]);
          out[c] = grid[j - 1] + t * (grid[j] - grid[j - 1]);
        }
      out[n_cells] = grid.back();
      check(out);
      return out;
    }

    std::vector<double> interpolate(const std::vector<double> &from, const std::vector<double> &y,
                                    const std::vector<double> &to)
    {
      std::vector<double> out(to.size());
      std::size_t j = 1;
      for (std::size_t i = 0; i < to.size(); ++i)
        {
          const double x = std::clamp(to[i], from.front(), from.back());
          while (j < from.size() - 1 && from[j] < x)
            ++j;
          while (j > 1 && from[j - 1] > x)
            --j;
          const double t = (x - from[j - 1]) / (from[j] - from[j - 1]);
          out[i] = y[j - 1] + t * (y[j] - y[j - 1]);
        }
      return out;
    }

    void check(const std::vector<double> &grid)
    {
      if (grid.size() < 2)
        throw std::invalid_argument("grid needs at least two nodes");
      for (std::size_t i = 1; i < grid.size(); ++i)
        if (!(grid[i] > grid[i - 1]))
          throw std::invalid_argument("grid not strictly increasing at node " + std::to_string(i));
    }
  }  // namespace LineGrid
}  // namespace hotdraw

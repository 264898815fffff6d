#include "solver/fe/anderson.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace hotdraw
{
  AndersonMixer::AndersonMixer(MPI_Comm comm, unsigned int depth, double mixing)
    : comm_(comm), depth_(depth), beta_(mixing)
  {
    if (depth < 1 || !(mixing > 0 && mixing <= 1))
      throw std::invalid_argument("AndersonMixer: need depth >= 1 and 0 < mixing <= 1, got " +
                                  std::to_string(depth) + " and " + std::to_string(mixing));
  }

  void AndersonMixer::reset()
  {
    x_.clear();
    f_.clear();
    dX_.clear();
    dF_.clear();
    gamma_.clear();
  }

  std::vector<double> AndersonMixer::next(const std::vector<double> &x,
                                          const std::vector<double> &g, std::size_t n_shared)
  {
    if (g.size() != x.size() || n_shared > x.size() || (!x_.empty() && x_.size() != x.size()))
      throw std::invalid_argument("AndersonMixer::next: inconsistent vector lengths");
    const std::size_t n = x.size(), n_dist = n - n_shared;
    std::vector<double> f(n);
    for (std::size_t i = 0; i < n; ++i)
      f[i] = g[i] - x[i];
    if (!x_.empty())
      {
        std::vector<double> dx(n), df(n);
        for (std::size_t i = 0; i < n; ++i)
          {
            dx[i] = x[i] - x_[i];
            df[i] = f[i] - f_[i];
          }
        dX_.push_back(std::move(dx));
        dF_.push_back(std::move(df));
        if (dX_.size() > depth_)
          {
            dX_.erase(dX_.begin());
            dF_.erase(dF_.begin());
          }
      }
    x_ = x;
    f_ = f;
    gamma_.clear();
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i)
      out[i] = x[i] + beta_ * f[i];
    const std::size_t m = dF_.size();
    if (m == 0)
      return out;

    // normal equations dF^T dF gamma = dF^T f, the distributed part summed over the ranks
    auto dot = [&](const std::vector<double> &a, const std::vector<double> &b, std::size_t begin,
                   std::size_t end) {
      double d = 0;
      for (std::size_t i = begin; i < end; ++i)
        d += a[i] * b[i];
      return d;
    };
    std::vector<double> local(m * m + m), sum(m * m + m);
    for (std::size_t i = 0; i < m; ++i)
      {
        for (std::size_t j = 0; j < m; ++j)
          local[i * m + j] = dot(dF_[i], dF_[j], 0, n_dist);
        local[m * m + i] = dot(dF_[i], f, 0, n_dist);
      }
    MPI_Allreduce(local.data(), sum.data(), int(local.size()), MPI_DOUBLE, MPI_SUM, comm_);
    std::vector<std::vector<double>> A(m, std::vector<double>(m + 1));
    double trace = 0;
    for (std::size_t i = 0; i < m; ++i)
      {
        for (std::size_t j = 0; j < m; ++j)
          A[i][j] = sum[i * m + j] + dot(dF_[i], dF_[j], n_dist, n);
        A[i][m] = sum[m * m + i] + dot(dF_[i], f, n_dist, n);
        trace += A[i][i];
      }
    if (!(trace > 0) || !std::isfinite(trace))
      return out;
    // Tikhonov regularisation against (nearly) linearly dependent differences
    for (std::size_t i = 0; i < m; ++i)
      A[i][i] += 1e-12 * trace;
    // Gaussian elimination with partial pivoting (m <= depth is small)
    for (std::size_t c = 0; c < m; ++c)
      {
        std::size_t p = c;
        for (std::size_t r = c + 1; r < m; ++r)
          if (std::abs(A[r][c]) > std::abs(A[p][c]))
            p = r;
        std::swap(A[c], A[p]);
        if (A[c][c] == 0)
          return out;
        for (std::size_t r = c + 1; r < m; ++r)
          {
            const double q = A[r][c] / A[c][c];
            for (std::size_t k = c; k <= m; ++k)
              A[r][k] -= q * A[c][k];
          }
      }
    gamma_.assign(m, 0.0);
    for (std::size_t c = m; c-- > 0;)
      {
        double v = A[c][m];
        for (std::size_t k = c + 1; k < m; ++k)
          v -= A[c][k] * gamma_[k];
        gamma_[c] = v / A[c][c];
      }
    for (std::size_t j = 0; j < m; ++j)
      for (std::size_t i = 0; i < n; ++i)
        out[i] -= gamma_[j] * (dX_[j][i] + beta_ * dF_[j][i]);
    return out;
  }
} // namespace hotdraw

#include "solver/fe/anderson.h"

#include <deal.II/lac/lapack_full_matrix.h>
#include <deal.II/lac/vector.h>

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
    dealii::LAPACKFullMatrix<double> A(m, m);
    dealii::Vector<double> rhs(m);
    double trace = 0;
    for (std::size_t i = 0; i < m; ++i)
      {
        for (std::size_t j = 0; j < m; ++j)
          A(i, j) = sum[i * m + j] + dot(dF_[i], dF_[j], n_dist, n);
        rhs(i) = sum[m * m + i] + dot(dF_[i], f, n_dist, n);
        trace += A(i, i);
      }
    if (!(trace > 0) || !std::isfinite(trace))
      return out;
    // Tikhonov regularisation against (nearly) linearly dependent differences, then LAPACK's LU
    for (std::size_t i = 0; i < m; ++i)
      A(i, i) += 1e-12 * trace;
    A.compute_lu_factorization();
    A.solve(rhs);
    for (std::size_t j = 0; j < m; ++j)
      if (!std::isfinite(rhs(j)))
        return out;  // a plain relaxation step
    gamma_.assign(rhs.begin(), rhs.end());
    for (std::size_t j = 0; j < m; ++j)
      for (std::size_t i = 0; i < n; ++i)
        out[i] -= gamma_[j] * (dX_[j][i] + beta_ * dF_[j][i]);
    return out;
  }
}  // namespace hotdraw

// Anderson mixing (solver/fe/anderson.h) on a linear fixed-point map x -> A x + b whose
// eigenvalues include 1.5 and -1.3 (outside the unit circle): the relaxed Picard iteration
// diverges, Anderson mixing converges to the fixed point. The state is split as in the FE
// steady iteration: a distributed part (one block per MPI rank) and a part shared by all ranks.
#include "solver/fe/anderson.h"

#include <deal.II/base/mpi.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

using namespace hotdraw;

namespace
{
  // diagonal map with eigenvalues cycling through the list; x* = b / (1 - lambda)
  struct LinearMap
  {
    std::vector<double> lambda, b;
    explicit LinearMap(std::size_t n, unsigned int rank)
    {
      const double eig[] = {1.5, -1.3, 0.9, 0.5, -0.4, 0.2, 0.95};
      for (std::size_t i = 0; i < n; ++i)
        {
          lambda.push_back(eig[(i + rank) % 7]);
          b.push_back(1.0 + 0.1 * double(i) + rank);
        }
    }
    std::vector<double> operator()(const std::vector<double> &x) const
    {
      std::vector<double> g(x.size());
      for (std::size_t i = 0; i < x.size(); ++i)
        g[i] = lambda[i] * x[i] + b[i];
      return g;
    }
    double error(const std::vector<double> &x) const
    {
      double e = 0;
      for (std::size_t i = 0; i < x.size(); ++i)
        e = std::max(e, std::abs(x[i] - b[i] / (1 - lambda[i])));
      return dealii::Utilities::MPI::max(e, MPI_COMM_WORLD);
    }
  };
}  // namespace

TEST_CASE("Anderson mixing converges where the relaxed fixed-point iteration diverges",
          "[fe][anderson]")
{
  const unsigned int rank = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);
  // 12 distributed entries on this rank; the 3 shared ones must be identical on all ranks
  const std::size_t n_dist = 12, n_shared = 3;
  LinearMap map(n_dist + n_shared, 0);
  LinearMap local(n_dist, rank);
  for (std::size_t i = 0; i < n_dist; ++i)
    {
      map.lambda[i] = local.lambda[i];
      map.b[i] = local.b[i];
    }

  // relaxed Picard, beta = 0.4: the eigenvalue 1.5 gives the factor 1.2 per step
  std::vector<double> x(n_dist + n_shared, 0.0);
  for (int k = 0; k < 60; ++k)
    {
      const auto g = map(x);
      for (std::size_t i = 0; i < x.size(); ++i)
        x[i] += 0.4 * (g[i] - x[i]);
    }
  CHECK(map.error(x) > 1e3);

  AndersonMixer anderson(MPI_COMM_WORLD, 10, 0.4);
  std::fill(x.begin(), x.end(), 0.0);
  int iterations = 0;
  for (; iterations < 60 && map.error(x) > 1e-10; ++iterations)
    x = anderson.next(x, map(x), n_shared);
  INFO("Anderson iterations: " << iterations << ", error " << map.error(x));
  CHECK(map.error(x) < 1e-10);
  // seven distinct eigenvalues: GMRES-like termination after about eight steps
  CHECK(iterations <= 12);

  CHECK_THROWS_AS(AndersonMixer(MPI_COMM_WORLD, 0, 0.4), std::invalid_argument);
  CHECK_THROWS_AS(AndersonMixer(MPI_COMM_WORLD, 5, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(anderson.next(std::vector<double>(4), std::vector<double>(5), 0),
                  std::invalid_argument);
}

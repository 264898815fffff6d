// Anderson mixing (Anderson 1965; "type II" as in Walker & Ni, SIAM J. Numer. Anal. 49 (2011)
// 1715) for a fixed-point iteration x -> g(x) whose state vector is split over MPI ranks.
//
// With f = g(x) - x and the differences dX, dF of the last 'depth' iterates and residuals,
//   gamma = argmin |f - dF gamma|,   x_next = x + beta f - (dX + beta dF) gamma.
// Unlike a scalar relaxation (Aitken) it handles several modes of the iteration map with
// eigenvalues outside the unit circle: on a linear map it is equivalent to GMRES.
// Vectors: the first n - n_shared entries are this rank's part of a distributed vector (their
// inner products are summed over the ranks); the last n_shared entries are the same on every
// rank (counted once).
#pragma once

#include <mpi.h>

#include <cstddef>
#include <vector>

namespace hotdraw
{
  class AndersonMixer
  {
  public:
    // depth >= 1 previous iterates; 0 < mixing <= 1 (beta).
    AndersonMixer(MPI_Comm comm, unsigned int depth, double mixing);

    // The next iterate from the current x and g(x) (same length on every call; the shared
    // part has the same length on every rank). All ranks must call.
    std::vector<double> next(const std::vector<double> &x, const std::vector<double> &g,
                             std::size_t n_shared);

    // Forget the history (e.g. after a change of the problem).
    void reset();

    // Coefficients gamma of the last mixing step (empty on a plain relaxation step).
    const std::vector<double> &last_coefficients() const { return gamma_; }

  private:
    MPI_Comm comm_;
    unsigned int depth_;
    double beta_;
    std::vector<double> x_, f_, gamma_;
    std::vector<std::vector<double>> dX_, dF_;
  };
}  // namespace hotdraw

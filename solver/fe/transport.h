// Steady transport of scalar fields along the flow, the Eulerian counterpart of the material
// paths (solver/fe/transport_solver.cc):
//   u.grad y = S(y; T, gamma_dot, sigma_eq)   in the domain,   y = y_in on the inlet,
// for the accumulated equivalent shear strain (S = gamma_dot) and the structural state
// (S = dy/dt of the state model). Q2 on the domain of the flow; SUPG with the Tezduyar parameter
// including the reaction term, tau = [(2|u|/h)^2 + (dS/dy)^2]^(-1/2) (h the element length along
// the flow over the degree), so that the stiff relaxation in the hot zone (dS/dy ~ -1e5 1/s)
// gives the equilibrium y without oscillations; Newton with the analytic dS/dy, each update
// limited to 'scale' and backtracked on the residual; sparse direct linear solves.
// The local fields (velocity, T, gamma_dot, sigma_eq) come from a FieldEvaluator.
#pragma once

#include "solver/fe/fields.h"

#include <deal.II/base/point.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hotdraw
{
  class Domain;

  // The source gets y and the local fields (T, gamma_dot, sigma_eq, velocity) and returns S and
  // dS/dy; the guess (optional) gives the initial y from the local fields.
  using TransportSource = std::function<double(double y, const FieldSample &local, double *dS_dy)>;
  using TransportGuess = std::function<double(const FieldSample &local)>;

  struct TransportReport
  {
    bool converged = false;
    unsigned int newton_iterations = 0;
    double last_update = 0;  // relative to the scale
    std::string message;
  };

  class ScalarTransport : public OutputFields
  {
  public:
    // Transported fields on 'domain' (with its back end) along the flow of 'fields'.
    static std::unique_ptr<ScalarTransport> create(const Domain &domain,
                                                   const FieldEvaluator &fields);

    // Solve the steady transport of the field 'name' on the current flow (see TransportSource);
    // 'scale' bounds each Newton update (e.g. 10 K for a fictive temperature). The field is kept
    // until the domain's shape changes, is written by add_output(), and can be sampled.
    // Collective.
    virtual TransportReport solve(const std::string &name, double inlet_value,
                                  const TransportSource &source, const TransportGuess &guess,
                                  double scale) = 0;

    // Values of a field at points (collective, like Domain::sample(); NaN outside).
    virtual std::vector<double> sample(const std::string &name,
                                       const std::vector<dealii::Point<2>> &points) const = 0;
  };
}  // namespace hotdraw

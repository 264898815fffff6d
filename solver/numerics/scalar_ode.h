// Integration of one stiff scalar ODE  dy/dt = f(t, y)  with SUNDIALS CVODE (BDF, Newton with the
// analytic derivative df/dy), stopping exactly at every output time. The right-hand side is
// told the output interval [t_i, t_i+1] it is evaluated on, so that a right-hand side built from
// piecewise data (a sampled history) never sees the kink of the next interval.
//
// Used for the structural state along material paths (materials/state/), where the relaxation
// rate changes by hundreds of orders of magnitude as the glass freezes.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace hotdraw::numerics
{
  // f(t, y) on output interval 'interval'; if dfdy is not null it receives df/dy. A non-finite
  // value makes CVODE retry with a smaller step.
  using ScalarRhs = std::function<double(double t, double y, std::size_t interval, double *dfdy)>;

  struct ScalarOdeSettings
  {
    double relative_tolerance = 1e-8;
    double absolute_tolerance = 1e-6;
    long max_steps_per_interval = 200000;
    std::string name = "scalar ODE";  // for messages
  };

  // y at every time of 'times' (non-decreasing; y[0] = y0). Throws SolverError naming the time,
  // the interval and CVODE's reason if the integration fails.
  std::vector<double> integrate_scalar_ode(const ScalarRhs &rhs, const std::vector<double> &times,
                                           double y0, const ScalarOdeSettings &settings);
}  // namespace hotdraw::numerics

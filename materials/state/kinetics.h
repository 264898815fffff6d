// Helpers shared by the structural-state models (materials/state/*.cc).
#pragma once

#include <cmath>

namespace hotdraw::state_kinetics
{
  constexpr double boltzmann_J_per_K = 1.380649e-23;
  constexpr double gas_constant_J_per_molK = 8.314462618;

  // Relaxation rates 1/tau are evaluated as exp(log rate) with the log clamped: tau spans
  // 1e-6 s (SCL well above Tg) to 1e300 s and more (glass at room temperature). Below 1e-300
  // 1/s the state is frozen for any process time; no physical relaxation is faster than 1e30
  // 1/s (the VFT attempt rate G/eta0 is ~1e15 1/s), so the upper clamp only guards overflow
  // for unphysical states (e.g. a Newton iterate near T0).
  inline double min_log_rate()
  {
    return std::log(1e-300);
  }
  inline double max_log_rate()
  {
    return std::log(1e30);
  }

  inline double clamp_log_rate(double log_rate, bool &clamped)
  {
    clamped = !(log_rate > min_log_rate() && log_rate < max_log_rate());
    if (!clamped)
      return log_rate;
    return log_rate >= max_log_rate() ? max_log_rate() : min_log_rate();  // NaN: frozen
  }

  // ln(sinh(x)/x) for x >= 0, without overflow for large x.
  inline double log_sinhc(double x)
  {
    if (x < 1e-4)
      return x * x / 6.0;
    if (x < 20.0)
      return std::log(std::sinh(x) / x);
    return x - std::log(2.0 * x) + std::log1p(-std::exp(-2.0 * x));
  }
}  // namespace hotdraw::state_kinetics

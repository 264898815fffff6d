// Thermal properties with a smoothed glass-transition step (see thermal.h).
//
// With x = (T - Tg)/w and s(T) = (1 + tanh x)/2:
//   integral of s dT = (T + w ln cosh x) / 2,
// so the enthalpy relative to T_ref = 298.15 K is exactly
//   H(T) = c_p,g (T - T_ref) + (c_p,l - c_p,g) [ (T - T_ref) + w (ln cosh x - ln cosh x_ref) ] / 2
// and dH/dT = c_p,g + (c_p,l - c_p,g) s(T) = c_p(T) with no approximation.
// ln cosh is evaluated as |x| + log1p(exp(-2|x|)) - ln 2, which cannot overflow.

#include "materials/thermal.h"

#include "materials/material.h"

#include <cmath>

namespace hotdraw
{
  namespace
  {
    constexpr double reference_temperature_K = 298.15;

    double log_cosh(double x)
    {
      const double a = std::abs(x);
      return a + std::log1p(std::exp(-2.0 * a)) - std::log(2.0);
    }
  }  // namespace

  ThermalProperties::ThermalProperties(const Material &m)
    : rho_(m.density_kg_per_m3), Tg_(m.glass_transition_K), w_(m.glass_transition_width_K),
      cpg_(m.cp_glass_J_per_kgK), cpl_(m.cp_liquid_J_per_kgK), kg_(m.k_glass_W_per_mK),
      kl_(m.k_liquid_W_per_mK)
  {}

  double ThermalProperties::step(double T) const
  {
    return 0.5 * (1.0 + std::tanh((T - Tg_) / w_));
  }

  double ThermalProperties::dstep(double T) const
  {
    // ds/dT = sech^2(x) / (2 w), sech^2(x) = 4 e^{-2|x|} / (1 + e^{-2|x|})^2 (no overflow).
    const double e = std::exp(-2.0 * std::abs((T - Tg_) / w_));
    return 2.0 * e / ((1.0 + e) * (1.0 + e) * w_);
  }

  double ThermalProperties::cp(double T) const
  {
    return cpg_ + (cpl_ - cpg_) * step(T);
  }

  double ThermalProperties::dcp_dT(double T) const
  {
    return (cpl_ - cpg_) * dstep(T);
  }

  double ThermalProperties::enthalpy(double T) const
  {
    const double dT = T - reference_temperature_K;
    const double x = (T - Tg_) / w_, x_ref = (reference_temperature_K - Tg_) / w_;
    return cpg_ * dT + 0.5 * (cpl_ - cpg_) * (dT + w_ * (log_cosh(x) - log_cosh(x_ref)));
  }

  double ThermalProperties::k(double T) const
  {
    return kg_ + (kl_ - kg_) * step(T);
  }

  double ThermalProperties::dk_dT(double T) const
  {
    return (kl_ - kg_) * dstep(T);
  }
}  // namespace hotdraw

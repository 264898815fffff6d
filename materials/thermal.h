// Temperature-dependent thermal properties of the alloy: c_p(T) and k(T) with a smoothed step at
// the glass transition, and the matching specific enthalpy H(T) = integral of c_p.
//
// Step function s(T) = (1 + tanh((T - Tg) / w)) / 2, w = material glass-transition width:
//   c_p(T) = c_p,glass + (c_p,liquid - c_p,glass) s(T)
//   k(T)   = k_glass   + (k_liquid   - k_glass)   s(T)
// H(T) is exact (closed form, overflow-safe), relative to 298.15 K.
#pragma once

namespace hotdraw
{
  struct Material;

  class ThermalProperties
  {
  public:
    explicit ThermalProperties(const Material &material);

    double cp(double T) const;        // J/(kg K)
    double dcp_dT(double T) const;    // J/(kg K^2)
    double enthalpy(double T) const;  // J/kg relative to 298.15 K
    double k(double T) const;         // W/(m K)
    double dk_dT(double T) const;     // W/(m K^2)
    double density() const { return rho_; }

  private:
    double step(double T) const;
    double dstep(double T) const;
    double rho_, Tg_, w_, cpg_, cpl_, kg_, kl_;
  };
}  // namespace hotdraw

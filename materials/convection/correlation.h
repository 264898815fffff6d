// Convection law 'correlation': combined natural (Churchill & Chu 1975) and forced (Kase &
// Matsuo 1965) convection from a thin moving filament (see materials/convection.h).
#pragma once

#include "materials/convection.h"

namespace hotdraw
{
  class ConvectionCorrelation : public ConvectionLaw
  {
  public:
    // Gas conductivity (W/(m K)), kinematic viscosity (m^2/s), Prandtl number, cross-flow speed
    // (m/s) and gravity (m/s^2). Defaults: air at about 450 K, still.
    ConvectionCorrelation(double k_gas = 0.037, double nu_gas = 3.2e-5, double prandtl = 0.69,
                          double cross_flow_speed = 0, double gravity = 9.81);
    std::string name() const override { return "correlation"; }
    double h(double z, double R, double v, double T, double T_gas, double t) const override;

    // The two parts, exposed for tests and output.
    double nusselt_natural(double R, double T, double T_gas) const;
    double nusselt_forced(double R, double v) const;

    static void declare_parameters(ParameterSet &prm);
    static std::unique_ptr<ConvectionLaw> create(ParameterSet &prm);

  private:
    double k_gas_, nu_gas_, Pr_, v_cross_, g_;
  };
}  // namespace hotdraw

// Heat transfer from a thin moving filament to the surrounding gas.
//
// Section "Heat transfer / Convection":
//   Model = correlation | given
//   correlation: combined natural (Churchill & Chu 1975, horizontal cylinder) and forced
//     (Kase & Matsuo 1965, filament moving along its axis) convection,
//       Nu_nat    = {0.60 + 0.387 Ra^(1/6) / [1 + (0.559/Pr)^(9/16)]^(8/27)}^2,
//       Nu_forced = 0.42 Re^0.334 [1 + (8 v_c / v)^2]^(1/6),
//       Nu = (Nu_nat^3 + Nu_forced^3)^(1/3),   h = Nu k_gas / d,
//     with Re = v d / nu_gas, Ra = g beta |T - T_gas| d^3 / (nu_gas alpha_gas), beta = 1/T_film,
//     alpha_gas = nu_gas / Pr, d = 2R, v_c the cross-flow gas speed.
//   given: h as a function expression of z (and t), e.g. "150" or "50 + 200*exp(-(z/0.004)^2)".
#pragma once

#include <memory>
#include <string>

namespace hotdraw
{
  class ParameterSet;

  class ConvectionModel
  {
  public:
    ConvectionModel();
    ~ConvectionModel();
    ConvectionModel(ConvectionModel &&) noexcept;
    ConvectionModel &operator=(ConvectionModel &&) noexcept;

    static void declare_parameters(ParameterSet &prm);  // inside "Heat transfer"
    void parse_parameters(ParameterSet &prm);           // inside "Heat transfer"

    // Heat-transfer coefficient (W/(m^2 K)) at axial position z (m) and time t (s) for a filament
    // of radius R (m) moving at speed v (m/s) with surface temperature T in gas at T_gas (K).
    double h(double z, double R, double v, double T, double T_gas, double t = 0) const;

    // The correlation parts, exposed for tests and output.
    double nusselt_natural(double R, double T, double T_gas) const;
    double nusselt_forced(double R, double v) const;

    bool uses_correlation() const { return use_correlation_; }

    // Set up the correlation directly (tests, no parameter file).
    void set_correlation(double k_gas, double nu_gas, double prandtl, double cross_flow_speed,
                         double gravity = 9.81);

  private:
    bool use_correlation_ = true;
    double k_gas_ = 0.037, nu_gas_ = 3.2e-5, Pr_ = 0.69, v_cross_ = 0, g_ = 9.81;
    struct GivenFunction;
    std::unique_ptr<GivenFunction> given_;
  };
}  // namespace hotdraw

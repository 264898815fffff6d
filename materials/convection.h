// Heat transfer from a thin moving filament to the surrounding gas (section "Heat transfer /
// Convection"). The law that gives the heat-transfer coefficient is a plugin chosen by name
// ('Model'), one file each in materials/convection/:
//   correlation: combined natural (Churchill & Chu 1975, horizontal cylinder) and forced
//     (Kase & Matsuo 1965, filament moving along its axis) convection,
//       Nu_nat    = {0.60 + 0.387 Ra^(1/6) / [1 + (0.559/Pr)^(9/16)]^(8/27)}^2,
//       Nu_forced = 0.42 Re^0.334 [1 + (8 v_c / v)^2]^(1/6),
//       Nu = (Nu_nat^3 + Nu_forced^3)^(1/3),   h = Nu k_gas / d,
//     with Re = v d / nu_gas, Ra = g beta |T - T_gas| d^3 / (nu_gas alpha_gas), beta = 1/T_film,
//     alpha_gas = nu_gas / Pr, d = 2R, v_c the cross-flow gas speed.
//   given: h as a function expression of z (and t), e.g. "150" or "50 + 200*exp(-(z/0.004)^2)".
#pragma once

#include "materials/registry.h"

#include <memory>
#include <string>

namespace hotdraw
{
  class ParameterSet;

  // A law for the heat-transfer coefficient (W/(m^2 K)) at axial position z (m) and time t (s)
  // of a filament of radius R (m) moving at speed v (m/s) with surface temperature T in gas at
  // T_gas (K).
  class ConvectionLaw
  {
  public:
    virtual ~ConvectionLaw() = default;
    virtual std::string name() const = 0;
    virtual double h(double z, double R, double v, double T, double T_gas, double t) const = 0;
  };

  // Every law is a class in materials/convection/<name>.cc with
  //   static void declare_parameters(ParameterSet &);   (optional)
  //   static std::unique_ptr<ConvectionLaw> create(ParameterSet &);
  // registered with HOTDRAW_REGISTER(convection_laws, Class, "name", "summary").
  using ConvectionRegistry = Registry<ConvectionLaw>;
  ConvectionRegistry &convection_laws();

  // The chosen law (what the flow and heat solvers hold).
  class ConvectionModel
  {
  public:
    ConvectionModel();
    explicit ConvectionModel(std::shared_ptr<const ConvectionLaw> law);

    static void declare_parameters(ParameterSet &prm);  // inside "Heat transfer"
    void parse_parameters(ParameterSet &prm);           // inside "Heat transfer"

    double h(double z, double R, double v, double T, double T_gas, double t = 0) const
    {
      return multiplier_ * law_->h(z, R, v, T, T_gas, t);
    }
    const ConvectionLaw &law() const { return *law_; }
    // The factor applied to the law's coefficient (its uncertainty: 'Heat transfer
    // coefficient multiplier').
    double multiplier() const { return multiplier_; }

  private:
    std::shared_ptr<const ConvectionLaw> law_;
    double multiplier_ = 1.0;
  };
}  // namespace hotdraw

// Literature property mapping 'interstitialcy' (see materials/property_mapping.h):
//     stored enthalpy      Delta H_st = Delta c_p (T_f,wire - T_f,ref)                  (J/kg)
//     relaxation enthalpy  from the simulated DSC scan of each state (StructuralStateModel)
//     modulus              Delta G/G = Delta E/E = -kappa_G Delta H_st, with kappa_G = beta rho/G
//                          from interstitialcy theory and the material's beta, rho, G
//     hardness             H ∝ tau_Y ∝ G^n (Johnson-Samwer: n = 1), so Delta H/H = Delta G/G.
#pragma once

#include "materials/property_mapping.h"

namespace hotdraw
{
  class LiteratureMapping : public PropertyMapping
  {
  public:
    LiteratureMapping() = default;
    explicit LiteratureMapping(const Material &m);
    std::string name() const override { return "interstitialcy"; }
    PropertyChange predict(const WireState &wire, const WireState &reference) const override;
    std::unique_ptr<PropertyMapping> clone() const override
    {
      return std::make_unique<LiteratureMapping>(*this);
    }

    double modulus_sensitivity_per_J_per_g() const override
    {
      return modulus_sensitivity_per_J_per_g_;
    }

    static void declare_parameters(ParameterSet &prm);
    static std::unique_ptr<PropertyMapping> create(ParameterSet &prm, const Material &m);
    // kappa_G = beta rho / G of interstitialcy theory, per J/g.
    static double interstitialcy_sensitivity(const Material &m);

    double modulus_sensitivity_per_J_per_g_ = 0.0053;  // -Delta G/G per J/g stored
    double hardness_to_modulus_exponent = 1.0;         // H ∝ G^n
    double delta_cp_J_per_kgK = 165;
  };
}  // namespace hotdraw

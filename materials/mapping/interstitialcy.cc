#include "materials/mapping/interstitialcy.h"

#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"

#include <algorithm>
#include <cmath>

namespace hotdraw
{
  namespace
  {
    double ratio_to_reduction_percent(double ratio)
    {
      return (1.0 - ratio) * 100.0;
    }
  }  // namespace

  LiteratureMapping::LiteratureMapping(const Material &m)
    : modulus_sensitivity_per_J_per_g_(interstitialcy_sensitivity(m)),
      delta_cp_J_per_kgK(m.delta_cp_J_per_kgK())
  {}

  double LiteratureMapping::interstitialcy_sensitivity(const Material &m)
  {
    // G = mu exp(-alpha beta c) and the interstitialcy formation enthalpy alpha G Omega per
    // defect give dG/G = -beta rho dH / G (dH per unit mass): kappa_G = beta rho / G per J/kg,
    // 1e3 times that per J/g (Granato 1992; Khonik et al.)
    return m.interstitialcy_beta * m.density_kg_per_m3 / m.shear_modulus_Pa * 1e3;
  }

  void LiteratureMapping::declare_parameters(ParameterSet &prm)
  {
    prm.declare("Modulus sensitivity to stored enthalpy", "auto", KeywordOrDouble("auto", 0, 1),
                "kappa_G in Delta G/G = Delta E/E = -kappa_G Delta H_st, Delta H_st the stored "
                "enthalpy in J/g. 'auto': from interstitialcy theory with the material's own "
                "shear susceptibility beta, density rho and shear modulus G, kappa_G = beta rho / "
                "G (G = mu exp(-alpha beta c), formation enthalpy alpha G Omega; docs/physics.md "
                "section 7.1): 0.53 % per J/g for Pd40Cu30Ni10P20, 0.33 % per J/g for Vit1.",
                "1/(J/g)");
    prm.declare("Hardness to modulus exponent", "1", dealii::Patterns::Double(0.0, 5.0),
                "n in H ∝ G^n (Johnson-Samwer: tau_Y ∝ G, H ≈ 3 sigma_Y, so n = 1).", "-");
  }

  std::unique_ptr<PropertyMapping> LiteratureMapping::create(ParameterSet &prm, const Material &m)
  {
    auto mapping = std::make_unique<LiteratureMapping>(m);
    mapping->modulus_sensitivity_per_J_per_g_ =
      prm.get_keyword_or_double("Modulus sensitivity to stored enthalpy", "auto",
                                interstitialcy_sensitivity(m));
    mapping->hardness_to_modulus_exponent = prm.get_double("Hardness to modulus exponent");
    return mapping;
  }

  PropertyChange LiteratureMapping::predict(const WireState &wire, const WireState &reference) const
  {
    if (!(reference.relaxation_enthalpy_J_per_kg > 0))
      throw SolverError("property mapping: the reference glass has relaxation enthalpy " +
                        to_string(reference.relaxation_enthalpy_J_per_kg) +
                        " J/kg; the relative enthalpy increase needs a positive value");
    PropertyChange c;
    // stored enthalpy Delta H_st = Delta c_p (T_f,wire - T_f,ref), in J/g for kappa_G
    const double stored_J_per_g =
      delta_cp_J_per_kgK * (wire.fictive_temperature_K - reference.fictive_temperature_K) * 1e-3;
    // Delta G/G = Delta E/E = -kappa_G Delta H_st (interstitialcy theory, docs/physics.md
    // section 7.1)
    const double dG_over_G = -modulus_sensitivity_per_J_per_g_ * stored_J_per_g;
    c.modulus_reduction_percent = ratio_to_reduction_percent(1.0 + dG_over_G);
    // H ∝ G^n (Johnson–Samwer); a linear Delta G/G below -100 % has no meaning: H -> 0.
    c.hardness_reduction_percent = ratio_to_reduction_percent(
      std::pow(std::max(1.0 + dG_over_G, 0.0), hardness_to_modulus_exponent));
    c.enthalpy_increase_percent =
      (wire.relaxation_enthalpy_J_per_kg / reference.relaxation_enthalpy_J_per_kg - 1.0) * 100.0;
    return c;
  }

  HOTDRAW_REGISTER(literature_mappings, LiteratureMapping, "interstitialcy",
                   "Delta E/E = Delta G/G = -kappa_G Delta H_st (interstitialcy theory), H "
                   "follows G^n (Johnson-Samwer), Delta H_rel from the simulated DSC scan")
}  // namespace hotdraw

#include "materials/material.h"

#include "materials/parameters.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    constexpr double avogadro = 6.02214076e23;

    struct PropertySpec
    {
      const char *name;
      double Material::*member;
      const char *unit;
      double min, max;
      const char *doc;
    };

    // One row per overridable property: the parameter name, its unit and range.
    const std::vector<PropertySpec> &property_specs()
    {
      static const std::vector<PropertySpec> specs = {
        {"Density", &Material::density_kg_per_m3, "kg/m^3", 1e3, 3e4,
         "Mass density (taken as constant from glass to liquid)."},
        {"Molar mass", &Material::molar_mass_kg_per_mol, "kg/mol", 1e-3, 1.0,
         "Mean molar mass of the alloy (per mole of atoms)."},
        {"Glass transition temperature", &Material::glass_transition_K, "K", 200, 2000,
         "Calorimetric glass transition Tg at 20 K/min."},
        {"Crystallisation temperature", &Material::crystallisation_K, "K", 200, 2500,
         "Onset of crystallisation Tx at 20 K/min; the supercooled-liquid range is Tg..Tx."},
        {"Liquidus temperature", &Material::liquidus_K, "K", 300, 3000, "Liquidus temperature."},
        {"Critical cooling rate", &Material::critical_cooling_rate_K_per_s, "K/s", 1e-4, 1e8,
         "Critical cooling rate for glass formation."},
        {"Heat capacity glass", &Material::cp_glass_J_per_kgK, "J/(kg K)", 50, 5000,
         "Specific heat capacity of the glass just below Tg."},
        {"Heat capacity liquid", &Material::cp_liquid_J_per_kgK, "J/(kg K)", 50, 5000,
         "Specific heat capacity of the supercooled liquid just above Tg."},
        {"Glass transition width", &Material::glass_transition_width_K, "K", 0.1, 100,
         "Width over which c_p and k change from glass to liquid values (smoothed step)."},
        {"Thermal conductivity glass", &Material::k_glass_W_per_mK, "W/(m K)", 0.1, 500,
         "Thermal conductivity of the glass."},
        {"Thermal conductivity liquid", &Material::k_liquid_W_per_mK, "W/(m K)", 0.1, 500,
         "Thermal conductivity of the supercooled liquid."},
        {"Emissivity", &Material::emissivity, "-", 0.0, 1.0, "Total hemispherical emissivity."},
        {"Surface tension", &Material::surface_tension_N_per_m, "N/m", 0.0, 10.0,
         "Liquid-gas surface tension."},
        {"VFT eta0", &Material::vft_eta0_Pa_s, "Pa s", 1e-10, 1e3,
         "VFT prefactor eta0 in eta = eta0 exp(D* T0/(T - T0))."},
        {"VFT D*", &Material::vft_fragility_D, "-", 1, 100, "VFT fragility parameter D*."},
        {"VFT T0", &Material::vft_T0_K, "K", 1, 2000, "VFT temperature T0 (must be below Tg)."},
        {"Activation volume", &Material::activation_volume_m3, "m^3", 1e-31, 1e-25,
         "Activation volume V of transition-state (Eyring) flow."},
        {"Kato sigma star", &Material::kato_sigma_star_Pa, "Pa", 1e5, 1e11,
         "Stress sigma* of the Kato et al. (1998) non-Newtonian master curve."},
        {"Young's modulus", &Material::youngs_modulus_Pa, "Pa", 1e9, 1e12,
         "Young's modulus E of the reference glass at room temperature."},
        {"Shear modulus", &Material::shear_modulus_Pa, "Pa", 1e9, 1e12,
         "Shear modulus G of the reference glass at room temperature."},
        {"Poisson ratio", &Material::poisson_ratio, "-", 0.0, 0.5, "Poisson's ratio."},
        {"Hardness", &Material::hardness_Pa, "Pa", 1e8, 1e11,
         "Nanoindentation hardness of the reference glass (Berkovich, ~400 nm)."},
        {"Interstitialcy beta", &Material::interstitialcy_beta, "-", 1, 100,
         "Shear susceptibility beta of interstitialcy theory."},
        {"Yield strength", &Material::yield_strength_Pa, "Pa", 1e7, 1e11,
         "Uniaxial yield (fracture) strength of the glass at room temperature; scaled to other "
         "temperatures with the Johnson-Samwer law (feasibility check 'strength')."},
        {"TTT activation energy", &Material::ttt_activation_energy_J_per_mol, "J/mol", 1e4, 2e6,
         "Activation energy E of the heating-path TTT curve t_x(T) = t_ref exp[(E/R)(1/T - "
         "1/Tx)] (onset of crystallisation of the glass heated into the supercooled liquid)."},
        {"TTT reference time", &Material::ttt_reference_time_s, "s", 1e-3, 1e6,
         "Onset time t_ref = t_x(Tx) of the heating-path TTT curve at the crystallisation "
         "temperature Tx."},
      };
      return specs;
    }
  }  // namespace

  namespace
  {
    // D* and T0 for fragility m, keeping eta(Tg) and eta0 (see 'Fragility index').
    void set_fragility(ParameterSet &prm, Material &m)
    {
      const double fragility = prm.get_double("Fragility index");
      for (const char *vft : {"VFT D*", "VFT T0"})
        if (prm.get(vft) != "preset")
          prm.fail("Fragility index", fragility,
                   std::string("sets 'VFT D*' and 'VFT T0', but '") + vft + "' is given too",
                   "either a fragility index or the VFT constants");
      const double Tg = m.glass_transition_K;
      const double L = m.vft_fragility_D * m.vft_T0_K / (Tg - m.vft_T0_K);  // ln(eta(Tg)/eta0)
      const double T0 = Tg - L * Tg / (fragility * std::log(10.0));
      if (!(T0 > 0))
        prm.fail("Fragility index", fragility,
                 "too small for the viscosity at Tg (it would need T0 <= 0)",
                 "m > " + to_string(L / std::log(10.0)));
      m.vft_T0_K = T0;
      m.vft_fragility_D = L * (Tg - T0) / T0;
    }
  }  // namespace

  double Material::atomic_volume_m3() const
  {
    return molar_mass_kg_per_mol / (density_kg_per_m3 * avogadro);
  }

  double Material::vft_viscosity(double T) const
  {
    return vft_eta0_Pa_s * std::exp(vft_fragility_D * vft_T0_K / (T - vft_T0_K));
  }

  double Material::fragility_index() const
  {
    const double Tg = glass_transition_K, T0 = vft_T0_K;
    return vft_fragility_D * T0 * Tg / ((Tg - T0) * (Tg - T0) * std::log(10.0));
  }

  double Material::crystallisation_time_s(double T) const
  {
    constexpr double gas_constant = 8.314462618;
    return ttt_reference_time_s * std::exp(ttt_activation_energy_J_per_mol / gas_constant *
                                           (1 / T - 1 / crystallisation_K));
  }

  double Material::strength_Pa(double T, double room_temperature_K) const
  {
    const auto js = [this](double T_) {
      return 0.036 -
             0.016 * std::pow(std::min(T_, glass_transition_K) / glass_transition_K, 2.0 / 3.0);
    };
    return yield_strength_Pa * js(T) / js(room_temperature_K);
  }

  std::vector<std::string> Material::preset_names()
  {
    return {"Pd40Cu30Ni10P20", "Zr41.2Ti13.8Cu12.5Ni10Be22.5"};
  }

  Material Material::preset(const std::string &name)
  {
    Material m;
    if (name == "Pd40Cu30Ni10P20")
      {
        // docs/physics.md section 9.1; docs/material-data.md has the sources and tags.
        m.name = name;
        m.density_kg_per_m3 = 9280;             // lit
        m.molar_mass_kg_per_mol = 73.70e-3;     // from composition
        m.glass_transition_K = 575;             // lit, 20 K/min
        m.crystallisation_K = 670;              // lit, 20 K/min
        m.liquidus_K = 836;                     // lit
        m.critical_cooling_rate_K_per_s = 0.1;  // lit
        m.cp_glass_J_per_kgK = 365;             // est
        m.cp_liquid_J_per_kgK = 530;            // est
        m.glass_transition_width_K = 10;        // est
        m.k_glass_W_per_mK = 5.5;               // est
        m.k_liquid_W_per_mK = 8.0;              // est
        m.emissivity = 0.2;                     // est
        m.surface_tension_N_per_m = 1.5;        // est
        m.vft_eta0_Pa_s = 4e-5;                 // est (fragility m ~ 65)
        m.vft_fragility_D = 12.7;               // est
        m.vft_T0_K = 430;                       // est
        m.activation_volume_m3 = 1.3e-28;       // est
        m.kato_sigma_star_Pa = 5e8;             // est
        m.youngs_modulus_Pa = 98e9;             // lit
        m.shear_modulus_Pa = 35e9;              // lit
        m.poisson_ratio = 0.40;                 // lit
        m.hardness_Pa = 6.0e9;                  // est
        m.interstitialcy_beta = 20;             // lit
        m.yield_strength_Pa = 1.6e9;            // est (1.5-1.7 GPa for Pd-based glasses)
        // est: Arrhenius branch anchored on Tx at 20 K/min by additivity; t_x(660 K) = 81 s
        // for any E (docs/physics.md section 11)
        m.ttt_activation_energy_J_per_mol = 400e3;
        m.ttt_reference_time_s = 27;
        m.sources = "docs/physics.md section 9.1 (lit/est tags there; docs/material-data.md)";
        return m;
      }
    if (name == "Zr41.2Ti13.8Cu12.5Ni10Be22.5")
      {
        // Vitreloy 1. VFT: Busch, Bakke & Johnson, Acta Mater. 46 (1998) 4725 (D* = 18.5,
        // T0 = 412.5 K, eta0 = 4e-5 Pa s); thermal and elastic data: see docs/material-data.md.
        m.name = name;
        m.density_kg_per_m3 = 6110;
        m.molar_mass_kg_per_mol = 60.0e-3;
        m.glass_transition_K = 625;
        m.crystallisation_K = 705;
        m.liquidus_K = 993;
        m.critical_cooling_rate_K_per_s = 1.0;
        m.cp_glass_J_per_kgK = 420;
        m.cp_liquid_J_per_kgK = 600;
        m.glass_transition_width_K = 10;
        m.k_glass_W_per_mK = 5.0;
        m.k_liquid_W_per_mK = 6.5;
        m.emissivity = 0.2;
        m.surface_tension_N_per_m = 1.4;
        m.vft_eta0_Pa_s = 4e-5;
        m.vft_fragility_D = 18.5;
        m.vft_T0_K = 412.5;
        m.activation_volume_m3 = 1.5e-28;
        m.kato_sigma_star_Pa = 6e8;
        m.youngs_modulus_Pa = 101e9;
        m.shear_modulus_Pa = 37.4e9;
        m.poisson_ratio = 0.35;
        m.hardness_Pa = 6.0e9;
        m.interstitialcy_beta = 20;
        m.yield_strength_Pa = 1.9e9;                // est
        m.ttt_activation_energy_J_per_mol = 250e3;  // est, from the DSC Kissinger energies
        m.ttt_reference_time_s = 47;                // est, anchored on Tx at 20 K/min
        m.sources = "Vit1: Busch et al. Acta Mater 46 (1998) 4725 (VFT); docs/material-data.md";
        return m;
      }
    throw std::invalid_argument("unknown material preset '" + name + "'");
  }

  void Material::declare_parameters(ParameterSet &prm)
  {
    std::string names;
    for (const auto &n : preset_names())
      names += (names.empty() ? "" : "|") + n;
    prm.declare("Preset", "Pd40Cu30Ni10P20", dealii::Patterns::Selection(names),
                "Material preset. Every property below defaults to the preset's value "
                "('preset') and can be overridden by a number.");
    for (const auto &s : property_specs())
      prm.declare(s.name, "preset", PresetOrDouble(s.min, s.max), s.doc, s.unit);
    prm.declare("Fragility index", "preset", PresetOrDouble(20, 200),
                "Kinetic fragility m = d log10(eta)/d(Tg/T) at Tg. 'preset': the one the VFT "
                "constants give (65 for Pd40Cu30Ni10P20). A number m instead sets D* and T0 so "
                "that the VFT viscosity keeps its value at Tg (with the same eta0) and has "
                "fragility m: T0 = Tg - L Tg/(m ln 10), D* = L (Tg - T0)/T0, L = ln(eta(Tg)/"
                "eta0). Cannot be combined with 'VFT D*' or 'VFT T0'. An uncertain input of the "
                "bands (Pd40Cu30Ni10P20: m about 55-77 [est]).",
                "-");
  }

  Material Material::parse_parameters(ParameterSet &prm)
  {
    Material m = preset(prm.get("Preset"));
    for (const auto &s : property_specs())
      m.*(s.member) = prm.get_preset_or_double(s.name, m.*(s.member));

    if (prm.get("Fragility index") != "preset")
      set_fragility(prm, m);

    auto ordered = [&](const char *lower_name, double lower, const char *upper_name, double upper) {
      if (!(lower < upper))
        prm.fail(upper_name, upper,
                 std::string("must be above '") + lower_name + "' = " + to_string(lower),
                 std::string("a value greater than ") + to_string(lower));
    };
    ordered("VFT T0", m.vft_T0_K, "Glass transition temperature", m.glass_transition_K);
    ordered("Glass transition temperature", m.glass_transition_K, "Crystallisation temperature",
            m.crystallisation_K);
    ordered("Crystallisation temperature", m.crystallisation_K, "Liquidus temperature",
            m.liquidus_K);
    ordered("Heat capacity glass", m.cp_glass_J_per_kgK, "Heat capacity liquid",
            m.cp_liquid_J_per_kgK);
    if (m.shear_modulus_Pa >= m.youngs_modulus_Pa)
      prm.fail("Shear modulus", m.shear_modulus_Pa, "must be below Young's modulus",
               "G < E (G = E / (2 (1 + nu)) for an isotropic solid)");
    return m;
  }
}  // namespace hotdraw

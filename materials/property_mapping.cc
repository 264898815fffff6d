#include "materials/property_mapping.h"

#include "materials/material.h"
#include "materials/parameters.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    // One row per calibratable parameter of the calibrated mapping: parameter-file name (also
    // the name used by get/set and the calibration), member, unit, bounds, documentation.
    struct CalibratedSpec
    {
      const char *name;
      double CalibratedMapping::*member;
      const char *unit;
      double min, max;
      const char *doc;
    };

    const std::vector<CalibratedSpec> &calibrated_specs()
    {
      static const std::vector<CalibratedSpec> specs = {
        {"Layer thickness", &CalibratedMapping::layer_thickness_m, "m", 1e-8, 1e-3,
         "Thickness delta0 of the shear-softened surface layer at the reference shear strain; "
         "delta = delta0 (gamma_s / gamma_ref)^p. Default 10 um [est]: thick enough that the "
         "seed data need a layer softening well below 100 %; calibratable when data at several "
         "diameters exist."},
        {"Thickness shear exponent", &CalibratedMapping::thickness_shear_exponent, "-", 0.0, 5.0,
         "Exponent p of the layer thickness in the surface equivalent shear strain gamma_s."},
        {"Reference shear strain", &CalibratedMapping::reference_shear_strain, "-", 1e-3, 1e3,
         "Surface equivalent shear strain gamma_ref at which the layer is delta0 thick."},
        {"Layer modulus softening", &CalibratedMapping::layer_modulus_softening, "-", 0.0, 0.95,
         "Relative modulus loss A_E inside the layer: Delta E/E = Delta E/E|lit - A_E phi. "
         "[calibrated against measured data, not from the literature]"},
        {"Layer hardness softening", &CalibratedMapping::layer_hardness_softening, "-", 0.0, 0.95,
         "Relative hardness loss A_H inside the layer: Delta H/H = Delta H/H|lit - A_H phi. "
         "[calibrated]"},
        {"Layer excess enthalpy", &CalibratedMapping::layer_excess_enthalpy_J_per_kg, "J/kg", 0.0,
         1e5,
         "Extra relaxation enthalpy A_Q of the layer: Delta H_rel = Delta H_rel,lit + A_Q phi. "
         "[calibrated]"},
      };
      return specs;
    }

    const CalibratedSpec &calibrated_spec(const std::string &name)
    {
      for (const auto &s : calibrated_specs())
        if (name == s.name)
          return s;
      std::string known;
      for (const auto &s : calibrated_specs())
        known += (known.empty() ? "'" : ", '") + std::string(s.name) + "'";
      throw InputError("Unknown parameter '" + name +
                       "' of the calibrated property mapping. Allowed: " + known + ".");
    }

    double ratio_to_reduction_percent(double ratio) { return (1.0 - ratio) * 100.0; }
  }  // namespace

  // -------------------------------------------------------------------------------------------
  void LiteratureMapping::declare_parameters(ParameterSet &prm)
  {
    prm.declare("Modulus sensitivity to stored enthalpy", "0.0053",
                dealii::Patterns::Double(0.0, 1.0),
                "kappa_G in Delta G/G = Delta E/E = -kappa_G Delta H_st, Delta H_st the stored "
                "enthalpy in J/g. Default from interstitialcy theory (G = mu exp(-alpha beta c), "
                "beta = 20): 0.53 % per J/g [est, physics.md section 7].",
                "1/(J/g)");
    prm.declare("Hardness to modulus exponent", "1", dealii::Patterns::Double(0.0, 5.0),
                "n in H ∝ G^n (Johnson-Samwer: tau_Y ∝ G, H ≈ 3 sigma_Y, so n = 1).", "-");
  }

  void LiteratureMapping::parse_parameters(ParameterSet &prm)
  {
    modulus_sensitivity_per_J_per_g = prm.get_double("Modulus sensitivity to stored enthalpy");
    hardness_to_modulus_exponent = prm.get_double("Hardness to modulus exponent");
  }

  void LiteratureMapping::set_material(const Material &m)
  {
    delta_cp_J_per_kgK = m.delta_cp_J_per_kgK();
  }

  PropertyChange LiteratureMapping::predict(const WireState &wire,
                                            const WireState &reference) const
  {
    if (!(reference.relaxation_enthalpy_J_per_kg > 0))
      throw SolverError("property mapping: the reference glass has relaxation enthalpy " +
                        to_string(reference.relaxation_enthalpy_J_per_kg) +
                        " J/kg; the relative enthalpy increase needs a positive value");
    PropertyChange c;
    // stored enthalpy Delta H_st = Delta c_p (T_f,wire - T_f,ref), in J/g for kappa_G
    const double stored_J_per_g =
      delta_cp_J_per_kgK * (wire.fictive_temperature_K - reference.fictive_temperature_K) * 1e-3;
    // Delta G/G = Delta E/E = -kappa_G Delta H_st (interstitialcy theory, physics.md 7)
    const double dG_over_G = -modulus_sensitivity_per_J_per_g * stored_J_per_g;
    c.modulus_reduction_percent = ratio_to_reduction_percent(1.0 + dG_over_G);
    // H ∝ G^n (Johnson–Samwer); a linear Delta G/G below -100 % has no meaning: H -> 0.
    c.hardness_reduction_percent = ratio_to_reduction_percent(
      std::pow(std::max(1.0 + dG_over_G, 0.0), hardness_to_modulus_exponent));
    c.enthalpy_increase_percent =
      (wire.relaxation_enthalpy_J_per_kg / reference.relaxation_enthalpy_J_per_kg - 1.0) * 100.0;
    return c;
  }

  // -------------------------------------------------------------------------------------------
  void CalibratedMapping::declare_parameters(ParameterSet &prm)
  {
    const CalibratedMapping defaults;
    for (const auto &s : calibrated_specs())
      prm.declare(s.name, to_string(defaults.*(s.member)), dealii::Patterns::Double(s.min, s.max),
                  s.doc, s.unit);
  }

  void CalibratedMapping::parse_parameters(ParameterSet &prm)
  {
    for (const auto &s : calibrated_specs())
      this->*(s.member) = prm.get_double(s.name);
  }

  std::vector<std::string> CalibratedMapping::parameter_names()
  {
    std::vector<std::string> names;
    for (const auto &s : calibrated_specs())
      names.emplace_back(s.name);
    return names;
  }

  double CalibratedMapping::get(const std::string &name) const
  {
    return this->*(calibrated_spec(name).member);
  }

  void CalibratedMapping::set(const std::string &name, double value)
  {
    const CalibratedSpec &s = calibrated_spec(name);
    if (!(value >= s.min && value <= s.max))
      throw InputError("Calibrated property mapping: parameter '" + name + "' = " +
                       to_string(value) + " is outside its bounds [" + to_string(s.min) + ", " +
                       to_string(s.max) + "] " + s.unit + ".");
    this->*(s.member) = value;
  }

  std::pair<double, double> CalibratedMapping::bounds(const std::string &name)
  {
    const CalibratedSpec &s = calibrated_spec(name);
    return {s.min, s.max};
  }

  double CalibratedMapping::layer_fraction(const WireState &wire, double delta_m)
  {
    if (!(wire.diameter_m > 0) || !(delta_m >= 0))
      throw std::invalid_argument("layer_fraction: need a positive diameter and a non-negative "
                                  "layer thickness, got d = " + to_string(wire.diameter_m) +
                                  " m, delta = " + to_string(delta_m) + " m");
    const double depth = std::min(delta_m / (0.5 * wire.diameter_m), 1.0);  // delta / R
    if (wire.indentation_radii_relative.empty())
      // area fraction of the annulus R - delta < r < R of the polished cross-section
      return 1.0 - (1.0 - depth) * (1.0 - depth);
    if (depth >= 1.0)
      return 1.0;
    std::size_t inside = 0;
    for (double r : wire.indentation_radii_relative)
      if (r > 1.0 - depth)
        ++inside;
    return double(inside) / double(wire.indentation_radii_relative.size());
  }

  PropertyChange CalibratedMapping::predict(const WireState &wire, const WireState &reference,
                                            const LiteratureMapping &literature) const
  {
    PropertyChange c = literature.predict(wire, reference);
    if (!(wire.surface_shear_strain >= 0))
      throw std::invalid_argument("calibrated mapping: negative surface shear strain " +
                                  to_string(wire.surface_shear_strain));
    // delta = delta0 (gamma_s / gamma_ref)^p, no layer without shear. The reference rod is
    // never sheared, so it has no layer and its properties are those of the literature mapping.
    const double delta =
      wire.surface_shear_strain > 0
        ? layer_thickness_m *
            std::pow(wire.surface_shear_strain / reference_shear_strain, thickness_shear_exponent)
        : 0.0;
    const double phi = layer_fraction(wire, delta);
    c.layer_thickness_m = delta;
    c.layer_fraction = phi;
    // Delta E/E|cal = Delta E/E|lit - A_E phi, and the reduction (1 - E_w/E_ref) grows by A_E phi.
    c.modulus_reduction_percent += 100.0 * layer_modulus_softening * phi;
    c.hardness_reduction_percent += 100.0 * layer_hardness_softening * phi;
    // Delta H_rel|cal = Delta H_rel,lit + A_Q phi
    c.enthalpy_increase_percent =
      ((wire.relaxation_enthalpy_J_per_kg + layer_excess_enthalpy_J_per_kg * phi) /
         reference.relaxation_enthalpy_J_per_kg -
       1.0) *
      100.0;
    return c;
  }
}  // namespace hotdraw

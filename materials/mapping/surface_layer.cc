#include "materials/mapping/surface_layer.h"

#include "materials/mapping/interstitialcy.h"
#include "materials/parameters.h"
#include "materials/registry.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>
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

  }  // namespace

  CalibratedMapping::CalibratedMapping(std::shared_ptr<const PropertyMapping> bulk)
    : bulk_(bulk ? std::move(bulk) : std::make_shared<const LiteratureMapping>())
  {}

  void CalibratedMapping::declare_parameters(ParameterSet &prm)
  {
    const CalibratedMapping defaults;
    for (const auto &s : calibrated_specs())
      prm.declare(s.name, to_string(defaults.*(s.member)), dealii::Patterns::Double(s.min, s.max),
                  s.doc, s.unit);
  }

  std::unique_ptr<PropertyMapping>
  CalibratedMapping::create(ParameterSet &prm, const Material &,
                            std::shared_ptr<const PropertyMapping> bulk)
  {
    auto mapping = std::make_unique<CalibratedMapping>(std::move(bulk));
    for (const auto &s : calibrated_specs())
      mapping.get()->*(s.member) = prm.get_double(s.name);
    return mapping;
  }

  std::vector<std::string> CalibratedMapping::parameter_names() const
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
      throw InputError("Calibrated property mapping: parameter '" + name +
                       "' = " + to_string(value) + " is outside its bounds [" + to_string(s.min) +
                       ", " + to_string(s.max) + "] " + s.unit + ".");
    this->*(s.member) = value;
  }

  std::pair<double, double> CalibratedMapping::bounds(const std::string &name) const
  {
    const CalibratedSpec &s = calibrated_spec(name);
    return {s.min, s.max};
  }

  double CalibratedMapping::layer_fraction(const WireState &wire, double delta_m)
  {
    if (!(wire.diameter_m > 0) || !(delta_m >= 0))
      throw std::invalid_argument("layer_fraction: need a positive diameter and a non-negative "
                                  "layer thickness, got d = " +
                                  to_string(wire.diameter_m) + " m, delta = " + to_string(delta_m) +
                                  " m");
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

  PropertyChange CalibratedMapping::predict(const WireState &wire, const WireState &reference) const
  {
    PropertyChange c = bulk_->predict(wire, reference);
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
  double CalibratedMapping::implied_layer_enthalpy_J_per_kg() const
  {
    // Delta G/G = -kappa_G Delta H: a layer softer by A_E stores A_E / kappa_G (kappa per J/g)
    return layer_modulus_softening / bulk_->modulus_sensitivity_per_J_per_g() * 1e3;
  }

  std::vector<std::string> CalibratedMapping::consistency_notes() const
  {
    const double implied = implied_layer_enthalpy_J_per_kg(), A_Q = layer_excess_enthalpy_J_per_kg;
    if (!std::isfinite(implied) || layer_modulus_softening <= 0)
      return {};
    std::ostringstream s;
    s << std::setprecision(3) << "The layer's modulus softening A_E = " << layer_modulus_softening
      << " implies, through the interstitialcy coefficient of the bulk terms ("
      << bulk_->modulus_sensitivity_per_J_per_g() * 100 << " % per J/g), " << implied * 1e-3
      << " J/g stored in the layer; the layer's excess relaxation enthalpy A_Q is " << A_Q * 1e-3
      << " J/g.";
    if (implied > 2 * A_Q + 1e3 || A_Q > 2 * implied + 1e3)
      s << " The two contradict each other: within this mapping no single stored enthalpy "
           "explains both the modulus and the enthalpy data, so the layer's softening is a fit, "
           "not a consequence of the stored-enthalpy physics (docs/physics.md section 7.3).";
    else
      s << " The two agree within a factor 2.";
    return {s.str()};
  }

  HOTDRAW_REGISTER(calibrated_mappings, CalibratedMapping, "surface layer",
                   "the literature bulk terms plus a shear-softened surface layer of thickness "
                   "delta0 (gamma_s/gamma_ref)^p whose modulus, hardness and relaxation enthalpy "
                   "change by the calibrated A_E, A_H and A_Q")
}  // namespace hotdraw

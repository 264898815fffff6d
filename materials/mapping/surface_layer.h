// Calibrated property mapping 'surface layer' (see materials/property_mapping.h): the literature
// bulk terms plus a shear-softened surface layer. The layer has thickness
// delta = delta0 (gamma_s / gamma_ref)^p, following the computed near-surface equivalent shear
// strain gamma_s, and occupies the fraction phi of the indented cross-section (area fraction
// 1 - (1 - delta/R)^2 by default). Inside it the modulus is lower by A_E, the hardness by A_H,
// and the relaxation enthalpy higher by A_Q (J/kg):
//   Delta E/E|cal = Delta E/E|lit - A_E phi
//   Delta H/H|cal = Delta H/H|lit - A_H phi
//   Delta H_rel|cal = Delta H_rel,lit + A_Q phi
// A_E, A_H, A_Q (and optionally delta0, p) are CALIBRATED against measured data
// (postprocess/calibration), never taken from the literature.
#pragma once

#include "materials/property_mapping.h"

namespace hotdraw
{
  class CalibratedMapping : public PropertyMapping
  {
  public:
    // 'bulk' gives the literature terms; null: the interstitialcy mapping with its defaults
    // for the Pd40Cu30Ni10P20 Delta c_p (tests).
    explicit CalibratedMapping(std::shared_ptr<const PropertyMapping> bulk = nullptr);
    std::string name() const override { return "surface layer"; }
    PropertyChange predict(const WireState &wire, const WireState &reference) const override;
    std::unique_ptr<PropertyMapping> clone() const override
    {
      return std::make_unique<CalibratedMapping>(*this);
    }

    std::vector<std::string> parameter_names() const override;
    double get(const std::string &name) const override;
    void set(const std::string &name, double value) override;
    std::pair<double, double> bounds(const std::string &name) const override;

    double modulus_sensitivity_per_J_per_g() const override
    {
      return bulk_->modulus_sensitivity_per_J_per_g();
    }
    // The stored enthalpy (J/kg) the layer's modulus softening A_E implies through the bulk's
    // interstitialcy coefficient, A_E / kappa_G, against the fitted A_Q: a contradiction is
    // reported when they differ by more than a factor 2 and 1 J/g.
    std::vector<std::string> consistency_notes() const override;
    double implied_layer_enthalpy_J_per_kg() const;

    static void declare_parameters(ParameterSet &prm);
    static std::unique_ptr<PropertyMapping> create(ParameterSet &prm, const Material &m,
                                                   std::shared_ptr<const PropertyMapping> bulk);

    // layer fraction phi for a wire of radius R and layer thickness delta
    static double layer_fraction(const WireState &wire, double delta_m);

    double layer_thickness_m = 10e-6;             // delta0 [est, calibratable]
    double thickness_shear_exponent = 1.0;        // p
    double reference_shear_strain = 10.0;         // gamma_ref
    double layer_modulus_softening = 0.0;         // A_E (fraction)  [calibrated]
    double layer_hardness_softening = 0.0;        // A_H (fraction)  [calibrated]
    double layer_excess_enthalpy_J_per_kg = 0.0;  // A_Q     [calibrated]

  private:
    std::shared_ptr<const PropertyMapping> bulk_;
  };
}  // namespace hotdraw

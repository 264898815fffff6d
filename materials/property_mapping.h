// From the frozen structural state of a wire to its measured properties: relaxation enthalpy
// Delta H_rel (DSC), Young's modulus E and nanoindentation hardness H, each relative to the
// reference glass (the 2 mm as-cast rod). Two mappings, always reported side by side, each a
// plugin chosen by name (materials/mapping/, one file each):
//
//  "literature" (default: interstitialcy): no fitted numbers.
//     stored enthalpy      Delta H_st = Delta c_p (T_f,wire - T_f,ref)                  (J/kg)
//     relaxation enthalpy  from the simulated DSC scan of each state (StructuralStateModel)
//     modulus              Delta G/G = Delta E/E = -kappa_G Delta H_st, with kappa_G from
//                          interstitialcy theory (default 0.53 % per J/g [est], docs/physics.md
//                          section 7.1)
//     hardness             H ∝ tau_Y ∝ G (Johnson–Samwer), so Delta H/H = Delta G/G.
//
//  "calibrated" (default: surface layer): the literature bulk terms plus a shear-softened
//     surface layer. The layer has
//     thickness delta = delta0 (gamma_s / gamma_ref)^p, following the computed near-surface
//     equivalent shear strain gamma_s, and occupies the fraction phi of the indented
//     cross-section (area fraction 1 - (1 - delta/R)^2 by default). Inside it the modulus is lower
//     by A_E, the hardness by A_H, and the relaxation enthalpy higher by A_Q (J/kg):
//       Delta E/E|cal = Delta E/E|lit - A_E phi
//       Delta H/H|cal = Delta H/H|lit - A_H phi
//       Delta H_rel|cal = Delta H_rel,lit + A_Q phi
//     A_E, A_H, A_Q (and optionally delta0, p) are CALIBRATED against measured data
//     (postprocess/calibration), never taken from the literature.
#pragma once

#include "materials/registry.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hotdraw
{
  class ParameterSet;
  struct Material;

  // What the mapping needs to know about one wire (or the reference rod).
  struct WireState
  {
    double diameter_m = 0;
    double fictive_temperature_K = 0;
    double relaxation_enthalpy_J_per_kg = 0;  // from the DSC simulation of the wire's state
    double surface_shear_strain = 0;          // equivalent shear strain at the surface
    double mean_shear_strain = 0;             // cross-section mean
    // Fraction of the indentation positions that lie in a layer of relative depth
    // delta / R: if empty, the area fraction 1 - (1 - delta/R)^2 is used.
    std::vector<double> indentation_radii_relative;  // r/R of each indent, in [0, 1]
  };

  struct PropertyChange
  {
    double enthalpy_increase_percent = 0;   // (Delta H_rel,wire / Delta H_rel,ref - 1) * 100
    double modulus_reduction_percent = 0;   // (1 - E_wire / E_ref) * 100
    double hardness_reduction_percent = 0;  // (1 - H_wire / H_ref) * 100
    double layer_thickness_m = 0;           // calibrated mapping only
    double layer_fraction = 0;              // calibrated mapping only
  };

  // A mapping from a wire's frozen state to its property changes against the reference.
  class PropertyMapping
  {
  public:
    virtual ~PropertyMapping() = default;
    virtual std::string name() const = 0;
    virtual PropertyChange predict(const WireState &wire, const WireState &reference) const = 0;

    // Parameters a calibration may fit, accessed by name (none by default).
    virtual std::vector<std::string> parameter_names() const { return {}; }
    virtual double get(const std::string &name) const;
    // Throws InputError outside the bounds.
    virtual void set(const std::string &name, double value);
    virtual std::pair<double, double> bounds(const std::string &name) const;
    virtual std::unique_ptr<PropertyMapping> clone() const = 0;

    // -Delta G/G per J/g of stored enthalpy that the mapping's bulk terms use (NaN if none).
    virtual double modulus_sensitivity_per_J_per_g() const;
    // Plain-text notes (one sentence each) on whether the mapping's parameters are consistent
    // with each other and with its bulk terms, e.g. after a calibration.
    virtual std::vector<std::string> consistency_notes() const { return {}; }
  };

  // Literature mappings: created from the material. Calibrated mappings: created from the
  // material and the literature mapping that gives their bulk terms. Each is a class in
  // materials/mapping/<name>.cc registered with HOTDRAW_REGISTER.
  using LiteratureMappingRegistry = Registry<PropertyMapping, const Material &>;
  using CalibratedMappingRegistry =
    Registry<PropertyMapping, const Material &, std::shared_ptr<const PropertyMapping>>;
  LiteratureMappingRegistry &literature_mappings();
  CalibratedMappingRegistry &calibrated_mappings();

  // Subsections "Literature" and "Calibrated" of section "Property mapping": 'Model' and the
  // chosen mapping's subsection (call inside "Literature" / "Calibrated").
  void declare_literature_mapping_parameters(ParameterSet &prm);
  void declare_calibrated_mapping_parameters(ParameterSet &prm);
  std::unique_ptr<PropertyMapping> create_literature_mapping(ParameterSet &prm,
                                                             const Material &material);
  std::unique_ptr<PropertyMapping>
  create_calibrated_mapping(ParameterSet &prm, const Material &material,
                            std::shared_ptr<const PropertyMapping> literature);
}  // namespace hotdraw

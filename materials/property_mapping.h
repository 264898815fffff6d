// From the frozen structural state of a wire to its measured properties: relaxation enthalpy
// Delta H_rel (DSC), Young's modulus E and nanoindentation hardness H, each relative to the
// reference glass (the 2 mm as-cast rod). Two mappings, always reported side by side:
//
//  "literature": no fitted numbers.
//     stored enthalpy      Delta H_st = Delta c_p (T_f,wire - T_f,ref)                  (J/kg)
//     relaxation enthalpy  from the simulated DSC scan of each state (StructuralStateModel)
//     modulus              Delta G/G = Delta E/E = -kappa_G Delta H_st, with kappa_G from
//                          interstitialcy theory (default 0.53 % per J/g [est], physics.md 7)
//     hardness             H ∝ tau_Y ∝ G (Johnson–Samwer), so Delta H/H = Delta G/G.
//
//  "calibrated": the literature bulk terms plus a shear-softened surface layer. The layer has
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

#include <string>
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

  class LiteratureMapping
  {
  public:
    static void declare_parameters(ParameterSet &prm);  // inside "Property mapping/Literature"
    void parse_parameters(ParameterSet &prm);
    void set_material(const Material &m);
    PropertyChange predict(const WireState &wire, const WireState &reference) const;

    double modulus_sensitivity_per_J_per_g = 0.0053;  // -Delta G/G per J/g stored
    double hardness_to_modulus_exponent = 1.0;        // H ∝ G^n
    double delta_cp_J_per_kgK = 165;
  };

  class CalibratedMapping
  {
  public:
    static void declare_parameters(ParameterSet &prm);  // inside "Property mapping/Calibrated"
    void parse_parameters(ParameterSet &prm);
    PropertyChange predict(const WireState &wire, const WireState &reference,
                           const LiteratureMapping &literature) const;

    // Names of the parameters a calibration may fit, and access by name (for the optimiser).
    static std::vector<std::string> parameter_names();
    double get(const std::string &name) const;
    void set(const std::string &name, double value);
    // Lower and upper bounds allowed for each parameter.
    static std::pair<double, double> bounds(const std::string &name);

    // layer fraction phi for a wire of radius R and layer thickness delta
    static double layer_fraction(const WireState &wire, double delta_m);

    double layer_thickness_m = 10e-6;       // delta0 [est, calibratable]
    double thickness_shear_exponent = 1.0;  // p
    double reference_shear_strain = 10.0;   // gamma_ref
    double layer_modulus_softening = 0.0;   // A_E (fraction)  [calibrated]
    double layer_hardness_softening = 0.0;  // A_H (fraction)  [calibrated]
    double layer_excess_enthalpy_J_per_kg = 0.0;  // A_Q     [calibrated]
  };
}  // namespace hotdraw

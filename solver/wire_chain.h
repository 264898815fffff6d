// The physics chain for one wire after the flow and heat solution: the material path from the
// feed to the take-up, accumulated shear strain, cooling rate at Tg, structural state and
// relaxation enthalpy; and the same for the reference rod.
//
// In the thin-filament model every material point of a cross-section shares the axial history
// (plug flow); the shear that the taper adds near the free surface is estimated from slender-body
// theory: the tangential-traction condition gives the surface shear rate gamma_rz = 3 R' eps
// (varying linearly in r), so the equivalent shear rate at radius r is
//   gamma_dot(r) = eps sqrt(3 + 9 (r/R)^2 R'^2).
#pragma once

#include "materials/property_mapping.h"
#include "materials/structural_state.h"
#include "solver/thin_filament.h"

#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace hotdraw
{
  struct CaseSetup;

  struct WireResult
  {
    std::string label;  // "wire" or "reference rod"
    bool drawn = true;
    double diameter_m = 0;
    double draw_ratio = 1;
    double take_up_speed_m_per_s = 0;
    double draw_force_N = 0;
    double max_axial_stress_Pa = 0;
    double shear_strain_axis = 0;     // path integral of gamma_dot on the axis
    double shear_strain_surface = 0;  // at the free surface (slender-body estimate)
    double shear_strain_mean = 0;     // cross-section (area) mean
    double cooling_rate_at_Tg_K_per_s = 0;
    double residence_time_above_Tg_s = 0;
    double peak_temperature_K = 0;
    double outlet_temperature_K = 0;
    // Where the wire crosses Tg on cooling (NaN where it never does: written as empty cells)
    double stress_at_Tg_Pa = 0;
    double deborah_at_Tg = 0;          // eps_eq_dot tau_alpha(Tg) where T crosses Tg
    bool vitrified = true;             // T < Tg - 10 K at the outlet
    double extra_length_needed_m = 0;  // if not: domain extension to reach Tg - 10 K
    StructuralState state;             // of the chosen structural-state model
    double relaxation_enthalpy_J_per_kg = 0;
    // The same history with the flow taken away (stress and rate zero): the thermal part
    StructuralState thermal_only_state;
    double relaxation_enthalpy_thermal_only_J_per_kg = 0;
    // The frozen state of every registered model (the chosen one included), by model name
    std::vector<std::pair<std::string, StructuralState>> model_states;
    // Feasibility (solver/feasibility/feasibility.h): the path quantities the checks judge,
    // the critical draw ratio of the stability analysis (NaN: not computed; infinity: stable
    // up to the largest draw ratio searched), the verdict and its findings (reason, why).
    double crystallisation_index = 0;
    double stress_margin = 1;
    double stress_margin_temperature_K = 0;
    double critical_draw_ratio = std::numeric_limits<double>::quiet_NaN();
    double resonance_growth_rate_per_s = std::numeric_limits<double>::quiet_NaN();
    // the leading mode's shortest wavelength in local radii (DrawResonanceMode::wavelength_radii)
    double resonance_wavelength_radii = std::numeric_limits<double>::quiet_NaN();
    std::string status = "ok";  // ok | infeasible | failed | reference (the reference rod)
    std::vector<std::pair<std::string, std::string>> findings;
    bool feasible() const { return status == "ok"; }
    std::string reasons() const;  // "above_Tx;not_vitrified" (empty for an ok wire)
    double mass_flux_error = 0;
    double solve_time_s = 0;  // flow and heat solve
    double state_time_s = 0;  // path, structural state and DSC simulation
    unsigned int newton_iterations = 0;
    std::string error;  // non-empty: the solve failed with this message
    // indentation_radii_relative: r/R of the indents (empty: the area average)
    WireState mapping_input(const std::vector<double> &indentation_radii_relative = {}) const;
    // The same for the thermal-only state (no flow: no shear, no layer).
    WireState thermal_only_input() const;
    // The state of the registered model 'name' (NaN fields if it was not evaluated).
    StructuralState state_of_model(const std::string &name) const;

    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &label &drawn &diameter_m &draw_ratio &take_up_speed_m_per_s &draw_force_N
        &max_axial_stress_Pa &shear_strain_axis &shear_strain_surface &shear_strain_mean
          &cooling_rate_at_Tg_K_per_s &residence_time_above_Tg_s &peak_temperature_K
            &outlet_temperature_K &stress_at_Tg_Pa &deborah_at_Tg &vitrified &extra_length_needed_m
              &state &relaxation_enthalpy_J_per_kg &thermal_only_state
                &relaxation_enthalpy_thermal_only_J_per_kg &model_states &crystallisation_index
                  &stress_margin &stress_margin_temperature_K &critical_draw_ratio
                    &resonance_growth_rate_per_s &resonance_wavelength_radii &status &findings
                      &mass_flux_error &solve_time_s &state_time_s &newton_iterations &error;
    }
  };

  // The material path along the axis (t, T, von Mises stress, equivalent extension rate), with
  // the upstream heating of a long rod prepended and the cooling after the outlet appended.
  PathHistory axis_path(const FilamentProfile &p, double room_temperature_K);

  // Extends the history of a path through the domain: prepends the upstream heating of a long
  // rod (T - T_far ~ exp(lambda (z - z_in)) at the feed speed; lambda <= 0: nothing) and appends
  // the cooling after the outlet (exponential approach to room temperature at the outlet cooling
  // rate, no deformation, the last stress still carried). Returns the index in the result of
  // the first sample of 'core'.
  std::size_t extend_history(const PathHistory &core, double inlet_lambda_per_m,
                             double feed_speed_m_per_s, double far_temperature_K,
                             double outlet_cooling_rate_K_per_s, double room_temperature_K,
                             PathHistory &extended);

  // Time above T_g along samples (t, T), with linear interpolation at the crossings.
  double time_above(const std::vector<double> &t, const std::vector<double> &T, double Tg);
  // The last crossing of T_g on cooling: i with T[i-1] >= Tg > T[i] and the fraction f of the
  // way from i-1 to i; false if T never crosses T_g downwards.
  bool last_cooling_crossing(const std::vector<double> &T, double Tg, std::size_t &i, double &f);

  struct MaterialPath;

  // The chain along one finite-element material path (solver/fe/material_paths.h).
  struct PathResult
  {
    double seed_radius_m = 0, outlet_radius_m = 0, volume_flux_m3_per_s = 0;
    double shear_strain = 0, cooling_rate_at_Tg_K_per_s = 0, residence_time_above_Tg_s = 0;
    double stress_at_Tg_Pa = 0, peak_temperature_K = 0, outlet_temperature_K = 0;
    double deborah_at_Tg = 0;  // NaN (like the two values at Tg) without a Tg crossing
    double crystallisation_index = 0, stress_margin = 1, stress_margin_temperature_K = 0;
    StructuralState state;         // frozen: after the cooling beyond the outlet
    StructuralState inlet_state;   // at the inlet (after the heating upstream of it)
    StructuralState outlet_state;  // at the outlet of the domain
    double relaxation_enthalpy_J_per_kg = 0;
    StructuralState thermal_only_state;  // the same history without its flow
    double relaxation_enthalpy_thermal_only_J_per_kg = 0;
    std::vector<std::pair<std::string, StructuralState>> model_states;  // every model's

    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &inlet_state &outlet_state &seed_radius_m &outlet_radius_m &volume_flux_m3_per_s
        &shear_strain &cooling_rate_at_Tg_K_per_s &residence_time_above_Tg_s &stress_at_Tg_Pa
          &peak_temperature_K &outlet_temperature_K &deborah_at_Tg &state
            &relaxation_enthalpy_J_per_kg &thermal_only_state
              &relaxation_enthalpy_thermal_only_J_per_kg &model_states &crystallisation_index
                &stress_margin &stress_margin_temperature_K;
    }
  };

  // Integrates the structural state along the path (from the as-cast feed rod, with the long-rod
  // heating before the inlet and the cooling after the outlet as for the thin filament, whose
  // profile 'filament' supplies the inlet decay rate) and simulates its DSC scan. If
  // 'trajectory' is given it receives the state at every point of the path.
  PathResult evaluate_path(const CaseSetup &setup, const FilamentProfile &filament,
                           const MaterialPath &path,
                           std::vector<StructuralState> *trajectory = nullptr);

  // The wire's result from its FE paths (flux-weighted cross-section means; the first path is
  // the axis, the last the surface) on top of the thin-filament result 'thin' (draw force and
  // the other flow numbers come from the caller).
  WireResult summarize_paths(const WireResult &thin, const std::vector<PathResult> &paths);

  // Evaluate the chain for a solved filament.
  WireResult evaluate_wire(const CaseSetup &setup, const FilamentProfile &p);

  // The reference rod (as-cast at the reference cooling rate, never sheared).
  WireResult evaluate_reference_rod(const CaseSetup &setup);
}  // namespace hotdraw

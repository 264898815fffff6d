// Material properties of a glass-forming alloy, with named presets. All values SI.
//
// The parameter file chooses a preset in section "Material" and may override every property:
// each property parameter defaults to the word "preset" and accepts a number instead.
#pragma once

#include <string>
#include <vector>

namespace hotdraw
{
  class ParameterSet;

  struct Material
  {
    std::string name;

    // thermodynamics and kinetics
    double density_kg_per_m3;
    double molar_mass_kg_per_mol;
    double glass_transition_K;  // Tg at 20 K/min
    double crystallisation_K;   // Tx at 20 K/min
    double liquidus_K;
    double critical_cooling_rate_K_per_s;
    double cp_glass_J_per_kgK;
    double cp_liquid_J_per_kgK;       // supercooled liquid, near Tg
    double glass_transition_width_K;  // width of the smoothed c_p and k step at Tg
    double k_glass_W_per_mK;
    double k_liquid_W_per_mK;
    double emissivity;
    double surface_tension_N_per_m;

    // Newtonian viscosity, Vogel–Fulcher–Tammann: eta = eta0 exp(D* T0 / (T - T0))
    double vft_eta0_Pa_s;
    double vft_fragility_D;
    double vft_T0_K;

    // non-Newtonian flow
    double activation_volume_m3;  // transition-state (Eyring) activation volume V
    double kato_sigma_star_Pa;    // Kato master-curve stress

    // elastic and plastic properties of the reference glass at room temperature
    double youngs_modulus_Pa;
    double shear_modulus_Pa;
    double poisson_ratio;
    double hardness_Pa;          // nanoindentation hardness at ~400 nm
    double interstitialcy_beta;  // shear susceptibility beta (interstitialcy theory)
    double yield_strength_Pa;    // uniaxial yield (fracture) strength at room temperature

    // crystallisation of the glass heated into the supercooled liquid (heating-path TTT curve):
    // t_x(T) = t_ref exp[(E/R)(1/T - 1/Tx)], anchored at Tx (20 K/min)
    double ttt_activation_energy_J_per_mol;
    double ttt_reference_time_s;  // t_x at Tx

    // one-line provenance per preset, printed in the log
    std::string sources;

    // derived
    double atomic_volume_m3() const;  // M / (rho N_A)
    double vft_viscosity(double T) const;
    // kinetic fragility m = d log10(eta) / d(Tg/T) at Tg
    double fragility_index() const;
    double delta_cp_J_per_kgK() const { return cp_liquid_J_per_kgK - cp_glass_J_per_kgK; }
    // Isothermal time to the onset of crystallisation at T (s), the heating-path TTT curve
    // (docs/physics.md section 11); Hillert additivity sums dt / t_x(T) along a path.
    double crystallisation_time_s(double T) const;
    // Uniaxial strength at T (Pa): the room-temperature yield strength scaled with the
    // Johnson-Samwer cooperative-shear law tau_y/G = 0.036 - 0.016 (T/Tg)^(2/3) (Phys. Rev.
    // Lett. 95 (2005) 195501) up to Tg, held at its Tg value above Tg.
    double strength_Pa(double T, double room_temperature_K = 298.15) const;

    // --- presets ----------------------------------------------------------------------------
    static std::vector<std::string> preset_names();
    static Material preset(const std::string &name);  // throws std::invalid_argument

    // --- parameters (section "Material") ----------------------------------------------------
    static void declare_parameters(ParameterSet &prm);
    // Preset plus overrides, checked for consistency (Tg < Tx < Tliquidus, T0 < Tg, ...).
    static Material parse_parameters(ParameterSet &prm);
  };
}  // namespace hotdraw

// Steady, non-isothermal thin-filament (Paek–Runk type) drawing model.
//
// Unknowns along the axis z: the axial speed v(z) (radius R = sqrt(Q / (pi v))), the temperature
// T(z), and the draw force F (when the take-up speed is prescribed). Equations (Q = A v the
// volume flux, A = pi R^2, eps = dv/dz the extension rate):
//
//   momentum   F = 3 eta(T, sqrt(3) eps) A eps          (Trouton viscosity, shear thinning)
//              solved for eps through the rheology's uniaxial inversion, then dv/dz = eps;
//   energy     rho Q dH(T)/dz = d/dz(k A dT/dz) - 2 pi R [h (T - T_gas) + e sigma_SB (T^4 - T_w^4)]
//                               + F eps                 (viscous heating = 3 eta A eps^2)
//
// Discretisation on a 1-D grid z_0 < ... < z_N:
//   momentum   trapezoidal rule on dv/dz = eps(T, F v / Q) per cell (second order);
//   energy     with conduction: conservative finite volumes on the dual cells with exponentially
//              fitted (Scharfetter–Gummel / Il'in–Allen–Southwell) fluxes of enthalpy, exact for
//              the homogeneous constant-coefficient equation at every cell Peclet number;
//              without conduction: trapezoidal rule per cell (Paek–Runk's original model).
//   inlet      v = v_f; T: long rod (Robin condition from the exact upstream solution
//              T - T_inf ~ exp(lambda z), lambda from k A lambda^2 - rho c_p Q lambda - 2 pi R
//              h_lin = 0, so the result does not depend on where the domain starts) or fixed T;
//   outlet     v = v_d (speed control) or F given (force control); no conductive flux.
// The nonlinear system is solved by damped Newton with a colour-grouped finite-difference
// Jacobian and UMFPACK, with continuation in the draw ratio (or force) and equidistributing
// grid adaptation (neck and cooling front).
#pragma once

#include "solver/process.h"

#include <memory>
#include <string>
#include <vector>

namespace hotdraw
{
  class ParameterSet;
  struct Material;
  class RheologyModel;
  class ThermalProperties;
  class ConvectionModel;

  struct ThinFilamentSettings
  {
    // physics switches (section "Heat transfer")
    bool solve_energy = true;  // false: isothermal at isothermal_temperature_K
    double isothermal_temperature_K = 650;
    bool axial_conduction = true;
    bool viscous_heating = true;
    bool radiation = true;

    // numerics (section "Numerics/Thin filament")
    unsigned int n_cells = 1200;        // final grid
    unsigned int n_cells_coarse = 300;  // continuation grid
    unsigned int adaptation_cycles = 2;
    bool uniform_grid = false;       // verification: uniform, no adaptation
    double newton_tolerance = 1e-9;  // scaled residual
    unsigned int max_newton_iterations = 60;
    unsigned int max_continuation_steps = 200;
    double verbosity = 1;

    static void declare_parameters(ParameterSet &prm);  // inside "Numerics/Thin filament"
    void parse_parameters(ParameterSet &prm);
    static void declare_heat_parameters(ParameterSet &prm);  // inside "Heat transfer"
    void parse_heat_parameters(ParameterSet &prm);
  };

  // The solution along the axis, with everything a user plots.
  struct FilamentProfile
  {
    std::vector<double> z_m, radius_m, speed_m_per_s, temperature_K;
    std::vector<double> axial_stress_Pa, extension_rate_per_s, shear_rate_per_s, viscosity_Pa_s;
    std::vector<double> residence_time_s;      // time since the inlet
    std::vector<double> cooling_rate_K_per_s;  // -DT/Dt = -v dT/dz
    std::vector<double> wall_temperature_K, gas_temperature_K, heat_transfer_coefficient;
    std::vector<double> surface_slope;  // dR/dz
    double draw_force_N = 0;
    double feed_speed_m_per_s = 0, take_up_speed_m_per_s = 0;
    double volume_flux_m3_per_s = 0;
    double inlet_lambda_per_m = 0;  // long-rod decay rate upstream (0 for fixed inlet)
    double inlet_far_temperature_K = 0;
    unsigned int newton_iterations = 0, continuation_steps = 0;

    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &z_m &radius_m &speed_m_per_s &temperature_K &axial_stress_Pa &extension_rate_per_s
        &shear_rate_per_s &viscosity_Pa_s &residence_time_s &cooling_rate_K_per_s
          &wall_temperature_K &gas_temperature_K &heat_transfer_coefficient &surface_slope
            &draw_force_N &feed_speed_m_per_s &take_up_speed_m_per_s &volume_flux_m3_per_s
              &inlet_lambda_per_m &inlet_far_temperature_K &newton_iterations &continuation_steps;
    }

    std::size_t size() const { return z_m.size(); }
    double draw_ratio() const { return take_up_speed_m_per_s / feed_speed_m_per_s; }
    double wire_diameter_m() const { return 2 * radius_m.back(); }
    // maximum relative deviation of A v from Q over the nodes
    double mass_flux_error() const;
  };

  // Decay rate lambda (1/m) of the exact upstream solution T - T_far ~ exp(lambda z) of a long
  // rod fed at v_f into surroundings at the inlet temperature: the positive root of
  //   k A lambda^2 - rho c_p Q lambda - 2 pi R0 (h + 4 e sigma T^3) = 0.
  // The inlet condition dT/dz = lambda (T - T_far) of both the thin-filament and the FE models.
  double long_rod_inlet_lambda(const Material &material, const ThermalProperties &thermal,
                               const ConvectionModel &convection, const ProcessSettings &process,
                               bool radiation);

  // Starts the message of a SolverError whose cause is physical: the neck vitrifies before
  // the target draw ratio (the feasibility verdict 'neck_frozen').
  inline constexpr const char *neck_frozen_marker = "neck frozen:";
  // The same where the stress of the last converged state already exceeds the strength at the
  // local temperature (the verdict 'too_cold').
  inline constexpr const char *too_cold_marker = "too cold to draw:";

  class ThinFilamentModel
  {
  public:
    ThinFilamentModel(const Material &material, const RheologyModel &rheology,
                      const ThermalProperties &thermal, const ConvectionModel &convection,
                      const ProcessSettings &process, const ThinFilamentSettings &settings);
    ~ThinFilamentModel();

    // Solve at a prescribed take-up speed (m/s). Throws SolverError if no converged solution.
    // With 'warm_start' (a solution of a nearby problem, e.g. the same wire with perturbed
    // material data), Newton starts from it on its grid, without continuation or adaptation,
    // falling back to the full solve if that fails.
    FilamentProfile solve_take_up_speed(double take_up_speed,
                                        const FilamentProfile *warm_start = nullptr) const;
    // Solve at a prescribed draw force (N).
    FilamentProfile solve_draw_force(double force) const;
    // Solve as the process settings say (control, wire diameter / speed / force).
    FilamentProfile solve() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
  };
}  // namespace hotdraw

#include "materials/state/fictive_temperature.h"

#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "materials/state/kinetics.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotdraw
{
  using namespace state_kinetics;

  FictiveTemperatureModel::FictiveTemperatureModel(const Material &m, double stored_work_fraction,
                                                   bool stress_assisted, double rtol,
                                                   double atol_K)
    : StructuralStateModel(m, rtol, atol_K), stored_work_fraction_(stored_work_fraction),
      stress_assisted_(stress_assisted)
  {}

  double FictiveTemperatureModel::relaxation_time(double T, const StructuralState &s) const
  {
    // AGV / Scherer–Hodge: tau = tau0 exp[D* T0 / (T (1 - T0/T_f))], tau0 = eta0 / G; at
    // T_f = T this is eta_VFT(T) / G (physics.md section 6).
    const Material &m = *material_;
    const double Tf = s.fictive_temperature_K;
    if (!(Tf > m.vft_T0_K))
      return std::numeric_limits<double>::infinity();
    const double tau0 = m.vft_eta0_Pas / m.shear_modulus_Pa;
    return tau0 * std::exp(m.vft_fragility_D * m.vft_T0_K * Tf / (T * (Tf - m.vft_T0_K)));
  }

  double FictiveTemperatureModel::rate(double T, double sigma_eq, double eps_eq_dot, double Tf,
                                       double *drate_dy) const
  {
    const Material &m = *material_;
    const double T0 = m.vft_T0_K, DT0 = m.vft_fragility_D * m.vft_T0_K;
    const double log_inv_tau0 = std::log(m.shear_modulus_Pa / m.vft_eta0_Pas);
    const double heating_per_work = stored_work_fraction_ /
                                    (m.density_kg_per_m3 * m.delta_cp_J_per_kgK());
    const double V_over_2sqrt3k = m.activation_volume_m3 / (2.0 * std::sqrt(3.0) *
                                                            boltzmann_J_per_K);
    // dT_f/dt = (T - T_f) / tau_eff + f_s sigma_eq eps_eq_dot / (rho Delta c_p),
    // 1/tau_eff = (1/tau) sinh(x)/x, x = sigma_eq V / (2 sqrt(3) k_B T)   (structural_state.h).
    double log_rate = min_log_rate(), dlog_rate_dTf = 0;
    bool clamped = true;
    if (Tf > T0)
      {
        const double a = DT0 / (T * (Tf - T0));
        log_rate = log_inv_tau0 - a * Tf;
        if (stress_assisted_ && sigma_eq > 0)
          log_rate += log_sinhc(sigma_eq * V_over_2sqrt3k / T);
        log_rate = clamp_log_rate(log_rate, clamped);
        // d/dT_f [-D* T0 T_f / (T (T_f - T0))] = D* T0^2 / (T (T_f - T0)^2)
        dlog_rate_dTf = clamped ? 0.0 : a * T0 / (Tf - T0);
      }
    const double r = std::exp(log_rate);
    if (drate_dy != nullptr)
      *drate_dy = -r + (T - Tf) * r * dlog_rate_dTf;
    return (T - Tf) * r + heating_per_work * sigma_eq * eps_eq_dot;
  }

  double FictiveTemperatureModel::variable(const StructuralState &s) const
  {
    return s.fictive_temperature_K;
  }

  StructuralState FictiveTemperatureModel::state_of(double Tf) const
  {
    const Material &m = *material_;
    StructuralState s;
    s.fictive_temperature_K = Tf;
    s.free_volume_x = (Tf - m.vft_T0_K) / (m.vft_fragility_D * m.vft_T0_K);
    return s;
  }


  void FictiveTemperatureModel::check_initial_state(const StructuralState &initial) const
  {
    const double T0 = material_->vft_T0_K;
    if (!(initial.fictive_temperature_K > T0))
      throw std::invalid_argument("fictive temperature model: initial T_f = " +
                                  to_string(initial.fictive_temperature_K) +
                                  " K must be above T0 = " + to_string(T0) + " K");
  }

  void FictiveTemperatureModel::declare_parameters(ParameterSet &prm)
  {
    prm.declare("Stored work fraction", "0.1", dealii::Patterns::Double(0.0, 1.0),
                "Fraction f_s of the mechanical work sigma_eq eps_eq_dot stored as configurational "
                "enthalpy, raising T_f at the rate f_s sigma eps_dot / (rho Delta c_p). [est, "
                "calibratable]",
                "-");
    prm.declare("Stress-assisted relaxation", "true", dealii::Patterns::Bool(),
                "Accelerate relaxation under stress: tau_eff = tau x / sinh(x), x = sigma_eq V / "
                "(2 sqrt(3) k_B T), V the activation volume of the material (transition-state "
                "flow).",
                "");
  }

  std::unique_ptr<StructuralStateModel> FictiveTemperatureModel::create(ParameterSet &prm,
                                                                        const Material &m,
                                                                        double rtol,
                                                                        double atol_K)
  {
    return std::make_unique<FictiveTemperatureModel>(m, prm.get_double("Stored work fraction"),
                                                     prm.get_bool("Stress-assisted relaxation"),
                                                     rtol, atol_K);
  }

  HOTDRAW_REGISTER(structural_state_models, FictiveTemperatureModel, "fictive temperature",
                   "Tool-Narayanaswamy-Moynihan with the Adam-Gibbs-Vogel relaxation time of "
                   "Scherer and Hodge")
}  // namespace hotdraw

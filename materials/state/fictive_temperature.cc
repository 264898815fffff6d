#include "materials/state/fictive_temperature.h"

#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "materials/state/kinetics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotdraw
{
  using namespace state_kinetics;

  FictiveTemperatureModel::FictiveTemperatureModel(const Material &m,
                                                   double configurational_work_fraction,
                                                   double rtol, double atol_K)
    : StructuralStateModel(m, rtol, atol_K), kappa_(configurational_work_fraction)
  {}

  double FictiveTemperatureModel::relaxation_time(double T, const StructuralState &s) const
  {
    // AGV / Scherer-Hodge: tau = tau0 exp[D* T0 / (T (1 - T0/T_f))], tau0 = eta0 / G; at
    // T_f = T this is eta_VFT(T) / G (docs/physics.md section 6).
    const Material &m = *material_;
    const double Tf = s.fictive_temperature_K;
    if (!(Tf > m.vft_T0_K))
      return std::numeric_limits<double>::infinity();
    const double tau0 = m.vft_eta0_Pa_s / m.shear_modulus_Pa;
    return tau0 * std::exp(m.vft_fragility_D * m.vft_T0_K * Tf / (T * (Tf - m.vft_T0_K)));
  }

  double FictiveTemperatureModel::log_relaxation_rate(double T, double Tf, double &dlog_dTf) const
  {
    const Material &m = *material_;
    const double T0 = m.vft_T0_K, DT0 = m.vft_fragility_D * m.vft_T0_K;
    dlog_dTf = 0;
    if (!(Tf > T0))
      return min_log_rate();
    const double a = DT0 / (T * (Tf - T0));
    bool clamped = true;
    const double log_rate =
      clamp_log_rate(std::log(m.shear_modulus_Pa / m.vft_eta0_Pa_s) - a * Tf, clamped);
    // d/dT_f [-D* T0 T_f / (T (T_f - T0))] = D* T0^2 / (T (T_f - T0)^2)
    dlog_dTf = clamped ? 0.0 : a * T0 / (Tf - T0);
    return log_rate;
  }

  double FictiveTemperatureModel::driven_temperature(double T, double eps_eq_dot) const
  {
    const Material &m = *material_;
    const double gamma_dot = std::sqrt(3.0) * eps_eq_dot;
    // the temperature whose equilibrium relaxation time eta0/G exp(D* T0/(T - T0)) is 1/gamma_dot
    const double log_ratio = std::log(m.shear_modulus_Pa / (m.vft_eta0_Pa_s * gamma_dot));
    if (!(gamma_dot > 0) || !(log_ratio > 0))
      return T;
    return std::max(T, m.vft_T0_K + m.vft_fragility_D * m.vft_T0_K / log_ratio);
  }

  double FictiveTemperatureModel::flow_temperature_excess(double T, double sigma_eq,
                                                          double eps_eq_dot) const
  {
    const double W = kappa_ * std::max(sigma_eq * eps_eq_dot, 0.0);
    const double T_hat = driven_temperature(T, eps_eq_dot);
    if (!(W > 0) || !(T_hat > T))
      return 0.0;
    const Material &m = *material_;
    // below T0 the equilibrium relaxation time is infinite: the flow alone sets T_eff
    const double K =
      T > m.vft_T0_K ? m.density_kg_per_m3 * m.delta_cp_J_per_kgK() / equilibrium_relaxation_time(T)
                     : 0.0;
    return W * (1.0 - T / T_hat) / (K + W / T_hat);
  }

  double FictiveTemperatureModel::creation_rate(double T, double sigma_eq, double eps_eq_dot,
                                                double Tf) const
  {
    const double excess = flow_temperature_excess(T, sigma_eq, eps_eq_dot);
    if (!(excess > 0))
      return 0.0;
    double dlog = 0;
    const double r = std::exp(log_relaxation_rate(T, Tf, dlog));
    return std::min(excess * r, first_law_rate(sigma_eq, eps_eq_dot));
  }

  double FictiveTemperatureModel::rate(double T, double sigma_eq, double eps_eq_dot, double Tf,
                                       double *drate_dy) const
  {
    // dT_f/dt = (T - T_f) / tau + min(Delta T_flow / tau, W / (rho Delta c_p))
    double dlog = 0;
    const double r = std::exp(log_relaxation_rate(T, Tf, dlog));
    const double excess = flow_temperature_excess(T, sigma_eq, eps_eq_dot);
    double creation = 0, dcreation = 0;
    if (excess > 0)
      {
        const double first_law = first_law_rate(sigma_eq, eps_eq_dot);
        creation = excess * r;
        dcreation = creation * dlog;
        if (creation > first_law)
          {
            creation = first_law;
            dcreation = 0;
          }
      }
    if (drate_dy != nullptr)
      *drate_dy = -r + (T - Tf) * r * dlog + dcreation;
    return (T - Tf) * r + creation;
  }

  double FictiveTemperatureModel::steady_state(double T, double sigma_eq, double eps_eq_dot) const
  {
    return T + flow_temperature_excess(T, sigma_eq, eps_eq_dot);
  }

  double FictiveTemperatureModel::enthalpy_per_variable() const
  {
    return material_->delta_cp_J_per_kgK();
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
      throw std::invalid_argument(
        "fictive temperature model: initial T_f = " + to_string(initial.fictive_temperature_K) +
        " K must be above T0 = " + to_string(T0) + " K");
  }

  void FictiveTemperatureModel::declare_parameters(ParameterSet &prm)
  {
    prm.declare("Configurational work fraction", "1", dealii::Patterns::Double(0.0, 1.0),
                "Fraction kappa of the plastic work sigma_eq eps_eq_dot that enters the energy "
                "balance of the configurational degrees of freedom, rho Delta c_p dT_eff/dt = "
                "kappa W (1 - T_eff/T_hat) + ... (Bouchbinder & Langer 2009 take all of it, "
                "kappa = 1, with the stored fraction 1 - T_eff/T_hat <= 1). [est: 0.3-1; an "
                "uncertain input of the bands]",
                "-");
  }

  std::unique_ptr<StructuralStateModel>
  FictiveTemperatureModel::create(ParameterSet &prm, const Material &m, double rtol, double atol_K)
  {
    return std::make_unique<FictiveTemperatureModel>(
      m, prm.get_double("Configurational work fraction"), rtol, atol_K);
  }

  HOTDRAW_REGISTER(structural_state_models, FictiveTemperatureModel, "fictive temperature",
                   "Tool-Narayanaswamy-Moynihan with the Adam-Gibbs-Vogel relaxation time of "
                   "Scherer and Hodge, relaxing under flow to the effective temperature of "
                   "Bouchbinder and Langer's configurational energy balance")
}  // namespace hotdraw

// Structural-state model "fictive temperature": Tool-Narayanaswamy-Moynihan relaxation with the
// Adam-Gibbs-Vogel relaxation time of Scherer and Hodge, towards the VFT-consistent
// equilibrium, and a flow-driven effective temperature after Bouchbinder & Langer (Phys. Rev. E
// 80, 031131-3, 2009: the energy balance of the configurational degrees of freedom driven by the
// plastic work) (docs/physics.md section 6):
//
//   dT_f/dt = (T - T_f) / tau(T, T_f) + c,     tau = tau0 exp[D* T0 / (T (1 - T0/T_f))],
//                                              tau0 = eta0 / G   (tau(T, T) = eta_VFT(T) / G)
//   c = min( Delta T_flow / tau(T, T_f),  W / (rho Delta c_p) )      (creation, >= 0)
//
// W = sigma_eq eps_eq_dot is the plastic work rate (J/(m^3 s)). Without flow the fictive
// temperature relaxes to T; under steady flow it relaxes, at the same structural rate, to the
// effective temperature T_eff = T + Delta T_flow of the flow, the steady state of
//
//   rho Delta c_p dT_eff/dt = kappa W (1 - T_eff / T_hat) + (rho Delta c_p / tau_alpha) (T -
//   T_eff),
//
//   Delta T_flow = kappa W (1 - T/T_hat) / (rho Delta c_p / tau_alpha(T) + kappa W / T_hat)
//
// (in closed form): kappa is the fraction of the plastic work that enters the configurational
// energy [est], T_hat the effective temperature the flow drives the structure to, here the
// temperature whose equilibrium relaxation time equals 1/gamma_dot [est closure]:
//
//   T_hat = max(T, T0 + D* T0 / ln(G / (eta0 gamma_dot))),   gamma_dot = sqrt(3) eps_eq_dot,
//
// so that T_eff exceeds T only where the flow outpaces the structural relaxation (Deborah number
// gamma_dot tau_alpha > 1). The second bound of c is the first law: the state never gains more
// enthalpy than the plastic work delivers. Stress does not change tau (an earlier
// stress-assisted form drove stressed glasses below their stress-free state).
#pragma once

#include "materials/structural_state.h"

namespace hotdraw
{
  // Reads and integrates StructuralState::fictive_temperature_K; free_volume_x is derived as
  // (T_f - T0) / B.
  class FictiveTemperatureModel : public StructuralStateModel
  {
  public:
    // kappa: configurational work fraction (0..1).
    FictiveTemperatureModel(const Material &m, double configurational_work_fraction, double rtol,
                            double atol_K);
    std::string name() const override { return "fictive temperature"; }
    double relaxation_time(double T, const StructuralState &s) const override;
    double variable(const StructuralState &s) const override;
    StructuralState state_of(double y) const override;
    double rate(double T, double sigma_eq, double eps_eq_dot, double y,
                double *drate_dy = nullptr) const override;
    double creation_rate(double T, double sigma_eq, double eps_eq_dot, double y) const override;
    double steady_state(double T, double sigma_eq, double eps_eq_dot) const override;
    double enthalpy_per_variable() const override;

    // T_hat(gamma_dot) >= T and Delta T_flow >= 0 of the file header.
    double driven_temperature(double T, double eps_eq_dot) const;
    double flow_temperature_excess(double T, double sigma_eq, double eps_eq_dot) const;

    static void declare_parameters(ParameterSet &prm);
    static std::unique_ptr<StructuralStateModel> create(ParameterSet &prm, const Material &m,
                                                        double rtol, double atol_K);

  protected:
    double variable_tolerance() const override { return atol_K_; }
    void check_initial_state(const StructuralState &initial) const override;

  private:
    // ln(1/tau) and d ln(1/tau) / dT_f (0 where clamped).
    double log_relaxation_rate(double T, double Tf, double &dlog_dTf) const;
    double kappa_;
  };
}  // namespace hotdraw

// Structural-state model "fictive temperature" (Tool-Narayanaswamy-Moynihan / Scherer-Hodge,
// AGV form), relaxing towards the VFT-consistent equilibrium of the material, so that in
// equilibrium its relaxation time is the Maxwell time eta_VFT(T) / G:
//     dT_f/dt = (T - T_f) / tau_eff + f_s sigma_eq eps_eq_dot / (rho Delta c_p)
//     tau     = tau0 exp[D* T0 / (T (1 - T0 / T_f))],  tau0 = eta0 / G
//     tau_eff = tau x / sinh(x), x = sigma_eq V / (2 sqrt(3) k_B T)   (stress-assisted, optional)
//     f_s: fraction of the mechanical work stored as configurational enthalpy [est, calibratable].
#pragma once

#include "materials/structural_state.h"

namespace hotdraw
{
  // Reads and integrates StructuralState::fictive_temperature_K; free_volume_x is derived as
  // (T_f - T0) / B.
  class FictiveTemperatureModel : public StructuralStateModel
  {
  public:
    // f_s: stored work fraction (0..1); stress_assisted: tau_eff = tau x / sinh(x).
    FictiveTemperatureModel(const Material &m, double stored_work_fraction, bool stress_assisted,
                            double rtol, double atol_K);
    std::string name() const override { return "fictive temperature"; }
    double relaxation_time(double T, const StructuralState &s) const override;
    double variable(const StructuralState &s) const override;
    StructuralState state_of(double y) const override;
    double rate(double T, double sigma_eq, double eps_eq_dot, double y,
                double *drate_dy = nullptr) const override;

    static void declare_parameters(ParameterSet &prm);
    static std::unique_ptr<StructuralStateModel> create(ParameterSet &prm, const Material &m,
                                                        double rtol, double atol_K);

  protected:
    double variable_tolerance() const override { return atol_K_; }
    void check_initial_state(const StructuralState &initial) const override;

  private:
    double stored_work_fraction_;
    bool stress_assisted_;
  };
}  // namespace hotdraw

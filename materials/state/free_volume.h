// Structural-state model "free volume" (flow-defect model, van den Beukel-Sietsma / de Hey /
// Heggen-Spaepen form), relaxing towards the VFT-consistent equilibrium of the material:
//     state x = reduced free volume, defect concentration c_f = exp(-1/x),
//     equilibrium x_eq(T) = (T - T0) / B, B = D* T0   =>  eta_eq ∝ 1/c_f,eq is the VFT law;
//     dx/dt = (a_x/chi) eps_eq_dot - k_r x^2 (c_f - c_f,eq(T)),  k_r = nu_r exp(-Q_r / (R T)),
//     which is dc_f/dt = (a_x/chi) eps_dot c_f ln^2 c_f - k_r c_f (c_f - c_f,eq): production
//     linear in strain for x (see docs/physics-notes.md for why not linear for c_f).
//     nu_r = "auto" sets the relaxation time 1/(k_r c_f,eq) equal to eta_VFT/G at Tg.
//     Flow law of the model: eps_dot = (c_f / (3 eta0)) (2 sqrt(3) k T / V) sinh(sigma V /
//     (2 sqrt(3) k T)), i.e. eta(c_f, T, sigma -> 0) = eta0 / c_f.
//     The equivalent fictive temperature is T_f = T0 + B x.
#pragma once

#include "materials/structural_state.h"

namespace hotdraw
{
  // Reads and integrates StructuralState::free_volume_x; fictive_temperature_K is the
  // equivalent T0 + B x.
  class FreeVolumeModel : public StructuralStateModel
  {
  public:
    // production: a_x/chi (-); Q_r (J/mol); nu_r (1/s), or a negative value for "auto"
    // (1/(k_r c_f,eq) = eta_VFT/G at Tg, i.e. nu_r = (G/eta0) exp(Q_r / (R Tg))).
    FreeVolumeModel(const Material &m, double production_coefficient,
                    double activation_energy_J_per_mol, double rate_prefactor_per_s, double rtol,
                    double atol_K);
    std::string name() const override { return "free volume"; }
    double relaxation_time(double T, const StructuralState &s) const override;
    double variable(const StructuralState &s) const override;
    StructuralState state_of(double y) const override;
    double rate(double T, double sigma_eq, double eps_eq_dot, double y,
                double *drate_dy = nullptr) const override;

    // c_f = exp(-1/x) and its equilibrium value exp(-B / (T - T0)) (0 at or below T0).
    static double defect_concentration(double x);
    double equilibrium_defect_concentration(double T) const;
    // nu_r actually used (after "auto").
    double rate_prefactor_per_s() const { return nu_r_per_s_; }

    static void declare_parameters(ParameterSet &prm);
    static std::unique_ptr<StructuralStateModel> create(ParameterSet &prm, const Material &m,
                                                        double rtol, double atol_K);

  protected:
    double variable_tolerance() const override;
    void check_initial_state(const StructuralState &initial) const override;

  private:
    double production_;
    double Q_r_J_per_mol_;
    double nu_r_per_s_;
  };
}  // namespace hotdraw

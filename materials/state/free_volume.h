// Structural-state model "free volume": the flow-defect model of van den Beukel & Sietsma /
// de Hey / Heggen, Spaepen & Feuerbacher, whose defects are annihilated towards the
// VFT-consistent equilibrium, with Spaepen's stress-driven creation (Acta Metall. 25, 1977) and
// the steady state of Steif, Spaepen & Hutchinson (Acta Metall. 30, 1982) under flow
// (docs/physics.md section 6):
//
//   state x = reduced free volume, defect concentration c_f = exp(-1/x),
//   equilibrium x_eq(T) = (T - T0) / B, B = D* T0, so eta0 / c_f,eq is the VFT law;
//
//   dx/dt = -k_r x^2 (c_f(x) - c_f(x_eq)) + c,        k_r = nu_r exp(-Q_r / (R T)),
//   c = min( k_r x^2 (c_f(x_eq + Delta x) - c_f(x_eq)),  W / (rho Delta c_p B) )   (creation)
//
// i.e. dc_f/dt = -k_r c_f (c_f - c_f,target): annihilation towards the steady state of the flow,
// x_ss = x_eq + Delta x, with the excess of Spaepen's creation per jump over annihilation,
//
//   Delta x = (2 alpha n_D k_B T / (v* S)) [cosh(u) - 1] (R_flow tau_alpha),
//   u = tau Omega / (2 k_B T), tau = sigma_eq / sqrt(3), S = 2 G (1 + nu) / (3 (1 - nu)),
//
// where R_flow = gamma_dot / (2 sinh u) is the jump rate of Spaepen's flow law that carries the
// actual shear rate gamma_dot = sqrt(3) eps_eq_dot, and tau_alpha = 1/(k_r c_f,eq) the
// structural relaxation time. When the flow is Spaepen's own (R_flow = 1/tau_alpha), Delta x is
// exactly the Steif-Spaepen-Hutchinson steady state, Delta x = n_D (2 alpha k_B T/(v* S))
// (cosh u - 1); in general Delta x = (alpha n_D k_B T / (v* S)) gamma_dot tau_alpha tanh(u/2),
// which vanishes without flow and grows with the Deborah number gamma_dot tau_alpha. The
// second bound of c is the first law (W = sigma_eq eps_eq_dot; T_f = T0 + B x stores
// Delta c_p B per unit x). Stress does not speed up annihilation.
#pragma once

#include "materials/structural_state.h"

namespace hotdraw
{
  struct SpaepenCreation
  {
    double overlap_factor = 0.5;    // alpha
    double annihilation_jumps = 3;  // n_D
    double critical_volume = 1.0;   // v* / Omega
  };

  // Reads and integrates StructuralState::free_volume_x; fictive_temperature_K is the
  // equivalent T0 + B x.
  class FreeVolumeModel : public StructuralStateModel
  {
  public:
    // Q_r (J/mol); nu_r (1/s), or a negative value for "auto" (1/(k_r c_f,eq) = eta_VFT/G at Tg,
    // i.e. nu_r = (G/eta0) exp(Q_r / (R Tg))).
    FreeVolumeModel(const Material &m, const SpaepenCreation &creation,
                    double activation_energy_J_per_mol, double rate_prefactor_per_s, double rtol,
                    double atol_K);
    std::string name() const override { return "free volume"; }
    double relaxation_time(double T, const StructuralState &s) const override;
    double variable(const StructuralState &s) const override;
    StructuralState state_of(double y) const override;
    double rate(double T, double sigma_eq, double eps_eq_dot, double y,
                double *drate_dy = nullptr) const override;
    double creation_rate(double T, double sigma_eq, double eps_eq_dot, double y) const override;
    double steady_state(double T, double sigma_eq, double eps_eq_dot) const override;
    double enthalpy_per_variable() const override;

    // Delta x of the file header (>= 0).
    double flow_free_volume_excess(double T, double sigma_eq, double eps_eq_dot) const;
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
    double log_annihilation_rate(double T) const;  // ln k_r
    // k_r x^2 (c_f(x_t) - c_f(x_eq)) without the first-law bound, and its x-derivative.
    double raw_creation(double T, double x, double x_target, double *dcreation_dx) const;
    SpaepenCreation creation_;
    double Q_r_J_per_mol_;
    double nu_r_per_s_;
  };
}  // namespace hotdraw

#include "materials/state/free_volume.h"

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

  FreeVolumeModel::FreeVolumeModel(const Material &m, double production_coefficient,
                                   double activation_energy_J_per_mol,
                                   double rate_prefactor_per_s, double rtol, double atol_K)
    : StructuralStateModel(m, rtol, atol_K), production_(production_coefficient),
      Q_r_J_per_mol_(activation_energy_J_per_mol), nu_r_per_s_(rate_prefactor_per_s)
  {
    // "auto": 1/(k_r(Tg) c_f,eq(Tg)) = eta_VFT(Tg)/G = eta0 / (G c_f,eq(Tg))  =>  k_r(Tg) = G/eta0.
    if (!(nu_r_per_s_ > 0))
      nu_r_per_s_ = m.shear_modulus_Pa / m.vft_eta0_Pas *
                    std::exp(Q_r_J_per_mol_ / (gas_constant_J_per_molK * m.glass_transition_K));
    if (!std::isfinite(nu_r_per_s_))
      throw InputError("free volume model: the automatic relaxation rate prefactor (G/eta0) "
                       "exp(Q_r/(R Tg)) overflows for Q_r = " + to_string(Q_r_J_per_mol_) +
                       " J/mol; lower 'Relaxation activation energy' or give the prefactor");
  }

  double FreeVolumeModel::defect_concentration(double x)
  {
    return x > 0 ? std::exp(-1.0 / x) : 0.0;
  }

  double FreeVolumeModel::equilibrium_defect_concentration(double T) const
  {
    const Material &m = *material_;
    if (!(T > m.vft_T0_K))
      return 0.0;
    return std::exp(-m.vft_fragility_D * m.vft_T0_K / (T - m.vft_T0_K));
  }

  double FreeVolumeModel::relaxation_time(double T, const StructuralState &s) const
  {
    // tau = 1 / (k_r c_f): the linearisation of dc_f/dt = -k_r c_f (c_f - c_f,eq) at c_f.
    if (!(s.free_volume_x > 0))
      return std::numeric_limits<double>::infinity();
    const double log_kr = std::log(nu_r_per_s_) - Q_r_J_per_mol_ / (gas_constant_J_per_molK * T);
    return std::exp(1.0 / s.free_volume_x - log_kr);
  }

  double FreeVolumeModel::rate(double T, double, double eps_eq_dot, double x,
                               double *drate_dy) const
  {
    const Material &m = *material_;
    const double T0 = m.vft_T0_K, B = m.vft_fragility_D * m.vft_T0_K;
    const double Q_over_R = Q_r_J_per_mol_ / gas_constant_J_per_molK;
    // dx/dt = (a_x/chi) eps_eq_dot - k_r x^2 (c_f - c_f,eq(T)), k_r = nu_r exp(-Q_r/(R T)),
    // c_f = exp(-1/x): the rates k_r c_f and k_r c_f,eq are evaluated in log space.
    const double log_kr = std::log(nu_r_per_s_) - Q_over_R / T;
    bool clamped_f = true, clamped_eq = true;
    const double rate_f = x > 0 ? std::exp(clamp_log_rate(log_kr - 1.0 / x, clamped_f)) : 0.0;
    const double x_eq = (T - T0) / B;
    const double rate_eq =
      x_eq > 0 ? std::exp(clamp_log_rate(log_kr - 1.0 / x_eq, clamped_eq)) : 0.0;
    if (drate_dy != nullptr)
      // d/dx [x^2 k_r c_f] = 2 x k_r c_f + k_r c_f   (d c_f / dx = c_f / x^2)
      *drate_dy = -2.0 * x * (rate_f - rate_eq) - (clamped_f ? 0.0 : rate_f);
    return production_ * eps_eq_dot - x * x * (rate_f - rate_eq);
  }

  double FreeVolumeModel::variable(const StructuralState &s) const { return s.free_volume_x; }

  StructuralState FreeVolumeModel::state_of(double x) const
  {
    const Material &m = *material_;
    StructuralState s;
    s.free_volume_x = x;
    s.fictive_temperature_K = m.vft_T0_K + m.vft_fragility_D * m.vft_T0_K * x;
    return s;
  }


  double FreeVolumeModel::variable_tolerance() const
  {
    // atol in kelvin of the equivalent T_f = T0 + B x
    return atol_K_ / (material_->vft_fragility_D * material_->vft_T0_K);
  }

  void FreeVolumeModel::check_initial_state(const StructuralState &initial) const
  {
    if (!(initial.free_volume_x > 0))
      throw std::invalid_argument("free volume model: initial reduced free volume x = " +
                                  to_string(initial.free_volume_x) + " must be positive");
  }

  void FreeVolumeModel::declare_parameters(ParameterSet &prm)
  {
    prm.declare("Production coefficient a_x/chi", "0.3", dealii::Patterns::Double(0.0, 100.0),
                "Shear production of reduced free volume: dx/dt = (a_x/chi) eps_eq_dot - ... "
                "(our reading of the de Hey / van den Beukel production term, see "
                "docs/physics-notes.md). [est: 0.1-1, physics.md section 6]",
                "-");
    prm.declare("Relaxation activation energy", "150e3", dealii::Patterns::Double(0.0, 2e6),
                "Activation energy Q_r of the annihilation rate k_r = nu_r exp(-Q_r/(R T)). With "
                "0 the equilibrium relaxation time is eta_VFT/G at every temperature, but the "
                "glass never freezes: it keeps relaxing below Tg, also at room temperature, with "
                "tau = eta0/(G c_f) (about 1 s at 298 K). With Q_r > 0 the glass freezes and the "
                "equilibrium relaxation time is eta_VFT/G only at Tg (for the 'auto' prefactor). "
                "The default 150 kJ/mol [est] is the smallest round value that keeps the glass "
                "frozen at room temperature (tau(298 K) > 1e10 s). See docs/physics-notes.md.",
                "J/mol");
    prm.declare("Relaxation rate prefactor", "auto", KeywordOrDouble("auto", 1e-10, 1e60),
                "Prefactor nu_r of k_r. 'auto': nu_r = (G/eta0) exp(Q_r/(R Tg)), so that the "
                "relaxation time 1/(k_r c_f,eq) equals the Maxwell time eta_VFT/G at Tg.",
                "1/s");
  }

  std::unique_ptr<StructuralStateModel> FreeVolumeModel::create(ParameterSet &prm,
                                                                const Material &material,
                                                                double rtol, double atol_K)
  {
    const double production = prm.get_double("Production coefficient a_x/chi");
    const double Q_r = prm.get_double("Relaxation activation energy");
    const double nu_r = prm.get_keyword_or_double("Relaxation rate prefactor", "auto", -1.0);
    const double Q_max = 600.0 * gas_constant_J_per_molK * material.glass_transition_K;
    if (prm.get("Relaxation rate prefactor") == "auto" && Q_r > Q_max)
      prm.fail("Relaxation activation energy", Q_r,
               "with 'Relaxation rate prefactor' = auto, nu_r = (G/eta0) exp(Q_r/(R Tg)) "
               "overflows",
               "at most " + to_string(Q_max) + " J/mol, or an explicit prefactor");
    return std::make_unique<FreeVolumeModel>(material, production, Q_r, nu_r, rtol, atol_K);
  }

  HOTDRAW_REGISTER(structural_state_models, FreeVolumeModel, "free volume",
                   "flow-defect model of van den Beukel-Sietsma / de Hey / Heggen-Spaepen")
}  // namespace hotdraw

#include "materials/state/free_volume.h"

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

  FreeVolumeModel::FreeVolumeModel(const Material &m, const SpaepenCreation &creation,
                                   double activation_energy_J_per_mol, double rate_prefactor_per_s,
                                   double rtol, double atol_K)
    : StructuralStateModel(m, rtol, atol_K), creation_(creation),
      Q_r_J_per_mol_(activation_energy_J_per_mol), nu_r_per_s_(rate_prefactor_per_s)
  {
    // "auto": 1/(k_r(Tg) c_f,eq(Tg)) = eta_VFT(Tg)/G = eta0 / (G c_f,eq(Tg))  =>  k_r(Tg) = G/eta0.
    if (!(nu_r_per_s_ > 0))
      nu_r_per_s_ = m.shear_modulus_Pa / m.vft_eta0_Pa_s *
                    std::exp(Q_r_J_per_mol_ / (gas_constant_J_per_molK * m.glass_transition_K));
    if (!std::isfinite(nu_r_per_s_))
      throw InputError("free volume model: the automatic relaxation rate prefactor (G/eta0) "
                       "exp(Q_r/(R Tg)) overflows for Q_r = " +
                       to_string(Q_r_J_per_mol_) +
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

  double FreeVolumeModel::log_annihilation_rate(double T) const
  {
    return std::log(nu_r_per_s_) - Q_r_J_per_mol_ / (gas_constant_J_per_molK * T);
  }

  double FreeVolumeModel::flow_free_volume_excess(double T, double sigma_eq,
                                                  double eps_eq_dot) const
  {
    const Material &m = *material_;
    const double gamma_dot = std::sqrt(3.0) * eps_eq_dot;
    if (!(gamma_dot > 0) || !(sigma_eq > 0) || !(T > m.vft_T0_K))
      return 0.0;
    const double kT = boltzmann_J_per_K * T;
    const double u = sigma_eq / std::sqrt(3.0) * m.atomic_volume_m3() / (2.0 * kT);
    const double S =
      2.0 * m.shear_modulus_Pa * (1.0 + m.poisson_ratio) / (3.0 * (1.0 - m.poisson_ratio));
    const double v_star = creation_.critical_volume * m.atomic_volume_m3();
    // tau_alpha = 1/(k_r c_f,eq), in log space (c_f,eq underflows far below Tg)
    const double log_tau_alpha =
      m.vft_fragility_D * m.vft_T0_K / (T - m.vft_T0_K) - log_annihilation_rate(T);
    const double prefactor =
      creation_.overlap_factor * creation_.annihilation_jumps * kT / (v_star * S);
    // alpha n_D k T/(v* S) gamma_dot tau_alpha tanh(u/2), capped at 1 (x itself is ~0.03)
    const double log_excess = std::log(prefactor * gamma_dot * std::tanh(0.5 * u)) + log_tau_alpha;
    return log_excess > 0 ? 1.0 : std::exp(log_excess);
  }

  double FreeVolumeModel::raw_creation(double T, double x, double x_target,
                                       double *dcreation_dx) const
  {
    const double log_kr = log_annihilation_rate(T);
    const double x_eq =
      (T - material_->vft_T0_K) / (material_->vft_fragility_D * material_->vft_T0_K);
    bool clamped = true;
    const double rate_t = std::exp(clamp_log_rate(log_kr - 1.0 / x_target, clamped));
    const double rate_eq = x_eq > 0 ? std::exp(clamp_log_rate(log_kr - 1.0 / x_eq, clamped)) : 0;
    const double difference = std::max(rate_t - rate_eq, 0.0);
    if (dcreation_dx != nullptr)
      *dcreation_dx = 2.0 * x * difference;
    return x * x * difference;
  }

  double FreeVolumeModel::creation_rate(double T, double sigma_eq, double eps_eq_dot,
                                        double x) const
  {
    const double excess = flow_free_volume_excess(T, sigma_eq, eps_eq_dot);
    if (!(excess > 0))
      return 0.0;
    const double x_eq =
      (T - material_->vft_T0_K) / (material_->vft_fragility_D * material_->vft_T0_K);
    return std::min(raw_creation(T, x, x_eq + excess, nullptr),
                    first_law_rate(sigma_eq, eps_eq_dot));
  }

  double FreeVolumeModel::rate(double T, double sigma_eq, double eps_eq_dot, double x,
                               double *drate_dy) const
  {
    const Material &m = *material_;
    const double T0 = m.vft_T0_K, B = m.vft_fragility_D * m.vft_T0_K;
    // annihilation towards equilibrium, -k_r x^2 (c_f - c_f,eq(T)), k_r = nu_r exp(-Q_r/(R T)),
    // c_f = exp(-1/x): the rates k_r c_f and k_r c_f,eq are evaluated in log space.
    const double log_kr = log_annihilation_rate(T);
    bool clamped_f = true, clamped_eq = true;
    const double rate_f = x > 0 ? std::exp(clamp_log_rate(log_kr - 1.0 / x, clamped_f)) : 0.0;
    const double x_eq = (T - T0) / B;
    const double rate_eq =
      x_eq > 0 ? std::exp(clamp_log_rate(log_kr - 1.0 / x_eq, clamped_eq)) : 0.0;
    // plus the creation of the flow (>= 0), bounded by the first law
    double creation = 0, dcreation = 0;
    const double excess = flow_free_volume_excess(T, sigma_eq, eps_eq_dot);
    if (excess > 0)
      {
        creation = raw_creation(T, x, x_eq + excess, &dcreation);
        const double first_law = first_law_rate(sigma_eq, eps_eq_dot);
        if (creation > first_law)
          {
            creation = first_law;
            dcreation = 0;
          }
      }
    if (drate_dy != nullptr)
      // d/dx [x^2 k_r c_f] = 2 x k_r c_f + k_r c_f   (d c_f / dx = c_f / x^2)
      *drate_dy = -2.0 * x * (rate_f - rate_eq) - (clamped_f ? 0.0 : rate_f) + dcreation;
    return -x * x * (rate_f - rate_eq) + creation;
  }

  double FreeVolumeModel::steady_state(double T, double sigma_eq, double eps_eq_dot) const
  {
    const Material &m = *material_;
    return (T - m.vft_T0_K) / (m.vft_fragility_D * m.vft_T0_K) +
           flow_free_volume_excess(T, sigma_eq, eps_eq_dot);
  }

  double FreeVolumeModel::enthalpy_per_variable() const
  {
    return material_->delta_cp_J_per_kgK() * material_->vft_fragility_D * material_->vft_T0_K;
  }

  double FreeVolumeModel::variable(const StructuralState &s) const
  {
    return s.free_volume_x;
  }

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
    prm.declare("Overlap factor", "0.5", dealii::Patterns::Double(0.01, 1.0),
                "Spaepen's geometric overlap factor alpha of free volume, in the creation per "
                "jump 2 alpha k_B T (cosh(u) - 1)/(v* S). [est: 0.15-1 in the literature; an "
                "uncertain input of the bands]",
                "-");
    prm.declare("Annihilation jumps", "3", dealii::Patterns::Double(1.0, 100.0),
                "n_D, the number of atomic jumps that annihilate one free-volume defect "
                "(Spaepen 1977: about 3 [lit]); the steady excess under flow scales with "
                "alpha n_D.",
                "-");
    prm.declare("Critical volume", "1", dealii::Patterns::Double(0.1, 10.0),
                "Critical free volume v* for a jump, in units of the atomic volume Omega of the "
                "material (0.8-1 Omega [est]).",
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

  std::unique_ptr<StructuralStateModel>
  FreeVolumeModel::create(ParameterSet &prm, const Material &material, double rtol, double atol_K)
  {
    SpaepenCreation creation;
    creation.overlap_factor = prm.get_double("Overlap factor");
    creation.annihilation_jumps = prm.get_double("Annihilation jumps");
    creation.critical_volume = prm.get_double("Critical volume");
    const double Q_r = prm.get_double("Relaxation activation energy");
    const double nu_r = prm.get_keyword_or_double("Relaxation rate prefactor", "auto", -1.0);
    const double Q_max = 600.0 * gas_constant_J_per_molK * material.glass_transition_K;
    if (prm.get("Relaxation rate prefactor") == "auto" && Q_r > Q_max)
      prm.fail("Relaxation activation energy", Q_r,
               "with 'Relaxation rate prefactor' = auto, nu_r = (G/eta0) exp(Q_r/(R Tg)) "
               "overflows",
               "at most " + to_string(Q_max) + " J/mol, or an explicit prefactor");
    return std::make_unique<FreeVolumeModel>(material, creation, Q_r, nu_r, rtol, atol_K);
  }

  HOTDRAW_REGISTER(structural_state_models, FreeVolumeModel, "free volume",
                   "flow-defect model of van den Beukel-Sietsma / de Hey / Heggen-Spaepen, "
                   "annihilating towards the Steif-Spaepen-Hutchinson steady state of the flow "
                   "(Spaepen's stress-driven creation)")
}  // namespace hotdraw

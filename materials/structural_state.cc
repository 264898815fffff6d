#include "materials/structural_state.h"

#include "materials/material.h"
#include "materials/parameters.h"

#include "solver/numerics/scalar_ode.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    constexpr double boltzmann_J_per_K = 1.380649e-23;
    constexpr double gas_constant_J_per_molK = 8.314462618;

    // Relaxation rates 1/tau are evaluated as exp(log rate) with the log clamped: tau spans
    // 1e-6 s (SCL well above Tg) to 1e300 s and more (glass at room temperature). Below 1e-300
    // 1/s the state is frozen for any process time; no physical relaxation is faster than 1e30
    // 1/s (the VFT attempt rate G/eta0 is ~1e15 1/s), so the upper clamp only guards overflow
    // for unphysical states (e.g. a Newton iterate near T0).
    const double min_log_rate = std::log(1e-300);
    const double max_log_rate = std::log(1e30);

    // Steps CVODE may take between two history samples.
    constexpr long max_steps_per_sample = 200000;

    // Temperature spacing of the samples of a simulated DSC scan (K): fine enough that the
    // parabolic refinement of the minimum of T_f is exact to far below 1e-6 K.
    constexpr double dsc_sample_spacing_K = 0.05;

    double clamp_log_rate(double log_rate, bool &clamped)
    {
      clamped = !(log_rate > min_log_rate && log_rate < max_log_rate);
      if (!clamped)
        return log_rate;
      return log_rate >= max_log_rate ? max_log_rate : min_log_rate;  // NaN: frozen
    }

    // ln(sinh(x)/x) for x >= 0, without overflow for large x.
    double log_sinhc(double x)
    {
      if (x < 1e-4)
        return x * x / 6.0;
      if (x < 20.0)
        return std::log(std::sinh(x) / x);
      return x - std::log(2.0 * x) + std::log1p(-std::exp(-2.0 * x));
    }

    // Values of the piecewise-linear history on the interval [t_i, t_i+1], evaluated at t
    // (clamped to the interval, so that CVODE never sees the next segment's kink).
    struct Drive
    {
      double T, sigma, eps_dot;
    };

    Drive interpolate(const PathHistory &h, std::size_t i, double t)
    {
      const double t0 = h.time_s[i], t1 = h.time_s[i + 1];
      const double w = (t1 > t0) ? std::min(std::max((t - t0) / (t1 - t0), 0.0), 1.0) : 1.0;
      auto lerp = [&](const std::vector<double> &v) { return v[i] + w * (v[i + 1] - v[i]); };
      return {lerp(h.temperature_K), lerp(h.stress_eq_Pa), lerp(h.strain_rate_eq_per_s)};
    }

    void check_history(const PathHistory &h, const std::string &model)
    {
      const std::size_t n = h.time_s.size();
      if (n == 0)
        throw std::invalid_argument("structural state (" + model + "): empty history");
      if (h.temperature_K.size() != n || h.stress_eq_Pa.size() != n ||
          h.strain_rate_eq_per_s.size() != n)
        throw std::invalid_argument("structural state (" + model +
                                    "): history columns of different lengths");
      for (std::size_t i = 0; i < n; ++i)
        {
          if (!std::isfinite(h.time_s[i]) || (i > 0 && h.time_s[i] < h.time_s[i - 1]))
            throw std::invalid_argument("structural state (" + model +
                                        "): history times must be finite and non-decreasing "
                                        "(sample " + std::to_string(i) + ", t = " +
                                        to_string(h.time_s[i]) + " s)");
          if (!(std::isfinite(h.temperature_K[i]) && h.temperature_K[i] > 0) ||
              !std::isfinite(h.stress_eq_Pa[i]) || !std::isfinite(h.strain_rate_eq_per_s[i]))
            throw SolverError("structural state (" + model + "): invalid history sample " +
                              std::to_string(i) + " at t = " + to_string(h.time_s[i]) +
                              " s: T = " + to_string(h.temperature_K[i]) + " K, sigma_eq = " +
                              to_string(h.stress_eq_Pa[i]) + " Pa, eps_eq_dot = " +
                              to_string(h.strain_rate_eq_per_s[i]) + " 1/s");
        }
    }

    // Right-hand side f(y) and df/dy of the state ODE dy/dt = f(y; T, sigma, eps_dot).
    using ScalarRhs = std::function<double(const Drive &d, double y, double *dfdy)>;

    // Integrates the state ODE along a piecewise-linear history (numerics/scalar_ode.h), the
    // drive interpolated on each history interval.
    std::vector<double> integrate_along(const PathHistory &h, const ScalarRhs &rhs, double y0,
                                        double rtol, double atol, const std::string &model)
    {
      numerics::ScalarOdeSettings s;
      s.relative_tolerance = rtol;
      s.absolute_tolerance = atol;
      s.max_steps_per_interval = max_steps_per_sample;
      s.name = "structural state (" + model + ")";
      return numerics::integrate_scalar_ode(
        [&h, &rhs](double t, double y, std::size_t interval, double *dfdy) {
          return rhs(interpolate(h, interval, t), y, dfdy);
        },
        h.time_s, y0, s);
    }

    // Vertex value of the parabola through three equally spaced samples (for the minimum of a
    // sampled smooth function); falls back to the middle sample if the curvature is not positive.
    double parabolic_minimum(double ym, double y0, double yp)
    {
      const double curvature = ym - 2.0 * y0 + yp;
      if (!(curvature > 0))
        return y0;
      return y0 - (yp - ym) * (yp - ym) / (8.0 * curvature);
    }
  }  // namespace

  // -------------------------------------------------------------------------------------------
  void PathHistory::push_back(double t, double T, double sigma, double eps_dot)
  {
    time_s.push_back(t);
    temperature_K.push_back(T);
    stress_eq_Pa.push_back(sigma);
    strain_rate_eq_per_s.push_back(eps_dot);
  }

  // -------------------------------------------------------------------------------------------
  StructuralStateModel::StructuralStateModel(const Material &m, double rtol, double atol_K)
    : material_(std::make_shared<const Material>(m)), rtol_(rtol), atol_K_(atol_K)
  {
    if (!(rtol > 0 && atol_K > 0))
      throw std::invalid_argument("structural state: tolerances must be positive");
  }

  StructuralState StructuralStateModel::cool(double q, double T_start, double T_end) const
  {
    if (!(q > 0) || !(T_start > T_end))
      throw std::invalid_argument("StructuralStateModel::cool: need q > 0 and T_start > T_end, "
                                  "got q = " + to_string(q) + " K/s, T_start = " +
                                  to_string(T_start) + " K, T_end = " + to_string(T_end) + " K");
    PathHistory h;
    h.push_back(0.0, T_start, 0.0, 0.0);
    h.push_back((T_start - T_end) / q, T_end, 0.0, 0.0);
    return integrate(h, equilibrium(T_start));
  }

  double StructuralStateModel::relaxation_enthalpy(const StructuralState &state, double q,
                                                   double T_start, double T_end) const
  {
    if (!(q > 0) || !(T_end > T_start))
      throw std::invalid_argument("StructuralStateModel::relaxation_enthalpy: need q > 0 and "
                                  "T_end > T_start, got q = " + to_string(q) + " K/s, T_start = " +
                                  to_string(T_start) + " K, T_end = " + to_string(T_end) + " K");
    // The scan: T = T_start + q t, stress-free, sampled every dsc_sample_spacing_K.
    const std::size_t n_intervals = static_cast<std::size_t>(
      std::ceil((T_end - T_start) / dsc_sample_spacing_K));
    PathHistory h;
    for (std::size_t i = 0; i <= n_intervals; ++i)
      {
        const double T = T_start + (T_end - T_start) * double(i) / double(n_intervals);
        h.push_back((T - T_start) / q, T, 0.0, 0.0);
      }
    std::vector<StructuralState> trajectory;
    integrate(h, state, &trajectory);

    // Stress-free, dT_f/dt = 0 only where T_f = T: T_f first relaxes down towards the rising T
    // (the sub-Tg exotherm), reaches its minimum where the two cross and then follows T into
    // the liquid. Delta H_rel = Delta c_p (T_f,initial - min T_f) (physics.md section 7).
    std::size_t i_min = 0;
    for (std::size_t i = 1; i < trajectory.size(); ++i)
      if (trajectory[i].fictive_temperature_K < trajectory[i_min].fictive_temperature_K)
        i_min = i;
    if (i_min + 1 == trajectory.size())
      throw SolverError("structural state (" + name() + "): the DSC scan to " + to_string(T_end) +
                        " K ends before the glass transition (T_f still falls at the end); "
                        "raise the end temperature of the scan");
    double Tf_min = trajectory[i_min].fictive_temperature_K;
    if (i_min > 0)
      Tf_min = std::min(Tf_min, parabolic_minimum(trajectory[i_min - 1].fictive_temperature_K,
                                                  Tf_min,
                                                  trajectory[i_min + 1].fictive_temperature_K));
    return material_->delta_cp_J_per_kgK() * (trajectory.front().fictive_temperature_K - Tf_min);
  }

  // -------------------------------------------------------------------------------------------
  FictiveTemperatureModel::FictiveTemperatureModel(const Material &m, double stored_work_fraction,
                                                   bool stress_assisted, double rtol,
                                                   double atol_K)
    : StructuralStateModel(m, rtol, atol_K), stored_work_fraction_(stored_work_fraction),
      stress_assisted_(stress_assisted)
  {}

  StructuralState FictiveTemperatureModel::equilibrium(double T) const
  {
    const Material &m = *material_;
    if (!(T > m.vft_T0_K))
      throw std::invalid_argument("fictive temperature model: equilibrium needs T > T0 = " +
                                  to_string(m.vft_T0_K) + " K, got " + to_string(T) + " K");
    StructuralState s;
    s.fictive_temperature_K = T;
    s.free_volume_x = (T - m.vft_T0_K) / (m.vft_fragility_D * m.vft_T0_K);
    return s;
  }

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
    double log_rate = min_log_rate, dlog_rate_dTf = 0;
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

  StructuralState FictiveTemperatureModel::integrate(const PathHistory &history,
                                                     const StructuralState &initial,
                                                     std::vector<StructuralState> *trajectory) const
  {
    check_history(history, name());
    const double T0 = material_->vft_T0_K;
    if (!(initial.fictive_temperature_K > T0))
      throw std::invalid_argument("fictive temperature model: initial T_f = " +
                                  to_string(initial.fictive_temperature_K) +
                                  " K must be above T0 = " + to_string(T0) + " K");
    const ScalarRhs rhs = [this](const Drive &d, double Tf, double *dfdy) {
      return rate(d.T, d.sigma, d.eps_dot, Tf, dfdy);
    };

    std::vector<double> Tf;
    Tf = integrate_along(history, rhs, initial.fictive_temperature_K, rtol_, atol_K_, name());

    if (trajectory != nullptr)
      {
        trajectory->clear();
        for (double v : Tf)
          trajectory->push_back(state_of(v));
      }
    return state_of(Tf.back());
  }

  // -------------------------------------------------------------------------------------------
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

  StructuralState FreeVolumeModel::equilibrium(double T) const
  {
    const Material &m = *material_;
    if (!(T > m.vft_T0_K))
      throw std::invalid_argument("free volume model: equilibrium needs T > T0 = " +
                                  to_string(m.vft_T0_K) + " K, got " + to_string(T) + " K");
    // x_eq = (T - T0) / B, B = D* T0: c_f,eq = exp(-B/(T - T0)), eta0/c_f,eq = eta_VFT.
    StructuralState s;
    s.free_volume_x = (T - m.vft_T0_K) / (m.vft_fragility_D * m.vft_T0_K);
    s.fictive_temperature_K = T;
    return s;
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

  StructuralState FreeVolumeModel::integrate(const PathHistory &history,
                                             const StructuralState &initial,
                                             std::vector<StructuralState> *trajectory) const
  {
    check_history(history, name());
    const double B = material_->vft_fragility_D * material_->vft_T0_K;
    if (!(initial.free_volume_x > 0))
      throw std::invalid_argument("free volume model: initial reduced free volume x = " +
                                  to_string(initial.free_volume_x) + " must be positive");
    const ScalarRhs rhs = [this](const Drive &d, double x, double *dfdy) {
      return rate(d.T, d.sigma, d.eps_dot, x, dfdy);
    };

    std::vector<double> x;
    x = integrate_along(history, rhs, initial.free_volume_x, rtol_, atol_K_ / B, name());

    if (trajectory != nullptr)
      {
        trajectory->clear();
        for (double v : x)
          trajectory->push_back(state_of(v));
      }
    return state_of(x.back());
  }

  // -------------------------------------------------------------------------------------------
  double ReferenceSettings::as_cast_cooling_rate(double diameter_m)
  {
    if (!(diameter_m > 0))
      throw std::invalid_argument("as_cast_cooling_rate: diameter must be positive");
    const double D_cm = diameter_m * 100.0;
    return 10.0 / (D_cm * D_cm);
  }

  void declare_structural_state_parameters(ParameterSet &prm)
  {
    prm.declare("Model", "fictive temperature",
                dealii::Patterns::Selection("fictive temperature|free volume"),
                "Model of the frozen-in structural state along material paths: "
                "'fictive temperature' (Tool-Narayanaswamy-Moynihan with the Adam-Gibbs-Vogel "
                "relaxation time of Scherer and Hodge) or 'free volume' (flow-defect model of van "
                "den Beukel-Sietsma / de Hey / Heggen-Spaepen). Both relax towards the "
                "VFT-consistent equilibrium of the material (physics.md section 6).");

    prm.enter_subsection("Fictive temperature");
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
    prm.leave_subsection();

    prm.enter_subsection("Free volume");
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
    prm.leave_subsection();

    prm.enter_subsection("Integration");
    prm.declare("Relative tolerance", "1e-8", dealii::Patterns::Double(1e-14, 1e-2),
                "Relative tolerance of the CVODE (BDF) integration of the structural state.", "-");
    prm.declare("Absolute tolerance", "1e-6", dealii::Patterns::Double(1e-14, 1.0),
                "Absolute tolerance of the CVODE integration, on the (equivalent) fictive "
                "temperature; for the free-volume model it is divided by B = D* T0 to act on x.",
                "K");
    prm.leave_subsection();

    prm.enter_subsection("Reference");
    prm.declare("Reference rod diameter", "2e-3", dealii::Patterns::Double(1e-5, 0.1),
                "Diameter of the as-cast reference rod against which every property change is "
                "reported (the 2 mm rod of the experiment).",
                "m");
    prm.declare("Reference rod cooling rate", "auto", KeywordOrDouble("auto", 1e-6, 1e9),
                "Cooling rate of the reference rod through Tg. 'auto': 10/D^2 K/s with D in cm "
                "(rule of thumb for copper-mould casting [est]; 250 K/s for 2 mm).",
                "K/s");
    prm.declare("Feed rod cooling rate", "auto", KeywordOrDouble("auto", 1e-6, 1e9),
                "As-cast cooling rate of the feed rod before drawing. 'auto': 10/D0^2 K/s with "
                "the feed rod diameter D0 in cm.",
                "K/s");
    prm.declare("DSC heating rate", "0.3333333333333333", dealii::Patterns::Double(1e-4, 1e4),
                "Heating rate of the simulated DSC scan that measures the sub-Tg relaxation "
                "enthalpy (20 K/min in the experiment).",
                "K/s");
    prm.declare("Room temperature", "298.15", dealii::Patterns::Double(1.0, 2000.0),
                "Temperature at which cooling histories end and DSC scans start.", "K");
    prm.leave_subsection();
  }

  ReferenceSettings parse_reference_settings(ParameterSet &prm, const Material &material,
                                             double feed_rod_diameter_m)
  {
    ReferenceSettings r;
    const double Tg = material.glass_transition_K;
    r.equilibrium_start_K = Tg + 60.0;
    r.dsc_end_K = Tg + 60.0;

    prm.enter_subsection("Reference");
    r.reference_diameter_m = prm.get_double("Reference rod diameter");
    r.reference_cooling_rate_K_per_s = prm.get_keyword_or_double(
      "Reference rod cooling rate", "auto",
      ReferenceSettings::as_cast_cooling_rate(r.reference_diameter_m));
    if (prm.get("Feed rod cooling rate") == "auto" && !(feed_rod_diameter_m > 0))
      prm.fail("Feed rod cooling rate", "auto",
               "the feed rod diameter is " + to_string(feed_rod_diameter_m) +
                 " m, so the automatic as-cast rate 10/D0^2 is undefined",
               "a cooling rate in K/s");
    r.feed_rod_cooling_rate_K_per_s = prm.get_keyword_or_double(
      "Feed rod cooling rate", "auto",
      feed_rod_diameter_m > 0 ? ReferenceSettings::as_cast_cooling_rate(feed_rod_diameter_m)
                              : 0.0);
    r.dsc_heating_rate_K_per_s = prm.get_double("DSC heating rate");
    r.room_temperature_K = prm.get_double("Room temperature");
    if (!(r.room_temperature_K < Tg - 50.0))
      prm.fail("Room temperature", r.room_temperature_K,
               "must lie well below the glass transition (Tg = " + to_string(Tg) +
                 " K), where the glass is frozen at the start of the DSC scan",
               "a temperature below Tg - 50 K = " + to_string(Tg - 50.0) + " K");
    prm.leave_subsection();
    return r;
  }

  std::unique_ptr<StructuralStateModel> create_structural_state_model(ParameterSet &prm,
                                                                      const Material &material)
  {
    prm.enter_subsection("Integration");
    const double rtol = prm.get_double("Relative tolerance");
    const double atol = prm.get_double("Absolute tolerance");
    prm.leave_subsection();

    const std::string model = prm.get("Model");
    if (model == "fictive temperature")
      {
        prm.enter_subsection("Fictive temperature");
        const double f_s = prm.get_double("Stored work fraction");
        const bool stress = prm.get_bool("Stress-assisted relaxation");
        prm.leave_subsection();
        return std::make_unique<FictiveTemperatureModel>(material, f_s, stress, rtol, atol);
      }
    prm.enter_subsection("Free volume");
    const double production = prm.get_double("Production coefficient a_x/chi");
    const double Q_r = prm.get_double("Relaxation activation energy");
    const double nu_r = prm.get_keyword_or_double("Relaxation rate prefactor", "auto", -1.0);
    const double Q_max = 600.0 * gas_constant_J_per_molK * material.glass_transition_K;
    if (prm.get("Relaxation rate prefactor") == "auto" && Q_r > Q_max)
      prm.fail("Relaxation activation energy", Q_r,
               "with 'Relaxation rate prefactor' = auto, nu_r = (G/eta0) exp(Q_r/(R Tg)) "
               "overflows",
               "at most " + to_string(Q_max) + " J/mol, or an explicit prefactor");
    prm.leave_subsection();
    return std::make_unique<FreeVolumeModel>(material, production, Q_r, nu_r, rtol, atol);
  }
}  // namespace hotdraw

#include "materials/structural_state.h"

#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "solver/numerics/scalar_ode.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    // Steps CVODE may take between two history samples.
    constexpr long max_steps_per_sample = 200000;

    // Temperature spacing of the samples of a simulated DSC scan (K): fine enough that the
    // parabolic refinement of the minimum of T_f is exact to far below 1e-6 K.
    constexpr double dsc_sample_spacing_K = 0.05;

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
                                        "(sample " +
                                        std::to_string(i) + ", t = " + to_string(h.time_s[i]) +
                                        " s)");
          if (!(std::isfinite(h.temperature_K[i]) && h.temperature_K[i] > 0) ||
              !std::isfinite(h.stress_eq_Pa[i]) || !std::isfinite(h.strain_rate_eq_per_s[i]))
            throw SolverError("structural state (" + model + "): invalid history sample " +
                              std::to_string(i) + " at t = " + to_string(h.time_s[i]) +
                              " s: T = " + to_string(h.temperature_K[i]) +
                              " K, sigma_eq = " + to_string(h.stress_eq_Pa[i]) +
                              " Pa, eps_eq_dot = " + to_string(h.strain_rate_eq_per_s[i]) + " 1/s");
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

  StructuralState StructuralStateModel::equilibrium(double T) const
  {
    const Material &m = *material_;
    if (!(T > m.vft_T0_K))
      throw std::invalid_argument(name() + " model: equilibrium needs T > T0 = " +
                                  to_string(m.vft_T0_K) + " K, got " + to_string(T) + " K");
    StructuralState s;
    s.fictive_temperature_K = T;
    s.free_volume_x = (T - m.vft_T0_K) / (m.vft_fragility_D * m.vft_T0_K);
    return s;
  }

  double StructuralStateModel::first_law_rate(double sigma_eq, double eps_eq_dot) const
  {
    return std::max(sigma_eq * eps_eq_dot, 0.0) /
           (material_->density_kg_per_m3 * enthalpy_per_variable());
  }

  StructuralState StructuralStateModel::integrate(const PathHistory &history,
                                                  const StructuralState &initial,
                                                  std::vector<StructuralState> *trajectory) const
  {
    check_history(history, name());
    check_initial_state(initial);
    const ScalarRhs rhs = [this](const Drive &d, double y, double *dfdy) {
      return rate(d.T, d.sigma, d.eps_dot, y, dfdy);
    };
    const std::vector<double> y =
      integrate_along(history, rhs, variable(initial), rtol_, variable_tolerance(), name());
    if (trajectory != nullptr)
      {
        trajectory->clear();
        for (double v : y)
          trajectory->push_back(state_of(v));
      }
    return state_of(y.back());
  }

  StructuralState StructuralStateModel::cool(double q, double T_start, double T_end) const
  {
    if (!(q > 0) || !(T_start > T_end))
      throw std::invalid_argument("StructuralStateModel::cool: need q > 0 and T_start > T_end, "
                                  "got q = " +
                                  to_string(q) + " K/s, T_start = " + to_string(T_start) +
                                  " K, T_end = " + to_string(T_end) + " K");
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
                                  "T_end > T_start, got q = " +
                                  to_string(q) + " K/s, T_start = " + to_string(T_start) +
                                  " K, T_end = " + to_string(T_end) + " K");
    // The scan: T = T_start + q t, stress-free, sampled every dsc_sample_spacing_K.
    const std::size_t n_intervals =
      static_cast<std::size_t>(std::ceil((T_end - T_start) / dsc_sample_spacing_K));
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
    // the liquid. Delta H_rel = Delta c_p (T_f,initial - min T_f) (docs/physics.md section 6.6).
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
      Tf_min =
        std::min(Tf_min, parabolic_minimum(trajectory[i_min - 1].fictive_temperature_K, Tf_min,
                                           trajectory[i_min + 1].fictive_temperature_K));
    return material_->delta_cp_J_per_kgK() * (trajectory.front().fictive_temperature_K - Tf_min);
  }

  // -------------------------------------------------------------------------------------------
  double ReferenceSettings::as_cast_cooling_rate(double diameter_m)
  {
    if (!(diameter_m > 0))
      throw std::invalid_argument("as_cast_cooling_rate: diameter must be positive");
    const double D_cm = diameter_m * 100.0;
    return 10.0 / (D_cm * D_cm);
  }

  StructuralStateRegistry &structural_state_models()
  {
    static StructuralStateRegistry registry("structural-state model");
    return registry;
  }

  void declare_structural_state_parameters(ParameterSet &prm)
  {
    structural_state_models().declare_parameters(
      prm, "Model", "free volume",
      "Model of the frozen-in structural state along material paths. Every model relaxes "
      "towards the VFT-consistent equilibrium of the material (docs/physics.md section 6).");

    {
      Section section(prm, "Integration");
      prm.declare("Relative tolerance", "1e-10", dealii::Patterns::Double(1e-14, 1e-2),
                  "Relative tolerance of the CVODE (BDF) integration of the structural state. "
                  "Tight by default: the flow's part of the frozen state (against the same "
                  "history without flow) is 1e-5 to 1e-2 K on the default process, and looser "
                  "tolerances bury it in integration noise.",
                  "-");
      prm.declare("Absolute tolerance", "1e-8", dealii::Patterns::Double(1e-14, 1.0),
                  "Absolute tolerance of the CVODE integration, on the (equivalent) fictive "
                  "temperature; for the free-volume model it is divided by B = D* T0 to act on x.",
                  "K");
    }

    {
      Section section(prm, "Reference");
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
    }
  }

  ReferenceSettings parse_reference_settings(ParameterSet &prm, const Material &material,
                                             double feed_rod_diameter_m)
  {
    ReferenceSettings r;
    const double Tg = material.glass_transition_K;
    r.equilibrium_start_K = Tg + 60.0;
    r.dsc_end_K = Tg + 60.0;

    {
      Section section(prm, "Reference");
      r.reference_diameter_m = prm.get_double("Reference rod diameter");
      r.reference_cooling_rate_K_per_s =
        prm.get_keyword_or_double("Reference rod cooling rate", "auto",
                                  ReferenceSettings::as_cast_cooling_rate(r.reference_diameter_m));
      if (prm.get("Feed rod cooling rate") == "auto" && !(feed_rod_diameter_m > 0))
        prm.fail("Feed rod cooling rate", "auto",
                 "the feed rod diameter is " + to_string(feed_rod_diameter_m) +
                   " m, so the automatic as-cast rate 10/D0^2 is undefined",
                 "a cooling rate in K/s");
      r.feed_rod_cooling_rate_K_per_s =
        prm.get_keyword_or_double("Feed rod cooling rate", "auto",
                                  feed_rod_diameter_m > 0
                                    ? ReferenceSettings::as_cast_cooling_rate(feed_rod_diameter_m)
                                    : 0.0);
      r.dsc_heating_rate_K_per_s = prm.get_double("DSC heating rate");
      r.room_temperature_K = prm.get_double("Room temperature");
      if (!(r.room_temperature_K < Tg - 50.0))
        prm.fail("Room temperature", r.room_temperature_K,
                 "must lie well below the glass transition (Tg = " + to_string(Tg) +
                   " K), where the glass is frozen at the start of the DSC scan",
                 "a temperature below Tg - 50 K = " + to_string(Tg - 50.0) + " K");
    }
    return r;
  }

  namespace
  {
    std::pair<double, double> integration_tolerances(ParameterSet &prm)
    {
      Section s(prm, "Integration");
      return {prm.get_double("Relative tolerance"), prm.get_double("Absolute tolerance")};
    }
  }  // namespace

  std::unique_ptr<StructuralStateModel> create_structural_state_model(ParameterSet &prm,
                                                                      const Material &material)
  {
    const auto [rtol, atol] = integration_tolerances(prm);
    return structural_state_models().create(prm, "Model", material, rtol, atol);
  }

  std::vector<std::unique_ptr<StructuralStateModel>>
  create_other_structural_state_models(ParameterSet &prm, const Material &material)
  {
    const auto [rtol, atol] = integration_tolerances(prm);
    std::vector<std::unique_ptr<StructuralStateModel>> others;
    for (const auto &name : structural_state_models().names())
      if (name != prm.get("Model"))
        others.push_back(
          structural_state_models().create_named(prm, name, "Model", material, rtol, atol));
    return others;
  }
}  // namespace hotdraw

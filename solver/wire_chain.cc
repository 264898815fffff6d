#include "solver/wire_chain.h"

#include "materials/material.h"
#include "materials/parameters.h"
#include "solver/case_setup.h"
#include "solver/fe/material_paths.h"
#include "solver/feasibility/feasibility.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hotdraw
{
  WireState WireResult::mapping_input(const std::vector<double> &indentation_radii_relative) const
  {
    WireState w;
    w.indentation_radii_relative = indentation_radii_relative;
    w.diameter_m = diameter_m;
    w.fictive_temperature_K = state.fictive_temperature_K;
    w.relaxation_enthalpy_J_per_kg = relaxation_enthalpy_J_per_kg;
    w.surface_shear_strain = shear_strain_surface;
    w.mean_shear_strain = shear_strain_mean;
    return w;
  }

  WireState WireResult::thermal_only_input() const
  {
    WireState w;
    w.diameter_m = diameter_m;
    w.fictive_temperature_K = thermal_only_state.fictive_temperature_K;
    w.relaxation_enthalpy_J_per_kg = relaxation_enthalpy_thermal_only_J_per_kg;
    return w;
  }

  StructuralState WireResult::state_of_model(const std::string &name) const
  {
    for (const auto &[model, s] : model_states)
      if (model == name)
        return s;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    StructuralState missing;
    missing.fictive_temperature_K = missing.free_volume_x = nan;
    return missing;
  }

  std::size_t extend_history(const PathHistory &core, double lambda, double v, double T_far,
                             double q_out, double room_temperature_K, PathHistory &h)
  {
    h = PathHistory();
    double t_shift = 0;
    if (lambda > 0 && core.size() > 0)
      {
        const double T0 = core.temperature_K.front();
        t_shift = 12.0 / (lambda * v);
        for (int k = 12; k >= 1; --k)
          {
            const double dz = -double(k) / lambda;
            h.push_back(t_shift + dz / v, T_far + (T0 - T_far) * std::exp(lambda * dz), 0.0, 0.0);
          }
      }
    const std::size_t first = h.size();
    for (std::size_t i = 0; i < core.size(); ++i)
      h.push_back(t_shift + core.time_s[i], core.temperature_K[i], core.stress_eq_Pa[i],
                  core.strain_rate_eq_per_s[i]);
    const double T_out = h.temperature_K.back();
    if (T_out > room_temperature_K + 1.0)
      {
        const double tau = (T_out - room_temperature_K) / std::max(q_out, 1e-3);
        const double t_out = h.time_s.back(), sigma = h.stress_eq_Pa.back();
        for (double f : {0.03, 0.1, 0.3, 1.0, 2.0, 4.0, 8.0, 16.0})
          h.push_back(t_out + f * tau,
                      room_temperature_K + (T_out - room_temperature_K) * std::exp(-f), sigma, 0.0);
      }
    return first;
  }

  PathHistory axis_path(const FilamentProfile &p, double room_temperature_K)
  {
    PathHistory core, h;
    for (std::size_t i = 0; i < p.size(); ++i)
      core.push_back(p.residence_time_s[i], p.temperature_K[i], p.axial_stress_Pa[i],
                     p.extension_rate_per_s[i]);
    extend_history(core, p.inlet_lambda_per_m, p.feed_speed_m_per_s, p.inlet_far_temperature_K,
                   p.cooling_rate_K_per_s.back(), room_temperature_K, h);
    return h;
  }

  double time_above(const std::vector<double> &t, const std::vector<double> &T, double Tg)
  {
    double above = 0;
    for (std::size_t i = 1; i < T.size(); ++i)
      {
        const double T0 = T[i - 1], T1 = T[i], dt = t[i] - t[i - 1];
        if (T0 >= Tg && T1 >= Tg)
          above += dt;
        else if ((T0 - Tg) * (T1 - Tg) < 0)
          above += dt * (T0 >= Tg ? (T0 - Tg) / (T0 - T1) : (T1 - Tg) / (T1 - T0));
      }
    return above;
  }

  bool last_cooling_crossing(const std::vector<double> &T, double Tg, std::size_t &i, double &f)
  {
    for (std::size_t k = T.size(); k-- > 1;)
      if (T[k - 1] >= Tg && T[k] < Tg)
        {
          i = k;
          f = (T[k - 1] - Tg) / (T[k - 1] - T[k]);
          return true;
        }
    return false;
  }

  namespace
  {
    const double nan = std::numeric_limits<double>::quiet_NaN();

    // The structural state along an extended history, from the as-cast feed rod: the chosen
    // model with and without the flow, and every other model, with their DSC scans.
    struct StatesAlongPath
    {
      StructuralState state, thermal_only;
      double relaxation_enthalpy = 0, relaxation_enthalpy_thermal_only = 0;
      std::vector<std::pair<std::string, StructuralState>> model_states;
    };

    StatesAlongPath integrate_states(const CaseSetup &setup, const PathHistory &h,
                                     std::vector<StructuralState> *trajectory)
    {
      const ReferenceSettings &ref = setup.reference;
      auto feed = [&ref](const StructuralStateModel &m) {
        return m.cool(ref.feed_rod_cooling_rate_K_per_s, ref.equilibrium_start_K,
                      ref.room_temperature_K);
      };
      auto dsc = [&ref](const StructuralStateModel &m, const StructuralState &s) {
        return m.relaxation_enthalpy(s, ref.dsc_heating_rate_K_per_s, ref.room_temperature_K,
                                     ref.dsc_end_K);
      };
      const StructuralStateModel &model = *setup.state_model;
      StatesAlongPath r;
      const StructuralState start = feed(model);
      r.state = model.integrate(h, start, trajectory);
      r.relaxation_enthalpy = dsc(model, r.state);
      r.model_states.emplace_back(model.name(), r.state);
      if (!setup.evaluate_decomposition)
        {
          r.thermal_only = r.state;  // not computed: no flow part is reported
          r.relaxation_enthalpy_thermal_only = r.relaxation_enthalpy;
          return r;
        }
      PathHistory thermal;
      for (std::size_t i = 0; i < h.size(); ++i)
        thermal.push_back(h.time_s[i], h.temperature_K[i], 0.0, 0.0);
      r.thermal_only = model.integrate(thermal, start);
      r.relaxation_enthalpy_thermal_only = dsc(model, r.thermal_only);
      for (const auto &other : setup.other_state_models)
        r.model_states.emplace_back(other->name(), other->integrate(h, feed(*other)));
      return r;
    }

    // Stress, cooling rate (from 'rate', at the samples) and Deborah number where T crosses
    // Tg on cooling for the last time; NaN without a crossing.
    struct AtTg
    {
      double stress = nan, cooling_rate = nan, deborah = nan;
    };

    AtTg at_glass_transition(const CaseSetup &setup, const std::vector<double> &T,
                             const std::vector<double> &stress, const std::vector<double> &eps_dot,
                             const std::vector<double> &cooling_rate)
    {
      const double Tg = setup.material.glass_transition_K;
      AtTg r;
      std::size_t i = 0;
      double f = 0;
      if (!last_cooling_crossing(T, Tg, i, f))
        return r;
      auto at = [i, f](const std::vector<double> &v) { return (1 - f) * v[i - 1] + f * v[i]; };
      r.stress = at(stress);
      r.cooling_rate = at(cooling_rate);
      r.deborah = at(eps_dot) * setup.state_model->equilibrium_relaxation_time(Tg);
      return r;
    }

    // Equivalent shear strain at relative radius s = r/R, integrated in time over the profile.
    double shear_strain_at(const FilamentProfile &p, double s)
    {
      double g = 0;
      auto rate = [&](std::size_t i) {
        const double slope = p.surface_slope[i];
        return p.extension_rate_per_s[i] * std::sqrt(3.0 + 9.0 * s * s * slope * slope);
      };
      for (std::size_t i = 1; i < p.size(); ++i)
        g += 0.5 * (rate(i - 1) + rate(i)) * (p.residence_time_s[i] - p.residence_time_s[i - 1]);
      return g;
    }

    // The states and the feasibility quantities of a path's history into a WireResult or a
    // PathResult (the same field names).
    template <class Result>
    void store_path_results(const CaseSetup &setup, const PathHistory &history,
                            const StatesAlongPath &states, Result &r)
    {
      const PathLimits limits =
        path_limits(setup.material, *setup.rheology, history, setup.reference.room_temperature_K);
      r.crystallisation_index = limits.crystallisation_index;
      r.stress_margin = limits.stress_margin;
      r.stress_margin_temperature_K = limits.stress_margin_temperature_K;
      r.state = states.state;
      r.relaxation_enthalpy_J_per_kg = states.relaxation_enthalpy;
      r.thermal_only_state = states.thermal_only;
      r.relaxation_enthalpy_thermal_only_J_per_kg = states.relaxation_enthalpy_thermal_only;
      r.model_states = states.model_states;
    }
  }  // namespace

  std::string WireResult::reasons() const
  {
    std::string r;
    for (const auto &f : findings)
      r += (r.empty() ? "" : ";") + f.first;
    return r;
  }

  WireResult evaluate_wire(const CaseSetup &setup, const FilamentProfile &p)
  {
    const Material &m = setup.material;
    const double Tg = m.glass_transition_K;
    WireResult w;
    w.label = "wire";
    w.drawn = true;
    w.diameter_m = p.wire_diameter_m();
    w.draw_ratio = p.draw_ratio();
    w.take_up_speed_m_per_s = p.take_up_speed_m_per_s;
    w.draw_force_N = p.draw_force_N;
    w.max_axial_stress_Pa = *std::max_element(p.axial_stress_Pa.begin(), p.axial_stress_Pa.end());
    w.peak_temperature_K = *std::max_element(p.temperature_K.begin(), p.temperature_K.end());
    w.outlet_temperature_K = p.temperature_K.back();
    w.mass_flux_error = p.mass_flux_error();
    w.newton_iterations = p.newton_iterations;

    // shear strain: axis, surface and the area mean (Gauss-Legendre in s^2)
    w.shear_strain_axis = shear_strain_at(p, 0.0);
    w.shear_strain_surface = shear_strain_at(p, 1.0);
    {
      // mean over the cross-section: int_0^1 gamma(s) 2 s ds = int_0^1 gamma(sqrt(y)) dy
      const double xg[4] = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563,
                            0.8611363115940526};
      const double wg[4] = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461,
                            0.3478548451374538};
      double mean = 0;
      for (int q = 0; q < 4; ++q)
        {
          const double y = 0.5 * (xg[q] + 1.0);
          mean += 0.5 * wg[q] * shear_strain_at(p, std::sqrt(y));
        }
      w.shear_strain_mean = mean;
    }

    // time above Tg and the values where T crosses Tg on cooling (missing without a crossing)
    w.residence_time_above_Tg_s = time_above(p.residence_time_s, p.temperature_K, Tg);
    const AtTg at_Tg = at_glass_transition(setup, p.temperature_K, p.axial_stress_Pa,
                                           p.extension_rate_per_s, p.cooling_rate_K_per_s);
    w.cooling_rate_at_Tg_K_per_s = at_Tg.cooling_rate;
    w.stress_at_Tg_Pa = at_Tg.stress;
    w.deborah_at_Tg = at_Tg.deborah;
    w.vitrified = w.outlet_temperature_K < Tg - 10.0;
    if (!w.vitrified)
      {
        // at the outlet cooling rate, how much further the wire must travel to reach Tg - 10 K
        const double q = std::max(p.cooling_rate_K_per_s.back(), 1e-12);
        w.extra_length_needed_m =
          p.speed_m_per_s.back() * (w.outlet_temperature_K - (Tg - 10.0)) / q;
      }

    // structural state along the axis path, from the as-cast feed rod
    const PathHistory history = axis_path(p, setup.reference.room_temperature_K);
    store_path_results(setup, history, integrate_states(setup, history, nullptr), w);
    return w;
  }

  WireResult evaluate_reference_rod(const CaseSetup &setup)
  {
    const ReferenceSettings &ref = setup.reference;
    WireResult w;
    w.label = "reference rod";
    w.drawn = false;
    w.status = status::reference;
    w.diameter_m = ref.reference_diameter_m;
    w.draw_ratio = 1.0;
    w.cooling_rate_at_Tg_K_per_s = ref.reference_cooling_rate_K_per_s;
    w.state = setup.state_model->cool(ref.reference_cooling_rate_K_per_s, ref.equilibrium_start_K,
                                      ref.room_temperature_K);
    w.relaxation_enthalpy_J_per_kg =
      setup.state_model->relaxation_enthalpy(w.state, ref.dsc_heating_rate_K_per_s,
                                             ref.room_temperature_K, ref.dsc_end_K);
    // never sheared: its thermal-only state is its state
    w.thermal_only_state = w.state;
    w.relaxation_enthalpy_thermal_only_J_per_kg = w.relaxation_enthalpy_J_per_kg;
    w.model_states.emplace_back(setup.state_model->name(), w.state);
    for (const auto &other : setup.other_state_models)
      w.model_states.emplace_back(other->name(),
                                  other->cool(ref.reference_cooling_rate_K_per_s,
                                              ref.equilibrium_start_K, ref.room_temperature_K));
    w.stress_at_Tg_Pa = 0;  // cast, never loaded
    w.deborah_at_Tg = 0;
    w.outlet_temperature_K = ref.room_temperature_K;
    w.peak_temperature_K = ref.equilibrium_start_K;
    return w;
  }

  namespace
  {
    // -dT/dt where a path crosses Tg for the last time on cooling: from the quadratic T(t)
    // through three path points around the crossing (smoother than the FE value -u.grad T,
    // whose gradient jumps between cells); NaN without a crossing.
    double path_cooling_rate_at_Tg(const MaterialPath &path, double Tg)
    {
      std::size_t i = 0;
      double f = 0;
      if (!last_cooling_crossing(path.temperature_K, Tg, i, f))
        return nan;
      const auto &t = path.time_s;
      const auto &T = path.temperature_K;
      const std::size_t k = i + 1 < path.size() ? i - 1 : (i >= 2 ? i - 2 : i - 1);
      if (k + 2 >= path.size())
        return (1 - f) * path.cooling_rate_K_per_s[i - 1] + f * path.cooling_rate_K_per_s[i];
      const double ts = t[i - 1] + f * (t[i] - t[i - 1]);
      const double t0 = t[k], t1 = t[k + 1], t2 = t[k + 2];
      const double d0 = (2 * ts - t1 - t2) / ((t0 - t1) * (t0 - t2));
      const double d1 = (2 * ts - t0 - t2) / ((t1 - t0) * (t1 - t2));
      const double d2 = (2 * ts - t0 - t1) / ((t2 - t0) * (t2 - t1));
      return -(T[k] * d0 + T[k + 1] * d1 + T[k + 2] * d2);
    }
  }  // namespace

  PathResult evaluate_path(const CaseSetup &setup, const FilamentProfile &filament,
                           const MaterialPath &path, std::vector<StructuralState> *trajectory)
  {
    const double Tg = setup.material.glass_transition_K;
    PathResult r;
    r.seed_radius_m = path.seed_radius_m;
    r.outlet_radius_m = path.r_m.back();
    r.volume_flux_m3_per_s = path.volume_flux_m3_per_s;
    r.shear_strain = path.shear_strain.back();
    r.residence_time_above_Tg_s = time_above(path.time_s, path.temperature_K, Tg);
    r.peak_temperature_K = *std::max_element(path.temperature_K.begin(), path.temperature_K.end());
    r.outlet_temperature_K = path.temperature_K.back();
    std::vector<double> eps_dot(path.size());
    for (std::size_t k = 0; k < path.size(); ++k)
      eps_dot[k] = path.shear_rate_per_s[k] / std::sqrt(3.0);
    const AtTg at_Tg = at_glass_transition(setup, path.temperature_K, path.stress_eq_Pa, eps_dot,
                                           path.cooling_rate_K_per_s);
    r.stress_at_Tg_Pa = at_Tg.stress;
    r.deborah_at_Tg = at_Tg.deborah;
    r.cooling_rate_at_Tg_K_per_s = path_cooling_rate_at_Tg(path, Tg);

    PathHistory core, h;
    for (std::size_t k = 0; k < path.size(); ++k)
      core.push_back(path.time_s[k], path.temperature_K[k], path.stress_eq_Pa[k], eps_dot[k]);
    const std::size_t first =
      extend_history(core, filament.inlet_lambda_per_m, filament.feed_speed_m_per_s,
                     filament.inlet_far_temperature_K,
                     std::max(path.cooling_rate_K_per_s.back(), 0.0),
                     setup.reference.room_temperature_K, h);
    std::vector<StructuralState> all;
    store_path_results(setup, h, integrate_states(setup, h, &all), r);
    r.inlet_state = all[first];
    r.outlet_state = all[first + path.size() - 1];
    if (trajectory)
      trajectory->assign(all.begin() + first, all.begin() + first + path.size());
    return r;
  }

  WireResult summarize_paths(const WireResult &thin, const std::vector<PathResult> &paths)
  {
    if (paths.size() < 2)
      throw SolverError("summarize_paths: at least two material paths are needed");
    // at the outlet the wire moves as a plug: flux weights are area weights; a mean of a value
    // that some path does not have (no Tg crossing) is missing (NaN) too
    double q = 0;
    for (const auto &p : paths)
      q += p.volume_flux_m3_per_s;
    auto mean = [&paths, q](auto get) {
      double sum = 0;
      for (const auto &p : paths)
        sum += p.volume_flux_m3_per_s * get(p);
      return sum / q;
    };
    auto mean_state = [&mean](auto get_state) {
      StructuralState s;
      s.fictive_temperature_K =
        mean([&](const PathResult &p) { return get_state(p).fictive_temperature_K; });
      s.free_volume_x = mean([&](const PathResult &p) { return get_state(p).free_volume_x; });
      return s;
    };
    WireResult w = thin;
    w.peak_temperature_K = 0;
    w.crystallisation_index = 0;
    w.stress_margin = std::numeric_limits<double>::infinity();
    for (const auto &p : paths)
      {
        w.peak_temperature_K = std::max(w.peak_temperature_K, p.peak_temperature_K);
        w.crystallisation_index = std::max(w.crystallisation_index, p.crystallisation_index);
        if (p.stress_margin < w.stress_margin)
          {
            w.stress_margin = p.stress_margin;
            w.stress_margin_temperature_K = p.stress_margin_temperature_K;
          }
      }
    w.shear_strain_axis = paths.front().shear_strain;
    w.shear_strain_surface = paths.back().shear_strain;
    w.shear_strain_mean = mean([](const PathResult &p) { return p.shear_strain; });
    w.cooling_rate_at_Tg_K_per_s =
      mean([](const PathResult &p) { return p.cooling_rate_at_Tg_K_per_s; });
    w.residence_time_above_Tg_s =
      mean([](const PathResult &p) { return p.residence_time_above_Tg_s; });
    w.stress_at_Tg_Pa = mean([](const PathResult &p) { return p.stress_at_Tg_Pa; });
    w.deborah_at_Tg = mean([](const PathResult &p) { return p.deborah_at_Tg; });
    w.state = mean_state([](const PathResult &p) { return p.state; });
    w.relaxation_enthalpy_J_per_kg =
      mean([](const PathResult &p) { return p.relaxation_enthalpy_J_per_kg; });
    w.thermal_only_state = mean_state([](const PathResult &p) { return p.thermal_only_state; });
    w.relaxation_enthalpy_thermal_only_J_per_kg =
      mean([](const PathResult &p) { return p.relaxation_enthalpy_thermal_only_J_per_kg; });
    w.model_states.clear();
    for (std::size_t k = 0; k < paths.front().model_states.size(); ++k)
      w.model_states.emplace_back(paths.front().model_states[k].first,
                                  mean_state(
                                    [k](const PathResult &p) { return p.model_states[k].second; }));
    w.outlet_temperature_K = mean([](const PathResult &p) { return p.outlet_temperature_K; });
    return w;
  }

}  // namespace hotdraw

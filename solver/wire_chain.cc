#include "solver/wire_chain.h"

#include "materials/material.h"
#include "solver/case_setup.h"

#include <algorithm>
#include <cmath>

namespace hotdraw
{
  WireState WireResult::mapping_input() const
  {
    WireState w;
    w.diameter_m = diameter_m;
    w.fictive_temperature_K = state.fictive_temperature_K;
    w.relaxation_enthalpy_J_per_kg = relaxation_enthalpy_J_per_kg;
    w.surface_shear_strain = shear_strain_surface;
    w.mean_shear_strain = shear_strain_mean;
    return w;
  }

  PathHistory axis_path(const FilamentProfile &p, double room_temperature_K)
  {
    PathHistory h;
    const std::size_t n = p.size();
    // upstream heating of a long rod: T - T_far ~ exp(lambda (z - z0)), at the feed speed
    double t_shift = 0;
    if (p.inlet_lambda_per_m > 0)
      {
        const double lambda = p.inlet_lambda_per_m, v = p.feed_speed_m_per_s;
        const double T0 = p.temperature_K.front(), Tf = p.inlet_far_temperature_K;
        t_shift = 12.0 / (lambda * v);
        for (int k = 12; k >= 1; --k)
          {
            const double dz = -double(k) / lambda;
            h.push_back(t_shift + dz / v, Tf + (T0 - Tf) * std::exp(lambda * dz), 0.0, 0.0);
          }
      }
    for (std::size_t i = 0; i < n; ++i)
      h.push_back(t_shift + p.residence_time_s[i], p.temperature_K[i], p.axial_stress_Pa[i],
                  p.extension_rate_per_s[i]);
    // after the outlet: exponential approach to room temperature at the outlet cooling rate,
    // no further deformation, the draw stress still carried
    const double T_out = p.temperature_K.back();
    if (T_out > room_temperature_K + 1.0)
      {
        const double q = std::max(p.cooling_rate_K_per_s.back(), 1e-3);
        const double tau = (T_out - room_temperature_K) / q;
        const double t_out = h.time_s.back();
        for (double f : {0.03, 0.1, 0.3, 1.0, 2.0, 4.0, 8.0, 16.0})
          h.push_back(t_out + f * tau,
                      room_temperature_K + (T_out - room_temperature_K) * std::exp(-f),
                      p.axial_stress_Pa.back(), 0.0);
      }
    return h;
  }

  namespace
  {
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
  }  // namespace

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

    // time above Tg and the last crossing of Tg on cooling
    const std::size_t n = p.size();
    double above = 0;
    for (std::size_t i = 1; i < n; ++i)
      {
        const double T0 = p.temperature_K[i - 1], T1 = p.temperature_K[i];
        const double dt = p.residence_time_s[i] - p.residence_time_s[i - 1];
        if (T0 >= Tg && T1 >= Tg)
          above += dt;
        else if ((T0 - Tg) * (T1 - Tg) < 0)
          above += dt * (T0 >= Tg ? (T0 - Tg) / (T0 - T1) : (T1 - Tg) / (T1 - T0));
      }
    w.residence_time_above_Tg_s = above;
    w.cooling_rate_at_Tg_K_per_s = 0;
    for (std::size_t i = n - 1; i >= 1; --i)
      if (p.temperature_K[i - 1] >= Tg && p.temperature_K[i] < Tg)
        {
          const double f = (p.temperature_K[i - 1] - Tg) /
                           (p.temperature_K[i - 1] - p.temperature_K[i]);
          w.cooling_rate_at_Tg_K_per_s =
            (1 - f) * p.cooling_rate_K_per_s[i - 1] + f * p.cooling_rate_K_per_s[i];
          w.stress_at_Tg_Pa = (1 - f) * p.axial_stress_Pa[i - 1] + f * p.axial_stress_Pa[i];
          break;
        }
    w.vitrified = w.outlet_temperature_K < Tg - 10.0;
    if (!w.vitrified)
      {
        // at the outlet cooling rate, how much further the wire must travel to reach Tg - 10 K
        const double q = std::max(p.cooling_rate_K_per_s.back(), 1e-12);
        w.extra_length_needed_m =
          p.speed_m_per_s.back() * (w.outlet_temperature_K - (Tg - 10.0)) / q;
      }

    // structural state along the axis path, from the as-cast feed rod
    const ReferenceSettings &ref = setup.reference;
    const StructuralState feed = setup.state_model->cool(
      ref.feed_rod_cooling_rate_K_per_s, ref.equilibrium_start_K, ref.room_temperature_K);
    const PathHistory path = axis_path(p, ref.room_temperature_K);
    w.state = setup.state_model->integrate(path, feed);
    w.relaxation_enthalpy_J_per_kg = setup.state_model->relaxation_enthalpy(
      w.state, ref.dsc_heating_rate_K_per_s, ref.room_temperature_K, ref.dsc_end_K);
    return w;
  }

  WireResult evaluate_reference_rod(const CaseSetup &setup)
  {
    const ReferenceSettings &ref = setup.reference;
    WireResult w;
    w.label = "reference rod";
    w.drawn = false;
    w.diameter_m = ref.reference_diameter_m;
    w.draw_ratio = 1.0;
    w.cooling_rate_at_Tg_K_per_s = ref.reference_cooling_rate_K_per_s;
    w.state = setup.state_model->cool(ref.reference_cooling_rate_K_per_s, ref.equilibrium_start_K,
                                      ref.room_temperature_K);
    w.relaxation_enthalpy_J_per_kg = setup.state_model->relaxation_enthalpy(
      w.state, ref.dsc_heating_rate_K_per_s, ref.room_temperature_K, ref.dsc_end_K);
    w.outlet_temperature_K = ref.room_temperature_K;
    w.peak_temperature_K = ref.equilibrium_start_K;
    return w;
  }
}  // namespace hotdraw

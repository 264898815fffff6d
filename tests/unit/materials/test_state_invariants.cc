// The five invariants every structural-state model must satisfy (docs/physics.md section 10),
// tested on every registered model (a new model is tested by registering it):
//  1. No stress: the thermal model; relaxes to the VFT-consistent equilibrium, and the frozen
//     state shifts with the cooling rate as the model's own relaxation time says (Moynihan).
//  2. Sign: at the same thermal history, flow never leaves a lower state than no flow
//     (constructed and randomized histories).
//  3. Steady flow: at constant T and flow the state tends to its closed-form steady state,
//     which rises monotonically with the Deborah number and lies within 1 % of equilibrium for
//     De << 1.
//  4. Elastic load only: stress without flow changes nothing.
//  5. First law: the enthalpy gained from flow never exceeds the plastic work done.
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "materials/state/free_volume.h"
#include "materials/structural_state.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <random>

using namespace hotdraw;

namespace
{
  const Material &pd()
  {
    static const Material m = Material::preset("Pd40Cu30Ni10P20");
    return m;
  }

  // Every registered model with its default parameters.
  std::vector<std::unique_ptr<StructuralStateModel>> all_models(double rtol = 1e-9,
                                                                double atol = 1e-7)
  {
    std::vector<std::unique_ptr<StructuralStateModel>> models;
    for (const auto &name : structural_state_models().names())
      {
        ParameterSet prm;
        {
          Section s(prm, "Structural state");
          declare_structural_state_parameters(prm);
        }
        prm.parse_string("subsection Structural state\n set Model = " + name +
                           "\n subsection Integration\n set Relative tolerance = " +
                           to_string(rtol) + "\n set Absolute tolerance = " + to_string(atol) +
                           "\n end\nend\n",
                         "test.prm");
        Section s(prm, "Structural state");
        models.push_back(create_structural_state_model(prm, pd()));
      }
    REQUIRE(models.size() >= 2);
    return models;
  }

  constexpr double T_room = 298.15;
  double T_start()
  {
    return pd().glass_transition_K + 60.0;
  }

  // Newtonian stress of the material at an equivalent extension rate: 3 eta_VFT eps_dot.
  double newtonian_stress(double T, double eps_dot)
  {
    return 3.0 * pd().vft_viscosity(T) * eps_dot;
  }

  // The same history without its flow (stress and rate zero).
  PathHistory without_flow(const PathHistory &h)
  {
    PathHistory t;
    for (std::size_t i = 0; i < h.size(); ++i)
      t.push_back(h.time_s[i], h.temperature_K[i], 0.0, 0.0);
    return t;
  }

  // A drawing-like history: heated into the supercooled liquid, sheared at the Deborah number
  // De (eps_dot tau_alpha) while cooling at q through the glass transition (the stress is the
  // Newtonian one, at most sigma_max as in a shear-thinning liquid), the flow stopping 20 K
  // below Tg as the wire vitrifies; then cooled under the last stress, held elastically.
  PathHistory drawing_history(double q, double De, double sigma_max,
                              const StructuralStateModel &model)
  {
    PathHistory h;
    const double T_hot = pd().glass_transition_K + 50.0, T_stop = pd().glass_transition_K - 20;
    double t = 0;
    h.push_back(t, T_room, 0.0, 0.0);
    t += (T_hot - T_room) / 20.0;
    h.push_back(t, T_hot, 0.0, 0.0);
    double sigma = 0;
    for (double T = T_hot; T > T_stop; T -= 2.0)
      {
        const double eps = De / model.equilibrium_relaxation_time(T);
        sigma = std::min(newtonian_stress(T, eps), sigma_max);
        h.push_back(t, T, sigma, eps);
        t += 2.0 / q;
      }
    h.push_back(t, T_stop, sigma, 0.0);
    h.push_back(t + (T_stop - T_room) / q, T_room, sigma, 0.0);
    return h;
  }

  // The as-cast glass (250 K/s) every drawing history starts from.
  StructuralState as_cast(const StructuralStateModel &model)
  {
    return model.cool(250.0, T_start(), T_room);
  }

  // The plastic work (J/m^3) done along a history: the integral of sigma eps_dot.
  double plastic_work(const PathHistory &h)
  {
    double W = 0;
    for (std::size_t i = 1; i < h.size(); ++i)
      W += 0.5 *
           (h.stress_eq_Pa[i] * h.strain_rate_eq_per_s[i] +
            h.stress_eq_Pa[i - 1] * h.strain_rate_eq_per_s[i - 1]) *
           (h.time_s[i] - h.time_s[i - 1]);
    return W;
  }

  // A random history (seeded): piecewise-linear temperatures between 450 and 700 K, random
  // stress and extension rates up to 2 GPa and 1e3 1/s (flow on about half of the segments).
  PathHistory random_history(std::mt19937_64 &rng)
  {
    std::uniform_real_distribution<double> T(450.0, 700.0), log_dt(-4.0, 2.0), log_sigma(3.0, 9.3),
      log_eps(-8.0, 3.0), coin(0.0, 1.0);
    PathHistory h;
    double t = 0;
    const int n = 6 + static_cast<int>(10 * coin(rng));
    for (int i = 0; i < n; ++i)
      {
        const bool flow = coin(rng) < 0.5;
        h.push_back(t, T(rng), std::pow(10.0, log_sigma(rng)),
                    flow ? std::pow(10.0, log_eps(rng)) : 0.0);
        t += std::pow(10.0, log_dt(rng));
      }
    return h;
  }
}  // namespace

TEST_CASE("invariant 1: without stress every model relaxes to equilibrium and shifts with the "
          "cooling rate by its own relaxation time (Moynihan)",
          "[structural_state][invariants]")
{
  for (const auto &model : all_models())
    {
      INFO(model->name());
      // held above Tg: relaxes to T_f = T from above and below
      const double T = 600.0, tau = model->equilibrium_relaxation_time(T);
      PathHistory hold;
      hold.push_back(0.0, T, 0.0, 0.0);
      hold.push_back(200.0 * tau, T, 0.0, 0.0);
      for (double T_initial : {T - 15.0, T + 15.0})
        CHECK(model->integrate(hold, model->equilibrium(T_initial)).fictive_temperature_K ==
              Approx(T).margin(1e-4));
      CHECK(model->steady_state(T, 0.0, 0.0) ==
            Approx(model->variable(model->equilibrium(T))).epsilon(1e-14));
      // Moynihan: d T_f / d log10(q) = ln 10 / |d ln tau_alpha / dT| at the T_f reached
      for (double q : {1.0, 10.0, 100.0, 1000.0})
        {
          const double Tf_q = model->cool(q, T_start(), T_room).fictive_temperature_K;
          const double Tf_10q = model->cool(10 * q, T_start(), T_room).fictive_temperature_K;
          const double Tm = 0.5 * (Tf_q + Tf_10q), h = 0.01;
          const double dlntau_dT = (std::log(model->equilibrium_relaxation_time(Tm + h)) -
                                    std::log(model->equilibrium_relaxation_time(Tm - h))) /
                                   (2 * h);
          const double expected = std::log(10.0) / std::abs(dlntau_dT);
          INFO("q = " << q << " K/s: T_f " << Tf_q << " -> " << Tf_10q << " K, expected shift "
                      << expected << " K");
          CHECK(Tf_10q - Tf_q == Approx(expected).epsilon(0.10));
        }
    }
}

TEST_CASE("invariant 2: flow never freezes a lower state than no flow",
          "[structural_state][invariants]")
{
  for (const auto &model : all_models())
    {
      INFO(model->name());
      auto check_history = [&model](const PathHistory &h, const std::string &what) {
        INFO(what);
        const StructuralState start =
          h.temperature_K.front() < 400
            ? as_cast(*model)
            : model->equilibrium(std::max(h.temperature_K.front(), 480.0));
        std::vector<StructuralState> with, without;
        model->integrate(h, start, &with);
        model->integrate(without_flow(h), start, &without);
        const double tolerance = 1e-6 * model->variable(start) + 1e-9;
        for (std::size_t i = 0; i < h.size(); ++i)
          {
            INFO("sample " << i << " of " << h.size() << ", T = " << h.temperature_K[i]);
            CHECK(model->variable(with[i]) >= model->variable(without[i]) - tolerance);
          }
      };
      // constructed: drawing-like histories over five decades of the Deborah number, and a
      // strongly stressed glass (the case that froze 50 K low with stress-assisted relaxation)
      for (double De : {1e-4, 1e-2, 1.0, 30.0})
        check_history(drawing_history(1000.0, De, 1.5e9, *model), "De = " + to_string(De));
      PathHistory stressed;
      stressed.push_back(0.0, 650.0, 1.4e9, 1.0);
      stressed.push_back(0.05, 575.0, 1.4e9, 1e-3);
      stressed.push_back(0.2, 298.15, 1.4e9, 0.0);
      check_history(stressed, "1.4 GPa through the glass transition");
      // randomized, reproducible from the seed
      std::mt19937_64 rng(20261129);
      for (int k = 0; k < 40; ++k)
        check_history(random_history(rng), "random history " + std::to_string(k));
    }
}

TEST_CASE("invariant 3: steady flow tends to the closed-form steady state, which rises with "
          "the Deborah number and is equilibrium for De << 1",
          "[structural_state][invariants]")
{
  for (const auto &model : all_models(1e-11, 1e-9))
    for (const double T : {590.0, 620.0, 650.0})
      {
        INFO(model->name() << " at " << T << " K");
        const double tau = model->equilibrium_relaxation_time(T);
        const double y_eq = model->variable(model->equilibrium(T));
        const double y_T0 = model->variable(model->equilibrium(pd().vft_T0_K + 1e-9));
        double previous = y_eq;
        for (const double De : {1e-6, 1e-4, 1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0})
          {
            INFO("De = " << De);
            const double eps = De / tau, sigma = newtonian_stress(T, eps);
            const double y_ss = model->steady_state(T, sigma, eps);
            CHECK(y_ss >= previous);
            previous = y_ss;
            if (De <= 1e-3)
              CHECK(std::abs(y_ss - y_eq) <= 0.01 * (y_eq - y_T0));
            // hold long enough to forget the start (the relaxation time at the steady state
            // is shorter than tau_alpha)
            PathHistory hold;
            hold.push_back(0.0, T, sigma, eps);
            hold.push_back(300.0 * tau, T, sigma, eps);
            const double y = model->variable(model->integrate(hold, model->equilibrium(T)));
            // the first-law bound may hold the state below the closed form; where it does not
            // bind, the integration ends on it
            const bool bound = model->creation_rate(T, sigma, eps, y) >=
                                 (1 - 1e-9) * model->first_law_rate(sigma, eps) &&
                               model->first_law_rate(sigma, eps) > 0;
            if (!bound)
              CHECK(y == Approx(y_ss).epsilon(1e-6));
            else
              CHECK(y <= y_ss * (1 + 1e-9));
          }
        CHECK(previous > y_eq);  // the flow did raise the steady state
      }

  // free volume: with the flow of Spaepen's own law at the structural jump rate 1/tau_alpha,
  // gamma_dot = 2 sinh(u)/tau_alpha, the steady state is Steif-Spaepen-Hutchinson's,
  // x_ss - x_eq = n_D (2 alpha k_B T/(v* S)) (cosh u - 1)
  const FreeVolumeModel fv(pd(), SpaepenCreation(), 150e3, -1, 1e-9, 1e-7);
  const double kB = 1.380649e-23, T = 620.0, Omega = pd().atomic_volume_m3();
  const double S =
    2 * pd().shear_modulus_Pa * (1 + pd().poisson_ratio) / (3 * (1 - pd().poisson_ratio));
  const SpaepenCreation c;
  for (const double sigma : {1e7, 1e8, 5e8, 1e9})
    {
      const double u = sigma / std::sqrt(3.0) * Omega / (2 * kB * T);
      const double gamma_dot = 2 * std::sinh(u) / fv.equilibrium_relaxation_time(T);
      const double ssh = c.annihilation_jumps * 2 * c.overlap_factor * kB * T /
                         (c.critical_volume * Omega * S) * (std::cosh(u) - 1);
      INFO("sigma = " << sigma << " Pa");
      CHECK(fv.steady_state(T, sigma, gamma_dot / std::sqrt(3.0)) -
              fv.variable(fv.equilibrium(T)) ==
            Approx(ssh).epsilon(1e-10));
    }
}

TEST_CASE("invariant 4: an elastic load without flow neither ages nor rejuvenates",
          "[structural_state][invariants]")
{
  for (const auto &model : all_models())
    {
      INFO(model->name());
      // the wire after the take-up: cooled from the supercooled liquid under 1 GPa held
      // elastically, then held a day at room temperature under it
      PathHistory loaded, free;
      for (const double sigma : {1e9, 0.0})
        {
          PathHistory &h = sigma > 0 ? loaded : free;
          h.push_back(0.0, 640.0, sigma, 0.0);
          h.push_back(0.3, 298.15, sigma, 0.0);
          h.push_back(86400.0, 298.15, sigma, 0.0);
        }
      std::vector<StructuralState> a, b;
      model->integrate(loaded, model->equilibrium(640.0), &a);
      model->integrate(free, model->equilibrium(640.0), &b);
      for (std::size_t i = 0; i < a.size(); ++i)
        CHECK(model->variable(a[i]) == model->variable(b[i]));
      for (const double T : {350.0, 560.0, 620.0})
        CHECK(model->creation_rate(T, 1e9, 0.0, model->variable(model->equilibrium(600.0))) == 0.0);
    }
}

TEST_CASE("invariant 5: the enthalpy gained from flow never exceeds the plastic work",
          "[structural_state][invariants]")
{
  const double rho = pd().density_kg_per_m3;
  for (const auto &model : all_models())
    {
      INFO(model->name());
      // at every state and flow: creation <= work / (rho dH/dy)
      for (const double T : {450.0, 560.0, 600.0, 650.0})
        for (const double Tf : {T - 20, T, T + 30, T + 80})
          for (const double eps : {1e-6, 1e-2, 1.0, 1e2})
            for (const double sigma : {1e6, 1e8, 1e9})
              {
                const double y = model->variable(model->equilibrium(std::max(Tf, 440.0)));
                const double c = model->creation_rate(T, sigma, eps, y);
                CHECK(c >= 0);
                CHECK(c * rho * model->enthalpy_per_variable() <=
                      sigma * eps * (1 + 1e-12) + 1e-300);
              }
      // along drawing-like histories: the stored enthalpy gained from the flow against the
      // plastic work done
      for (double De : {1e-2, 1.0, 30.0})
        {
          const PathHistory h = drawing_history(1000.0, De, 1.5e9, *model);
          const StructuralState start = as_cast(*model);
          const double gained = rho * model->enthalpy_per_variable() *
                                (model->variable(model->integrate(h, start)) -
                                 model->variable(model->integrate(without_flow(h), start)));
          INFO("De = " << De << ": gained " << gained << " J/m^3, work " << plastic_work(h)
                       << " J/m^3");
          CHECK(gained <= plastic_work(h));
        }
    }
}

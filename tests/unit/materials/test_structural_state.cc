// Structural-state models (materials/structural_state.h): VFT consistency of both models,
// equilibrium, Moynihan's cooling-rate shift, shear rejuvenation, the simulated DSC scan, the
// CVODE error control, and the parameters.
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "materials/state/fictive_temperature.h"
#include "materials/state/free_volume.h"
#include "materials/structural_state.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <vector>

using namespace hotdraw;

namespace
{
  const Material pd = Material::preset("Pd40Cu30Ni10P20");
  constexpr double rtol = 1e-8, atol_K = 1e-6;

  FictiveTemperatureModel fictive(double kappa = 1.0, double rt = rtol, double at = atol_K)
  {
    return FictiveTemperatureModel(pd, kappa, rt, at);
  }

  FreeVolumeModel free_volume(double Q_r = 150e3, double rt = rtol, double at = atol_K)
  {
    return FreeVolumeModel(pd, SpaepenCreation(), Q_r, -1.0 /* auto */, rt, at);
  }

  double T_start()
  {
    return pd.glass_transition_K + 60.0;
  }
  constexpr double T_room = 298.15;

  // Local Moynihan shift of the frozen T_f per decade of cooling rate for a VFT equilibrium
  // relaxation time: ln10 / (d ln tau_eq / d(1/T)) T^2 = T / m(T) = ln10 (T - T0)^2 / (D* T0);
  // at T = Tg this is Tg / m with m = Material::fragility_index().
  double moynihan_shift_K(double T)
  {
    return std::log(10.0) * (T - pd.vft_T0_K) * (T - pd.vft_T0_K) /
           (pd.vft_fragility_D * pd.vft_T0_K);
  }
}  // namespace

TEST_CASE("free volume: the equilibrium defect concentration reproduces the VFT viscosity",
          "[structural_state][free_volume]")
{
  const FreeVolumeModel model = free_volume();
  // flow law of the model at low stress: eta_fv(c_f, T) = eta0 / c_f
  auto eta_fv = [&](double c_f, double) { return pd.vft_eta0_Pa_s / c_f; };
  for (double T = pd.glass_transition_K; T <= pd.crystallisation_K + 50.0; T += 1.0)
    {
      const StructuralState eq = model.equilibrium(T);
      const double c_eq = FreeVolumeModel::defect_concentration(eq.free_volume_x);
      INFO("T = " << T << " K");
      CHECK(c_eq == Approx(model.equilibrium_defect_concentration(T)).epsilon(1e-12));
      CHECK(eta_fv(c_eq, T) == Approx(pd.vft_viscosity(T)).epsilon(1e-12));
      CHECK(eq.fictive_temperature_K == Approx(T).epsilon(1e-14));
    }
}

TEST_CASE("free volume: relaxation time at Tg is the Maxwell time with nu_r = auto",
          "[structural_state][free_volume]")
{
  const double Tg = pd.glass_transition_K;
  const double maxwell = pd.vft_viscosity(Tg) / pd.shear_modulus_Pa;
  for (double Q_r : {0.0, 2e5, 7e5})
    {
      const FreeVolumeModel model = free_volume(Q_r);
      INFO("Q_r = " << Q_r << " J/mol");
      CHECK(model.relaxation_time(Tg, model.equilibrium(Tg)) == Approx(maxwell).epsilon(1e-10));
    }
  // With Q_r = 0 the equilibrium relaxation time is eta_VFT/G at every temperature.
  const FreeVolumeModel model = free_volume(0.0);
  for (double T : {560.0, 600.0, 640.0, 700.0})
    CHECK(model.relaxation_time(T, model.equilibrium(T)) ==
          Approx(pd.vft_viscosity(T) / pd.shear_modulus_Pa).epsilon(1e-10));
}

TEST_CASE("fictive temperature: equilibrium relaxation time is eta_VFT/G",
          "[structural_state][fictive]")
{
  const FictiveTemperatureModel model = fictive();
  for (double T = pd.glass_transition_K - 50.0; T <= pd.crystallisation_K + 50.0; T += 5.0)
    {
      INFO("T = " << T << " K");
      const StructuralState eq = model.equilibrium(T);
      CHECK(eq.fictive_temperature_K == T);
      CHECK(model.relaxation_time(T, eq) ==
            Approx(pd.vft_viscosity(T) / pd.shear_modulus_Pa).epsilon(1e-12));
    }
}

TEST_CASE("both models relax to T_f = T when held above Tg for many relaxation times",
          "[structural_state]")
{
  const double T = 600.0;  // tau_eq = eta_VFT(600 K)/G ~ 0.1 s
  const FictiveTemperatureModel fm = fictive();
  const FreeVolumeModel vm = free_volume();
  for (const StructuralStateModel *model : std::vector<const StructuralStateModel *>{&fm, &vm})
    for (double T_initial : {T - 15.0, T + 15.0})
      {
        const double tau = model->equilibrium_relaxation_time(T);
        PathHistory h;
        h.push_back(0.0, T, 0.0, 0.0);
        h.push_back(0.5 * tau, T, 0.0, 0.0);
        h.push_back(200.0 * tau, T, 0.0, 0.0);
        INFO(model->name() << " from T_f = " << T_initial << " K");
        std::vector<StructuralState> trajectory;
        const StructuralState s = model->integrate(h, model->equilibrium(T_initial), &trajectory);
        REQUIRE(trajectory.size() == h.size());
        CHECK(trajectory.front().fictive_temperature_K == Approx(T_initial));
        // half a relaxation time later it has moved towards T but is not there yet
        CHECK(std::abs(trajectory[1].fictive_temperature_K - T) < 15.0);
        CHECK(std::abs(trajectory[1].fictive_temperature_K - T) > 1.0);
        CHECK(s.fictive_temperature_K == Approx(T).margin(1e-4));
        CHECK(s.free_volume_x == Approx(model->equilibrium(T).free_volume_x).margin(1e-7));
      }
}

TEST_CASE("Moynihan: T_f shift per decade of cooling rate, both models",
          "[structural_state][moynihan]")
{
  const double Tg_over_m = pd.glass_transition_K / pd.fragility_index();
  CHECK(Tg_over_m == Approx(8.86).margin(0.05));
  const FictiveTemperatureModel fm = fictive();
  const FreeVolumeModel vm = free_volume(0.0);  // Q_r = 0: the equilibrium relaxation is VFT's

  for (const StructuralStateModel *model : std::vector<const StructuralStateModel *>{&fm, &vm})
    {
      // q and 10 q for q in {1, 10, 100, 1000} K/s. The glass transition moves up with q and the
      // VFT fragility falls with temperature, so the shift is T_f/m(T_f) at the T_f reached;
      // it equals Tg/m (m = Material::fragility_index(), at Tg) only for the first decade, whose
      // T_f (566-580 K) brackets Tg = 575 K.
      // q and 10 q for q in {1, 10, 100, 1000} K/s. The glass transition moves up with q and the
      // VFT fragility falls with temperature, so the shift is T_f/m(T_f) at the T_f reached
      // (Tg/m only at the calorimetric Tg).
      for (double q : {1.0, 10.0, 100.0, 1000.0})
        {
          const double Tf_q = model->cool(q, T_start(), T_room).fictive_temperature_K;
          const double Tf_10q = model->cool(10.0 * q, T_start(), T_room).fictive_temperature_K;
          const double shift = Tf_10q - Tf_q;
          const double expected = moynihan_shift_K(0.5 * (Tf_q + Tf_10q));
          WARN(model->name() << ": q = " << q << " -> " << 10 * q << " K/s: T_f = " << Tf_q
                             << " -> " << Tf_10q << " K, shift " << shift
                             << " K per decade; T_f/m(T_f) = " << expected
                             << " K; Tg/m = " << Tg_over_m << " K");
          CHECK(shift > 0);
          CHECK(shift == Approx(expected).epsilon(0.10));
          if (q == 1.0)
            CHECK(shift == Approx(Tg_over_m).epsilon(0.10));
        }
    }
}

TEST_CASE("the glass is frozen at room temperature", "[structural_state]")
{
  PathHistory year;
  year.push_back(0.0, T_room, 0.0, 0.0);
  year.push_back(3.15e7, T_room, 0.0, 0.0);
  const FictiveTemperatureModel fm = fictive();
  const FreeVolumeModel activated = free_volume();  // the default Q_r = 150 kJ/mol
  for (const StructuralStateModel *model :
       std::vector<const StructuralStateModel *>{&fm, &activated})
    {
      const StructuralState glass = model->cool(250.0, T_start(), T_room);
      INFO(model->name());
      CHECK(model->integrate(year, glass).fictive_temperature_K ==
            Approx(glass.fictive_temperature_K).margin(1e-3));
    }
  // With Q_r = 0 (not the default) the free-volume annihilation rate k_r c_f does not depend on T:
  // the glass keeps relaxing at room temperature with tau = eta0 / (G c_f). Recorded, not
  // asserted: see docs/physics-notes.md.
  const FreeVolumeModel unactivated = free_volume(0.0);
  const StructuralState glass = unactivated.cool(250.0, T_start(), T_room);
  WARN("free volume, Q_r = 0: T_f after cooling at 250 K/s "
       << glass.fictive_temperature_K << " K, after a year at " << T_room << " K "
       << unactivated.integrate(year, glass).fictive_temperature_K
       << " K; tau(T_room) = " << unactivated.relaxation_time(T_room, glass) << " s");
}

TEST_CASE("piecewise-linear history: splitting a cooling ramp into samples changes nothing",
          "[structural_state]")
{
  const FictiveTemperatureModel fm = fictive();
  const FreeVolumeModel vm = free_volume(0.0);
  // With an activated annihilation rate the relaxation rate collapses within a few steps at the
  // glass transition: with CVODE's default Jacobian reuse this case followed T_f = T down to
  // room temperature on a single interval (T_f = 298 K instead of 577 K at 1 K/s).
  const FreeVolumeModel vm_activated = free_volume(3e5);
  for (const double q : {1.0, 300.0})
    {
      for (const StructuralStateModel *model :
           std::vector<const StructuralStateModel *>{&fm, &vm, &vm_activated})
        {
          const double coarse = model->cool(q, T_start(), T_room).fictive_temperature_K;
          PathHistory h;
          const int n = 200;
          for (int i = 0; i <= n; ++i)
            {
              const double T = T_start() + (T_room - T_start()) * i / n;
              h.push_back((T_start() - T) / q, T, 0.0, 0.0);
            }
          std::vector<StructuralState> trajectory;
          const double fine =
            model->integrate(h, model->equilibrium(T_start()), &trajectory).fictive_temperature_K;
          INFO(model->name() << " at " << q << " K/s");
          CHECK(trajectory.size() == h.size());
          CHECK(fine == Approx(coarse).margin(1e-4));
          // T_f never falls below T on cooling and ends above the room temperature
          for (std::size_t i = 0; i < h.size(); ++i)
            CHECK(trajectory[i].fictive_temperature_K >= h.temperature_K[i] - 1e-4);
        }
    }
}

namespace
{
  // A linear relaxation model with an Arrhenius relaxation time, tau = tau0 exp(E/(R T)), whose
  // response to any temperature history is known in closed form:
  //   T_f(t) = T_f(0) e^(-s(t)) + int_0^t T(t') e^(-(s(t) - s(t'))) ds(t'),  s(t) = int dt/tau.
  // It checks the simulated cooling and DSC scan (StructuralStateModel::cool and
  // relaxation_enthalpy) against that solution.
  class LinearArrhenius : public StructuralStateModel
  {
  public:
    LinearArrhenius() : StructuralStateModel(pd, 1e-10, 1e-8) {}
    std::string name() const override { return "linear Arrhenius"; }
    double tau(double T) const { return tau0 * std::exp(E_over_R / T); }
    double relaxation_time(double T, const StructuralState &) const override { return tau(T); }
    double variable(const StructuralState &s) const override { return s.fictive_temperature_K; }
    StructuralState state_of(double Tf) const override
    {
      StructuralState s;
      s.fictive_temperature_K = Tf;
      return s;
    }
    double rate(double T, double, double, double Tf, double *d) const override
    {
      if (d)
        *d = -1.0 / tau(T);
      return (T - Tf) / tau(T);
    }
    double creation_rate(double, double, double, double) const override { return 0; }
    double steady_state(double T, double, double) const override { return T; }
    double enthalpy_per_variable() const override { return pd.delta_cp_J_per_kgK(); }

    // 60 s at Tg = 575 K, E = 500 kJ/mol
    const double E_over_R = 500e3 / 8.314462618, tau0 = 60.0 * std::exp(-E_over_R / 575.0);

  protected:
    double variable_tolerance() const override { return atol_K_; }
    void check_initial_state(const StructuralState &) const override {}
  };

  // The closed-form solution along a linear ramp T = T_a + q t (q of either sign), from T_f(0),
  // by quadrature on n points: returns T_f at every point.
  std::vector<double> linear_response(const LinearArrhenius &m, double T_a, double T_b, double q,
                                      double Tf0, std::size_t n)
  {
    const double duration = (T_b - T_a) / q, dt = duration / n;
    std::vector<double> s(n + 1, 0.0), Tf(n + 1, Tf0);
    auto T = [&](std::size_t i) { return T_a + q * dt * i; };
    for (std::size_t i = 1; i <= n; ++i)
      s[i] = s[i - 1] + 0.5 * dt * (1 / m.tau(T(i - 1)) + 1 / m.tau(T(i)));
    // int_0^t T e^(-(s(t) - s')) ds', by the trapezoidal rule in s, updated recursively
    double integral = 0;
    for (std::size_t i = 1; i <= n; ++i)
      {
        const double ds = s[i] - s[i - 1];
        integral = integral * std::exp(-ds) + 0.5 * ds * (T(i - 1) * std::exp(-ds) + T(i));
        Tf[i] = Tf0 * std::exp(-s[i]) + integral;
      }
    return Tf;
  }
}  // namespace

TEST_CASE("DSC: the simulated quench and scan against the closed-form solution of linear "
          "relaxation",
          "[structural_state][dsc]")
{
  // A glass quenched at q_c from equilibrium, then scanned at 20 K/min: the fictive temperature
  // it freezes in and the enthalpy it releases before its glass transition, Delta c_p (T_f,0 -
  // min T_f), against the closed-form solution (quadrature on 2e6 points).
  const LinearArrhenius m;
  const double q_h = 20.0 / 60.0, T_end = pd.glass_transition_K + 60.0,
               dcp = pd.delta_cp_J_per_kgK();
  double previous = 0;
  for (const double q_c : {1.0, 250.0, 1350.0, 1e5})
    {
      const double T_hot = T_start();
      const StructuralState glass = m.cool(q_c, T_hot, T_room);
      const double Tf_exact = linear_response(m, T_hot, T_room, -q_c, T_hot, 2000000).back();
      const std::vector<double> scan = linear_response(m, T_room, T_end, q_h, Tf_exact, 2000000);
      const double H_exact = dcp * (Tf_exact - *std::min_element(scan.begin(), scan.end()));
      const double H = m.relaxation_enthalpy(glass, q_h, T_room, T_end);
      WARN("linear relaxation, quench at " << q_c << " K/s: T_f " << glass.fictive_temperature_K
                                           << " K (exact " << Tf_exact << " K); Delta H_rel " << H
                                           << " J/kg (exact " << H_exact << " J/kg)");
      CHECK(glass.fictive_temperature_K == Approx(Tf_exact).margin(1e-3));
      CHECK(H == Approx(H_exact).epsilon(1e-3).margin(0.5));
      CHECK(H >= previous);
      previous = H;
    }
  // the glass cooled at the scan rate releases next to nothing; faster quenches release more
  CHECK(previous > 1000.0);
}

TEST_CASE("flow rejuvenation freezes in only where the flow outpaces the relaxation",
          "[structural_state][shear]")
{
  // A drawing-like history: cooled at 1000 K/s from the supercooled liquid while flowing at a
  // Deborah number De (Newtonian stress, at most 1.5 GPa), the flow stopping below Tg - 20 K and
  // the stress held elastically after that. The frozen state above its flow-free twin (same
  // thermal history) is negligible for De << 1 and grows with De.
  const FictiveTemperatureModel fm = fictive();
  const FreeVolumeModel vm = free_volume();
  for (const StructuralStateModel *model : std::vector<const StructuralStateModel *>{&fm, &vm})
    {
      double previous = -1;
      for (const double De : {1e-4, 1e-2, 1.0, 100.0})
        {
          PathHistory flow, thermal;
          const double T_hot = pd.glass_transition_K + 50, T_stop = pd.glass_transition_K - 20;
          double t = 0, sigma = 0;
          for (double T = T_hot; T > T_stop; T -= 1.0, t += 1e-3)
            {
              const double eps = De / model->equilibrium_relaxation_time(T);
              sigma = std::min(3 * pd.vft_viscosity(T) * eps, 1.5e9);
              flow.push_back(t, T, sigma, eps);
              thermal.push_back(t, T, 0.0, 0.0);
            }
          flow.push_back(t + 0.3, T_room, sigma, 0.0);
          thermal.push_back(t + 0.3, T_room, 0.0, 0.0);
          const StructuralState start = model->equilibrium(T_hot);
          const double excess = model->integrate(flow, start).fictive_temperature_K -
                                model->integrate(thermal, start).fictive_temperature_K;
          WARN(model->name() << ": De = " << De << ": frozen T_f above the flow-free twin by "
                             << excess << " K");
          CHECK(excess >= -1e-6);
          CHECK(excess >= previous);
          // within 1 % of the distance from T0 for De << 1
          if (De <= 1e-2)
            CHECK(excess < 0.01 * (pd.glass_transition_K - pd.vft_T0_K));
          if (De <= 1e-4)
            CHECK(excess < 1e-3);
          previous = excess;
        }
      CHECK(previous > 1.0);
    }
}

TEST_CASE("CVODE error control: the frozen T_f converges with the tolerances",
          "[structural_state][convergence]")
{
  const double q = 250.0;
  auto check_model = [&](auto make) {
    const auto base = make(rtol, atol_K);
    const auto half = make(0.5 * rtol, 0.5 * atol_K);
    const auto tight = make(1e-12, 1e-10);
    const double Tf = base.cool(q, T_start(), T_room).fictive_temperature_K;
    const double Tf_half = half.cool(q, T_start(), T_room).fictive_temperature_K;
    const double Tf_tight = tight.cool(q, T_start(), T_room).fictive_temperature_K;
    const auto fine = make(1e-2 * rtol, 1e-2 * atol_K);
    const double Tf_fine = fine.cool(q, T_start(), T_room).fictive_temperature_K;
    // The local error per step is controlled to rtol |T_f| + atol; the global error of the
    // frozen T_f is the sum of the local errors made while the glass freezes (it is not damped
    // afterwards), a few times the local tolerance.
    const double scale = rtol * Tf + atol_K;  // K
    WARN(base.name() << ": T_f = " << Tf << " K, halved tolerances: change " << Tf_half - Tf
                     << " K, error vs rtol 1e-12: " << Tf - Tf_tight << " K, at rtol 1e-10: "
                     << Tf_fine - Tf_tight << " K; local tolerance scale " << scale << " K");
    CHECK(std::abs(Tf_half - Tf) < 10.0 * scale);
    CHECK(std::abs(Tf - Tf_tight) < 10.0 * scale);
    // convergence: 100 times tighter tolerances, at least 10 times smaller error
    CHECK(std::abs(Tf_fine - Tf_tight) < 0.1 * std::abs(Tf - Tf_tight) + 1e-9);

    const double H =
      base.relaxation_enthalpy(base.cool(q, T_start(), T_room), 20.0 / 60.0, T_room, T_start());
    const double H_half =
      half.relaxation_enthalpy(half.cool(q, T_start(), T_room), 20.0 / 60.0, T_room, T_start());
    WARN(base.name() << ": Delta H_rel = " << H << " J/kg, halved tolerances: change " << H_half - H
                     << " J/kg");
    CHECK(std::abs(H_half - H) < 20.0 * pd.delta_cp_J_per_kgK() * scale);
  };
  check_model([](double rt, double at) { return fictive(1.0, rt, at); });
  check_model([](double rt, double at) { return free_volume(0.0, rt, at); });
}

TEST_CASE("invalid histories are reported", "[structural_state]")
{
  const FictiveTemperatureModel fm = fictive();
  PathHistory h;
  h.push_back(0.0, 600.0, 0.0, 0.0);
  h.push_back(1.0, std::nan(""), 0.0, 0.0);
  CHECK_THROWS_AS(fm.integrate(h, fm.equilibrium(600.0)), SolverError);
  PathHistory backwards;
  backwards.push_back(1.0, 600.0, 0.0, 0.0);
  backwards.push_back(0.0, 600.0, 0.0, 0.0);
  CHECK_THROWS_AS(fm.integrate(backwards, fm.equilibrium(600.0)), std::invalid_argument);
  // absurd stress and rate: the first-law bound keeps the state finite (CVODE's own failures
  // are reported with their time and reason: tests/unit/numerics/test_scalar_ode.cc)
  PathHistory absurd;
  absurd.push_back(0.0, 600.0, 1e300, 1e300);
  absurd.push_back(1.0, 600.0, 1e300, 1e300);
  CHECK(std::isfinite(fm.integrate(absurd, fm.equilibrium(600.0)).fictive_temperature_K));
  // a single sample is the initial state itself
  PathHistory one;
  one.push_back(0.0, 600.0, 0.0, 0.0);
  CHECK(fm.integrate(one, fm.equilibrium(590.0)).fictive_temperature_K == 590.0);
}

TEST_CASE("structural state parameters", "[structural_state][parameters]")
{
  auto parse = [](const std::string &text, std::unique_ptr<StructuralStateModel> &model,
                  ReferenceSettings &reference, double feed_diameter_m = 1e-3) {
    ParameterSet prm;
    {
      Section section(prm, "Structural state");
      declare_structural_state_parameters(prm);
    }
    prm.parse_string(text, "test.prm");
    {
      Section section(prm, "Structural state");
      model = create_structural_state_model(prm, pd);
      reference = parse_reference_settings(prm, pd, feed_diameter_m);
    }
  };

  std::unique_ptr<StructuralStateModel> model;
  ReferenceSettings reference;
  parse("", model, reference);
  CHECK(model->name() == "free volume");
  CHECK(reference.reference_diameter_m == 2e-3);
  CHECK(reference.reference_cooling_rate_K_per_s == Approx(250.0));
  CHECK(reference.feed_rod_cooling_rate_K_per_s == Approx(1000.0));
  CHECK(reference.dsc_heating_rate_K_per_s == Approx(20.0 / 60.0).epsilon(1e-15));
  CHECK(reference.room_temperature_K == 298.15);
  CHECK(reference.equilibrium_start_K == pd.glass_transition_K + 60.0);
  CHECK(reference.dsc_end_K == pd.glass_transition_K + 60.0);

  parse("subsection Structural state\n"
        "  set Model = free volume\n"
        "  subsection Free volume\n"
        "    set Relaxation rate prefactor = 1e14\n"
        "  end\n"
        "  subsection Reference\n"
        "    set Reference rod diameter = 3e-3\n"
        "    set Feed rod cooling rate = 12\n"
        "  end\n"
        "end\n",
        model, reference);
  REQUIRE(model->name() == "free volume");
  CHECK(dynamic_cast<const FreeVolumeModel &>(*model).rate_prefactor_per_s() == 1e14);
  CHECK(reference.reference_cooling_rate_K_per_s == Approx(10.0 / 0.09));
  CHECK(reference.feed_rod_cooling_rate_K_per_s == 12.0);

  auto message_of = [&](const std::string &text, double feed = 1e-3) {
    try
      {
        parse(text, model, reference, feed);
      }
    catch (const InputError &e)
      {
        return std::string(e.what());
      }
    return std::string("no error");
  };
  const std::string out_of_range = message_of("subsection Structural state\n"
                                              "  subsection Fictive temperature\n"
                                              "    set Configurational work fraction = 1.5\n"
                                              "  end\n"
                                              "end\n");
  CHECK_THAT(out_of_range, Catch::Contains("Configurational work fraction"));
  const std::string too_warm = message_of("subsection Structural state\n"
                                          "  subsection Reference\n"
                                          "    set Room temperature = 600\n"
                                          "  end\n"
                                          "end\n");
  CHECK_THAT(too_warm, Catch::Contains("Structural state/Reference/Room temperature"));
  const std::string no_feed = message_of("", 0.0);
  CHECK_THAT(no_feed, Catch::Contains("Feed rod cooling rate"));
}

// The transfer function take-up speed -> wire diameter (solver/stability/transfer_function.h):
//  - the quasi-static limit: at fixed feed, mass conservation gives D ~ v_d^-1/2, so G -> -1/2
//    (|G| 0.5, phase -180 deg) as the frequency goes to zero (isothermal, cooled and the
//    default 60 um draw);
//  - the linear G against a nonlinear time integration of the same semi-discrete draw with a
//    1 % sinusoidal take-up speed (BDF2, 200 steps per period, least-squares sine fit over the
//    last two periods) at three frequencies: amplitude within 2 %, phase within 2 deg;
//  - isothermal Newtonian near the critical draw ratio 20.2: a resonance peak of |G| at the
//    frequency of the leading (draw-resonance) eigenvalue, growing towards the critical draw
//    ratio; below it, finite;
//  - the analytic input b = df/d ln v_d against central differences;
//  - section 'Transfer function': round trip and errors naming the parameter and value.
#include "lsa_test_cases.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "solver/stability/transfer_function.h"
#include "solver/transfer_function_settings.h"

#include <deal.II/lac/lapack_full_matrix.h>
#include <deal.II/lac/vector.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

using namespace hotdraw;
using testing::lsa_settings;
using testing::LsaSetup;

namespace
{
  // The implicit step x - gamma dt f(x, t) = rhs by Newton's method with the steady Jacobian.
  class ImplicitStep
  {
  public:
    ImplicitStep(const LinearisedDraw &L, double gamma_dt) : L_(L), gamma_dt_(gamma_dt)
    {
      const std::size_t n = L.n_unknowns;
      M_.reinit(n, n);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t k = 0; k < n; ++k)
          M_(i, k) = (i == k ? 1.0 : 0.0) - gamma_dt * L.jacobian[i * n + k];
      M_.compute_lu_factorization();
    }

    std::vector<double> solve(std::vector<double> x, const std::vector<double> &rhs,
                              double ln_speed_change)
    {
      const std::size_t n = L_.n_unknowns;
      dealii::Vector<double> r(n);
      for (unsigned int it = 0; it < 30; ++it)
        {
          const std::vector<double> f = L_.rates(x, ln_speed_change);
          for (std::size_t i = 0; i < n; ++i)
            r[i] = x[i] - gamma_dt_ * f[i] - rhs[i];
          M_.solve(r);
          double change = 0, size = 0;
          for (std::size_t i = 0; i < n; ++i)
            {
              x[i] -= r[i];
              change = std::max(change, std::abs(r[i]));
              size = std::max(size, std::abs(x[i]));
            }
          if (change <= 1e-13 * size)
            return x;
        }
      FAIL("implicit step: Newton did not converge");
      return x;
    }

  private:
    const LinearisedDraw &L_;
    double gamma_dt_;
    dealii::LAPACKFullMatrix<double> M_;
  };

  // Amplitude ratio and phase (deg) of dD/D at the end of the analysis domain for the take-up
  // speed v_d (1 + eps sin(omega t)), integrated from the steady draw for 'settle' seconds plus
  // two periods with BDF2, fitted by c0 + a sin + b cos over the last two periods.
  std::pair<double, double> simulated_response(const LinearisedDraw &L, double omega, double eps,
                                               double settle)
  {
    const double period = 2 * M_PI / omega, dt = period / 200;
    const unsigned int n_steps = static_cast<unsigned int>(std::ceil(settle / dt)) + 400;
    const std::size_t n = L.n_unknowns, out = L.outlet_area;
    ImplicitStep euler(L, dt), bdf2(L, 2 * dt / 3);
    std::vector<double> x_old = L.state, x = L.state, rhs(n);
    double S[3][3] = {{0}}, y[3] = {0};
    for (unsigned int k = 1; k <= n_steps; ++k)
      {
        const double t = k * dt, u = std::log1p(eps * std::sin(omega * t));
        for (std::size_t i = 0; i < n; ++i)
          rhs[i] = k == 1 ? x[i] : (4 * x[i] - x_old[i]) / 3;
        std::vector<double> next = (k == 1 ? euler : bdf2).solve(x, rhs, u);
        x_old = std::move(x);
        x = std::move(next);
        if (k + 400 <= n_steps)
          continue;
        const double basis[3] = {1.0, std::sin(omega * t), std::cos(omega * t)};
        const double dD = std::sqrt(x[out] / L.state[out]) - 1;
        for (int a = 0; a < 3; ++a)
          {
            y[a] += basis[a] * dD;
            for (int b = 0; b < 3; ++b)
              S[a][b] += basis[a] * basis[b];
          }
      }
    dealii::LAPACKFullMatrix<double> M(3, 3);
    dealii::Vector<double> c(3);
    for (int a = 0; a < 3; ++a)
      {
        c[a] = y[a];
        for (int b = 0; b < 3; ++b)
          M(a, b) = S[a][b];
      }
    M.compute_lu_factorization();
    M.solve(c);
    // dD/D = eps |G| sin(omega t + phi) = eps |G| (cos phi sin + sin phi cos)
    return {std::hypot(c[1], c[2]) / eps, std::atan2(c[2], c[1]) * 180 / M_PI};
  }

  double phase_deg(std::complex<double> G)
  {
    return std::arg(G) * 180 / M_PI;
  }

  double phase_difference_deg(double a, double b)
  {
    return std::remainder(a - b, 360.0);
  }
}  // namespace

TEST_CASE("transfer function: quasi-static limit G -> -1/2", "[transfer_function][verification]")
{
  for (const bool cooled : {false, true})
    {
      LsaSetup s(cooled, lsa_settings(101, false));
      const LinearisedDraw L = s.lsa->linearise(s.steady(14.0));
      const double omega = 1e-4 / L.residence_time_s;
      const std::complex<double> G = diameter_response(L, omega);
      std::cout << (cooled ? "cooled" : "isothermal") << " DR 14: G(omega tau = 1e-4) = " << G
                << ", |G| " << std::abs(G) << ", phase " << phase_deg(G) << " deg\n";
      CHECK(std::abs(G) == Approx(0.5).epsilon(2e-3));
      CHECK(std::abs(phase_difference_deg(phase_deg(G), 180)) < 0.1);
      const TransferFunction tf = transfer_function(L, {1e-6 / L.residence_time_s});
      CHECK(tf.static_gain == Approx(-0.5).epsilon(2e-3));
      CHECK(tf.points[0].phase_deg == Approx(-180).margin(0.1));
    }
  // the default process at 60 um (non-isothermal, radiation, the calibrated rheology)
  ParameterSet prm;
  declare_all_parameters(prm);
  prm.parse_file(HOTDRAW_SOURCE_DIR "/parameters/seed-pd40cu30ni10p20-wires-1d.prm");
  CaseSetup c = parse_case(prm, HOTDRAW_SOURCE_DIR "/parameters");
  c.thin_filament.verbosity = 0;
  const ThinFilamentModel model(c.material, *c.rheology, *c.thermal, c.convection, c.process,
                                c.thin_filament);
  const DrawResonanceAnalysis lsa(c.material, *c.rheology, *c.thermal, c.convection, c.process,
                                  c.thin_filament, lsa_settings(101, false));
  const LinearisedDraw L =
    lsa.linearise(model.solve_take_up_speed(c.process.take_up_speed_for_diameter(60e-6)));
  const std::complex<double> G = diameter_response(L, 1e-4 / L.residence_time_s);
  std::cout << "default 60 um: G(omega tau = 1e-4) = " << G << ", residence time "
            << L.residence_time_s << " s, delay " << L.delay_s << " s\n";
  CHECK(std::abs(G) == Approx(0.5).epsilon(2e-3));
  CHECK(std::abs(phase_difference_deg(phase_deg(G), 180)) < 0.1);
}

TEST_CASE("transfer function: linear G against a nonlinear time integration",
          "[transfer_function][verification]")
{
  LsaSetup s(true, lsa_settings(61, false));
  const FilamentProfile p = s.steady(14.0);
  const LinearisedDraw L = s.lsa->linearise(p);
  const DrawResonanceMode mode = s.lsa->analyse(p);
  REQUIRE(mode.growth_rate_per_s < 0);
  // transients decay below 1e-4 of their start before the fit
  const double settle = std::log(1e4) / -mode.growth_rate_per_s;
  for (const double omega_tau : {0.3, 1.5, 5.0})
    {
      const double omega = omega_tau / L.residence_time_s;
      const std::complex<double> G = diameter_response(L, omega);
      const auto [amplitude, phase] = simulated_response(L, omega, 0.01, settle);
      std::cout << "cooled DR 14, omega " << omega << " rad/s (omega tau " << omega_tau
                << "): linear |G| " << std::abs(G) << ", phase " << phase_deg(G)
                << " deg; time integration " << amplitude << ", " << phase << " deg\n";
      CHECK(amplitude == Approx(std::abs(G)).epsilon(0.02));
      CHECK(std::abs(phase_difference_deg(phase, phase_deg(G))) < 2.0);
    }
}

TEST_CASE("transfer function: resonance peak near the critical draw ratio",
          "[transfer_function][verification]")
{
  LsaSetup s(false, lsa_settings(101, false));
  double previous_peak = 0;
  for (const double DR : {14.0, 18.0, 19.5})
    {
      const FilamentProfile p = s.steady(DR);
      const DrawResonanceMode mode = s.lsa->analyse(p);
      const LinearisedDraw L = s.lsa->linearise(p);
      REQUIRE(mode.stable);
      // |G| on a fine logarithmic grid from omega_c / 10 to 10 omega_c
      const double omega_c = mode.angular_frequency_rad_per_s;
      std::vector<double> f;
      for (int k = 0; k <= 400; ++k)
        f.push_back(omega_c / (2 * M_PI) * std::pow(10.0, -1 + k / 200.0));
      const TransferFunction tf = transfer_function(L, f);
      std::cout << "isothermal DR " << DR << ": leading eigenvalue " << mode.growth_rate_per_s
                << " + " << omega_c << " i 1/s; largest |G| " << tf.peak_amplitude_ratio << " at "
                << 2 * M_PI * tf.peak_frequency_Hz << " rad/s\n";
      for (const auto &q : tf.points)
        CHECK(std::isfinite(q.amplitude_ratio));
      CHECK(tf.peak_amplitude_ratio > previous_peak);
      if (DR > 19)
        {
          CHECK(2 * M_PI * tf.peak_frequency_Hz == Approx(omega_c).epsilon(0.05));
          CHECK(tf.peak_amplitude_ratio > 2);
        }
      previous_peak = tf.peak_amplitude_ratio;
    }
}

TEST_CASE("transfer function: analytic input against central differences", "[transfer_function]")
{
  for (const bool cooled : {false, true})
    {
      DrawResonanceSettings analytic = lsa_settings(61, false), fd = analytic;
      fd.finite_difference_jacobian = true;
      LsaSetup a(cooled, analytic), b(cooled, fd);
      const FilamentProfile p = a.steady(18.0);
      const LinearisedDraw La = a.lsa->linearise(p), Lb = b.lsa->linearise(p);
      REQUIRE(La.input.size() == Lb.input.size());
      double scale = 0;
      for (const double u : La.input)
        scale = std::max(scale, std::abs(u));
      for (std::size_t i = 0; i < La.input.size(); ++i)
        CHECK(La.input[i] == Approx(Lb.input[i]).margin(1e-5 * scale));
      // the steady state is an equilibrium of f
      for (const double r : La.rates(La.state, 0.0))
        CHECK(std::abs(r) <= 1e-9 * scale);
      const double omega = 1 / La.residence_time_s;
      CHECK(std::abs(diameter_response(La, omega) - diameter_response(Lb, omega)) < 1e-4);
    }
}

namespace
{
  TransferFunctionSettings parse_transfer(const std::string &body)
  {
    ParameterSet prm;
    {
      Section section(prm, "Transfer function");
      TransferFunctionSettings::declare_parameters(prm);
    }
    prm.parse_string("subsection Transfer function\n" + body + "end\n");
    Section section(prm, "Transfer function");
    TransferFunctionSettings s;
    s.parse_parameters(prm);
    return s;
  }
}  // namespace

TEST_CASE("transfer function: settings and bad input", "[transfer_function]")
{
  const TransferFunctionSettings s = parse_transfer("  set Enabled = true\n"
                                                    "  set Frequencies = 1e-3 : 1 : 4 : log\n"
                                                    "  set Wire diameter = 60e-6\n"
                                                    "  set Number of grid points = 101\n");
  CHECK(s.enabled);
  REQUIRE(s.frequencies_Hz.size() == 4);
  CHECK(s.frequencies_Hz[1] == Approx(1e-2));
  CHECK(s.wire_diameter_m == 60e-6);
  CHECK(s.n_grid_points == 101);
  for (const std::string bad : {"0, 1", "-1 : 1 : 5", "", "0 : 1 : 5 : log", "1, x"})
    {
      INFO("Frequencies = '" << bad << "'");
      try
        {
          parse_transfer("  set Frequencies = " + bad + "\n");
          FAIL("no error");
        }
      catch (const InputError &e)
        {
          const std::string what = e.what();
          INFO(what);
          CHECK(what.find("Transfer function/Frequencies") != std::string::npos);
          CHECK(what.find("'" + bad + "'") != std::string::npos);
          CHECK(what.find("Allowed: positive frequencies") != std::string::npos);
        }
    }
}

// Unit tests of the rheology models (materials/rheology.h): analytic derivatives against finite
// differences, low-stress limits, the VFT law of the Pd40Cu30Ni10P20 preset, the uniaxial
// (Trouton) inversion and the parameter interface.

#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "materials/rheology.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace hotdraw;
using Catch::Matchers::Contains;

namespace
{
  constexpr double k_B = 1.380649e-23;
  const double sqrt3 = std::sqrt(3.0);

  const Material &pd()
  {
    static const Material m = Material::preset("Pd40Cu30Ni10P20");
    return m;
  }

  void declare(ParameterSet &prm)
  {
    Section section(prm, "Rheology");
    declare_rheology_parameters(prm);
  }

  std::unique_ptr<RheologyModel> create(ParameterSet &prm)
  {
    Section section(prm, "Rheology");
    return create_rheology(prm, pd());
  }

  // A model chosen by name, with extra lines inside section "Rheology".
  std::unique_ptr<RheologyModel> make_model(const std::string &name, const std::string &extra = "")
  {
    ParameterSet prm;
    declare(prm);
    prm.parse_string("subsection Rheology\n  set Model = " + name + "\n" + extra + "end\n");
    return create(prm);
  }

  // Parse text and return the InputError message ("" if nothing was thrown).
  std::string input_error(const std::string &text)
  {
    ParameterSet prm;
    declare(prm);
    try
      {
        prm.parse_string(text, "test.prm");
        create(prm);
      }
    catch (const InputError &e)
      {
        return e.what();
      }
    return "";
  }

  // Temperatures Tg - 20 ... Tx + 30 and shear rates 1e-6 ... 1e4 (half decades).
  std::vector<double> temperatures()
  {
    const double Tg = pd().glass_transition_K, Tx = pd().crystallisation_K;
    return {Tg - 20, Tg - 10, Tg, Tg + 15, 610, 630, 650, Tx, Tx + 15, Tx + 30};
  }
  std::vector<double> shear_rates()
  {
    std::vector<double> g;
    for (int k = -12; k <= 8; ++k)
      g.push_back(std::pow(10.0, 0.5 * k));
    return g;
  }

  const double default_sigma_c = 1e8;  // "Critical stress" default of Cross, CY and power law
}  // namespace

TEST_CASE("rheology: every model has analytic derivatives matching finite differences",
          "[rheology]")
{
  // Compared as dimensionless logarithmic derivatives d ln eta / d ln gamma_dot and
  // d ln eta / dT (1/K): relative tolerance 1e-5 plus an absolute floor of 1e-9 where the
  // derivative itself vanishes (e.g. the Newtonian plateau), far below any physical effect.
  const double h_gamma = 1e-5;  // relative step in gamma_dot
  const double h_T = 1e-3;      // K
  for (const std::string &name : rheology_model_names())
    for (const bool capped : {false, true})
      {
        const auto model = make_model(name);
        INFO("model " << name << (capped ? " with" : " without") << " the glass cap");
        auto eval = [&](double T, double g) {
          return capped ? model->evaluate(T, g) : model->evaluate_without_cap(T, g);
        };
        for (const double T : temperatures())
          for (const double g : shear_rates())
            {
              if (name == "Power law")
                {
                  // skip the kink at gamma_c = sigma_c / eta_N (derivative jumps there)
                  const double gamma_c = default_sigma_c / model->newtonian(T).eta;
                  if (std::abs(std::log(g / gamma_c)) < 1e-2)
                    continue;
                }
              INFO("T = " << T << " K, gamma_dot = " << g << " 1/s");
              const Viscosity v = eval(T, g);
              REQUIRE(v.eta > 0);
              const double fd_g =
                (eval(T, g * (1 + h_gamma)).eta - eval(T, g * (1 - h_gamma)).eta) /
                (2 * h_gamma * g);
              const double fd_T = (eval(T + h_T, g).eta - eval(T - h_T, g).eta) / (2 * h_T);
              const double an_g = g * v.deta_dgamma / v.eta, num_g = g * fd_g / v.eta;
              const double an_T = v.deta_dT / v.eta, num_T = fd_T / v.eta;
              CHECK(std::abs(an_g - num_g) <= 1e-5 * std::abs(an_g) + 1e-9);
              CHECK(std::abs(an_T - num_T) <= 1e-5 * std::abs(an_T) + 1e-9);
            }
      }
}

TEST_CASE("rheology: shear thinning really happens (derivative tests are not vacuous)",
          "[rheology]")
{
  const double T = 640;
  for (const std::string &name : rheology_model_names())
    {
      const auto model = make_model(name);
      const double eta_N = model->newtonian(T).eta;
      // Newtonian stress eta_N gamma_dot = 1e10 Pa, far above every critical stress
      const Viscosity v = model->evaluate_without_cap(T, 1e10 / eta_N);
      INFO("model " << name);
      if (name == "VFT Newtonian")
        CHECK(v.eta == eta_N);
      else
        {
          CHECK(v.eta < 0.5 * eta_N);
          CHECK(v.deta_dgamma < 0);
        }
    }
}

TEST_CASE("rheology: model formulas", "[rheology]")
{
  const Material &m = pd();
  for (const double T : {560.0, 600.0, 640.0, 690.0})
    for (const double g : {1e-3, 1e-1, 1.0, 30.0, 1e3})
      {
        INFO("T = " << T << ", gamma_dot = " << g);
        const double eta_N = m.vft_viscosity(T);
        const auto rel = [](double a, double b) { return std::abs(a - b) / std::abs(b); };

        // Eyring, in its implicit physical form eta = eta_N x / sinh(x),
        // x = sigma_eq V / (2 sqrt3 k T), sigma_eq = sqrt3 eta gamma_dot.
        const double eta_e = make_model("Eyring")->evaluate_without_cap(T, g).eta;
        const double x = sqrt3 * eta_e * g * m.activation_volume_m3 / (2 * sqrt3 * k_B * T);
        CHECK(rel(eta_e, x < 1e-8 ? eta_N : eta_N * x / std::sinh(x)) < 1e-10);

        // Kato: eta / eta_N = 1 - exp(-sigma* / (eta_N eps_dot)), eps_dot = gamma_dot / sqrt3
        const double eta_k = make_model("Kato")->evaluate_without_cap(T, g).eta;
        CHECK(rel(eta_k, -eta_N * std::expm1(-m.kato_sigma_star_Pa / (eta_N * g / sqrt3))) < 1e-12);

        // Cross with n = 0.3, sigma_c = 1e8 Pa
        const double eta_c = make_model("Cross")->evaluate_without_cap(T, g).eta;
        CHECK(rel(eta_c, eta_N / (1 + std::pow(eta_N * g / 1e8, 0.7))) < 1e-12);

        // Carreau-Yasuda with explicit parameters
        const double eta_cy =
          make_model("Carreau-Yasuda", "subsection Carreau-Yasuda\n set Flow index = 0.4\n"
                                       " set Yasuda exponent = 1.5\n"
                                       " set Infinite-shear viscosity ratio = 0.01\n end\n")
            ->evaluate_without_cap(T, g)
            .eta;
        const double lambda = eta_N / 1e8;
        CHECK(rel(eta_cy, 0.01 * eta_N +
                            0.99 * eta_N * std::pow(1 + std::pow(lambda * g, 1.5), -0.6 / 1.5)) <
              1e-12);

        // truncated power law, n = 0.3
        const double eta_p = make_model("Power law")->evaluate_without_cap(T, g).eta;
        const double gamma_c = 1e8 / eta_N;
        CHECK(rel(eta_p, g <= gamma_c ? eta_N : eta_N * std::pow(g / gamma_c, -0.7)) < 1e-12);
      }
}

TEST_CASE("rheology: low-stress limit is Newtonian", "[rheology]")
{
  // 1e-20 1/s: the Cross model approaches eta_N only as (eta_N gamma_dot/sigma_c)^(1-n).
  for (const std::string &name : rheology_model_names())
    {
      const auto model = make_model(name);
      for (const double T : temperatures())
        for (const double g : {0.0, 1e-20})
          {
            INFO("model " << name << ", T = " << T << ", gamma_dot = " << g);
            const Viscosity n = model->newtonian(T);
            const Viscosity v = model->evaluate_without_cap(T, g);
            CHECK(std::abs(v.eta / n.eta - 1) < 1e-6);
            CHECK(std::abs(v.deta_dT / n.deta_dT - 1) < 1e-6);
            // with the cap: eta_N eta_max / (eta_N + eta_max)
            const double cap = model->glass_cap();
            CHECK(std::abs(model->evaluate(T, g).eta / (n.eta * cap / (n.eta + cap)) - 1) < 1e-6);
          }
    }

  // The power law equals eta_N exactly below gamma_c = sigma_c / eta_N and falls above it.
  const auto power = make_model("Power law");
  for (const double T : temperatures())
    {
      const double eta_N = power->newtonian(T).eta, gamma_c = default_sigma_c / eta_N;
      for (const double f : {1e-6, 1e-2, 0.5, 0.999})
        CHECK(power->evaluate_without_cap(T, f * gamma_c).eta == eta_N);
      CHECK(power->evaluate_without_cap(T, 1.01 * gamma_c).eta < eta_N);
      CHECK(power->evaluate_without_cap(T, 100 * gamma_c).eta ==
            Approx(eta_N * std::pow(100.0, 0.3 - 1)).epsilon(1e-12));
    }
}

TEST_CASE("rheology: VFT law of the Pd40Cu30Ni10P20 preset", "[rheology][vft]")
{
  const auto model = make_model("VFT Newtonian");
  const double eta_Tg = model->newtonian(575).eta;
  CHECK(eta_Tg > 0.5e12);
  CHECK(eta_Tg < 2e12);
  const std::vector<std::pair<double, double>> table = {
    {600, 3.6e9}, {620, 1.2e8}, {640, 7.9e6}, {660, 8.2e5}, {680, 1.2e5}};
  for (const auto &[T, eta] : table)
    {
      INFO("T = " << T << " K");
      CHECK(std::abs(model->newtonian(T).eta / eta - 1) < 0.10);
      CHECK(std::abs(pd().vft_viscosity(T) / eta - 1) < 0.10);
    }
  CHECK(std::abs(pd().fragility_index() - 65) < 2);

  // The model's fragility from its own derivative: m = -d log10(eta)/d(Tg/T) = T^2/Tg dlog10/dT
  const double Tg = pd().glass_transition_K;
  const Viscosity v = model->newtonian(Tg);
  CHECK(std::abs(-Tg * v.deta_dT / v.eta / std::log(10.0) - pd().fragility_index()) < 1e-9);

  // Held constant at 1e30 Pa s near and below T0.
  for (const double T : {300.0, pd().vft_T0_K, pd().vft_T0_K + 5})
    {
      CHECK(model->newtonian(T).eta == 1e30);
      CHECK(model->newtonian(T).deta_dT == 0);
      CHECK(std::isfinite(model->evaluate(T, 1.0).eta));
    }
  // and continuous where the clamp starts, eta0 exp(D* T0/(T_clamp - T0)) = 1e30
  const double T_clamp =
    pd().vft_T0_K + pd().vft_fragility_D * pd().vft_T0_K / std::log(1e30 / pd().vft_eta0_Pa_s);
  CHECK(model->newtonian(T_clamp + 1e-9).eta == Approx(1e30).epsilon(1e-6));
  CHECK(model->newtonian(T_clamp + 1e-9).deta_dT < 0);

  // The cap: eta_eff = eta eta_max / (eta + eta_max), far below eta_N in the glass.
  CHECK(model->glass_cap() == 1e14);
  CHECK(model->evaluate(450, 0).eta == Approx(1e14).epsilon(1e-12));
  CHECK(model->evaluate(680, 0).eta == Approx(model->newtonian(680).eta).epsilon(1e-8));
}

TEST_CASE("rheology: batch evaluation equals single evaluation", "[rheology]")
{
  const auto model = make_model("Eyring");
  const std::vector<double> T = {560, 620, 680}, g = {1e-3, 1.0, 1e3};
  std::vector<Viscosity> out;
  model->evaluate(T, g, out);
  REQUIRE(out.size() == 3);
  for (unsigned int i = 0; i < 3; ++i)
    {
      const Viscosity v = model->evaluate(T[i], g[i]);
      CHECK(out[i].eta == v.eta);
      CHECK(out[i].deta_dgamma == v.deta_dgamma);
      CHECK(out[i].deta_dT == v.deta_dT);
    }
  CHECK_THROWS(model->evaluate(T, std::vector<double>{1.0}, out));
  CHECK_THROWS_AS(model->evaluate(600, -1.0), SolverError);
  CHECK_THROWS_AS(model->evaluate(600, std::nan("")), SolverError);
}

TEST_CASE("rheology: uniaxial inversion 3 eta eps_dot = sigma and its derivatives",
          "[rheology][extension]")
{
  const double h_sigma = 1e-5;  // relative
  const double h_T = 1e-3;      // K
  for (const std::string &name : rheology_model_names())
    {
      const auto model = make_model(name);
      for (const double T : {555.0, 575.0, 600.0, 640.0, 670.0, 700.0})
        for (const double sigma : {1e-3, 1.0, 1e3, 1e5, 1e6, 1e7, 3e7, 1e8, 3e8, 1e9, 1.4e9})
          {
            INFO("model " << name << ", T = " << T << " K, sigma = " << sigma << " Pa");
            // a model whose stress saturates cannot carry more (tested separately below)
            if (sigma * (1 + h_sigma) >= model->max_uniaxial_stress(T))
              {
                CHECK_THROWS_AS(model->extension_rate(T, model->max_uniaxial_stress(T)),
                                SolverError);
                continue;
              }
            const auto e = model->extension_rate(T, sigma);
            REQUIRE(e.eps_dot > 0);
            const double eta = model->evaluate(T, sqrt3 * e.eps_dot).eta;
            CHECK(std::abs(3 * eta * e.eps_dot - sigma) <= 1e-10 * sigma);

            if (name == "Power law")
              {
                const double gamma_c = default_sigma_c / model->newtonian(T).eta;
                if (std::abs(std::log(sqrt3 * e.eps_dot / gamma_c)) < 5e-3)
                  continue;
              }
            const double fd_sigma = (model->extension_rate(T, sigma * (1 + h_sigma)).eps_dot -
                                     model->extension_rate(T, sigma * (1 - h_sigma)).eps_dot) /
                                    (2 * h_sigma * sigma);
            const double fd_T = (model->extension_rate(T + h_T, sigma).eps_dot -
                                 model->extension_rate(T - h_T, sigma).eps_dot) /
                                (2 * h_T);
            CHECK(e.deps_dsigma > 0);
            CHECK(e.deps_dT > 0);  // hotter is softer for every model
            CHECK(std::abs(e.deps_dsigma - fd_sigma) <= 1e-5 * std::abs(e.deps_dsigma));
            CHECK(std::abs(e.deps_dT - fd_T) <= 1e-5 * std::abs(e.deps_dT));
          }

      // zero stress: no flow, compliance 1 / (3 eta(T, 0))
      const auto e0 = model->extension_rate(640, 0);
      CHECK(e0.eps_dot == 0);
      CHECK(e0.deps_dsigma == Approx(1 / (3 * model->evaluate(640, 0).eta)).epsilon(1e-12));
      CHECK_THROWS_AS(model->extension_rate(640, -1), SolverError);
    }
}

TEST_CASE("rheology: Kato stress saturates at 3 sigma*", "[rheology][extension]")
{
  const auto kato = make_model("Kato");
  const double sigma_star = pd().kato_sigma_star_Pa;
  CHECK(kato->max_uniaxial_stress(640) == 3 * sigma_star);
  CHECK(make_model("Eyring")->max_uniaxial_stress(640) == std::numeric_limits<double>::infinity());

  // The uniaxial stress 3 eta eps_dot rises monotonically towards 3 sigma* and never reaches it.
  double previous = 0;
  for (double eps = 1e-4; eps < 1e12; eps *= 10)
    {
      const double stress = 3 * kato->evaluate(640, sqrt3 * eps).eta * eps;
      CHECK(stress > previous);
      CHECK(stress < 3 * sigma_star);
      previous = stress;
    }
  CHECK(previous > 0.99 * 3 * sigma_star);

  // Just below saturation the inversion still works; at or above it throws naming model and
  // stress.
  const double sigma = 3 * sigma_star * (1 - 1e-6);
  const auto e = kato->extension_rate(640, sigma);
  CHECK(std::abs(3 * kato->evaluate(640, sqrt3 * e.eps_dot).eta * e.eps_dot - sigma) <=
        1e-10 * sigma);
  CHECK_THROWS_AS(kato->extension_rate(640, 3 * sigma_star), SolverError);
  try
    {
      kato->extension_rate(640, 2e9);
      FAIL("no SolverError above 3 sigma*");
    }
  catch (const SolverError &err)
    {
      CHECK_THAT(std::string(err.what()), Contains("Kato") && Contains(to_string(2e9)) &&
                                            Contains(to_string(3 * sigma_star)));
    }
}

TEST_CASE("rheology: parameters", "[rheology][parameters]")
{
  // the registry holds at least the built-in laws, and documents every law it holds
  for (const std::string name :
       {"VFT Newtonian", "Eyring", "Kato", "Cross", "Carreau-Yasuda", "Power law"})
    CHECK(rheology_models().contains(name));
  {
    ParameterSet prm;
    declare(prm);
    std::ostringstream doc;
    prm.print_documentation(doc);
    for (const std::string &name : rheology_model_names())
      CHECK_THAT(doc.str(), Contains("'" + name + "':"));
  }

  for (const std::string &name : rheology_model_names())
    {
      INFO("model " << name);
      ParameterSet prm;
      declare(prm);
      prm.parse_string("subsection Rheology\n  set Model = " + name +
                       "\n  set Glass viscosity cap = 3e13\n"
                       "  subsection Cross\n    set Flow index = 0.5\n  end\n"
                       "  subsection Eyring\n    set Activation volume = 2e-28\n  end\n"
                       "  subsection Kato\n    set Sigma star = 4e8\n  end\n"
                       "  subsection Power law\n    set Critical stress = 5e7\n  end\n"
                       "end\n");
      const auto model = create(prm);
      CHECK(model->name() == name);
      CHECK(model->glass_cap() == 3e13);

      // Round trip through the fully resolved parameter file.
      std::ostringstream resolved;
      prm.print_resolved(resolved);
      ParameterSet again;
      declare(again);
      again.parse_string(resolved.str(), "resolved.prm");
      const auto model2 = create(again);
      CHECK(model2->name() == name);
      for (const double g : {1e-2, 1.0, 1e2})
        CHECK(model2->evaluate(620, g).eta == model->evaluate(620, g).eta);
    }

  // Overrides take effect: Kato's saturation and the Eyring activation volume.
  CHECK(make_model("Kato", "subsection Kato\n set Sigma star = 4e8\n end\n")
          ->max_uniaxial_stress(600) == 1.2e9);
  {
    const auto a = make_model("Eyring"),
               b = make_model("Eyring", "subsection Eyring\n set Activation volume = 2.6e-28\n"
                                        " end\n");
    // eta depends on gamma_dot V only: doubling V equals doubling the rate
    CHECK(b->evaluate_without_cap(620, 10).eta ==
          Approx(a->evaluate_without_cap(620, 20).eta).epsilon(1e-12));
  }

  // Default model.
  {
    ParameterSet prm;
    declare(prm);
    prm.parse_string("");
    CHECK(create(prm)->name() == "Eyring");
  }

  // Out-of-range values: InputError with section path, parameter name and value.
  std::string msg = input_error("subsection Rheology\n set Model = Cross\n subsection Cross\n set "
                                "Flow index = 1.5\n end\nend\n");
  CHECK_THAT(msg, Contains("Rheology/Cross") && Contains("Flow index") && Contains("1.5"));

  msg = input_error("subsection Rheology\n set Glass viscosity cap = 1e25\nend\n");
  CHECK_THAT(msg, Contains("Rheology") && Contains("Glass viscosity cap") && Contains("1e25"));

  msg = input_error("subsection Rheology\n subsection Eyring\n set Activation volume = 1e-20\n"
                    " end\nend\n");
  CHECK_THAT(msg,
             Contains("Rheology/Eyring") && Contains("Activation volume") && Contains("1e-20"));

  msg = input_error("subsection Rheology\n set Model = Bingham\nend\n");
  CHECK_THAT(msg, Contains("Rheology") && Contains("Model") && Contains("Bingham"));

  // Values inside the pattern but rejected by the model (through ParameterSet::fail).
  msg = input_error(
    "subsection Rheology\n set Model = Cross\n subsection Cross\n set Flow index = 1\n end\nend\n");
  CHECK_THAT(msg, Contains("Rheology/Cross/Flow index") && Contains("'1'"));

  msg = input_error("subsection Rheology\n set Model = Power law\n subsection Power law\n"
                    " set Flow index = 0\n end\nend\n");
  CHECK_THAT(msg, Contains("Rheology/Power law/Flow index") && Contains("'0'"));

  msg = input_error("subsection Rheology\n set Model = Carreau-Yasuda\n"
                    " subsection Carreau-Yasuda\n set Yasuda exponent = 0\n end\nend\n");
  CHECK_THAT(msg, Contains("Rheology/Carreau-Yasuda/Yasuda exponent") && Contains("'0'"));

  // A model's parameters are only checked when it is chosen.
  CHECK(input_error("subsection Rheology\n set Model = Eyring\n subsection Cross\n"
                    " set Flow index = 1\n end\nend\n") == "");
}

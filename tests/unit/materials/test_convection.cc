// Unit tests of the convective heat-transfer model (materials/convection.h).

#include "materials/convection.h"
#include "materials/convection/correlation.h"
#include "materials/parameters.h"
#include "materials/registry.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace hotdraw;
using Catch::Matchers::Contains;

namespace
{
  // Air at about 450 K (docs/physics.md section 4.4).
  constexpr double k_air = 0.037, nu_air = 3.2e-5, Pr_air = 0.69, g = 9.81;

  // Independent transcriptions of the correlations.
  double churchill_chu(double d, double T, double T_gas)
  {
    const double beta = 2 / (T + T_gas);
    const double alpha = nu_air / Pr_air;
    const double Ra = g * beta * std::abs(T - T_gas) * std::pow(d, 3) / (nu_air * alpha);
    const double psi = std::pow(1 + std::pow(0.559 / Pr_air, 9.0 / 16), 8.0 / 27);
    return std::pow(0.60 + 0.387 * std::pow(Ra, 1.0 / 6) / psi, 2);
  }
  double kase_matsuo(double d, double v, double v_c)
  {
    const double Re = v * d / nu_air;
    return 0.42 * std::pow(Re, 0.334) * std::pow(1 + std::pow(8 * v_c / v, 2), 1.0 / 6);
  }

  ConvectionModel parse(const std::string &convection_lines)
  {
    ParameterSet prm;
    {
      Section section(prm, "Heat transfer");
      ConvectionModel::declare_parameters(prm);
    }
    prm.parse_string("subsection Heat transfer\n subsection Convection\n" + convection_lines +
                     " end\nend\n");
    ConvectionModel c;
    {
      Section section(prm, "Heat transfer");
      c.parse_parameters(prm);
    }
    return c;
  }
}  // namespace

TEST_CASE("convection: correlations against hand-computed values", "[convection]")
{
  const ConvectionCorrelation c(k_air, nu_air, Pr_air, 0.0);
  const double R = 50e-6, d = 2 * R;

  // Hand computation for d = 100 um, T = 600 K in 450 K air:
  //   Ra = 9.81 (1/525) 150 (1e-4)^3 0.69 / (3.2e-5)^2 = 1.8886e-3,
  //   Nu_nat = (0.60 + 0.387 Ra^(1/6) / 1.2071)^2 = 0.50795;
  //   v = 0.1 m/s: Re = 0.3125, Nu_forced = 0.42 Re^0.334 = 0.28479;
  //   with v_c = 0.05 m/s: factor (1 + 4^2)^(1/6) = 1.6035, Nu_forced = 0.45667.
  CHECK(c.nusselt_natural(R, 600, 450) == Approx(0.50795).epsilon(1e-4));
  CHECK(c.nusselt_forced(R, 0.1) == Approx(0.28479).epsilon(1e-4));
  CHECK(c.nusselt_natural(R, 600, 450) == Approx(churchill_chu(d, 600, 450)).epsilon(1e-12));
  CHECK(c.nusselt_forced(R, 0.1) == Approx(kase_matsuo(d, 0.1, 0)).epsilon(1e-12));
  const double Nu = std::cbrt(std::pow(0.50795, 3) + std::pow(0.28479, 3));
  CHECK(c.h(0, R, 0.1, 600, 450, 0) == Approx(Nu * k_air / d).epsilon(1e-4));

  // natural convection is symmetric in T - T_gas (|T - T_gas|, film temperature)
  CHECK(c.nusselt_natural(R, 450, 600) == Approx(c.nusselt_natural(R, 600, 450)));
  // conduction limit: no temperature difference
  CHECK(c.nusselt_natural(R, 500, 500) == Approx(0.36).epsilon(1e-12));

  const ConvectionCorrelation cross(k_air, nu_air, Pr_air, 0.05);
  CHECK(cross.nusselt_forced(R, 0.1) == Approx(0.45667).epsilon(1e-4));
  CHECK(cross.nusselt_forced(R, 0.1) == Approx(kase_matsuo(d, 0.1, 0.05)).epsilon(1e-12));
  CHECK(cross.nusselt_forced(R, 2.0) == Approx(kase_matsuo(d, 2.0, 0.05)).epsilon(1e-12));

  // a filament at rest: natural convection only, with or without cross-flow
  CHECK(c.nusselt_forced(R, 0) == 0);
  CHECK(cross.nusselt_forced(R, 0) == 0);
  CHECK(cross.h(0, R, 0, 600, 450, 0) == Approx(churchill_chu(d, 600, 450) * k_air / d));
  CHECK_THROWS_AS(c.h(0, 0.0, 0.1, 600, 450, 0), SolverError);
}

TEST_CASE("convection: docs/physics.md's estimate for 60-200 um wires", "[convection]")
{
  // docs/physics.md section 4.4: Nu ~ 0.5, h ~ 90-310 W/(m^2 K) for 60-200 um wires at 0.03-0.3
  // m/s, T = 600 K in 450 K air. (These correlations give 0.48-0.69 and 109-325 W/(m^2 K).)
  const ConvectionModel c(std::make_shared<ConvectionCorrelation>(k_air, nu_air, Pr_air, 0.0));
  for (const double d : {60e-6, 100e-6, 200e-6})
    for (const double v : {0.03, 0.1, 0.3})
      {
        INFO("d = " << d << " m, v = " << v << " m/s");
        const double h = c.h(0, d / 2, v, 600, 450);
        const double Nu = h * d / k_air;
        CHECK(Nu >= 0.3);
        CHECK(Nu <= 1.2);
        CHECK(h >= 60);
        CHECK(h <= 500);
      }
}

TEST_CASE("convection: parameters", "[convection][parameters]")
{
  // defaults: correlation with air at 450 K
  {
    const ConvectionModel c = parse("");
    REQUIRE(c.law().name() == "correlation");
    const auto &law = dynamic_cast<const ConvectionCorrelation &>(c.law());
    CHECK(law.nusselt_natural(50e-6, 600, 450) == Approx(churchill_chu(100e-6, 600, 450)));
  }
  // cross-flow speed from the file
  {
    const ConvectionModel c =
      parse("  subsection Correlation\n  set Cross-flow speed = 0.05\n  end\n");
    const auto &law = dynamic_cast<const ConvectionCorrelation &>(c.law());
    CHECK(law.nusselt_forced(50e-6, 0.1) == Approx(kase_matsuo(100e-6, 0.1, 0.05)));
  }
  // given h(z, t)
  {
    const ConvectionModel c =
      parse("  set Model = given\n  subsection Given\n  set Heat transfer coefficient = "
            "50 + 200*exp(-(z/0.004)^2) + 10*t\n  end\n");
    CHECK(c.law().name() == "given");
    CHECK(c.h(0, 50e-6, 0.1, 600, 450) == Approx(250));
    CHECK(c.h(0.004, 50e-6, 0.1, 600, 450) == Approx(50 + 200 / std::exp(1.0)));
    CHECK(c.h(0.004, 50e-6, 0.1, 600, 450, 2.0) == Approx(70 + 200 / std::exp(1.0)));
  }
  // a given h that becomes negative somewhere is reported when it is met
  {
    const ConvectionModel c = parse("  set Model = given\n  subsection Given\n"
                                    "  set Heat transfer coefficient = 100 - 1e5*z\n  end\n");
    CHECK_THROWS_AS(c.h(0.01, 50e-6, 0.1, 600, 450), InputError);
  }

  auto message = [](const std::string &lines) -> std::string {
    try
      {
        parse(lines);
      }
    catch (const InputError &e)
      {
        return e.what();
      }
    return "";
  };
  CHECK_THAT(message("  set Model = given\n  subsection Given\n"
                     "  set Heat transfer coefficient = -5\n  end\n"),
             Contains("Heat transfer/Convection/Given/Heat transfer coefficient") &&
               Contains("-5"));
  CHECK_THAT(message("  set Model = given\n  subsection Given\n"
                     "  set Heat transfer coefficient = 100 +* z\n  end\n"),
             Contains("Heat transfer/Convection/Given/Heat transfer coefficient") &&
               Contains("100 +* z"));
  CHECK_THAT(message("  subsection Correlation\n  set Gas Prandtl number = 1000\n  end\n"),
             Contains("Heat transfer/Convection/Correlation") && Contains("Gas Prandtl number") &&
               Contains("1000"));
  CHECK_THAT(message("  set Model = fixed\n"), Contains("Model") && Contains("fixed"));
}

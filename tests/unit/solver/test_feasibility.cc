// Feasibility verdicts (solver/feasibility/): the path quantities against closed forms, one
// constructed case per check (every registered check is exercised because it is registered),
// failed solves, and the runaway process measured in issue 12 (feed 2 mm/s, 8 mm hot zone,
// h = 2000 W/(m^2 K)), which must come out infeasible with its reasons.
#include "lsa_test_cases.h"
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/rheology.h"
#include "materials/structural_state.h"
#include "solver/case_setup.h"
#include "solver/feasibility/feasibility.h"
#include "solver/sweep.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>
#include <limits>
#include <map>

using namespace hotdraw;

namespace
{
  CaseSetup parse(const std::string &text)
  {
    ParameterSet prm;
    declare_all_parameters(prm);
    prm.parse_string(text + "subsection Property mapping\n  subsection Calibration\n"
                            "    set Calibrate = false\n  end\nend\n",
                     "test_feasibility");
    return parse_case(prm, ".");
  }

  // A wire that passes every check of the Pd preset.
  WireResult good_wire()
  {
    WireResult w;
    w.diameter_m = 60e-6;
    w.draw_ratio = 278;
    w.draw_force_N = 0.5;
    w.peak_temperature_K = 640;
    w.outlet_temperature_K = 400;
    w.max_axial_stress_Pa = 100e6;
    w.residence_time_above_Tg_s = 40;
    w.crystallisation_index = 0.2;
    w.stress_margin = 0.8;
    w.stress_margin_temperature_K = 560;
    w.critical_draw_ratio = std::numeric_limits<double>::infinity();
    return w;
  }

  // the text of a wire's finding 'reason' (empty if it has none)
  std::string finding(const WireResult &w, const std::string &reason)
  {
    for (const auto &[r, text] : w.findings)
      if (r == reason)
        return text;
    return "";
  }
}  // namespace

TEST_CASE("TTT curve and strength of the Pd preset", "[feasibility]")
{
  const Material m = Material::preset("Pd40Cu30Ni10P20");
  // anchored at Tx: t_x(Tx) = t_ref
  CHECK(m.crystallisation_time_s(m.crystallisation_K) == Approx(m.ttt_reference_time_s));
  // t_x(660 K) = 27 s exp[(400e3/R)(1/660 - 1/670)] = 80.8 s (docs/physics.md section 11)
  CHECK(m.crystallisation_time_s(660) == Approx(80.8).epsilon(0.01));
  // hotter crystallises sooner
  CHECK(m.crystallisation_time_s(680) < m.crystallisation_time_s(660));
  // Johnson-Samwer: the yield strength at room temperature, (0.036 - 0.016)/(0.036 - 0.016
  // (298.15/575)^(2/3)) of it at and above Tg
  CHECK(m.strength_Pa(298.15) == Approx(m.yield_strength_Pa));
  const double ratio = 0.020 / (0.036 - 0.016 * std::pow(298.15 / 575.0, 2.0 / 3.0));
  CHECK(m.strength_Pa(575) == Approx(ratio * m.yield_strength_Pa));
  CHECK(m.strength_Pa(650) == Approx(m.strength_Pa(575)));
}

TEST_CASE("path limits: Hillert additivity and the stress margin in closed form", "[feasibility]")
{
  const CaseSetup c = parse("");
  const Material &m = c.material;
  // 30 s at 660 K, then 20 s at 650 K (steps in T at t = 30 s are made steep): the index is
  // 30/t_x(660) + 20/t_x(650) within the width of the step
  PathHistory h;
  h.push_back(0, 660, 100e6, 0);
  h.push_back(30, 660, 100e6, 0);
  h.push_back(30 + 1e-9, 650, 200e6, 0);
  h.push_back(50, 650, 200e6, 0);
  const PathLimits l = path_limits(m, *c.rheology, h, 298.15);
  const double expected = 30 / m.crystallisation_time_s(660) + 20 / m.crystallisation_time_s(650);
  CHECK(l.crystallisation_index == Approx(expected).epsilon(1e-6));
  // the largest stress at the same strength (above Tg) sets the margin
  CHECK(l.stress_margin == Approx(1 - 200e6 / m.strength_Pa(650)).epsilon(1e-9));
  CHECK(l.stress_margin_temperature_K == 650);
}

TEST_CASE("every registered check fails its constructed case and only that one", "[feasibility]")
{
  const CaseSetup c = parse("");
  const FeasibilityContext context = feasibility_context(c);
  REQUIRE(c.feasibility.checks.size() == feasibility_checks().entries().size());
  {
    WireResult w = good_wire();
    judge(c.feasibility, context, w);
    INFO(w.reasons());
    CHECK(w.status == status::ok);
    CHECK(w.reasons().empty());
  }
  // one constructed violation per reason
  const std::map<std::string, std::function<void(WireResult &)>> violate = {
    {"not_supercooled", [](WireResult &w) { w.peak_temperature_K = 570; }},
    {"crystallised", [](WireResult &w) { w.crystallisation_index = 1.3; }},
    {"above_Tx", [](WireResult &w) { w.peak_temperature_K = 761; }},
    {"overstressed", [](WireResult &w) { w.stress_margin = -0.2; }},
    {"not_vitrified", [](WireResult &w) { w.outlet_temperature_K = 570; }},
    {"draw_resonance", [](WireResult &w) { w.critical_draw_ratio = 100; }},
  };
  unsigned int tested = 0;
  for (const auto &check : c.feasibility.checks)
    {
      const auto v = violate.find(check->reason());
      INFO("check with reason " << check->reason());
      REQUIRE(v != violate.end());  // a new check needs its constructed case here
      WireResult w = good_wire();
      v->second(w);
      judge(c.feasibility, context, w);
      CHECK(w.status == status::infeasible);
      REQUIRE(w.findings.size() == 1);
      CHECK(w.findings.front().first == check->reason());
      CHECK(!w.findings.front().second.empty());
      // the continuous constraint of the inverse design agrees with the verdict
      CHECK(check->constraint(w, context) > 0);
      CHECK(check->constraint(good_wire(), context) <= 0);
      ++tested;
    }
  CHECK(tested == c.feasibility.checks.size());
  // a check that is switched off is not judged
  const CaseSetup only = parse("subsection Feasibility\n set Checks = vitrification\nend\n");
  WireResult w = good_wire();
  w.peak_temperature_K = 761;
  judge(only.feasibility, feasibility_context(only), w);
  CHECK(w.status == status::ok);
}

TEST_CASE("failed solves are marked with the solver's reason", "[feasibility]")
{
  WireResult w;
  mark_failed(w, "thin-filament model: continuation stalled at draw ratio 98");
  CHECK(w.status == status::failed);
  CHECK(w.reasons() == "solver_failed");
  mark_failed(w, std::string(neck_frozen_marker) + " at draw ratio 98, 12 % of the thinning");
  CHECK(w.reasons() == "neck_frozen");
  mark_failed(w, std::string(too_cold_marker) + " at draw ratio 28 the stress already reaches");
  CHECK(w.reasons() == "too_cold");
  CHECK(!w.feasible());
}

TEST_CASE("the runaway process of issue 12 is infeasible, with its reasons", "[feasibility]")
{
  // measured on the 1-D model: viscous heating runs the 60 um wire away above Tx
  const CaseSetup c = parse("subsection Geometry and process\n"
                            "  set Feed speed = 2e-3\n"
                            "  set Hot-zone length = 8e-3\n"
                            "  set Draw temperature = 655\n"
                            "  set Wire diameter = 60e-6\n"
                            "end\n"
                            "subsection Heat transfer\n"
                            "  subsection Convection\n"
                            "    set Model = given\n"
                            "    subsection Given\n"
                            "      set Heat transfer coefficient = 100 + 1900*0.5*(tanh(z/0.001) - "
                            "tanh((z - 0.008)/0.001))\n"
                            "    end\n"
                            "  end\n"
                            "end\n");
  const auto [w, p] = solve_thin_wire(c, 60e-6);
  INFO(w.error);
  REQUIRE(w.status != status::failed);
  std::cout << "runaway 60 um: peak " << w.peak_temperature_K << " K, outlet "
            << w.outlet_temperature_K << " K, index " << w.crystallisation_index
            << ", stress margin " << w.stress_margin << ", status " << w.status << " ("
            << w.reasons() << ")\n";
  CHECK(w.status == status::infeasible);
  // measured: peak 760 K at 1.8 GPa, and the draw is unstable too: five reasons
  CHECK(w.reasons() == "crystallised;draw_resonance;above_Tx;overstressed;not_vitrified");
  CHECK(w.resonance_growth_rate_per_s > 0);
  // the leading mode is a thermal runaway (real eigenvalue), not a short wave: no caveat
  CHECK(std::isinf(w.resonance_wavelength_radii));
  CHECK(finding(w, "draw_resonance").find("conservative") == std::string::npos);
  CHECK(w.peak_temperature_K > c.material.crystallisation_K);
  CHECK(w.stress_margin < 0);
  CHECK(w.crystallisation_index > 1);
}

// The cooled test draw of the draw-resonance tests at DR 60: its leading mode (the fast one,
// +0.116 1/s) is only 1.5 rod radii long near the inlet, where the actual rod damps it (the FE:
// tests/unit/fe/test_draw_resonance.cc); the verdict stands but says it is conservative.
TEST_CASE("the draw-resonance finding says when the unstable mode is short", "[feasibility]")
{
  const CaseSetup c = testing::make_case(testing::lsa_test_case(true));
  const auto [w, p] = solve_thin_wire(c, 1e-3 / std::sqrt(60.0));
  INFO(w.error);
  REQUIRE(w.status != status::failed);
  const std::string why = finding(w, "draw_resonance");
  std::cout << "cooled test draw at DR " << w.draw_ratio << ": growth rate "
            << w.resonance_growth_rate_per_s << " 1/s, mode " << w.resonance_wavelength_radii
            << " radii long; " << why << "\n";
  CHECK(w.draw_ratio == Approx(60).epsilon(1e-6));
  CHECK(w.resonance_growth_rate_per_s == Approx(0.116).epsilon(0.03));
  CHECK(w.resonance_wavelength_radii == Approx(1.465).epsilon(0.02));
  CHECK(why.find("conservative: the mode is only 1.4") != std::string::npos);
}

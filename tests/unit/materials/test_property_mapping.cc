// Property mapping (materials/property_mapping.h): literature and calibrated mappings, the layer
// fraction, access by name for the calibration, and the parameters.
#include "materials/mapping/interstitialcy.h"
#include "materials/mapping/surface_layer.h"
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/property_mapping.h"
#include "materials/registry.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace hotdraw;

namespace
{
  WireState reference_rod()
  {
    WireState r;
    r.diameter_m = 2e-3;
    r.fictive_temperature_K = 600.0;
    r.relaxation_enthalpy_J_per_kg = 4000.0;
    return r;
  }

  WireState wire_60um()
  {
    WireState w;
    w.diameter_m = 60e-6;
    w.fictive_temperature_K = 610.0;
    w.relaxation_enthalpy_J_per_kg = 5200.0;
    w.surface_shear_strain = 9.7;
    w.mean_shear_strain = 8.0;
    return w;
  }

  LiteratureMapping pd_literature()
  {
    return LiteratureMapping(Material::preset("Pd40Cu30Ni10P20"));
  }
}  // namespace

TEST_CASE("literature mapping: Delta E/E = -kappa Delta H_st [J/g]", "[property_mapping]")
{
  const LiteratureMapping lit = pd_literature();
  CHECK(lit.delta_cp_J_per_kgK == 165.0);  // 530 - 365 J/(kg K)
  const WireState ref = reference_rod(), wire = wire_60um();
  const PropertyChange c = lit.predict(wire, ref);

  // by hand: Delta H_st = 165 J/(kg K) * 10 K = 1650 J/kg = 1.65 J/g;
  // kappa_G = beta rho / G = 20 * 9280 / 35e9 per J/kg = 0.0053029 per J/g;
  // Delta E/E = -0.0053029 * 1.65 = -0.0087497, i.e. a reduction of 0.875 %
  CHECK(lit.modulus_sensitivity_per_J_per_g() == Approx(20.0 * 9280.0 / 35e9 * 1e3).epsilon(1e-14));
  const double dE_over_E = -(20.0 * 9280.0 / 35e9 * 1e3) * 1.65;
  CHECK(c.modulus_reduction_percent == Approx(-100.0 * dE_over_E).epsilon(1e-13));
  CHECK(c.hardness_reduction_percent == Approx(-100.0 * dE_over_E).epsilon(1e-13));  // n = 1
  CHECK(c.enthalpy_increase_percent == Approx(30.0).epsilon(1e-13));  // 5200/4000 - 1
  CHECK(c.layer_thickness_m == 0.0);
  CHECK(c.layer_fraction == 0.0);

  // H ∝ G^n
  LiteratureMapping squared = lit;
  squared.hardness_to_modulus_exponent = 2.0;
  CHECK(squared.predict(wire, ref).hardness_reduction_percent ==
        Approx(100.0 * (1.0 - std::pow(1.0 + dE_over_E, 2.0))).epsilon(1e-13));

  // the reference against itself: no change
  const PropertyChange same = lit.predict(ref, ref);
  CHECK(same.modulus_reduction_percent == 0.0);
  CHECK(same.hardness_reduction_percent == 0.0);
  CHECK(same.enthalpy_increase_percent == 0.0);

  // a reference without relaxation enthalpy cannot serve as the 100 %
  WireState empty = ref;
  empty.relaxation_enthalpy_J_per_kg = 0.0;
  CHECK_THROWS_AS(lit.predict(wire, empty), SolverError);
}

TEST_CASE("calibrated mapping without softening equals the literature mapping",
          "[property_mapping]")
{
  const LiteratureMapping lit = pd_literature();
  CalibratedMapping cal(std::make_shared<LiteratureMapping>(lit));  // A_E = A_H = A_Q = 0
  const WireState ref = reference_rod(), wire = wire_60um();
  const PropertyChange l = lit.predict(wire, ref);
  const PropertyChange c = cal.predict(wire, ref);
  CHECK(c.modulus_reduction_percent == l.modulus_reduction_percent);
  CHECK(c.hardness_reduction_percent == l.hardness_reduction_percent);
  CHECK(c.enthalpy_increase_percent == Approx(l.enthalpy_increase_percent).epsilon(1e-14));
  // but the layer itself is reported: delta = 5 um (9.7/10)^1, phi = 1 - (1 - delta/R)^2
  const double delta = CalibratedMapping().layer_thickness_m * 0.97;  // default delta0
  CHECK(c.layer_thickness_m == Approx(delta).epsilon(1e-14));
  CHECK(c.layer_fraction == Approx(1.0 - std::pow(1.0 - delta / 30e-6, 2)).epsilon(1e-14));

  // with softening: each reduction grows by A phi, the enthalpy by A_Q phi / Delta H_rel,ref
  cal.layer_modulus_softening = 0.5;
  cal.layer_hardness_softening = 0.3;
  cal.layer_excess_enthalpy_J_per_kg = 2000.0;
  const PropertyChange s = cal.predict(wire, ref);
  CHECK(s.modulus_reduction_percent ==
        Approx(l.modulus_reduction_percent + 50.0 * c.layer_fraction).epsilon(1e-13));
  CHECK(s.hardness_reduction_percent ==
        Approx(l.hardness_reduction_percent + 30.0 * c.layer_fraction).epsilon(1e-13));
  CHECK(s.enthalpy_increase_percent ==
        Approx(((5200.0 + 2000.0 * c.layer_fraction) / 4000.0 - 1.0) * 100.0).epsilon(1e-13));

  // an unsheared wire has no layer
  WireState unsheared = wire;
  unsheared.surface_shear_strain = 0.0;
  const PropertyChange u = cal.predict(unsheared, ref);
  CHECK(u.layer_thickness_m == 0.0);
  CHECK(u.layer_fraction == 0.0);
  CHECK(u.modulus_reduction_percent == l.modulus_reduction_percent);
}

TEST_CASE("layer fraction: area and indentation-radii forms", "[property_mapping]")
{
  WireState w;
  w.diameter_m = 100e-6;  // R = 50 um
  // area form: delta/R = 0.2 -> 1 - 0.8^2 = 0.36
  CHECK(CalibratedMapping::layer_fraction(w, 10e-6) == Approx(0.36).epsilon(1e-14));
  CHECK(CalibratedMapping::layer_fraction(w, 0.0) == 0.0);
  CHECK(CalibratedMapping::layer_fraction(w, 50e-6) == 1.0);
  CHECK(CalibratedMapping::layer_fraction(w, 80e-6) == 1.0);  // thicker than the radius

  // indentation form: indents at r/R = 0, 0.3, 0.7, 0.85, 0.95; layer delta/R = 0.2 -> r/R > 0.8
  w.indentation_radii_relative = {0.0, 0.3, 0.7, 0.85, 0.95};
  CHECK(CalibratedMapping::layer_fraction(w, 10e-6) == Approx(2.0 / 5.0).epsilon(1e-15));
  // delta/R = 0.4 -> r/R > 0.6: three of five
  CHECK(CalibratedMapping::layer_fraction(w, 20e-6) == Approx(3.0 / 5.0).epsilon(1e-15));
  CHECK(CalibratedMapping::layer_fraction(w, 0.0) == 0.0);
  CHECK(CalibratedMapping::layer_fraction(w, 60e-6) == 1.0);

  w.diameter_m = 0.0;
  CHECK_THROWS_AS(CalibratedMapping::layer_fraction(w, 1e-6), std::invalid_argument);
}

TEST_CASE("calibrated mapping: thinner wires lose more at fixed strains", "[property_mapping]")
{
  const LiteratureMapping lit = pd_literature();
  CalibratedMapping cal(std::make_shared<LiteratureMapping>(lit));
  cal.layer_modulus_softening = 0.4;
  cal.layer_hardness_softening = 0.3;
  cal.layer_excess_enthalpy_J_per_kg = 1000.0;
  const WireState ref = reference_rod();
  double previous_phi = 2.0, previous_E = 1e9, previous_H = 1e9;
  for (double d : {20e-6, 60e-6, 100e-6, 200e-6, 1e-3})
    {
      WireState w = wire_60um();
      w.diameter_m = d;
      const PropertyChange c = cal.predict(w, ref);
      INFO("d = " << d << " m");
      CHECK(c.layer_fraction < previous_phi);
      CHECK(c.modulus_reduction_percent < previous_E);
      CHECK(c.hardness_reduction_percent < previous_H);
      previous_phi = c.layer_fraction;
      previous_E = c.modulus_reduction_percent;
      previous_H = c.hardness_reduction_percent;
    }
  // thickness follows the surface strain: delta = delta0 (gamma_s/gamma_ref)^p
  cal.thickness_shear_exponent = 2.0;
  WireState w = wire_60um();
  w.surface_shear_strain = 5.0;
  CHECK(cal.predict(w, ref).layer_thickness_m ==
        Approx(CalibratedMapping().layer_thickness_m * 0.25).epsilon(1e-14));
}

TEST_CASE("calibrated mapping: parameters by name", "[property_mapping][parameters]")
{
  CalibratedMapping cal;
  const auto names = cal.parameter_names();
  REQUIRE(names.size() == 6);
  double value = 0.01;
  for (const auto &name : names)
    {
      const auto b = cal.bounds(name);
      INFO(name);
      CHECK(b.first < b.second);
      CHECK(cal.get(name) >= b.first);
      CHECK(cal.get(name) <= b.second);
      const double v = b.first + value * (b.second - b.first);
      cal.set(name, v);
      CHECK(cal.get(name) == v);
      CHECK_THROWS_AS(cal.set(name, b.second * 2.0 + 1.0), InputError);
      value += 0.1;
    }
  CHECK(cal.get("Layer modulus softening") == cal.layer_modulus_softening);
  CHECK(cal.get("Layer thickness") == cal.layer_thickness_m);
  CHECK(cal.bounds("Layer modulus softening") == std::make_pair(0.0, 0.95));
  CHECK(cal.bounds("Layer thickness") == std::make_pair(1e-8, 1e-3));
  CHECK(cal.bounds("Layer excess enthalpy") == std::make_pair(0.0, 1e5));
  CHECK_THROWS_AS(cal.get("Layer softness"), InputError);
  CHECK_THROWS_AS(cal.set("Layer softness", 0.1), InputError);
}

TEST_CASE("property mapping parameters", "[property_mapping][parameters]")
{
  const Material pd = Material::preset("Pd40Cu30Ni10P20");
  auto parse = [&pd](const std::string &text, LiteratureMapping &lit, CalibratedMapping &cal) {
    ParameterSet prm;
    {
      Section s(prm, "Property mapping/Literature");
      declare_literature_mapping_parameters(prm);
    }
    {
      Section s(prm, "Property mapping/Calibrated");
      declare_calibrated_mapping_parameters(prm);
    }
    prm.parse_string(text, "test.prm");
    std::shared_ptr<PropertyMapping> l;
    {
      Section s(prm, "Property mapping/Literature");
      l = create_literature_mapping(prm, pd);
    }
    Section s(prm, "Property mapping/Calibrated");
    const auto c = create_calibrated_mapping(prm, pd, l);
    lit = dynamic_cast<const LiteratureMapping &>(*l);
    cal = dynamic_cast<const CalibratedMapping &>(*c);
  };

  LiteratureMapping lit;
  CalibratedMapping cal;
  parse("", lit, cal);
  const CalibratedMapping defaults;
  // 'auto': from the preset's beta, rho and G; Vit1 gets its own (0.33 % per J/g)
  CHECK(lit.modulus_sensitivity_per_J_per_g() == Approx(0.0053029).epsilon(1e-4));
  CHECK(LiteratureMapping(Material::preset("Zr41.2Ti13.8Cu12.5Ni10Be22.5"))
          .modulus_sensitivity_per_J_per_g() ==
        Approx(20.0 * 6110.0 / 37.4e9 * 1e3).epsilon(1e-12));
  CHECK(lit.hardness_to_modulus_exponent == 1.0);
  for (const auto &name : cal.parameter_names())
    CHECK(cal.get(name) == defaults.get(name));

  parse("subsection Property mapping\n"
        "  subsection Literature\n"
        "    subsection Interstitialcy\n"
        "      set Modulus sensitivity to stored enthalpy = 0.004\n"
        "    end\n"
        "  end\n"
        "  subsection Calibrated\n"
        "    subsection Surface layer\n"
        "      set Layer thickness = 7e-6\n"
        "      set Layer modulus softening = 0.6\n"
        "      set Layer excess enthalpy = 1500\n"
        "    end\n"
        "  end\n"
        "end\n",
        lit, cal);
  CHECK(lit.modulus_sensitivity_per_J_per_g() == 0.004);
  CHECK(cal.layer_thickness_m == 7e-6);
  CHECK(cal.layer_modulus_softening == 0.6);
  CHECK(cal.layer_excess_enthalpy_J_per_kg == 1500.0);

  auto message_of = [&](const std::string &text) {
    try
      {
        parse(text, lit, cal);
      }
    catch (const InputError &e)
      {
        return std::string(e.what());
      }
    return std::string("no error");
  };
  CHECK_THAT(message_of("subsection Property mapping\n subsection Calibrated\n"
                        "  subsection Surface layer\n  set Layer modulus softening = 0.99\n"
                        "  end\n end\nend\n"),
             Catch::Contains("Layer modulus softening"));
  CHECK_THAT(message_of("subsection Property mapping\n subsection Literature\n"
                        "  subsection Interstitialcy\n  set Hardness to modulus exponent = -1\n"
                        "  end\n end\nend\n"),
             Catch::Contains("Hardness to modulus exponent"));
  CHECK_THAT(message_of("subsection Property mapping\n subsection Calibrated\n"
                        "  subsection Surface layer\n  set Layer thickness = 1\n  end\n"
                        " end\nend\n"),
             Catch::Contains("Property mapping/Calibrated/Surface layer/Layer thickness"));
}

TEST_CASE("calibrated mapping: the stored enthalpy the layer's softening implies, against A_Q",
          "[property_mapping]")
{
  const auto bulk = std::make_shared<LiteratureMapping>(pd_literature());
  CalibratedMapping cal(bulk);
  cal.layer_modulus_softening = 0.47;
  cal.layer_excess_enthalpy_J_per_kg = 0.0;
  // A_E / kappa_G = 0.47 / 0.0053029 per J/g = 88.6 J/g
  CHECK(cal.implied_layer_enthalpy_J_per_kg() == Approx(0.47 / 0.0053029 * 1e3).epsilon(1e-4));
  auto notes = cal.consistency_notes();
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0], Catch::Contains("88.6 J/g") && Catch::Contains("contradict"));
  // a layer that stores what its softening needs is consistent
  cal.layer_excess_enthalpy_J_per_kg = 80e3;
  notes = cal.consistency_notes();
  REQUIRE(notes.size() == 1);
  CHECK_THAT(notes[0], Catch::Contains("agree"));
  // no softening, nothing to compare
  cal.layer_modulus_softening = 0;
  CHECK(cal.consistency_notes().empty());
}

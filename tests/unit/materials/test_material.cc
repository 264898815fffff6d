// Material presets and overrides (materials/material.h): the fragility index as an input.
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotdraw;

namespace
{
  Material parse(const std::string &lines)
  {
    ParameterSet prm;
    {
      Section s(prm, "Material");
      Material::declare_parameters(prm);
    }
    prm.parse_string("subsection Material\n" + lines + "end\n", "test.prm");
    Section s(prm, "Material");
    return Material::parse_parameters(prm);
  }
}  // namespace

TEST_CASE("material: a fragility index sets D* and T0 and keeps the viscosity at Tg", "[material]")
{
  const Material preset = parse("");
  CHECK(preset.fragility_index() == Approx(65.0).margin(1.0));
  for (const double m : {50.0, 65.0, 77.0})
    {
      const Material f = parse("  set Fragility index = " + std::to_string(m) + "\n");
      INFO("m = " << m << ": D* = " << f.vft_fragility_D << ", T0 = " << f.vft_T0_K);
      CHECK(f.fragility_index() == Approx(m).epsilon(1e-10));
      CHECK(f.vft_viscosity(f.glass_transition_K) ==
            Approx(preset.vft_viscosity(preset.glass_transition_K)).epsilon(1e-10));
      CHECK(f.vft_eta0_Pa_s == preset.vft_eta0_Pa_s);
    }
  // the preset's own fragility reproduces its constants
  const Material same =
    parse("  set Fragility index = " + std::to_string(preset.fragility_index()) + "\n");
  CHECK(same.vft_T0_K == Approx(preset.vft_T0_K).epsilon(1e-6));
  CHECK(same.vft_fragility_D == Approx(preset.vft_fragility_D).epsilon(1e-6));
  // not together with the constants it sets
  CHECK_THROWS_WITH(parse("  set Fragility index = 60\n  set VFT D* = 12\n"),
                    Catch::Contains("Fragility index") && Catch::Contains("VFT D*"));
}

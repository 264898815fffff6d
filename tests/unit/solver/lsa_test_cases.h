// The cases of the draw-resonance tests (test_draw_resonance_lsa.cc, test_transfer_function.cc):
// the FE resonance test's rod, isothermal Newtonian or cooled, with its steady draws and their
// linear stability analysis.
#pragma once

#include "solver/stability/draw_resonance.h"
#include "solver/thin_filament.h"
#include "test_helpers.h"

#include <memory>
#include <string>

namespace hotdraw::testing
{
  // R0 0.5 mm, L 10 mm, v_f 1 mm/s, T 640 K, VFT Newtonian (the FE resonance test).
  inline std::string lsa_test_case(bool cooled)
  {
    std::string text = "subsection Geometry and process\n"
                       "  set Feed rod diameter = 1e-3\n"
                       "  set Feed speed = 1e-3\n"
                       "  set Draw control = take-up speed\n"
                       "  set Take-up speed = 0.014\n"
                       "  set Hot-zone length = 0.01\n"
                       "  set Domain start = 0\n"
                       "  set Domain end = 0.01\n"
                       "  set Draw temperature = 640\n";
    if (cooled)
      // the rod enters at 640 K (fixed) and cools in gas at 560 K with h = 100 W/(m^2 K);
      // constant c_p = 500 J/(kg K), k = 8 W/(m K), rho = 9280 kg/m^3; no radiation (the wall
      // temperature only passes the input check) and no viscous heating
      text += "  set Inlet thermal condition = fixed temperature\n"
              "  set Inlet temperature = 640\n"
              "  set Furnace wall temperature = 640\n"
              "  set Gas temperature = 560\n";
    text += "end\n"
            "subsection Rheology\n  set Model = VFT Newtonian\nend\n"
            "subsection Property mapping\n subsection Calibration\n  set Calibrate = false\n "
            "end\nend\n";
    if (cooled)
      text += "subsection Material\n"
              "  set Density = 9280\n"
              "  set Heat capacity glass = 500\n"
              "  set Heat capacity liquid = 500.000001\n"
              "  set Thermal conductivity glass = 8\n"
              "  set Thermal conductivity liquid = 8\n"
              "end\n"
              "subsection Heat transfer\n"
              "  set Radiation = false\n"
              "  set Viscous heating = false\n"
              "  subsection Convection\n"
              "    set Model = given\n"
              "    subsection Given\n      set Heat transfer coefficient = 100\n    end\n"
              "  end\n"
              "end\n"
              "subsection Numerics\n subsection Thin filament\n"
              "  set Verbosity = 0\n"
              " end\nend\n";
    else
      text += "subsection Heat transfer\n"
              "  set Energy equation = isothermal\n"
              "  set Isothermal temperature = 640\n"
              "end\n"
              "subsection Numerics\n subsection Thin filament\n"
              "  set Uniform grid = true\n"
              "  set Number of cells = 2000\n"
              "  set Newton tolerance = 1e-12\n"
              "  set Verbosity = 0\n"
              " end\nend\n";
    return text;
  }

  struct LsaSetup
  {
    CaseSetup c;
    std::unique_ptr<ThinFilamentModel> model;
    std::unique_ptr<DrawResonanceAnalysis> lsa;

    LsaSetup(bool cooled, const DrawResonanceSettings &s) : c(make_case(lsa_test_case(cooled)))
    {
      model = std::make_unique<ThinFilamentModel>(c.material, *c.rheology, *c.thermal, c.convection,
                                                  c.process, c.thin_filament);
      lsa = std::make_unique<DrawResonanceAnalysis>(c.material, *c.rheology, *c.thermal,
                                                    c.convection, c.process, c.thin_filament, s);
    }
    FilamentProfile steady(double DR) const
    {
      return model->solve_take_up_speed(DR * c.process.feed_speed_m_per_s);
    }
  };

  inline DrawResonanceSettings lsa_settings(unsigned int points, bool search = true)
  {
    DrawResonanceSettings s;
    s.n_grid_points = points;
    s.search_critical_draw_ratio = search;
    return s;
  }
}  // namespace hotdraw::testing

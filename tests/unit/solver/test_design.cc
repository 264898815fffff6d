// Inverse design (solver/studies/design.h) on a case with a known answer: isothermal Newtonian
// drawing, where Matovich & Pearson (1969) give the draw force F = 3 eta A0 v_f ln(DR) / L
// exactly. Asked for the feed speed that draws a 100 um wire with a given force, the design
// must return v_f = F L / (3 eta A0 ln DR). A design whose constraints cannot be met must say
// that it found no feasible process.
#include "materials/material.h"
#include "materials/parameters.h"
#include "solver/case_setup.h"
#include "solver/studies/design.h"

#include <deal.II/base/mpi.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <iostream>

using namespace hotdraw;

namespace
{
  std::string isothermal_case(double force_N, const std::string &checks)
  {
    return "subsection Geometry and process\n"
           "  set Wire diameter = 100e-6\n"
           "end\n"
           "subsection Rheology\n  set Model = VFT Newtonian\nend\n"
           "subsection Heat transfer\n"
           "  set Energy equation = isothermal\n"
           "  set Isothermal temperature = 650\n"
           "end\n"
           "subsection Feasibility\n  set Checks = " +
           checks +
           "\nend\n"
           "subsection Property mapping\n  subsection Calibration\n    set Calibrate = false\n"
           "  end\nend\n"
           "subsection Uncertainty\n  set Samples = 0\nend\n"
           "subsection Design\n"
           "  set Parameters = Geometry and process/Feed speed\n"
           "  set Lower bounds = 1e-4\n"
           "  set Upper bounds = 2e-3\n"
           "  set Wire diameter = 100e-6\n"
           "  set Objective = draw_force_N\n"
           "  set Goal = target\n"
           "  set Target = " +
           to_string(force_N, 17) +
           "\n"
           "  set Relative tolerance = 1e-8\n"
           "  set Maximum evaluations = 120\n"
           "end\n";
  }

  CaseSetup parse(const std::string &text, const std::string &dir)
  {
    ParameterSet prm;
    declare_all_parameters(prm);
    prm.parse_string(text, "test_design");
    CaseSetup c = parse_case(prm, ".");
    c.output.directory = dir;
    return c;
  }
}  // namespace

TEST_CASE("inverse design returns the Matovich-Pearson feed speed", "[design]")
{
  const std::string dir = std::filesystem::temp_directory_path() / "hotdraw_test_design";
  std::filesystem::create_directories(dir);
  const Material m = Material::preset("Pd40Cu30Ni10P20");
  const double eta = m.vft_viscosity(650), A0 = M_PI * 0.25e-6, DR = 100;
  const double L = 80e-3 - (-40e-3);  // the default domain
  const double vf_exact = 0.7e-3;
  const double F = 3 * eta * A0 * vf_exact * std::log(DR) / L;
  const std::string text = isothermal_case(F, "supercooled, peak temperature, strength");
  const CaseSetup c = parse(text, dir);
  const DesignResult r = run_design(text, ".", c, MPI_COMM_WORLD);
  REQUIRE(r.found);
  std::cout << "design: v_f = " << r.optimum[0] << " m/s (Matovich-Pearson " << vf_exact
            << "), " << r.evaluations << " evaluations, " << r.stop_reason << "\n";
  CHECK(r.optimum[0] == Approx(vf_exact).epsilon(1e-3));
  CHECK(std::filesystem::exists(dir + "/design.csv"));
}

TEST_CASE("a design whose constraints cannot be met finds no feasible process", "[design]")
{
  const std::string dir = std::filesystem::temp_directory_path() / "hotdraw_test_design_none";
  std::filesystem::create_directories(dir);
  // isothermal at 650 K: the wire never vitrifies, whatever the feed speed
  const std::string text = isothermal_case(0.1, "vitrification");
  const CaseSetup c = parse(text, dir);
  const DesignResult r = run_design(text, ".", c, MPI_COMM_WORLD);
  CHECK(!r.found);
  CHECK(r.evaluations > 1);
}

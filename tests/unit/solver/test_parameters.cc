// The parameter file interface as a user meets it: every parameter documented with a unit and a
// range, the resolved parameter set loads again, and bad input gives a message that names the
// place, the parameter, the value and what is allowed.
#include "materials/parameters.h"
#include "solver/case_setup.h"

#include <catch2/catch.hpp>

#include <sstream>

using namespace hotdraw;

namespace
{
  std::string error_of(const std::string &text)
  {
    ParameterSet prm;
    declare_all_parameters(prm);
    try
      {
        prm.parse_string(text, "case.prm");
        parse_case(prm, HOTDRAW_SOURCE_DIR "/parameters");
      }
    catch (const InputError &e)
      {
        return e.what();
      }
    return "";
  }
}  // namespace

TEST_CASE("parameters: every entry is documented, has a unit label and a range check",
          "[parameters]")
{
  ParameterSet prm;
  declare_all_parameters(prm);
  REQUIRE(prm.entries().size() > 60);
  for (const auto &e : prm.entries())
    {
      INFO(e.section << "/" << e.name);
      CHECK(e.documentation.size() > 15);
      CHECK(!e.allowed.empty());
      // numbers carry a unit (or '-' for dimensionless ones)
      if (e.allowed.find("floating point") != std::string::npos ||
          e.allowed.find("Double") != std::string::npos)
        CHECK(!e.unit.empty());
    }
  std::ostringstream doc;
  prm.print_documentation(doc);
  CHECK(doc.str().find("Feed speed") != std::string::npos);
  CHECK(doc.str().find("m/s") != std::string::npos);
}

TEST_CASE("parameters: the resolved parameter set loads again unchanged", "[parameters]")
{
  ParameterSet a;
  declare_all_parameters(a);
  a.parse_file(HOTDRAW_SOURCE_DIR "/parameters/seed-pd40cu30ni10p20-wires.prm");
  std::ostringstream resolved;
  a.print_resolved(resolved);
  ParameterSet b;
  declare_all_parameters(b);
  b.parse_string(resolved.str(), "resolved.prm");
  std::ostringstream again;
  b.print_resolved(again);
  CHECK(again.str() == resolved.str());
}

TEST_CASE("parameters: bad input names place, parameter, value and what is allowed",
          "[parameters]")
{
  std::string e = error_of("subsection Geometry and process\n  set Feed sped = 1\nend\n");
  CHECK(e.find("case.prm:2") != std::string::npos);
  CHECK(e.find("'Feed sped'") != std::string::npos);
  CHECK(e.find("Did you mean 'Feed speed'") != std::string::npos);

  e = error_of("subsection Geometry and process\n  set Feed speed = 5\nend\n");
  CHECK(e.find("'Geometry and process/Feed speed' = '5'") != std::string::npos);
  CHECK(e.find("1e-08 <= v <= 1") != std::string::npos);
  CHECK(e.find("m/s") != std::string::npos);

  e = error_of("subsection Geometry and process\n  set Draw temperature = 560\nend\n");
  CHECK(e.find("Draw temperature") != std::string::npos);
  CHECK(e.find("560") != std::string::npos);
  CHECK(e.find("glass transition") != std::string::npos);

  e = error_of("subsection Material\n  set VFT T0 = 600\nend\n");
  CHECK(e.find("Glass transition temperature") != std::string::npos);

  e = error_of("subsection Material\n  set Preset = Unobtainium\nend\n");
  CHECK(e.find("Unobtainium") != std::string::npos);
  CHECK(e.find("Pd40Cu30Ni10P20") != std::string::npos);

  e = error_of("subsection Rheology\n  set Model = Bingham\nend\n");
  CHECK(e.find("Bingham") != std::string::npos);
  CHECK(e.find("Eyring") != std::string::npos);

  e = error_of("subsection Output\nset Directory = out\n");
  CHECK(e.find("never closed") != std::string::npos);

  e = error_of("end\n");
  CHECK(e.find("without a matching") != std::string::npos);

  e = error_of("subsection Geometry and process\n  set Domain start = 0.01\nend\n");
  CHECK(e.find("Domain start") != std::string::npos);

  e = error_of("subsection Geometry and process\n  set Gas temperature = -5 + 0*z\nend\n");
  CHECK(e.find("Gas temperature") != std::string::npos);
  CHECK(e.find("-5") != std::string::npos);
}

TEST_CASE("parameters: the default case and the example files validate", "[parameters]")
{
  CHECK(error_of("") == "");
  ParameterSet prm;
  declare_all_parameters(prm);
  prm.parse_file(HOTDRAW_SOURCE_DIR "/parameters/seed-pd40cu30ni10p20-wires.prm");
  CHECK_NOTHROW(parse_case(prm, HOTDRAW_SOURCE_DIR "/parameters"));
}

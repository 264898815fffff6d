// The parameter file interface as a user meets it: every parameter documented with a unit and a
// range, the resolved parameter set loads again, and bad input gives a message that names the
// place, the parameter, the value and what is allowed.
#include "materials/convection.h"
#include "materials/parameters.h"
#include "materials/property_mapping.h"
#include "materials/rheology.h"
#include "materials/structural_state.h"
#include "solver/case_setup.h"

#include <deal.II/base/utilities.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <iterator>
#include <set>
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

TEST_CASE("parameters: bad input names place, parameter, value and what is allowed", "[parameters]")
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

TEST_CASE("parameters: the printed defaults parse back into the same case", "[parameters]")
{
  ParameterSet a;
  declare_all_parameters(a);
  std::ostringstream defaults;
  a.print_resolved(defaults);
  ParameterSet b;
  declare_all_parameters(b);
  b.parse_string(defaults.str(), "defaults.prm");
  CHECK_NOTHROW(parse_case(b, HOTDRAW_SOURCE_DIR "/parameters"));
  std::ostringstream again;
  b.print_resolved(again);
  CHECK(again.str() == defaults.str());
}

TEST_CASE("parameters: every declared entry is read by the parse of some case", "[parameters]")
{
  // One case per registered choice of every kind: declaration and parsing live side by side in
  // each settings struct and plugin; an entry that no parse reads has drifted.
  std::vector<std::string> cases = {
    "", "subsection Numerics\n set Flow solver = finite element\nend\n"};
  const std::vector<std::pair<std::string, std::vector<std::string>>> kinds = {
    {"Rheology", rheology_models().names()},
    {"Structural state", structural_state_models().names()},
    {"Heat transfer/Convection", convection_laws().names()},
    {"Property mapping/Literature", literature_mappings().names()},
    {"Property mapping/Calibrated", calibrated_mappings().names()}};
  for (const auto &[section, names] : kinds)
    for (const auto &name : names)
      {
        std::string open, close;
        for (const auto &part : dealii::Utilities::split_string_list(section, '/'))
          {
            open += "subsection " + part + "\n";
            close += "end\n";
          }
        cases.push_back(open + " set Model = " + name + "\n" + close);
      }
  std::set<std::string> never_read;
  bool first = true;
  for (const auto &text : cases)
    {
      INFO(text);
      ParameterSet prm;
      declare_all_parameters(prm);
      prm.parse_string(text, "case.prm");
      REQUIRE_NOTHROW(parse_case(prm, HOTDRAW_SOURCE_DIR "/parameters"));
      const std::set<std::string> unread = prm.entries_never_read();
      if (first)
        never_read = unread;
      std::set<std::string> both;
      std::set_intersection(never_read.begin(), never_read.end(), unread.begin(), unread.end(),
                            std::inserter(both, both.end()));
      never_read = both;
      first = false;
    }
  for (const auto &entry : never_read)
    FAIL_CHECK("declared but never read: " << entry);
  CHECK(never_read.empty());

  // the tracking itself: a model that is not chosen is not read
  ParameterSet prm;
  declare_all_parameters(prm);
  prm.parse_string("", "case.prm");
  parse_case(prm, HOTDRAW_SOURCE_DIR "/parameters");
  CHECK(prm.entries_never_read().count("Rheology/Kato/Sigma star") == 1);
  CHECK(prm.entries_never_read().count("Rheology/Eyring/Activation volume") == 0);
}

// Table: CSV round trip, formatting, comments, quoting and error messages.
#include "postprocess/table.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>

using hotdraw::Table;
using hotdraw::test::TempDir;

TEST_CASE("Table writes numbers with the chosen significant digits", "[table]")
{
  Table t(4);
  t.add("x", 1.0 / 3.0);
  t.add("y", 123456.0);
  t.add("z", std::numeric_limits<double>::quiet_NaN());
  t.end_row();
  std::ostringstream out;
  t.write_csv(out);
  CHECK(out.str() == "x,y,z\n0.3333,1.235e+05,\n");  // NaN: an empty cell
}

TEST_CASE("Table round trip through a CSV file", "[table]")
{
  TempDir dir;
  const std::string file = dir.file("table.csv");

  Table t(6);
  t.declare_column("case");
  t.declare_column("diameter_um");
  t.add("case", "A, the first");
  t.add("diameter_um", 60.123456789);
  t.add("force_N", std::numeric_limits<double>::quiet_NaN());
  t.add("note", "42");  // text that looks like a number stays text
  t.end_row();
  t.add("case", "B");
  t.add("diameter_um", -1.5e-7);
  t.end_row();  // force_N and note missing
  REQUIRE(t.n_rows() == 2);
  t.write_csv(file);

  const Table r = Table::read_csv(file);
  REQUIRE(r.columns() == std::vector<std::string>{"case", "diameter_um", "force_N", "note"});
  REQUIRE(r.n_rows() == 2);
  CHECK(r.text(0, "case") == "A, the first");
  CHECK(r.value(0, "diameter_um") == 60.1235);  // six significant digits
  CHECK(std::isnan(r.value(0, "force_N")));
  CHECK(r.text(0, "note") == "42");
  CHECK(std::isnan(r.value(0, "note")));  // text, not a number
  CHECK(r.text(1, "case") == "B");
  CHECK(r.value(1, "diameter_um") == -1.5e-7);
  CHECK(std::isnan(r.value(1, "force_N")));
  CHECK(std::isnan(r.value(1, "note")));
  CHECK(r.line_number(0) == 2);
  CHECK(r.line_number(1) == 3);

  // Writing the read table again reproduces the file.
  std::ostringstream again;
  r.write_csv(again);
  CHECK(again.str() == hotdraw::test::read_file(file));

  CHECK_THROWS_AS(r.value(0, "no_such_column"), std::out_of_range);
  CHECK_THROWS_AS(r.value(2, "case"), std::out_of_range);
}

TEST_CASE("Table reader skips comments and blank lines, keeps full precision", "[table]")
{
  TempDir dir;
  const std::string file = dir.file("user.csv");
  hotdraw::test::write_file(file, "# a comment\r\n"
                                  "\n"
                                  " a , b ,c\r\n"
                                  "  # another comment\n"
                                  "1.234567890123,+2, text here \n"
                                  "NaN,,inf\n");
  const Table r = Table::read_csv(file);
  REQUIRE(r.columns() == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(r.n_rows() == 2);
  CHECK(r.value(0, "a") == 1.234567890123);
  CHECK(r.value(0, "b") == 2);
  CHECK(r.text(0, "c") == "text here");
  CHECK(std::isnan(r.value(1, "a")));
  CHECK(std::isnan(r.value(1, "b")));
  CHECK(r.text(1, "b").empty());
  CHECK(r.value(1, "c") == std::numeric_limits<double>::infinity());
  CHECK(r.line_number(0) == 5);
  std::ostringstream out;
  r.write_csv(out);
  CHECK(out.str().find("1.234567890123,") != std::string::npos);
}

TEST_CASE("Table reader names file and line of a ragged row", "[table]")
{
  TempDir dir;
  const std::string file = dir.file("ragged.csv");
  hotdraw::test::write_file(file, "# header follows\n"
                                  "a,b\n"
                                  "1,2\n"
                                  "3,4,5\n");
  try
    {
      Table::read_csv(file);
      FAIL("no exception for a ragged row");
    }
  catch (const std::runtime_error &e)
    {
      const std::string what = e.what();
      INFO(what);
      CHECK(what.find(file + ":4:") != std::string::npos);
      CHECK(what.find("3 cells") != std::string::npos);
      CHECK(what.find("2 columns") != std::string::npos);
    }

  hotdraw::test::write_file(file, "a,b\n1\n");
  CHECK_THROWS_WITH(Table::read_csv(file), Catch::Contains(file + ":2:"));
  hotdraw::test::write_file(file, "a,a\n1,2\n");
  CHECK_THROWS_WITH(Table::read_csv(file), Catch::Contains("appears twice"));
  CHECK_THROWS_WITH(Table::read_csv(dir.file("missing.csv")), Catch::Contains("missing.csv"));
}

TEST_CASE("Table text output aligns the chosen columns", "[table]")
{
  Table t(3);
  t.add("name", "long name");
  t.add("v", 2.0);
  t.end_row();
  std::ostringstream out;
  t.write_text(out, {"v", "name"});
  CHECK(out.str() == "v       name\n2  long name\n");
  CHECK_THROWS_AS(t.write_text(out, {"w"}), std::out_of_range);
}

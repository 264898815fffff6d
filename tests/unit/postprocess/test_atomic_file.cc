// AtomicFile: a file is replaced whole or not at all (postprocess/atomic_file.h).
#include "postprocess/atomic_file.h"
#include "postprocess/table.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>

using namespace hotdraw;
using hotdraw::test::read_file;
using hotdraw::test::TempDir;
using hotdraw::test::write_file;

TEST_CASE("AtomicFile replaces the file only on commit", "[atomic]")
{
  TempDir dir;
  const std::string f = dir.file("sweep.csv");
  write_file(f, "old complete table\n");
  {
    AtomicFile a(f);
    a.stream() << "new table, half written";
    // before the commit the old file is untouched and the new text sits in the temporary
    CHECK(read_file(f) == "old complete table\n");
    CHECK(temporary_name(f) == dir.file(".sweep.csv.tmp"));
    CHECK(std::filesystem::exists(temporary_name(f)));
    // leaving the scope without commit (an exception on the way): the temporary goes
  }
  CHECK(read_file(f) == "old complete table\n");
  CHECK_FALSE(std::filesystem::exists(temporary_name(f)));

  AtomicFile b(f);
  b.stream() << "new table\n";
  b.commit();
  CHECK(read_file(f) == "new table\n");
  CHECK_FALSE(std::filesystem::exists(temporary_name(f)));
}

TEST_CASE("AtomicFile names the file it cannot write", "[atomic]")
{
  TempDir dir;
  const std::string f = dir.file("no-such-folder/sweep.csv");
  try
    {
      AtomicFile a(f);
      FAIL("no exception for a file in a missing folder");
    }
  catch (const std::runtime_error &e)
    {
      CHECK(std::string(e.what()).find("sweep.csv") != std::string::npos);
    }
}

TEST_CASE("Tables are written atomically", "[atomic][table]")
{
  TempDir dir;
  const std::string f = dir.file("t.csv");
  Table t;
  t.add("x_m", 1.5);
  t.end_row();
  t.write_csv(f);
  CHECK(read_file(f).find("x_m") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(temporary_name(f)));
}

// Log: the tee to terminal and file, quiet mode, reopening.
#include "postprocess/log.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <iostream>
#include <sstream>

using hotdraw::Log;
using hotdraw::test::TempDir;

TEST_CASE("Log copies terminal output to its file", "[log]")
{
  TempDir dir;
  const std::string file = dir.file("log.txt");
  Log &log = Log::instance();
  REQUIRE(log.is_root());  // the unit tests run on one process

  // Stand in for the terminal: the log takes std::cout's buffer when it is un-quieted.
  std::ostringstream terminal;
  std::streambuf *const saved = std::cout.rdbuf(terminal.rdbuf());
  log.set_quiet(false);

  log.open(file);
  Log::out() << "hello " << 42 << ' ' << 2.5 << std::endl;
  log.set_quiet(true);
  Log::out() << "file only" << std::endl;
  log.close();
  Log::out() << "terminal only, quiet: nowhere" << std::endl;

  std::cout.rdbuf(saved);
  log.set_quiet(false);

  CHECK(hotdraw::test::read_file(file) == "hello 42 2.5\nfile only\n");
  CHECK(terminal.str() == "hello 42 2.5\n");

  // Opening again starts a fresh file.
  log.set_quiet(true);
  log.open(file);
  Log::out() << "second run\n";
  Log::out().flush();
  CHECK(hotdraw::test::read_file(file) == "second run\n");
  log.close();
  log.set_quiet(false);
  CHECK(Log::out().good());

  CHECK_THROWS_AS(log.open(dir.file("no/such/dir/log.txt")), std::runtime_error);
}

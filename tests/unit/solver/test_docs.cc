// The documentation cannot drift from the code: the README's column lists are the column
// descriptors of the CSV files, its output table lists every file a run writes, and neither
// the README, docs/ nor the shipped parameter files refer to files outside the repository.
#include "postprocess/results/columns.h"
#include "postprocess/results/output_files.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace hotdraw;

namespace
{
  std::string read(const std::string &file)
  {
    std::ifstream in(file);
    REQUIRE(in);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // The text between "<!-- BEGIN name -->" and "<!-- END name -->" of the README.
  std::string readme_block(const std::string &name)
  {
    const std::string text = read(HOTDRAW_SOURCE_DIR "/README.md");
    const std::string begin = "<!-- BEGIN " + name + " -->", end = "<!-- END " + name + " -->";
    const auto b = text.find(begin), e = text.find(end);
    INFO("README.md block '" << name << "'");
    REQUIRE(b != std::string::npos);
    REQUIRE(e != std::string::npos);
    return text.substr(b + begin.size(), e - b - begin.size());
  }

  // The first cell of every table row: | `name` | ...
  std::set<std::string> first_cells(const std::string &block)
  {
    std::set<std::string> names;
    static const std::regex row(R"(\n\|\s*`([^`]+)`\s*\|)");
    for (auto it = std::sregex_iterator(block.begin(), block.end(), row);
         it != std::sregex_iterator(); ++it)
      names.insert((*it)[1]);
    return names;
  }

  template <class Row>
  void check_columns(const std::string &block, const std::vector<Column<Row>> &columns)
  {
    std::set<std::string> declared;
    for (const auto &c : columns)
      declared.insert(c.name);
    const std::set<std::string> documented = first_cells(readme_block(block));
    for (const auto &name : declared)
      {
        INFO("column " << name << " of " << block);
        CHECK(documented.count(name) == 1);
      }
    for (const auto &name : documented)
      {
        INFO("README documents column " << name << " of " << block);
        CHECK(declared.count(name) == 1);
      }
  }
}  // namespace

TEST_CASE("README: the column lists are the column descriptors", "[docs]")
{
  check_columns("columns sweep.csv", sweep_columns());
  check_columns("columns radial_profile.csv", radial_profile_columns());
  check_columns("columns profile.csv", axial_profile_columns());
}

TEST_CASE("README: the output table lists every file a run writes", "[docs]")
{
  const std::set<std::string> documented = first_cells(readme_block("output files"));
  std::set<std::string> listed;
  for (const auto &f : output_files())
    listed.insert(f.directory ? f.pattern + "/" : f.pattern);
  CHECK(documented == listed);
}

TEST_CASE("docs: nothing refers to files outside the repository", "[docs]")
{
  namespace fs = std::filesystem;
  const fs::path root = fs::canonical(HOTDRAW_SOURCE_DIR);
  std::vector<fs::path> files = {root / "README.md"};
  for (const char *dir : {"docs", "parameters"})
    for (const auto &e : fs::recursive_directory_iterator(root / dir))
      if (e.is_regular_file() && (e.path().extension() == ".md" || e.path().extension() == ".prm"))
        files.push_back(e.path());
  // Markdown links and backticked paths with a directory part
  static const std::regex link(R"(\]\(([^)#\s]+)[^)]*\))");
  for (const auto &file : files)
    {
      const std::string text = read(file.string());
      INFO(file.string());
      CHECK(text.find("../shared") == std::string::npos);
      CHECK(text.find("shared/physics.md") == std::string::npos);
      for (auto it = std::sregex_iterator(text.begin(), text.end(), link);
           it != std::sregex_iterator(); ++it)
        {
          const std::string target = (*it)[1];
          if (target.find("://") != std::string::npos)
            continue;  // a web address
          const fs::path resolved = fs::weakly_canonical(file.parent_path() / target);
          INFO("link " << target);
          CHECK(fs::exists(resolved));
          CHECK(resolved.string().rfind(root.string(), 0) == 0);
        }
    }
}

// Every file and folder a run writes into its output directory, listed once: the writers take
// their names from here, the start of a run removes what an earlier run left under these names
// (so a failed run never leaves a table that looks valid), and a test checks that a run writes
// nothing that is not listed.
#pragma once

#include <string>
#include <vector>

namespace hotdraw
{
  struct OutputFile
  {
    std::string pattern;      // a name, or a glob with one '*' ("profile_*.csv", "fe_*um")
    std::string description;  // for the README's output table
    bool directory = false;
    bool kept = false;  // written at the start of every run (input echo, log): not removed
  };

  const std::vector<OutputFile> &output_files();

  // Does 'name' (a file or folder name in the output directory) match 'pattern'?
  bool matches(const std::string &pattern, const std::string &name);

  // Removes every file and folder of an earlier run in 'directory' (all but the kept ones and
  // those matching a pattern of 'keep', e.g. the wires' folders of a resumed run).
  void remove_stale_results(const std::string &directory,
                            const std::vector<std::string> &keep = {});
}  // namespace hotdraw

// Result files are written whole or not at all: under a temporary name in their own directory
// (".<name>.tmp"), then renamed over the final name once complete. rename(2) within one file
// system is atomic, so a reader, or a run killed while writing, sees the earlier file or the new
// one, never a truncated one. A temporary left by a killed run is removed at the start of the
// next run in that directory (postprocess/results/output_files.h lists the pattern).
//
//   AtomicFile f(dir + "/sweep.csv");
//   f.stream() << ...;
//   f.commit();  // without commit (an exception on the way), the temporary is removed
#pragma once

#include <fstream>
#include <string>

namespace hotdraw
{
  // ".<name>.tmp" in the directory of 'filename'.
  std::string temporary_name(const std::string &filename);

  // Renames the complete temporary 'temporary' to 'filename'; throws std::runtime_error naming
  // both if that fails.
  void commit_temporary(const std::string &temporary, const std::string &filename);

  class AtomicFile
  {
  public:
    // Opens the temporary; throws std::runtime_error naming the file if that fails.
    explicit AtomicFile(const std::string &filename,
                        std::ios::openmode mode = std::ios::out | std::ios::trunc);
    ~AtomicFile();  // not committed: removes the temporary
    AtomicFile(const AtomicFile &) = delete;
    AtomicFile &operator=(const AtomicFile &) = delete;

    std::ofstream &stream() { return out_; }
    // Closes the temporary and renames it to the file; throws std::runtime_error naming the
    // file if writing or renaming failed (the temporary is then removed).
    void commit();

  private:
    std::string filename_, temporary_;
    std::ofstream out_;
    bool committed_ = false;
  };
}  // namespace hotdraw

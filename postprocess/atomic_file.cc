#include "postprocess/atomic_file.h"

#include <filesystem>
#include <stdexcept>

namespace hotdraw
{
  namespace fs = std::filesystem;

  std::string temporary_name(const std::string &filename)
  {
    const fs::path p(filename);
    return (p.parent_path() / ("." + p.filename().string() + ".tmp")).string();
  }

  void commit_temporary(const std::string &temporary, const std::string &filename)
  {
    std::error_code ec;
    fs::rename(temporary, filename, ec);
    if (ec)
      {
        fs::remove(temporary, ec);
        throw std::runtime_error("Cannot rename '" + temporary + "' to '" + filename +
                                 "': " + ec.message());
      }
  }

  AtomicFile::AtomicFile(const std::string &filename, std::ios::openmode mode)
    : filename_(filename), temporary_(temporary_name(filename)), out_(temporary_, mode)
  {
    if (!out_)
      throw std::runtime_error("Cannot open '" + temporary_ + "' for writing '" + filename + "'.");
  }

  AtomicFile::~AtomicFile()
  {
    if (committed_)
      return;
    out_.close();
    std::error_code ec;
    fs::remove(temporary_, ec);
  }

  void AtomicFile::commit()
  {
    out_.close();
    if (!out_)
      {
        std::error_code ec;
        fs::remove(temporary_, ec);
        committed_ = true;
        throw std::runtime_error("Writing '" + filename_ + "' failed.");
      }
    committed_ = true;
    commit_temporary(temporary_, filename_);
  }
}  // namespace hotdraw

// A fresh temporary directory per test case, removed afterwards (unique per process, so that
// concurrent test runs do not collide).
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace hotdraw::test
{
  class TempDir
  {
  public:
    TempDir()
    {
      static std::atomic<unsigned int> counter{0};
      path_ = std::filesystem::temp_directory_path() /
              ("hotdraw-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
      std::filesystem::remove_all(path_);
      std::filesystem::create_directories(path_);
    }
    ~TempDir()
    {
      std::error_code ec;
      std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;

    std::string file(const std::string &name) const { return (path_ / name).string(); }

  private:
    std::filesystem::path path_;
  };

  inline void write_file(const std::string &filename, const std::string &text)
  {
    std::ofstream out(filename, std::ios::binary);
    out << text;
  }

  inline std::string read_file(const std::string &filename)
  {
    std::ifstream in(filename, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
}  // namespace hotdraw::test

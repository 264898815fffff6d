// Logging: everything printed goes to the terminal and to <output>/log.txt, on MPI rank 0 only.
// Other ranks print nothing unless they report an error themselves.
#pragma once

#include <fstream>
#include <ostream>
#include <streambuf>
#include <string>

namespace hotdraw
{
  class Log
  {
  public:
    // The process-wide log. Before open() it writes to std::cout (rank 0) only.
    static Log &instance();
    static std::ostream &out() { return instance().stream_; }

    // Also copy everything to 'filename' from now on (rank 0).
    void open(const std::string &filename);
    void close();
    // Silence the terminal (file still written): used by tests.
    void set_quiet(bool quiet);

    // Silences the log (terminal and file) while it lives: for the many runs of a study,
    // whose per-run warnings the study summarises itself.
    class Mute
    {
    public:
      Mute();
      ~Mute();
      Mute(const Mute &) = delete;
      Mute &operator=(const Mute &) = delete;

    private:
      bool was_enabled_;
    };
    bool is_root() const { return root_; }

  private:
    Log();
    class TeeBuf : public std::streambuf
    {
    public:
      std::streambuf *a = nullptr, *b = nullptr;
      bool enabled = true;

    protected:
      int overflow(int c) override;
      std::streamsize xsputn(const char *s, std::streamsize n) override;
      int sync() override;
    };
    TeeBuf buf_;
    std::ostream stream_;
    std::ofstream file_;
    bool root_ = true;
    bool quiet_ = false;
  };
}  // namespace hotdraw

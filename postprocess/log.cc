#include "postprocess/log.h"

#include <deal.II/base/mpi.h>

#include <iostream>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    // The rank is fixed once MPI has been seen initialised; before that (or in a program that
    // never initialises MPI) the process counts as rank 0. Remembering the answer keeps non-root
    // ranks silent after MPI_Finalize too, when MPI can no longer be asked.
    bool rank_known = false;

    // True if MPI is running and this process is not rank 0 of MPI_COMM_WORLD.
    bool is_mpi_non_root()
    {
      if (!dealii::Utilities::MPI::job_supports_mpi())
        return false;
      rank_known = true;
      return dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) != 0;
    }
  }  // namespace

  Log &Log::instance()
  {
    static Log log;
    if (!rank_known && is_mpi_non_root())
      {
        // First use after MPI_Init on a non-root rank: silence it for good.
        log.stream_.flush();
        log.root_ = false;
        log.buf_.enabled = false;
        log.close();
      }
    return log;
  }

  Log::Mute::Mute() : was_enabled_(Log::instance().buf_.enabled)
  {
    Log::out().flush();
    Log::instance().buf_.enabled = false;
  }

  Log::Mute::~Mute()
  {
    Log::instance().buf_.enabled = was_enabled_;
  }

  Log::Log() : stream_(&buf_)
  {
    root_ = !is_mpi_non_root();
    buf_.a = std::cout.rdbuf();
    buf_.b = nullptr;
    buf_.enabled = root_;
  }

  void Log::open(const std::string &filename)
  {
    if (!root_)
      return;
    close();
    file_.open(filename, std::ios::out | std::ios::trunc);
    if (!file_)
      throw std::runtime_error("Cannot open the log file '" + filename + "' for writing.");
    buf_.b = file_.rdbuf();
  }

  void Log::close()
  {
    stream_.flush();
    buf_.b = nullptr;
    if (file_.is_open())
      file_.close();
  }

  void Log::set_quiet(bool quiet)
  {
    stream_.flush();
    quiet_ = quiet;
    buf_.a = quiet ? nullptr : std::cout.rdbuf();
  }

  // --- TeeBuf: unbuffered; every character goes straight to both targets --------------------

  int Log::TeeBuf::overflow(int c)
  {
    if (c == traits_type::eof())
      return traits_type::not_eof(c);
    if (!enabled)
      return c;
    const char ch = traits_type::to_char_type(c);
    bool ok = true;
    if (a && a->sputc(ch) == traits_type::eof())
      ok = false;
    if (b && b->sputc(ch) == traits_type::eof())
      ok = false;
    return ok ? c : traits_type::eof();
  }

  std::streamsize Log::TeeBuf::xsputn(const char *s, std::streamsize n)
  {
    if (!enabled)
      return n;
    bool ok = true;
    if (a && a->sputn(s, n) != n)
      ok = false;
    if (b && b->sputn(s, n) != n)
      ok = false;
    return ok ? n : 0;
  }

  int Log::TeeBuf::sync()
  {
    int status = 0;
    if (a && a->pubsync() != 0)
      status = -1;
    if (b && b->pubsync() != 0)
      status = -1;
    return status;
  }
}  // namespace hotdraw

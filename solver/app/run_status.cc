#include "solver/app/run_status.h"

#include "postprocess/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

namespace hotdraw
{
  namespace
  {
    std::string status_file, status_temporary;
    // what the signal handler writes (prepared in advance: it may only call
    // async-signal-safe functions)
    char killed_text[3][512];

    std::string now()
    {
      const std::time_t t = std::time(nullptr);
      char buffer[64];
      std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
      return buffer;
    }

    const int signals[3] = {SIGTERM, SIGINT, SIGHUP};

    extern "C" void on_signal(int sig)
    {
      for (int k = 0; k < 3; ++k)
        if (signals[k] == sig && !status_temporary.empty())
          {
            const int fd = ::open(status_temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd >= 0)
              {
                const ssize_t n = ::write(fd, killed_text[k], std::strlen(killed_text[k]));
                ::close(fd);
                if (n > 0)
                  ::rename(status_temporary.c_str(), status_file.c_str());
              }
          }
      std::signal(sig, SIG_DFL);
      std::raise(sig);
    }

    void write_status(const std::string &text)
    {
      AtomicFile f(status_file);
      f.stream() << text;
      f.commit();
    }
  }  // namespace

  std::string start_run_status(const std::string &directory, const std::string &input_file)
  {
    status_file = directory + "/run_status";
    status_temporary = temporary_name(status_file);
    std::string previous;
    {
      std::ifstream in(status_file);
      std::string word;
      if (in >> word && (word == "running" || word == "killed"))
        {
          std::ostringstream s;
          s << in.rdbuf();
          previous = "The previous run in " + directory + " did not finish (run_status said '" +
                     word + "'" + (s.str().empty() ? std::string() : ":" + s.str()) + ")" +
                     (word == "running" ? ": it was killed or crashed" : "") +
                     ". Its results were removed.";
          for (char &c : previous)
            if (c == '\n')
              c = ' ';
        }
    }
    char host[256] = "unknown";
    ::gethostname(host, sizeof(host) - 1);
    std::ostringstream running;
    running << "running\npid " << ::getpid() << "\nhost " << host << "\nstarted " << now()
            << "\ninput " << input_file << "\n";
    write_status(running.str());
    const std::string started = "started " + now() + ", pid " + std::to_string(::getpid());
    for (int k = 0; k < 3; ++k)
      {
        std::snprintf(killed_text[k], sizeof(killed_text[k]),
                      "killed\nsignal %d (%s)\n%s\ninput %s\n", signals[k],
                      k == 0   ? "SIGTERM"
                      : k == 1 ? "SIGINT"
                               : "SIGHUP",
                      started.c_str(), input_file.c_str());
        std::signal(signals[k], on_signal);
      }
    return previous;
  }

  void finish_run_status(bool complete, const std::string &detail)
  {
    if (status_file.empty())
      return;
    for (const int s : signals)
      std::signal(s, SIG_DFL);
    write_status(std::string(complete ? "complete" : "failed") + "\n" + detail + "\nfinished " +
                 now() + "\n");
    status_temporary.clear();
  }
}  // namespace hotdraw

// The file 'run_status' in a run's output directory says what became of the run, on its first
// word:
//   running   the run is under way, or was killed without warning (SIGKILL, power loss): the
//             process id and host on the next lines tell which
//   killed    the run received SIGTERM, SIGINT or SIGHUP and stopped
//   failed    the run stopped with an error (the reason follows)
//   complete  the run finished and wrote all its results (its exit status follows)
// Every write replaces the file atomically. Only rank 0 writes it.
#pragma once

#include <string>

namespace hotdraw
{
  // At the start of a run in 'directory' (rank 0): if an earlier run's status there says it
  // never finished, returns a sentence saying so (else an empty string); then writes 'running'
  // and installs the signal handlers that write 'killed'.
  std::string start_run_status(const std::string &directory, const std::string &input_file);

  // At the end (rank 0): 'complete' with the exit status and its meaning, or 'failed' with the
  // reason. Does nothing if no run was started (an input error found before the output
  // directory was touched).
  void finish_run_status(bool complete, const std::string &detail);
}  // namespace hotdraw

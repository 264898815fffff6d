// The two kinds of failure every hotdraw library reports (the command line maps them to exit
// statuses 2 and 3):
//  - InputError: bad input (file, parameter, value or combination of values); the message is
//    complete and meant for the user.
//  - SolverError: a solver that did not converge or a result that failed a consistency check;
//    no result file that looks valid is kept.
#pragma once

#include <stdexcept>
#include <string>

namespace hotdraw
{
  class InputError : public std::runtime_error
  {
  public:
    explicit InputError(const std::string &message) : std::runtime_error(message) {}
  };

  class SolverError : public std::runtime_error
  {
  public:
    explicit SolverError(const std::string &message) : std::runtime_error(message) {}
  };
}  // namespace hotdraw

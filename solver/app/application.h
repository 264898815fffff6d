// The hotdraw command line:
//   hotdraw FILE.prm              run the case (also under mpirun -np N)
//   hotdraw --validate FILE.prm   check the file, print the resolved parameters, run nothing
//   hotdraw --print-parameters    every parameter with documentation, unit, default, allowed
//   hotdraw --help | --version
// Exit status: 0 success (infeasible wires included), 1 usage error, 2 bad input, 3 solver
// failure (a failed wire, or an infeasible one with Feasibility/Stop on infeasible), 4 internal
// error.
#pragma once

namespace hotdraw
{
  int run_application(int argc, char **argv);
}

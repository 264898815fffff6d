// Catch2 main for hotdraw's unit tests: initialises MPI (through deal.II) so that tests may use
// MPI and deal.II's parallel classes, and runs the Catch2 session on every rank.
#define CATCH_CONFIG_RUNNER
#include <deal.II/base/mpi.h>

#include <catch2/catch.hpp>

int main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  return Catch::Session().run(argc, argv);
}

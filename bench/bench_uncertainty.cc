// Benchmark: the default 1-D sweep WITH its uncertainty bands (parameters/seed-pd40cu30ni10p20-
// wires-1d.prm, section Uncertainty: 256 Latin-hypercube samples by default) as `hotdraw` runs
// it: the nominal sweep, its calibration, and the samples spread over the MPI ranks. Prints the
// wall-clock figures of each stage, the time per sample and per sample-wire, how many samples
// failed, and the ratio to the 60 s target on 2 cores (issue 11). No output files are written.
//
//   mpirun -np 2 build/bench/bench_uncertainty [samples] [parameter file]
#include "materials/parameters.h"
#include "postprocess/log.h"
#include "postprocess/results/calibrate.h"
#include "solver/case_setup.h"
#include "solver/studies/uncertainty.h"
#include "solver/sweep.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace hotdraw;

int main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const std::string file =
    argc > 2 ? argv[2] : HOTDRAW_SOURCE_DIR "/parameters/seed-pd40cu30ni10p20-wires-1d.prm";
  const MPI_Comm comm = MPI_COMM_WORLD;
  const bool root = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
  const unsigned int ranks = dealii::Utilities::MPI::n_mpi_processes(comm);
  Log::instance().set_quiet(true);

  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  ParameterSet prm;
  declare_all_parameters(prm);
  prm.parse_string(text.str(), file);
  const std::string dir = HOTDRAW_SOURCE_DIR "/parameters";
  CaseSetup setup = parse_case(prm, dir);
  if (argc > 1)
    setup.uncertainty.samples = std::stoi(argv[1]);

  MPI_Barrier(comm);
  dealii::Timer total;
  dealii::Timer stage;
  SweepResult result = run_sweep(setup, comm);
  const double t_sweep = stage.wall_time();
  stage.restart();
  if (root)
    calibrate_and_predict(setup, result);
  const double t_calibrate = stage.wall_time();
  stage.restart();
  const UncertaintyStudy study = propagate_uncertainty(text.str(), dir, setup, result, comm);
  const double t_samples = stage.wall_time();
  MPI_Barrier(comm);
  const double t_total = total.wall_time();
  if (!root)
    return 0;
  const std::size_t n_wires = result.wires.size();
  const double n = setup.uncertainty.samples;
  std::cout << std::fixed << std::setprecision(3)
            << "bench_uncertainty: default 1-D sweep with bands, " << n_wires << " wires, "
            << setup.uncertainty.samples << " samples of " << study.inputs.size() << " inputs, "
            << ranks << " MPI rank(s)\n"
            << "  nominal sweep          " << t_sweep << " s\n"
            << "  calibration            " << t_calibrate << " s\n"
            << "  samples                " << t_samples << " s (" << study.failed
            << " failed: infeasible processes within the input ranges; they took "
            << study.failed_time_s << " s of core time)\n"
            << "  per sample             " << t_samples * ranks / n << " s of one core, "
            << t_samples * ranks / (n * n_wires) << " s per sample-wire\n"
            << "  total                  " << t_total << " s\n"
            << "  ratio to the 60 s target " << t_total / 60.0 << "\n";
  return 0;
}

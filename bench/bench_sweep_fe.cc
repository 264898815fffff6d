// Benchmark: the default sweep on the finite-element solver
// (parameters/seed-pd40cu30ni10p20-wires.prm). Runs the whole sweep once and prints the wall
// time of every stage per wire (the thin-filament start, FE flow with the free surface, FE heat,
// material paths, state along the paths, Eulerian fields), the totals, the time per diameter
// against the thin-filament model's, and the ratio to the 3-minute target. The output files
// (ParaView series, paths, profiles) go to a temporary directory that is removed afterwards.
// The sweep then runs a second time with the other setting of 'Sweep/Reuse neighbouring
// solutions', and the shape iterations, wall times and draw forces of the two are compared. The
// stage times per wire are those of the stage timer's sections (postprocess/timing.h), whose
// summary over both sweeps closes the output.
//
//   mpirun -np 2 build/bench/bench_sweep_fe [parameter file]
//
// With '--ranks-per-wire N' it instead runs the sweep once with 'Sweep/Ranks per wire' = N and
// prints its wall time and every wire's draw force, outlet diameter and cooling rate at Tg to
// 17 digits (bench/bench_sweep_fe_groups.sh runs this on 1 and 2 ranks and compares):
//
//   mpirun -np 2 build/bench/bench_sweep_fe --ranks-per-wire 1 [parameter file]
#include "materials/parameters.h"
#include "postprocess/log.h"
#include "postprocess/results/calibrate.h"
#include "postprocess/timing.h"
#include "solver/case_setup.h"
#include "solver/sweep.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iostream>

using namespace hotdraw;

int main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  int arg = 1;
  int ranks_per_wire = -1;  // -1: the comparison of 'Reuse neighbouring solutions'
  if (argc > 2 && std::string(argv[1]) == "--ranks-per-wire")
    {
      ranks_per_wire = std::stoi(argv[2]);
      arg = 3;
    }
  const std::string file =
    argc > arg ? argv[arg] : HOTDRAW_SOURCE_DIR "/parameters/seed-pd40cu30ni10p20-wires.prm";
  const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  Log::instance().set_quiet(true);

  ParameterSet prm;
  declare_all_parameters(prm);
  prm.parse_file(file);
  CaseSetup setup = parse_case(prm, HOTDRAW_SOURCE_DIR "/parameters");
  if (setup.flow_solver != FlowSolver::finite_element)
    {
      if (root)
        std::cerr << "bench_sweep_fe: " << file << " does not use the finite-element solver\n";
      return 1;
    }
  const std::string dir =
    dealii::Utilities::MPI::broadcast(MPI_COMM_WORLD,
                                      (std::filesystem::temp_directory_path() /
                                       ("hotdraw_bench_fe_" + std::to_string(::getpid())))
                                        .string(),
                                      0);
  setup.output.directory = dir;
  if (root)
    std::filesystem::create_directories(dir);
  MPI_Barrier(MPI_COMM_WORLD);

  auto run = [&](const bool reuse, double &seconds) {
    setup.sweep.reuse_solutions = reuse;
    MPI_Barrier(MPI_COMM_WORLD);
    dealii::Timer timer;
    SweepResult r = run_sweep(setup, MPI_COMM_WORLD);
    if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
      calibrate_and_predict(setup, r);
    seconds = timer.wall_time();
    return r;
  };
  if (ranks_per_wire >= 0)
    {
      setup.sweep.ranks_per_wire = static_cast<unsigned int>(ranks_per_wire);
      double seconds = 0;
      const SweepResult r = run(setup.sweep.reuse_solutions, seconds);
      MPI_Barrier(MPI_COMM_WORLD);
      if (!root)
        return 0;
      std::filesystem::remove_all(dir);
      std::cout << "bench_sweep_fe: default sweep on the finite-element solver, " << r.wires.size()
                << " wires, " << dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD)
                << " MPI rank(s), " << ranks_per_wire << " rank(s) per wire\n"
                << std::setprecision(17);
      for (const auto &w : r.wires)
        std::cout << "  wire " << w.wire.diameter_m << " m: draw_force_N " << w.wire.draw_force_N
                  << " outlet_diameter_m " << (w.fe ? w.fe->outlet_diameter_m : 0.0)
                  << " cooling_rate_at_Tg_K_per_s " << w.wire.cooling_rate_at_Tg_K_per_s
                  << " status " << w.wire.status << "\n";
      std::cout << std::setprecision(3) << "  whole sweep (with calibration) " << seconds << " s\n";
      return 0;
    }

  // the sweep as the file sets it, then with the other 'Reuse neighbouring solutions'
  const bool reuse = setup.sweep.reuse_solutions;
  double total = 0, total_other = 0;
  const SweepResult result = run(reuse, total);
  const SweepResult other = run(!reuse, total_other);
  MPI_Barrier(MPI_COMM_WORLD);
  if (!root)
    return 0;
  std::filesystem::remove_all(dir);

  std::cout << std::fixed << std::setprecision(2)
            << "bench_sweep_fe: default sweep on the finite-element solver, " << result.wires.size()
            << " wires + reference rod, " << dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD)
            << " MPI rank(s)\n"
            << "  d (um)  thin filament (s)   FE flow (s)   FE heat (s)   paths (s)   state (s)"
               "   Eulerian (s)   FE total (s)   FE / 1-D   shape iterations   DoFs\n";
  double sums[6] = {0, 0, 0, 0, 0, 0};
  for (std::size_t i = 0; i < result.wires.size(); ++i)
    {
      const auto &fe = *result.wires[i].fe;
      const auto &thin = *result.wires[i].thin;
      const double t1d = thin.solve_time_s + thin.state_time_s;
      const double tfe = fe.wall_time_s;
      const double v[6] = {
        t1d, fe.flow_time_s, fe.heat_time_s, fe.path_time_s, fe.state_time_s, fe.eulerian_time_s};
      for (int k = 0; k < 6; ++k)
        sums[k] += v[k];
      std::cout << std::setw(8) << result.wires[i].wire.diameter_m * 1e6 << std::setw(20) << t1d
                << std::setw(14) << v[1] << std::setw(14) << v[2] << std::setw(12) << v[3]
                << std::setw(12) << v[4] << std::setw(15) << v[5] << std::setw(15) << tfe
                << std::setw(11) << std::setprecision(0) << tfe / t1d << std::setprecision(2)
                << std::setw(19) << fe.shape_iterations << std::setw(7) << fe.n_dofs << "\n";
    }
  std::cout << "  sums: thin filament " << sums[0] << " s, FE flow " << sums[1] << " s, FE heat "
            << sums[2] << " s, paths " << sums[3] << " s, state " << sums[4] << " s, Eulerian "
            << sums[5] << " s\n"
            << "  whole sweep (with calibration) " << total << " s, per diameter "
            << total / result.wires.size() << " s\n"
            << "  ratio to the 180 s target " << total / 180.0 << "\n";

  // reusing the neighbouring wire's FE solution as the initial guess, against not reusing it
  unsigned int iterations[2] = {0, 0};
  double force_difference = 0;
  for (std::size_t i = 0; i < result.wires.size(); ++i)
    {
      iterations[0] += result.wires[i].fe->shape_iterations;
      iterations[1] += other.wires[i].fe->shape_iterations;
      force_difference =
        std::max(force_difference,
                 std::abs(other.wires[i].fe->draw_force_N / result.wires[i].fe->draw_force_N - 1));
    }
  const unsigned int with = reuse ? iterations[0] : iterations[1];
  const unsigned int without = reuse ? iterations[1] : iterations[0];
  const double t_with = reuse ? total : total_other, t_without = reuse ? total_other : total;
  std::cout << "  'Reuse neighbouring solutions': shape iterations " << with << " with, " << without
            << " without (ratio " << double(with) / without << "); whole sweep " << t_with
            << " s with, " << t_without << " s without (ratio " << t_with / t_without
            << "); largest draw-force difference between the two " << std::scientific
            << std::setprecision(1) << force_difference << "\n"
            << "  stage timer of rank 0 over both sweeps:\n";
  timers().print_summary(std::cout);
  return 0;
}

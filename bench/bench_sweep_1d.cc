// Benchmark: the default sweep (parameters/seed-pd40cu30ni10p20-wires-1d.prm) on the thin-filament
// model. Runs the whole sweep several times in one process and prints wall-clock figures: total
// per sweep (min and median), the share of the flow/heat solves and of the state chain, time
// per diameter, and the ratio to the 5 s target. No output files are written.
//
//   build/bench/bench_sweep_1d [repetitions] [parameter file]
#include "materials/parameters.h"
#include "postprocess/log.h"
#include "solver/case_setup.h"
#include "solver/sweep.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>

#include <algorithm>
#include <iomanip>
#include <iostream>

using namespace hotdraw;

int main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const unsigned int reps = argc > 1 ? std::stoi(argv[1]) : 5;
  const std::string file =
    argc > 2 ? argv[2] : HOTDRAW_SOURCE_DIR "/parameters/seed-pd40cu30ni10p20-wires-1d.prm";
  const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  Log::instance().set_quiet(true);

  std::vector<double> total, flow, state;
  std::size_t n_wires = 0;
  unsigned int newton = 0;
  for (unsigned int r = 0; r < reps; ++r)
    {
      ParameterSet prm;
      declare_all_parameters(prm);
      prm.parse_file(file);
      CaseSetup setup = parse_case(prm, HOTDRAW_SOURCE_DIR "/parameters");
      dealii::Timer timer;
      SweepResult result = run_sweep(setup, MPI_COMM_WORLD);
      total.push_back(timer.wall_time());
      double f = 0, s = 0;
      newton = 0;
      for (const auto &r : result.wires)
        {
          const WireResult &w = r.wire;
          f += w.solve_time_s;
          s += w.state_time_s;
          newton += w.newton_iterations;
        }
      flow.push_back(f);
      state.push_back(s);
      n_wires = result.wires.size();
    }
  if (!root)
    return 0;
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double t_med = median(total), t_min = *std::min_element(total.begin(), total.end());
  std::cout << std::fixed << std::setprecision(3)
            << "bench_sweep_1d: default sweep on the thin-filament model, " << n_wires
            << " wires + reference rod, " << reps << " repetitions, "
            << dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) << " MPI rank(s)\n"
            << "  whole sweep            min " << t_min << " s, median " << t_med << " s\n"
            << "  flow + heat solves     median " << median(flow) << " s (summed over wires)\n"
            << "  path + state + DSC     median " << median(state) << " s (summed over wires)\n"
            << "  per diameter           " << t_med / n_wires << " s\n"
            << "  Newton iterations      " << newton << " per sweep\n"
            << "  ratio to the 5 s target " << t_med / 5.0 << "\n";
  return 0;
}

// Benchmark of the FE Stokes solver: one linear Stokes solve (Newtonian VFT viscosity, drawing
// boundary conditions on a slender rod) at several mesh levels and viscosity contrasts 1, 1e3
// and 1e6 (a temperature field across the domain), with the iterative block-preconditioned
// FGMRES and with MUMPS on the same system. Prints DoFs, outer iterations, setup and solve
// times, the part of the solve spent in the velocity AMG V-cycles, the solve time per DoF and
// outer iteration (which shows cache effects), the time ratio against MUMPS, and the two targets
// (with the exponents between successive levels, for the solve and for the AMG alone):
//   - outer iterations grow by at most 20 % from the coarsest to the finest level and from
//     contrast 1 to 1e6;
//   - solve time grows no faster than N^1.15 (least-squares exponent over levels 3 to the finest;
//     level 3, 19k DoFs, still fits in the 32 MiB L3 cache of the development machine, so the
//     step from 3 to 4 is steeper than the ones after it).
//
//   build/bench/bench_stokes [finest level = 6] [PETSc|Trilinos] [mumps|no-mumps]
//                            [coarsest level = 2]
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "materials/rheology.h"
#include "meshes/drawing_domain.h"
#include "postprocess/log.h"
#include "solver/fe/domain.h"
#include "solver/fe/stokes_flow.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>
#include <deal.II/grid/tria.h>

#include <cmath>
#include <iomanip>
#include <iostream>

using namespace hotdraw;

namespace
{
  struct Run
  {
    unsigned int level = 0, dofs = 0, outer = 0;
    double contrast = 1, setup = 0, solve = 0, amg = 0, mumps = 0;
  };

  Run run(const RheologyModel &rheo, unsigned int level, double T_hot, double T_cold,
          LinearAlgebraBackend backend, bool with_mumps)
  {
    const double R0 = 0.5e-3, L = 10e-3, vf = 1e-3, vd = 10e-3;
    Run r;
    r.level = level;
    r.contrast = rheo.evaluate(T_cold, 0).eta / rheo.evaluate(T_hot, 0).eta;
    DrawingDomainSpec spec;
    for (unsigned int i = 0; i <= 16; ++i)
      {
        spec.z_nodes.push_back(L * i / 16.0);
        spec.radius.push_back(R0 * std::pow(vf / vd, 0.5 * i / 16.0));
      }
    spec.n_radial_cells = 2;
    auto solve = [&](LinearSolverType type) {
      StokesSettings st;
      st.backend = backend;
      st.linear_solver = type;
      st.verbosity = 0;
      st.max_nonlinear_iterations = 1;  // Newtonian: one linear solve is the whole problem
      st.linear_tolerance = 1e-8;
      Domain domain(MPI_COMM_WORLD, st.geometry, st.backend);
      domain.create_mesh([&](dealii::Triangulation<2> &t) { make_drawing_domain(t, spec); }, level);
      auto flow = StokesFlow::create(domain, rheo, st);
      FlowSpec fs;
      // temperature falls along the axis and across the radius: the viscosity varies smoothly
      // over the whole contrast
      fs.temperature = [&](const dealii::Point<2> &x) {
        const double s = 0.5 * (x[1] / L + x[0] / R0);
        return T_hot + (T_cold - T_hot) * std::min(1.0, s);
      };
      fs.boundaries[BoundaryId::inlet] = {true,
                                          true,
                                          [&](const dealii::Point<2> &) {
                                            return dealii::Tensor<1, 2>({0.0, vf});
                                          },
                                          {},
                                          false};
      fs.boundaries[BoundaryId::outlet] = {false,
                                           true,
                                           [&](const dealii::Point<2> &) {
                                             return dealii::Tensor<1, 2>({0.0, vd});
                                           },
                                           {},
                                           false};
      fs.boundaries[BoundaryId::axis] = {true, false, {}, {}, false};
      fs.boundaries[BoundaryId::free_surface] = {false, false, {}, {}, false};
      flow->set_flow(fs);
      flow->solve();
      r.dofs = flow->n_dofs();
      return flow->last_linear_report();
    };
    const LinearSolveReport it = solve(LinearSolverType::iterative);
    r.outer = it.cheap_iterations + it.expensive_iterations;
    r.setup = it.setup_time_s;
    r.solve = it.solve_time_s;
    r.amg = it.amg_time_s;
    if (with_mumps)
      r.mumps = solve(LinearSolverType::direct).solve_time_s;
    return r;
  }
}  // namespace

int main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  const unsigned int finest = argc > 1 ? std::stoi(argv[1]) : 6;
  const LinearAlgebraBackend backend = (argc > 2 && std::string(argv[2]) == "Trilinos")
                                         ? LinearAlgebraBackend::trilinos
                                         : LinearAlgebraBackend::petsc;
  const bool with_mumps = !(argc > 3 && std::string(argv[3]) == "no-mumps");
  const unsigned int coarsest = argc > 4 ? std::stoi(argv[4]) : 2;
  constexpr unsigned int max_mumps_level = 5;
  Log::instance().set_quiet(true);
  const Material pd = Material::preset("Pd40Cu30Ni10P20");
  ParameterSet prm;
  {
    Section s(prm, "Rheology");
    declare_rheology_parameters(prm);
  }
  prm.parse_string("subsection Rheology\n set Model = VFT Newtonian\nend\n");
  const auto rheo = [&] {
    Section s(prm, "Rheology");
    return create_rheology(prm, pd);
  }();

  // temperature ranges giving viscosity contrasts of about 1, 1e3 and 1e6
  const std::vector<std::pair<double, double>> ranges = {{650, 650}, {650, 602.1}, {650, 571.4}};
  if (root)
    std::cout << "bench_stokes: drawing-domain Stokes solve, "
              << (backend == LinearAlgebraBackend::petsc ? "PETSc" : "Trilinos") << ", "
              << dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) << " rank(s)\n"
              << std::setw(6) << "level" << std::setw(10) << "DoFs" << std::setw(11) << "contrast"
              << std::setw(7) << "outer" << std::setw(11) << "setup (s)" << std::setw(11)
              << "solve (s)" << std::setw(10) << "AMG (s)" << std::setw(16) << "ns/(DoF iter)"
              << std::setw(11) << "MUMPS (s)" << std::setw(14) << "iter/MUMPS\n";
  std::vector<std::vector<Run>> runs(ranges.size());
  for (std::size_t c = 0; c < ranges.size(); ++c)
    for (unsigned int level = coarsest; level <= finest; ++level)
      {
        // MUMPS up to level 5 (300k DoFs, 30 s); level 6 would take minutes and many GiB
        const Run r = run(*rheo, level, ranges[c].first, ranges[c].second, backend,
                          with_mumps && level <= max_mumps_level);
        runs[c].push_back(r);
        if (root)
          std::cout << std::setw(6) << r.level << std::setw(10) << r.dofs << std::setw(11)
                    << std::scientific << std::setprecision(1) << r.contrast << std::fixed
                    << std::setw(7) << r.outer << std::setw(11) << std::setprecision(3) << r.setup
                    << std::setw(11) << r.solve << std::setw(10) << r.amg << std::setw(16)
                    << std::setprecision(1)
                    << 1e9 * r.solve / (double(r.dofs) * std::max(1u, r.outer))
                    << std::setprecision(3) << std::setw(11) << r.mumps << std::setw(13)
                    << (r.mumps > 0 ? (r.setup + r.solve) / r.mumps : 0.0) << "\n";
      }
  if (!root)
    return 0;
  std::cout << "\nTargets:\n";
  bool ok = true;
  for (std::size_t c = 0; c < runs.size(); ++c)
    {
      const Run &a = runs[c].front(), &b = runs[c].back();
      const double growth = double(b.outer) / a.outer - 1;
      // least-squares slope of log(solve time) against log(DoFs) over the levels >= 3 (the
      // coarsest solves take milliseconds and measure overhead, not scaling)
      double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
      for (const Run &r : runs[c])
        if (r.level >= 3 || runs[c].size() < 3)
          {
            const double x = std::log(double(r.dofs)), y = std::log(r.solve);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            n += 1;
          }
      const double exponent = (n * sxy - sx * sy) / (n * sxx - sx * sx);
      std::cout << "  contrast " << std::scientific << std::setprecision(1) << a.contrast
                << std::fixed << ": iterations " << a.outer << " -> " << b.outer << " ("
                << std::setprecision(0) << 100 * growth << " %, target <= 20 %), solve time ~ N^"
                << std::setprecision(2) << exponent << " (target <= 1.15); between successive "
                << "levels N^";
      // the local exponents of the solve time and of the AMG V-cycles alone
      for (std::size_t l = 1; l < runs[c].size(); ++l)
        {
          const Run &p = runs[c][l - 1], &q = runs[c][l];
          const double dn = std::log(double(q.dofs) / p.dofs);
          std::cout << (l > 1 ? ", " : "") << std::log(q.solve / p.solve) / dn << " (AMG "
                    << std::log(q.amg / std::max(p.amg, 1e-12)) / dn << ")";
        }
      std::cout << "\n";
      ok = ok && growth <= 0.2 && exponent <= 1.15;
    }
  for (std::size_t l = 0; l < runs[0].size(); ++l)
    {
      const double growth = double(runs.back()[l].outer) / runs.front()[l].outer - 1;
      std::cout << "  level " << runs[0][l].level
                << ": iterations at contrast 1e6 vs 1: " << runs.front()[l].outer << " -> "
                << runs.back()[l].outer << " (" << std::setprecision(0) << 100 * growth
                << " %, target <= 20 %)\n";
      ok = ok && growth <= 0.2;
    }
  std::cout << (ok ? "All targets met.\n" : "Some targets NOT met.\n");
  return 0;
}

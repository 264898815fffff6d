// Verification of the finite-element Stokes solver (solver/fe/stokes_flow.h):
//  - uniaxial extension u_z = eps z, u_r = -eps r / 2 is reproduced to round-off (the exact
//    solution lies in the Q2-Q1 space), with the exact draw force 3 eta eps pi R^2;
//  - Hagen-Poiseuille pipe flow, also exact in Q2-Q1;
//  - axisymmetric and planar manufactured solutions with a viscosity that varies over six
//    orders of magnitude (VFT with a temperature field): optimal Q2-Q1 rates (velocity L2 ~ 3,
//    pressure L2 ~ 2) over four refinements;
//  - the Trilinos and PETSc back ends and the direct (MUMPS) and iterative solvers agree.
#include "fe_test_helpers.h"
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/rheology.h"
#include "meshes/drawing_domain.h"
#include "solver/fe/stokes_flow.h"

#include <deal.II/base/mpi.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/tria.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

using namespace hotdraw;
using namespace hotdraw::test;
using dealii::Point;
using dealii::Tensor;

namespace
{
  StokesSettings settings(LinearAlgebraBackend b, LinearSolverType s,
                          GeometryType g = GeometryType::axisymmetric)
  {
    StokesSettings st;
    st.backend = b;
    st.linear_solver = s;
    st.geometry = g;
    st.linear_tolerance = 1e-12;
    st.nonlinear_tolerance = 1e-12;
    st.verbosity = 0;
    return st;
  }

  const std::vector<std::pair<LinearAlgebraBackend, LinearSolverType>> all_solvers = {
    {LinearAlgebraBackend::trilinos, LinearSolverType::iterative},
    {LinearAlgebraBackend::petsc, LinearSolverType::iterative},
    {LinearAlgebraBackend::petsc, LinearSolverType::direct},
    {LinearAlgebraBackend::trilinos, LinearSolverType::direct}};

  std::string label(const std::pair<LinearAlgebraBackend, LinearSolverType> &s)
  {
    return std::string(s.first == LinearAlgebraBackend::petsc ? "PETSc" : "Trilinos") + "/" +
           (s.second == LinearSolverType::direct ? "direct" : "iterative");
  }
}  // namespace

TEST_CASE("FE Stokes: uniaxial extension is exact to round-off", "[fe][stokes]")
{
  const auto rheo = newtonian();
  const double R = 1e-3, L = 5e-3, eps = 0.2, T = 640.0;
  const double eta = rheo->evaluate(T, 0).eta;
  for (const auto &solver : all_solvers)
    {
      INFO(label(solver));
      FlowOnDomain f(*rheo, settings(solver.first, solver.second), rectangle(R, L, 3, 7), 0);
      auto &flow = f.flow;
      auto exact = [&](const Point<2> &x) { return Tensor<1, 2>({-0.5 * eps * x[0], eps * x[1]}); };
      FlowSpec spec;
      spec.temperature = [&](const Point<2> &) { return T; };
      spec.boundaries[BoundaryId::inlet] = {true, true, exact, {}, false};
      spec.boundaries[BoundaryId::outlet] = {true, true, exact, {}, false};
      spec.boundaries[BoundaryId::axis] = {true, false, exact, {}, false};
      spec.boundaries[BoundaryId::free_surface] = {false, false, {}, {}, false};
      flow->set_flow(spec);
      const NonlinearReport rep = flow->solve();
      REQUIRE(rep.converged);
      const ErrorNorms e = flow->errors(exact, [&](const Point<2> &) { return -eta * eps; });
      const double u_scale = eps * L * std::sqrt(M_PI * R * R * L);
      const double p_scale = eta * eps * std::sqrt(M_PI * R * R * L);
      CHECK(e.velocity_L2 / u_scale < 1e-9);
      CHECK(e.pressure_L2 / p_scale < 1e-8);
      const double F_exact = 3 * eta * eps * M_PI * R * R;
      CHECK(flow->outlet_force() == Approx(F_exact).epsilon(1e-8));
      // every cross-section carries the same flux as the inlet plug: 0 at z = 0, eps L pi R^2
      for (const auto &[z, q] : flow->section_fluxes())
        CHECK(q == Approx(eps * z * M_PI * R * R).margin(1e-9 * eps * L * M_PI * R * R));
    }
}

namespace
{
  // Hagen-Poiseuille flow in a pipe (exact in Q2-Q1): velocity, pressure and every section's
  // flux against the exact solution. Returns the report of the last linear solve.
  LinearSolveReport check_poiseuille(const StokesSettings &st)
  {
    const auto rheo = newtonian();
    const double R = 1e-3, L = 4e-3, T = 650.0;
    const double eta = rheo->evaluate(T, 0).eta;
    const double G = 1e9;  // pressure gradient -dp/dz, Pa/m
    auto exact = [&](const Point<2> &x) {
      return Tensor<1, 2>({0.0, G / (4 * eta) * (R * R - x[0] * x[0])});
    };
    auto pressure = [&](const Point<2> &x) { return -G * x[1]; };
    FlowOnDomain f(*rheo, st, rectangle(R, L, 4, 4), 0);
    auto &flow = f.flow;
    FlowSpec spec;
    spec.temperature = [&](const Point<2> &) { return T; };
    spec.boundaries[BoundaryId::inlet] = {true, true, exact, {}, false};
    // outlet traction sigma n, n = e_z: (eta du_z/dr, -p)
    spec.boundaries[BoundaryId::outlet] = {
      false,
      false,
      {},
      [&](const Point<2> &x) {
        return Tensor<1, 2>({eta * (-G / (2 * eta)) * x[0], -pressure(x)});
      },
      false};
    spec.boundaries[BoundaryId::axis] = {true, false, exact, {}, false};
    spec.boundaries[BoundaryId::free_surface] = {true, true, exact, {}, false};
    flow->set_flow(spec);
    REQUIRE(flow->solve().converged);
    const LinearSolveReport report = flow->last_linear_report();
    const ErrorNorms e = flow->errors(exact, pressure);
    const double vol = std::sqrt(M_PI * R * R * L);
    CHECK(e.velocity_L2 / (G * R * R / (4 * eta) * vol) < 1e-9);
    CHECK(e.pressure_L2 / (G * L * vol) < 1e-9);
    const double Q_exact = M_PI * G * std::pow(R, 4) / (8 * eta);
    for (const auto &[z, q] : flow->section_fluxes())
      CHECK(q == Approx(Q_exact).epsilon(1e-9));
    return report;
  }
}  // namespace

TEST_CASE("FE Stokes: Hagen-Poiseuille pipe flow is exact", "[fe][stokes]")
{
  check_poiseuille(settings(LinearAlgebraBackend::trilinos, LinearSolverType::iterative));
}

TEST_CASE("FE Stokes: the expensive preconditioner phase (inner CG) is exact too", "[fe][stokes]")
{
  // two cheap FGMRES steps cannot reach 1e-12: the expensive phase (CG on the velocity block
  // with a symmetric V-cycle, CG on the pressure mass matrix) must finish the solve
  for (const auto b : {LinearAlgebraBackend::petsc, LinearAlgebraBackend::trilinos})
    {
      StokesSettings st = settings(b, LinearSolverType::iterative);
      st.cheap_iterations = 2;
      const LinearSolveReport r = check_poiseuille(st);
      INFO((b == LinearAlgebraBackend::petsc ? "PETSc" : "Trilinos"));
      CHECK(r.cheap_iterations == 2);
      CHECK(r.expensive_iterations > 0);
    }
}

namespace
{
  // Manufactured solution from a stream function (divergence-free by construction) with
  // f(r, z) = b(r) a(z), b = cos(k r), a = sin(m z) + 2:
  //   axisymmetric: u_r = -r f_z, u_z = 2 f + r f_r;   planar: u_x = -f_z, u_z = f_x.
  // Temperature T = T0 + dT sin(pi z/L) cos(pi r/(2R)) gives eta from VFT over ~6 decades.
  struct Manufactured
  {
    double R, L, k, m, U, P, T0, dT;
    bool axi;
    const RheologyModel *rheo;

    double b(double r, int d) const
    {
      const double c = std::cos(k * r), s = std::sin(k * r);
      switch (d)
        {
          case 0:
            return c;
          case 1:
            return -k * s;
          case 2:
            return -k * k * c;
          default:
            return k * k * k * s;
        }
    }
    double a(double z, int d) const
    {
      const double c = std::cos(m * z), s = std::sin(m * z);
      switch (d)
        {
          case 0:
            return s + 2;
          case 1:
            return m * c;
          case 2:
            return -m * m * s;
          default:
            return -m * m * m * c;
        }
    }
    double temperature(const Point<2> &x) const
    {
      return T0 + dT * std::sin(M_PI * x[1] / L) * std::cos(0.5 * M_PI * x[0] / R);
    }
    Tensor<1, 2> grad_temperature(const Point<2> &x) const
    {
      return Tensor<1, 2>(
        {-dT * std::sin(M_PI * x[1] / L) * std::sin(0.5 * M_PI * x[0] / R) * 0.5 * M_PI / R,
         dT * M_PI / L * std::cos(M_PI * x[1] / L) * std::cos(0.5 * M_PI * x[0] / R)});
    }
    Tensor<1, 2> velocity(const Point<2> &x) const
    {
      const double r = x[0], z = x[1];
      if (axi)
        return U * Tensor<1, 2>({-r * b(r, 0) * a(z, 1), (2 * b(r, 0) + r * b(r, 1)) * a(z, 0)});
      return U * Tensor<1, 2>({-b(r, 0) * a(z, 1), b(r, 1) * a(z, 0)});
    }
    double pressure(const Point<2> &x) const
    {
      return P * std::sin(M_PI * x[1] / L) * std::cos(0.5 * M_PI * x[0] / R);
    }
    Tensor<1, 2> grad_pressure(const Point<2> &x) const
    {
      return P * Tensor<1, 2>(
                   {-std::sin(M_PI * x[1] / L) * std::sin(0.5 * M_PI * x[0] / R) * 0.5 * M_PI / R,
                    M_PI / L * std::cos(M_PI * x[1] / L) * std::cos(0.5 * M_PI * x[0] / R)});
    }
    // u_i derivatives: first [i][j] = du_i/dx_j, second [i][j][l] = d2u_i/dx_j dx_l
    void derivatives(const Point<2> &x, double g[2][2], double h[2][2][2]) const
    {
      const double r = x[0], z = x[1];
      const double B0 = b(r, 0), B1 = b(r, 1), B2 = b(r, 2), B3 = b(r, 3);
      const double A0 = a(z, 0), A1 = a(z, 1), A2 = a(z, 2), A3 = a(z, 3);
      if (axi)
        {
          g[0][0] = -(B0 + r * B1) * A1;
          g[0][1] = -r * B0 * A2;
          g[1][0] = (3 * B1 + r * B2) * A0;
          g[1][1] = (2 * B0 + r * B1) * A1;
          h[0][0][0] = -(2 * B1 + r * B2) * A1;
          h[0][0][1] = h[0][1][0] = -(B0 + r * B1) * A2;
          h[0][1][1] = -r * B0 * A3;
          h[1][0][0] = (4 * B2 + r * B3) * A0;
          h[1][0][1] = h[1][1][0] = (3 * B1 + r * B2) * A1;
          h[1][1][1] = (2 * B0 + r * B1) * A2;
        }
      else
        {
          g[0][0] = -B1 * A1;
          g[0][1] = -B0 * A2;
          g[1][0] = B2 * A0;
          g[1][1] = B1 * A1;
          h[0][0][0] = -B2 * A1;
          h[0][0][1] = h[0][1][0] = -B1 * A2;
          h[0][1][1] = -B0 * A3;
          h[1][0][0] = B3 * A0;
          h[1][0][1] = h[1][1][0] = B2 * A1;
          h[1][1][1] = B1 * A2;
        }
      for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j)
          {
            g[i][j] *= U;
            for (int l = 0; l < 2; ++l)
              h[i][j][l] *= U;
          }
    }
    // f = -div(2 eta D) + grad p, with the hoop terms in the axisymmetric case
    Tensor<1, 2> force(const Point<2> &x) const
    {
      double g[2][2], h[2][2][2];
      derivatives(x, g, h);
      const Viscosity v = rheo->evaluate(temperature(x), 0.0);
      const Tensor<1, 2> ge = v.deta_dT * grad_temperature(x);
      const double Drr = g[0][0], Dzz = g[1][1], Drz = 0.5 * (g[0][1] + g[1][0]);
      const double dDrr_dr = h[0][0][0], dDzz_dz = h[1][1][1];
      const double dDrz_dr = 0.5 * (h[0][1][0] + h[1][0][0]);
      const double dDrz_dz = 0.5 * (h[0][1][1] + h[1][0][1]);
      Tensor<1, 2> div;
      div[0] = 2 * v.eta * (dDrr_dr + dDrz_dz) + 2 * (Drr * ge[0] + Drz * ge[1]);
      div[1] = 2 * v.eta * (dDrz_dr + dDzz_dz) + 2 * (Drz * ge[0] + Dzz * ge[1]);
      if (axi)
        {
          const double ur = velocity(x)[0], r = x[0];
          const double Dtt = ur / r;
          div[0] += 2 * v.eta * (Drr - Dtt) / r;
          div[1] += 2 * v.eta * Drz / r;
        }
      return -div + grad_pressure(x);
    }
    // traction on r = R (n = e_r): (-p + 2 eta D_rr, 2 eta D_rz)
    Tensor<1, 2> traction(const Point<2> &x) const
    {
      double g[2][2], h[2][2][2];
      derivatives(x, g, h);
      const double eta = rheo->evaluate(temperature(x), 0.0).eta;
      return Tensor<1, 2>({-pressure(x) + 2 * eta * g[0][0], eta * (g[0][1] + g[1][0])});
    }
  };

  std::vector<std::pair<double, double>> mms_errors(GeometryType g,
                                                    const std::vector<unsigned int> &levels,
                                                    LinearAlgebraBackend backend,
                                                    LinearSolverType solver, double *contrast)
  {
    static const auto rheo = newtonian();
    Manufactured m;
    m.R = 1e-3;
    m.L = 2e-3;
    m.k = 0.5 * M_PI / m.R;
    m.m = M_PI / m.L;
    m.U = 1e-3;
    m.P = 1e6;
    m.T0 = 655;
    m.dT = 65;  // 590 .. 720 K: eta from ~6e3 to ~3e10 Pa s
    m.axi = g == GeometryType::axisymmetric;
    m.rheo = rheo.get();
    if (contrast)
      *contrast = rheo->evaluate(590, 0).eta / rheo->evaluate(720, 0).eta;
    std::vector<std::pair<double, double>> out;
    for (unsigned int level : levels)
      {
        FlowOnDomain f(*rheo, settings(backend, solver, g), rectangle(m.R, m.L, 1, 2), level);
        auto &flow = f.flow;
        FlowSpec spec;
        spec.temperature = [&](const Point<2> &x) { return m.temperature(x); };
        spec.body_force = [&](const Point<2> &x) { return m.force(x); };
        auto u = [&](const Point<2> &x) { return m.velocity(x); };
        spec.boundaries[BoundaryId::inlet] = {true, true, u, {}, false};
        spec.boundaries[BoundaryId::outlet] = {true, true, u, {}, false};
        // axis: symmetry (u_r = 0 exactly) for axisymmetric; Dirichlet for the planar MMS,
        // whose u_x does not vanish at x = 0
        spec.boundaries[BoundaryId::axis] = {true, !m.axi, u, {}, false};
        spec.boundaries[BoundaryId::free_surface] = {
          false, false, {}, [&](const Point<2> &x) { return m.traction(x); }, false};
        flow->set_flow(spec);
        const NonlinearReport rep = flow->solve();
        REQUIRE(rep.converged);
        const ErrorNorms e = flow->errors(u, [&](const Point<2> &x) { return m.pressure(x); });
        out.emplace_back(e.velocity_L2, e.pressure_L2);
      }
    return out;
  }

  void check_rates(GeometryType g, const std::string &name)
  {
    double contrast = 0;
    const auto e = mms_errors(g, {2, 3, 4, 5}, LinearAlgebraBackend::trilinos,
                              LinearSolverType::iterative, &contrast);
    if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
      {
        std::cout << name << " manufactured solution, viscosity contrast " << contrast
                  << ": errors (velocity L2, pressure L2) and rates\n";
        for (std::size_t k = 0; k < e.size(); ++k)
          {
            std::cout << "  level " << k + 2 << ": " << e[k].first << "  " << e[k].second;
            if (k > 0)
              std::cout << "   rates " << std::log2(e[k - 1].first / e[k].first) << "  "
                        << std::log2(e[k - 1].second / e[k].second);
            std::cout << "\n";
          }
      }
    CHECK(contrast > 1e6);
    // optimal Q2-Q1 rates over the last three refinements
    for (std::size_t k = 1; k < e.size(); ++k)
      {
        INFO("refinement " << k);
        CHECK(std::log2(e[k - 1].first / e[k].first) > 2.7);
        CHECK(std::log2(e[k - 1].second / e[k].second) > 1.8);
      }
  }
}  // namespace

TEST_CASE("FE Stokes: axisymmetric manufactured solution, six decades of viscosity, Q2-Q1 rates",
          "[fe][stokes][mms]")
{
  check_rates(GeometryType::axisymmetric, "axisymmetric");
}

TEST_CASE("FE Stokes: planar manufactured solution, Q2-Q1 rates", "[fe][stokes][mms]")
{
  check_rates(GeometryType::planar, "planar");
}

TEST_CASE("FE Stokes: Trilinos, PETSc, iterative and direct solvers agree", "[fe][stokes]")
{
  std::vector<std::pair<double, double>> results;
  for (const auto &s : all_solvers)
    results.push_back(mms_errors(GeometryType::axisymmetric, {3}, s.first, s.second, nullptr)[0]);
  for (std::size_t k = 1; k < results.size(); ++k)
    {
      INFO(label(all_solvers[k]) << " vs " << label(all_solvers[0]));
      CHECK(results[k].first == Approx(results[0].first).epsilon(1e-6));
      CHECK(results[k].second == Approx(results[0].second).epsilon(1e-6));
    }
}

TEST_CASE("FE Stokes: surface tension on a static cylinder gives p = gamma / R", "[fe][stokes]")
{
  // no flow, both ends held: the Laplace pressure of a cylinder (azimuthal curvature 1/R)
  const auto rheo = newtonian();
  const double R = 0.5e-3, L = 2e-3, gamma = 1.5;
  FlowOnDomain f(*rheo, settings(LinearAlgebraBackend::petsc, LinearSolverType::iterative),
                 rectangle(R, L, 2, 4), 1);
  auto &flow = f.flow;
  auto zero = [](const Point<2> &) { return Tensor<1, 2>(); };
  FlowSpec spec;
  spec.temperature = [](const Point<2> &) { return 640.0; };
  spec.surface_tension_N_per_m = gamma;
  spec.boundaries[BoundaryId::inlet] = {true, true, zero, {}, false};
  spec.boundaries[BoundaryId::outlet] = {true, true, zero, {}, false};
  spec.boundaries[BoundaryId::axis] = {true, false, zero, {}, false};
  spec.boundaries[BoundaryId::free_surface] = {false, false, {}, {}, true};
  flow->set_flow(spec);
  REQUIRE(flow->solve().converged);
  const ErrorNorms e = flow->errors(zero, [&](const Point<2> &) { return gamma / R; });
  const double vol = std::sqrt(M_PI * R * R * L);
  CHECK(e.pressure_L2 / (gamma / R * vol) < 1e-8);
  CHECK(e.velocity_L2 < 1e-12);
}

TEST_CASE("FE Stokes: gravity-driven pipe flow", "[fe][stokes]")
{
  // rho g along +z drives Poiseuille flow u_z = rho g (R^2 - r^2) / (4 eta), p = 0
  const auto rheo = newtonian();
  const double R = 1e-3, L = 4e-3, T = 650.0, rho = 9280, g = 9.81;
  const double eta = rheo->evaluate(T, 0).eta;
  auto exact = [&](const Point<2> &x) {
    return Tensor<1, 2>({0.0, rho * g / (4 * eta) * (R * R - x[0] * x[0])});
  };
  FlowOnDomain f(*rheo, settings(LinearAlgebraBackend::petsc, LinearSolverType::iterative),
                 rectangle(R, L, 4, 4), 0);
  auto &flow = f.flow;
  FlowSpec spec;
  spec.temperature = [&](const Point<2> &) { return T; };
  spec.body_force = [&](const Point<2> &) { return Tensor<1, 2>({0.0, rho * g}); };
  spec.boundaries[BoundaryId::inlet] = {true, true, exact, {}, false};
  // outlet traction sigma e_z = (eta du_z/dr, 0)
  spec.boundaries[BoundaryId::outlet] = {false,
                                         false,
                                         {},
                                         [&](const Point<2> &x) {
                                           return Tensor<1, 2>({-rho * g * x[0] / 2, 0.0});
                                         },
                                         false};
  spec.boundaries[BoundaryId::axis] = {true, false, exact, {}, false};
  spec.boundaries[BoundaryId::free_surface] = {true, true, exact, {}, false};
  flow->set_flow(spec);
  REQUIRE(flow->solve().converged);
  const ErrorNorms e = flow->errors(exact, [](const Point<2> &) { return 0.0; });
  const double vol = std::sqrt(M_PI * R * R * L);
  CHECK(e.velocity_L2 / (rho * g * R * R / (4 * eta) * vol) < 1e-9);
  CHECK(e.pressure_L2 / (rho * g * L * vol) < 1e-9);
}

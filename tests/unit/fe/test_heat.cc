// Verification of the FE heat transfer (solver/fe/heat_transfer.h):
//  - axisymmetric manufactured solution of advection-diffusion in uniaxial extension: Q2 rates;
//  - transient conduction in a long cylinder against the Bessel series (BDF2);
//  - lumped cooling of a thin moving wire against the exponential law.
#include "fe_test_helpers.h"
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/rheology.h"
#include "meshes/drawing_domain.h"
#include "solver/fe/domain.h"
#include "solver/fe/heat_transfer.h"
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
  const double rho = 9280, cp = 500, kc = 8;

  // A flow with the velocity prescribed everywhere (the flow solve then reproduces it). With
  // traction_free_surface the free surface is left free instead: a stress-free u (plug flow) is
  // still reproduced, and the pressure is then determined, which the iterative solver on thin,
  // anisotropic cells needs (all-Dirichlet leaves the pressure constant free).
  std::unique_ptr<FlowOnDomain> prescribed_flow(const RheologyModel &rheo, double R, double L,
                                                unsigned int nr, unsigned int nz,
                                                unsigned int level, const VectorFunction &u,
                                                bool traction_free_surface = false)
  {
    StokesSettings st;
    st.verbosity = 0;
    auto f = std::make_unique<FlowOnDomain>(rheo, st, rectangle(R, L, nr, nz), level);
    FlowSpec spec;
    spec.temperature = [](const Point<2> &) { return 640.0; };
    for (const dealii::types::boundary_id id :
         {BoundaryId::inlet, BoundaryId::outlet, BoundaryId::free_surface})
      spec.boundaries[id] = {true, true, u, {}, false};
    if (traction_free_surface)
      spec.boundaries[BoundaryId::free_surface] = {false, false, {}, {}, false};
    spec.boundaries[BoundaryId::axis] = {true, false, u, {}, false};
    f->flow->set_flow(spec);
    REQUIRE(f->flow->solve().converged);
    return f;
  }

  HeatSpec constant_properties()
  {
    HeatSpec h;
    h.density = [](double) { return rho; };
    h.heat_capacity = [](double) { return cp; };
    h.enthalpy = [](double T) { return cp * (T - 298.15); };
    h.dcp_dT = [](double) { return 0.0; };
    h.conductivity = [](double) { return kc; };
    h.dk_dT = [](double) { return 0.0; };
    h.heat_transfer = [](double, double, double, double, double, double) { return 0.0; };
    h.wall_temperature = [](double, double) { return 300.0; };
    h.gas_temperature = [](double, double) { return 300.0; };
    h.radiation = false;
    h.viscous_heating = false;
    h.newton_tolerance = 1e-12;
    return h;
  }

  bool root()
  {
    return dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  }
}  // namespace

namespace
{
  std::vector<double> heat_mms(double eps)
  {
    const auto rheo = newtonian();
    const double R = 1e-3, L = 2e-3, A = 50, T0 = 600;
    const double a = 0.5 * M_PI / R, b = M_PI / L;
    auto u = [=](const Point<2> &x) { return Tensor<1, 2>({-0.5 * eps * x[0], eps * x[1]}); };
    auto T_exact = [=](const Point<2> &x) {
      return T0 + A * std::cos(a * x[0]) * std::sin(b * x[1]);
    };
    auto source = [=](const Point<2> &x) {
      const double r = x[0], z = x[1];
      const double Tr = -A * a * std::sin(a * r) * std::sin(b * z);
      const double Tz = A * b * std::cos(a * r) * std::cos(b * z);
      const double lap = -A * (a * a + b * b) * std::cos(a * r) * std::sin(b * z) +
                         (r > 0 ? Tr / r : -A * a * a * std::sin(b * z));
      const Tensor<1, 2> v = u(x);
      return rho * cp * (v[0] * Tr + v[1] * Tz) - kc * lap;
    };
    std::vector<double> err;
    for (unsigned int level : {1u, 2u, 3u, 4u})
      {
        auto flow = prescribed_flow(*rheo, R, L, 1, 2, level, u);
        HeatSpec h = constant_properties();
        h.dirichlet_ids = {BoundaryId::inlet, BoundaryId::outlet, BoundaryId::free_surface};
        h.dirichlet_value = T_exact;
        h.source = [source](const Point<2> &x, double) { return source(x); };
        flow->enable_heat(h, [=](const Point<2> &) { return T0; });
        REQUIRE(flow->heat->solve_steady().converged);
        err.push_back(flow->heat->error(T_exact));
      }
    if (root())
      {
        std::cout << "heat MMS (Peclet eps L^2 / kappa = " << eps * L * L * rho * cp / kc
                  << "): L2 errors";
        for (double e : err)
          std::cout << " " << e;
        std::cout << "\n";
      }
    return err;
  }
}  // namespace

TEST_CASE("FE heat: axisymmetric manufactured advection-diffusion, Q2 rates", "[fe][heat]")
{
  // diffusion-dominated: the Galerkin rate 3
  const auto err = heat_mms(2e-3);
  for (std::size_t k = 1; k < err.size(); ++k)
    CHECK(std::log2(err[k - 1] / err[k]) > 2.7);
  // advection-dominated (Peclet ~ 200): SUPG keeps the solution stable and consistent; the
  // rate approaches 3 as the element Peclet number falls
  const auto err2 = heat_mms(100.0);
  for (std::size_t k = 1; k < err2.size(); ++k)
    CHECK(std::log2(err2[k - 1] / err2[k]) > 2.0);
}

TEST_CASE("FE heat: transient conduction in a cylinder against the Bessel series",
          "[fe][heat][transient]")
{
  const auto rheo = newtonian();
  const double R = 1e-3, L = 0.5e-3, T0 = 600, Ts = 300;
  const double kappa = kc / (rho * cp);
  auto zero = [](const Point<2> &) { return Tensor<1, 2>(); };
  auto flow = prescribed_flow(*rheo, R, L, 4, 2, 3, zero);
  HeatSpec h = constant_properties();
  h.dirichlet_ids = {BoundaryId::free_surface};
  h.dirichlet_value = [=](const Point<2> &) { return Ts; };
  flow->enable_heat(h, [=](const Point<2> &x) { return x[0] < R * (1 - 1e-12) ? T0 : Ts; });
  const double t_end = 0.1, dt = 1e-3;
  for (double t = dt; t < t_end + 1e-12; t += dt)
    REQUIRE(flow->heat->advance(dt, t).converged);
  // series: T = Ts + (T0 - Ts) sum 2 / (l_n J1(l_n)) J0(l_n r / R) exp(-l_n^2 kappa t / R^2)
  const double roots[] = {2.404825557695773, 5.520078110286311, 8.653727912911012,
                          11.79153443901428, 14.93091770848779, 18.07106396791092,
                          21.21163662987926, 24.35247153074930};
  auto exact = [&](const Point<2> &x) {
    double s = 0;
    for (double l : roots)
      s += 2 / (l * std::cyl_bessel_j(1, l)) * std::cyl_bessel_j(0, l * x[0] / R) *
           std::exp(-l * l * kappa * t_end / (R * R));
    return Ts + (T0 - Ts) * s;
  };
  const double e = flow->heat->error(exact) / std::sqrt(M_PI * R * R * L);
  const auto axis = flow->domain.axis_profile(flow->fields());
  if (root())
    std::cout << "Bessel conduction: centre T " << axis.front().T << " K (series "
              << exact(Point<2>(0, 0)) << " K), RMS error " << e << " K\n";
  CHECK(axis.front().T == Approx(exact(Point<2>(0, 0))).margin(0.1));
  CHECK(e < 0.1);
}

TEST_CASE("FE heat: lumped cooling of a thin moving wire", "[fe][heat]")
{
  const auto rheo = newtonian();
  const double R = 50e-6, L = 20e-3, v = 0.1, hconv = 100, Tin = 600, Tinf = 300;
  auto plug = [=](const Point<2> &) { return Tensor<1, 2>({0.0, v}); };
  auto flow = prescribed_flow(*rheo, R, L, 2, 40, 0, plug, true);
  HeatSpec h = constant_properties();
  h.fixed_inlet = true;
  h.inlet_temperature_K = Tin;
  h.heat_transfer = [=](double, double, double, double, double, double) { return hconv; };
  flow->enable_heat(h, [=](const Point<2> &) { return Tin; });
  REQUIRE(flow->heat->solve_steady().converged);
  // lumped (Biot = h R / k = 6e-4): T - T_inf = (T_in - T_inf) exp(-2 h z / (rho c R v))
  double worst = 0;
  for (const auto &p : flow->domain.axis_profile(flow->fields()))
    {
      const double lumped = Tinf + (Tin - Tinf) * std::exp(-2 * hconv * p.z / (rho * cp * R * v));
      worst = std::max(worst, std::abs(p.T - lumped) / (Tin - Tinf));
    }
  if (root())
    std::cout << "lumped wire cooling: largest deviation " << worst << " of the temperature drop\n";
  CHECK(worst < 1e-3);
}

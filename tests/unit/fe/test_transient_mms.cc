// Temporal order of the coupled transient FE step (solver/fe/fe_drawing.h, 'Coupled iterations'
// > 1: flow, shape and heat iterated to convergence in every BDF2 step) on a manufactured
// transient. No exact transient of the drawing itself exists, so the test uses the one exact
// flow of the coupled problem, the rigid translation of a cylinder (feed speed = take-up speed:
// u = v e_z, p = 0, no stress whatever the viscosity, the surface stays put), and manufactures
// the temperature
//   T(r, z, t) = T0 + A sin(omega t) cos(a r) sin(b z),   b = pi / (2 L)
// with the source Q = rho c_p (dT/dt + v dT/dz) - k lap T, the inlet fixed at T0 (sin 0 = 0),
// the outlet's outflow condition exact (dT/dz = 0 at z = L) and the gas temperature of the
// surface's Robin condition T_gas = T + (k / h) dT/dr at r = R. The viscosity follows T
// (VFT), so the flow solves and the shape update run with a changing temperature field as in a
// drawing run. The RMS error at t_end for fixed steps 1/16 ... 1/128 s falls at second order
// (BDF2; the first step is backward Euler); the spatial error (Q2, 16 x 4 cells) is negligible
// (checked on 32 x 8 cells).
// Measured: RMS errors 0.2522, 0.06818, 0.01738, 0.004383 K (rates 1.89, 1.97, 1.99); on
// 32 x 8 cells the finest 0.004363 K.
#include "fe_test_helpers.h"
#include "materials/material.h"
#include "materials/rheology.h"
#include "solver/fe/fe_drawing.h"
#include "solver/fe/heat_transfer.h"

#include <deal.II/base/mpi.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>
#include <memory>

using namespace hotdraw;
using namespace hotdraw::test;

namespace
{
  struct Manufactured
  {
    double R0 = 0.5e-3, L = 2e-3, v = 1e-3;       // m, m, m/s
    double rho = 9280, cp = 500, k = 8, h = 100;  // SI
    double T0 = 620, A = 10, omega = 2 * M_PI;    // K, K, rad/s
    double a = 1 / R0, b = M_PI / (2 * L);        // 1/m
    double T(double r, double z, double t) const
    {
      return T0 + A * std::sin(omega * t) * std::cos(a * r) * std::sin(b * z);
    }
    double T_r(double r, double z, double t) const
    {
      return -A * a * std::sin(omega * t) * std::sin(a * r) * std::sin(b * z);
    }
    double source(double r, double z, double t) const
    {
      const double s = std::sin(omega * t), C = std::cos(a * r), S = std::sin(b * z);
      const double T_t = A * omega * std::cos(omega * t) * C * S;
      const double T_z = A * b * s * C * std::cos(b * z);
      // T_rr + T_r / r (-> 2 T_rr on the axis) + T_zz
      const double sinc = r > 0 ? std::sin(a * r) / (a * r) : 1.0;
      const double lap = -A * a * a * s * (C + sinc) * S - A * b * b * s * C * S;
      return rho * cp * (T_t + v * T_z) - k * lap;
    }
  };

  // RMS error (K: the axisymmetric L2 norm over the square root of the volume) of the
  // temperature at t_end after fixed steps dt, on n_z x n_r cells.
  double error_at_end(const Manufactured &m, double dt, double t_end, unsigned int n_z = 16,
                      unsigned int n_r = 4)
  {
    static const Material pd = Material::preset("Pd40Cu30Ni10P20");
    static const auto rheo = newtonian(pd);
    StokesSettings st;
    st.verbosity = 0;
    FreeSurfaceSettings fs;
    fs.n_axial_cells = n_z;
    fs.n_radial_cells = n_r;
    fs.time_step_s = dt;
    fs.end_time_s = t_end;
    fs.max_coupled_iterations = 30;
    fs.coupled_shape_tolerance = 1e-9;
    fs.time_step_tolerance = 0;  // fixed steps
    DrawingConditions dc;
    dc.feed_speed_m_per_s = m.v;
    dc.rigid_inlet = false;
    dc.take_up_speed = [&m](double) { return m.v; };
    dc.temperature = [&m](const dealii::Point<2> &x) { return m.T(x[0], x[1], 0.0); };
    auto h = std::make_shared<HeatSpec>();
    h->density = [&m](double) { return m.rho; };
    h->heat_capacity = [&m](double) { return m.cp; };
    h->enthalpy = [&m](double T) { return m.cp * (T - 298.15); };
    h->dcp_dT = [](double) { return 0.0; };
    h->conductivity = [&m](double) { return m.k; };
    h->dk_dT = [](double) { return 0.0; };
    h->heat_transfer = [&m](double, double, double, double, double, double) { return m.h; };
    h->gas_temperature = [&m](double z, double t) {
      return m.T(m.R0, z, t) + m.k / m.h * m.T_r(m.R0, z, t);
    };
    h->wall_temperature = h->gas_temperature;
    h->radiation = false;
    h->viscous_heating = false;
    h->fixed_inlet = true;
    h->inlet_temperature_K = m.T0;
    h->newton_tolerance = 1e-12;
    h->source = [&m](const dealii::Point<2> &x, double t) { return m.source(x[0], x[1], t); };
    dc.heat = h;
    FEDrawing drawing(MPI_COMM_WORLD, *rheo, st, fs, dc);
    drawing.initialize({0.0, m.L}, {m.R0, m.R0});
    const auto steps = drawing.run_transient(0.0);
    REQUIRE(steps.back().time_s == Approx(t_end));
    // the cylinder stays a cylinder
    for (const auto &p : drawing.surface())
      CHECK(p.r == Approx(m.R0).epsilon(1e-8));
    return drawing.heat()->error([&m, t_end](const dealii::Point<2> &x) {
      return m.T(x[0], x[1], t_end);
    }) / std::sqrt(M_PI * m.R0 * m.R0 * m.L);
  }
}  // namespace

TEST_CASE("coupled transient step: second order in time on a manufactured transient",
          "[fe][transient][mms]")
{
  const Manufactured m;
  const double t_end = 0.75;  // sin(omega t_end) = -1: the largest deviation from T0
  std::vector<double> errors;
  for (const double dt : {0.0625, 0.03125, 0.015625, 0.0078125})
    errors.push_back(error_at_end(m, dt, t_end));
  const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  if (root)
    std::cout << "manufactured transient (T0 + 10 K sin(2 pi t) ...), RMS errors at t = " << t_end
              << " s for dt = 1/16 ... 1/128 s:";
  for (std::size_t k = 0; k < errors.size(); ++k)
    {
      if (root)
        std::cout << " " << errors[k];
      if (k > 0)
        {
          const double rate = std::log2(errors[k - 1] / errors[k]);
          if (root)
            std::cout << " (rate " << rate << ")";
          CHECK(rate > 1.8);
          CHECK(rate < 2.3);
        }
    }
  if (root)
    std::cout << " K\n";
  // the spatial error is negligible: twice the cells in each direction change the finest
  // step's error by little
  const double fine = error_at_end(m, 0.0078125, t_end, 32, 8);
  if (root)
    std::cout << "  finest step on 32 x 8 cells: " << fine << " K (16 x 4: " << errors.back()
              << " K)\n";
  CHECK(std::abs(fine / errors.back() - 1) < 0.02);
}

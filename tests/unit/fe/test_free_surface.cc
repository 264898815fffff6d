// Verification of the FE free-surface drawing flow (solver/fe/fe_drawing.h) against the exact
// slender solution of Matovich & Pearson (isothermal Newtonian draw, no inertia, gravity or
// surface tension): R(z) = R0 DR^(-z/2L), F = 3 eta A0 v_f ln(DR) / L.
//  - steady free surface, draw ratios 10, 100 and 300 at R0/L = 0.05: radius profile and draw
//    force within 1 %, and the agreement improves as R0/L falls (0.1 -> 0.05 -> 0.025);
//  - the mass flux through every cross-section equals the feed flux within 0.1 %;
//  - the transient kinematic update relaxes to the same steady shape.
#include "fe_test_helpers.h"
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/rheology.h"
#include "solver/fe/fe_drawing.h"

#include <deal.II/base/mpi.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

using namespace hotdraw;
using namespace hotdraw::test;

namespace
{
  struct MPResult
  {
    double force_error = 0, radius_error = 0, flux_error = 0;
    unsigned int iterations = 0;
  };

  bool root()
  {
    return dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  }

  MPResult matovich_pearson(double DR, double R0_over_L, bool transient = false, double dt = 0.5,
                            double end_time = 30.0)
  {
    static const Material pd = Material::preset("Pd40Cu30Ni10P20");
    static const auto rheo = newtonian(pd);
    const double T = 640, R0 = 0.5e-3, L = R0 / R0_over_L, vf = 1e-3;
    const double eta = rheo->evaluate(T, 0).eta;
    StokesSettings st;
    st.verbosity = 0;
    st.nonlinear_tolerance = 1e-10;
    st.linear_tolerance = 1e-10;
    FreeSurfaceSettings fs;
    fs.n_axial_cells = 80;
    fs.n_radial_cells = 3;
    fs.shape_tolerance = 1e-7;
    fs.normal_velocity_tolerance = 1e-5;
    fs.max_shape_iterations = 200;
    fs.time_step_s = dt;
    fs.end_time_s = end_time;
    DrawingConditions dc;
    dc.feed_speed_m_per_s = vf;
    dc.rigid_inlet = false;  // the slender theory's inlet: v = v_f, no shear stress
    dc.take_up_speed = [=](double) { return DR * vf; };
    dc.temperature = [=](const dealii::Point<2> &) { return T; };
    FEDrawing drawing(MPI_COMM_WORLD, *rheo, st, fs, dc);
    // initial shape: the exact profile with a 5 % bump, so that the iteration has work to do
    std::vector<double> z, R;
    for (unsigned int i = 0; i <= 400; ++i)
      {
        z.push_back(L * i / 400.0);
        R.push_back(R0 * std::pow(DR, -z.back() / (2 * L)) *
                    (1 + 0.05 * std::sin(M_PI * z.back() / L)));
      }
    drawing.initialize(z, R);
    std::vector<DrawingStep> steps;
    steps = transient ? drawing.run_transient(0.0) : drawing.solve_steady();
    MPResult r;
    r.iterations = steps.size();
    const double F_exact = 3 * eta * M_PI * R0 * R0 * vf * std::log(DR) / L;
    r.force_error = std::abs(steps.back().draw_force_N / F_exact - 1);
    for (const auto &p : drawing.surface())
      r.radius_error =
        std::max(r.radius_error, std::abs(p.r / (R0 * std::pow(DR, -p.z / (2 * L))) - 1));
    r.flux_error = steps.back().mass_flux_error;
    return r;
  }
}  // namespace

TEST_CASE("FE free surface: steady draw against Matovich-Pearson, DR 10, 100, 300",
          "[fe][free_surface]")
{
  for (double DR : {10.0, 100.0, 300.0})
    {
      const MPResult r = matovich_pearson(DR, 0.05);
      if (root())
        std::cout << "Matovich-Pearson DR " << DR << ", R0/L = 0.05: force error " << r.force_error
                  << ", radius error " << r.radius_error << ", flux error " << r.flux_error << ", "
                  << r.iterations << " shape iterations\n";
      INFO("DR = " << DR);
      CHECK(r.force_error < 0.01);
      CHECK(r.radius_error < 0.01);
      CHECK(r.flux_error < 1e-3);
    }
}

TEST_CASE("FE free surface: agreement with the slender theory improves as R0/L falls",
          "[fe][free_surface]")
{
  std::vector<MPResult> r;
  for (double ratio : {0.1, 0.05, 0.025})
    {
      r.push_back(matovich_pearson(100.0, ratio));
      if (root())
        std::cout << "Matovich-Pearson DR 100, R0/L = " << ratio << ": force error "
                  << r.back().force_error << ", radius error " << r.back().radius_error << "\n";
    }
  CHECK(r[1].force_error < r[0].force_error);
  CHECK(r[2].force_error < r[1].force_error);
  CHECK(r[1].radius_error < r[0].radius_error);
  CHECK(r[2].radius_error < r[1].radius_error);
}

TEST_CASE("FE free surface: the transient kinematic update settles on the steady shape",
          "[fe][free_surface][transient]")
{
  // isothermal DR = 10 is below the draw-resonance limit (20.2), so the start-up transient from
  // the perturbed shape decays to the steady solution
  const MPResult steady = matovich_pearson(10.0, 0.05);
  const MPResult transient = matovich_pearson(10.0, 0.05, true, 0.5, 40.0);
  if (root())
    std::cout << "transient DR 10: force error " << transient.force_error << ", radius error "
              << transient.radius_error << " (steady: " << steady.force_error << ", "
              << steady.radius_error << ")\n";
  CHECK(transient.force_error == Approx(steady.force_error).margin(1e-4));
  CHECK(transient.radius_error == Approx(steady.radius_error).margin(1e-4));
  CHECK(transient.flux_error < 1e-3);
}


TEST_CASE("FE free surface: a prescribed draw force gives the Matovich-Pearson take-up speed",
          "[fe][free_surface]")
{
  static const Material pd = Material::preset("Pd40Cu30Ni10P20");
  static const auto rheo = newtonian(pd);
  const double T = 640, R0 = 0.5e-3, L = 10e-3, vf = 1e-3, DR = 50;
  const double eta = rheo->evaluate(T, 0).eta;
  const double F = 3 * eta * M_PI * R0 * R0 * vf * std::log(DR) / L;
  StokesSettings st;
  st.verbosity = 0;
  FreeSurfaceSettings fs;
  fs.n_axial_cells = 80;
  fs.n_radial_cells = 3;
  fs.max_shape_iterations = 200;
  DrawingConditions dc;
  dc.feed_speed_m_per_s = vf;
  dc.rigid_inlet = false;
  dc.force_control = true;
  dc.draw_force = [F](double) { return F; };
  dc.temperature = [=](const dealii::Point<2> &) { return T; };
  FEDrawing drawing(MPI_COMM_WORLD, *rheo, st, fs, dc);
  std::vector<double> z, R;
  for (unsigned int i = 0; i <= 200; ++i)
    {
      z.push_back(L * i / 200.0);
      // start from the profile of a 20 % smaller draw ratio
      R.push_back(R0 * std::pow(0.8 * DR, -z.back() / (2 * L)));
    }
  drawing.initialize(z, R);
  const auto steps = drawing.solve_steady();
  if (root())
    std::cout << "force control: take-up speed " << steps.back().take_up_speed_m_per_s
              << " m/s (Matovich-Pearson " << DR * vf << "), force " << steps.back().draw_force_N
              << " N (prescribed " << F << ")\n";
  CHECK(steps.back().take_up_speed_m_per_s == Approx(DR * vf).epsilon(0.01));
  CHECK(steps.back().draw_force_N == Approx(F).epsilon(0.005));
}

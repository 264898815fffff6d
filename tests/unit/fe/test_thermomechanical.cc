// The coupled thermo-mechanical FE drawing (flow, free surface and heat transfer) on the
// default process, 200 um wire:
//  - the global energy balance of the steady state closes within 1 %;
//  - against the thin-filament model: draw force and cooling rate at Tg within 5 %;
//  - the inlet position does not matter (long-rod inlet, domain start at -40 and -60 mm);
//  - the Trilinos back end gives the same answer as PETSc;
//  - 60 um (draw ratio 278): the steady coupled iteration converges with the mass-flux surface
//    update and Anderson mixing of shape and temperature, and agrees with the thin filament;
//    with the kinematic update and Aitken relaxation it does not (a clear SolverError);
//  - sweeps: the FE corrections of a converged wire (FEWireGuess) as the initial guess of a
//    neighbouring diameter save shape iterations and give the same result.
#include "materials/parameters.h"
#include "solver/case_setup.h"
#include "solver/fe_wire.h"
#include "solver/thin_filament.h"
#include "solver/wire_chain.h"

#include <deal.II/base/mpi.h>

#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>

using namespace hotdraw;

namespace
{
  struct Run
  {
    FEWireResult fe;
    WireResult one_d;
  };

  Run run(const std::string &extra, double diameter_m = 200e-6, const FEWireGuess *guess = nullptr,
          FEWireGuess *converged = nullptr)
  {
    ParameterSet prm;
    declare_all_parameters(prm);
    prm.parse_string("subsection Property mapping\n subsection Calibration\n  set Calibrate = "
                     "false\n end\nend\n" +
                       extra,
                     "<test>");
    CaseSetup c = parse_case(prm, HOTDRAW_SOURCE_DIR "/parameters");
    c.thin_filament.verbosity = 0;
    c.stokes.verbosity = 0;
    ThinFilamentModel model(c.material, *c.rheology, *c.thermal, c.convection, c.process,
                            c.thin_filament);
    const FilamentProfile p =
      model.solve_take_up_speed(c.process.take_up_speed_for_diameter(diameter_m));
    Run r;
    r.one_d = evaluate_wire(c, p);
    r.fe = solve_fe_wire(c, p, "", MPI_COMM_WORLD, guess, converged);
    return r;
  }

  bool root()
  {
    return dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  }

  // Coupled FE against the thin-filament model: draw force within force_tolerance, cooling rate
  // at Tg (axis and surface) within 5 %, peak temperature within 1 K, global energy balance 1 %.
  void check_coupled_against_thin_filament(const char *label, const Run &a,
                                           const double force_tolerance)
  {
    if (root())
      std::cout << "coupled FE, " << label << ": F = " << a.fe.draw_force_N << " N (thin filament "
                << a.one_d.draw_force_N << "), q(Tg) axis " << a.fe.cooling_rate_at_Tg_axis_K_per_s
                << " / surface " << a.fe.cooling_rate_at_Tg_surface_K_per_s
                << " K/s (thin filament " << a.one_d.cooling_rate_at_Tg_K_per_s << "), peak T "
                << a.fe.peak_temperature_K << " K (" << a.one_d.peak_temperature_K
                << "), energy imbalance " << a.fe.energy_imbalance << ", flux error "
                << a.fe.mass_flux_error << ", " << a.fe.shape_iterations << " shape iterations\n";
    CHECK(a.fe.heat);
    CHECK(a.fe.energy_imbalance < 0.01);
    CHECK(a.fe.draw_force_N == Approx(a.one_d.draw_force_N).epsilon(force_tolerance));
    CHECK(a.fe.cooling_rate_at_Tg_axis_K_per_s ==
          Approx(a.one_d.cooling_rate_at_Tg_K_per_s).epsilon(0.05));
    CHECK(a.fe.cooling_rate_at_Tg_surface_K_per_s ==
          Approx(a.one_d.cooling_rate_at_Tg_K_per_s).epsilon(0.05));
    CHECK(a.fe.peak_temperature_K == Approx(a.one_d.peak_temperature_K).margin(1.0));
  }
}  // namespace

TEST_CASE("thermo-mechanical FE drawing: energy balance, thin-filament agreement, inlet, back ends",
          "[fe][heat][coupled]")
{
  const Run a = run("");
  check_coupled_against_thin_filament("200 um", a, 0.05);
  CHECK(a.fe.vitrified);

  // inlet 20 mm further upstream
  const Run b = run("subsection Geometry and process\n set Domain start = -60e-3\nend\n");
  if (root())
    std::cout << "coupled FE, inlet at -60 mm: F = " << b.fe.draw_force_N << " N, q(Tg) "
              << b.fe.cooling_rate_at_Tg_axis_K_per_s << " K/s, peak T " << b.fe.peak_temperature_K
              << " K\n";
  CHECK(b.fe.draw_force_N == Approx(a.fe.draw_force_N).epsilon(5e-3));
  CHECK(b.fe.cooling_rate_at_Tg_axis_K_per_s ==
        Approx(a.fe.cooling_rate_at_Tg_axis_K_per_s).epsilon(5e-3));
  CHECK(b.fe.peak_temperature_K == Approx(a.fe.peak_temperature_K).margin(0.1));

  // the Trilinos back end
  const Run c = run("subsection Numerics\n subsection Finite element\n  set Linear algebra = "
                    "Trilinos\n end\nend\n");
  CHECK(c.fe.draw_force_N == Approx(a.fe.draw_force_N).epsilon(1e-4));
  CHECK(c.fe.cooling_rate_at_Tg_axis_K_per_s ==
        Approx(a.fe.cooling_rate_at_Tg_axis_K_per_s).epsilon(1e-4));
}

TEST_CASE("thermo-mechanical FE drawing at draw ratio 278: the coupled steady iteration converges",
          "[fe][heat][coupled]")
{
  const Run a = run("", 60e-6);
  check_coupled_against_thin_filament("60 um", a, 0.01);
  CHECK(a.fe.shape_iterations < 40);
  // the mass-flux fixed point: every section carries the feed flux
  CHECK(a.fe.mass_flux_error < 1e-5);
  CHECK(a.fe.outlet_diameter_m == Approx(60e-6).epsilon(1e-5));

  // the former scheme: the kinematic update with Aitken's scalar relaxation diverges here
  CHECK_THROWS_WITH(run("subsection Numerics\n subsection Free surface\n  set Surface update = "
                        "kinematic\n  set Acceleration = Aitken\n  set Maximum shape iterations "
                        "= 40\n end\nend\n",
                        60e-6),
                    Catch::Contains("steady free-surface iteration"));
}

TEST_CASE("FE wire guess: bilinear temperature shift on the (z, r/R) grid", "[fe][guess]")
{
  FEWireGuess g;
  g.z_m = {0.0, 0.01, 0.03};
  g.radius_ratio = {1, 1, 1};
  g.xi = {0.0, 0.5, 1.0};
  auto f = [](double z, double xi) { return 2.0 + 100 * z - 3 * xi + 50 * z * xi; };
  for (const double z : g.z_m)
    {
      std::vector<double> row;
      for (const double x : g.xi)
        row.push_back(f(z, x));
      g.temperature_shift_K.push_back(row);
    }
  // bilinear functions are reproduced exactly inside the grid ...
  for (const double z : {0.0, 0.004, 0.01, 0.021, 0.03})
    for (const double x : {0.0, 0.2, 0.5, 0.77, 1.0})
      CHECK(g.temperature_shift(z, x) == Approx(f(z, x)).margin(1e-12));
  // ... and held constant beyond its ends
  CHECK(g.temperature_shift(-1.0, 0.25) == Approx(f(0.0, 0.25)));
  CHECK(g.temperature_shift(1.0, 2.0) == Approx(f(0.03, 1.0)));
  // a single radial sample: linear in z alone
  FEWireGuess one = g;
  one.xi = {0.0};
  for (auto &row : one.temperature_shift_K)
    row.resize(1);
  CHECK(one.temperature_shift(0.005, 0.7) == Approx(0.5 * (f(0.0, 0.0) + f(0.01, 0.0))));
  g.temperature_shift_K.clear();
  CHECK(g.temperature_shift(0.01, 0.5) == 0.0);
}

TEST_CASE("FE sweep: the neighbouring wire's solution as the initial guess",
          "[fe][heat][coupled][guess]")
{
  FEWireGuess g;
  const Run a = run("", 200e-6, nullptr, &g);
  REQUIRE(!g.empty());
  REQUIRE(g.xi.size() == 9);
  REQUIRE(g.temperature_shift_K.size() == g.z_m.size());
  CHECK(g.diameter_m == Approx(200e-6));
  // the FE shape is within 1 % of the thin-filament one everywhere, and ends at the target
  for (const double q : g.radius_ratio)
    CHECK(std::abs(q - 1) < 0.01);
  CHECK(g.radius_ratio.back() == Approx(1.0).epsilon(1e-4));

  const Run cold = run("", 160e-6);
  const Run warm = run("", 160e-6, &g);
  if (root())
    std::cout << "160 um: " << cold.fe.shape_iterations << " shape iterations from the thin "
              << "filament alone, " << warm.fe.shape_iterations << " from the 200 um wire's FE "
              << "corrections; F " << cold.fe.draw_force_N << " / " << warm.fe.draw_force_N
              << " N, q(Tg) " << cold.fe.cooling_rate_at_Tg_axis_K_per_s << " / "
              << warm.fe.cooling_rate_at_Tg_axis_K_per_s << " K/s\n";
  CHECK(warm.fe.shape_iterations < cold.fe.shape_iterations);
  // the same converged state (shape tolerance 1e-6, temperature tolerance 1e-3 K)
  CHECK(warm.fe.draw_force_N == Approx(cold.fe.draw_force_N).epsilon(1e-4));
  CHECK(warm.fe.cooling_rate_at_Tg_axis_K_per_s ==
        Approx(cold.fe.cooling_rate_at_Tg_axis_K_per_s).epsilon(1e-3));
  CHECK(warm.fe.peak_temperature_K == Approx(cold.fe.peak_temperature_K).margin(1e-2));
}

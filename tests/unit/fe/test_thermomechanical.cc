// The coupled thermo-mechanical FE drawing (flow, free surface and heat transfer) on the
// default process, 200 um wire:
//  - the global energy balance of the steady state closes within 1 %;
//  - against the thin-filament model: draw force and cooling rate at Tg within 5 %;
//  - the inlet position does not matter (long-rod inlet, domain start at -40 and -60 mm);
//  - the Trilinos back end gives the same answer as PETSc;
//  - 60 um (draw ratio 278): the steady coupled iteration converges with the mass-flux surface
//    update and Anderson mixing of shape and temperature, and agrees with the thin filament;
//    with the kinematic update and Aitken relaxation it does not (a clear SolverError).
#include "materials/parameters.h"
#include "solver/case_setup.h"
#include "solver/fe_wire.h"
#include "solver/thin_filament.h"
#include "solver/wire_chain.h"

#include <deal.II/base/mpi.h>

#include <catch2/catch.hpp>

#include <iostream>

using namespace hotdraw;

namespace
{
  struct Run
  {
    FEWireResult fe;
    WireResult one_d;
  };

  Run run(const std::string &extra, double diameter_m = 200e-6)
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
    const FilamentProfile p = model.solve_take_up_speed(c.process.take_up_speed_for_diameter(diameter_m));
    Run r;
    r.one_d = evaluate_wire(c, p);
    r.fe = solve_fe_wire(c, p, "", MPI_COMM_WORLD);
    return r;
  }

  bool root() { return dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0; }

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
              << b.fe.cooling_rate_at_Tg_axis_K_per_s << " K/s, peak T "
              << b.fe.peak_temperature_K << " K\n";
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

// The FE drawing flow on the default process (parameters/seed-pd40cu30ni10p20-wires.prm): the
// thin-filament solution supplies the initial shape and the temperature field (the wire cools
// below Tg after the hot zone, which stabilises the draw). For the thinnest wire (60 um, draw
// ratio 278) and the thickest (200 um, 25):
//  - the steady free-surface iteration converges, and its draw force agrees with the
//    thin-filament model;
//  - a transient run from the thin-filament shape settles on the steady FE shape.
#include "materials/parameters.h"
#include "meshes/line_grid.h"
#include "solver/case_setup.h"
#include "solver/fe/fe_drawing.h"
#include "solver/thin_filament.h"

#include <deal.II/base/mpi.h>

#include <catch2/catch.hpp>

#include <iostream>

using namespace hotdraw;

TEST_CASE("FE drawing on the default process: steady and transient, DR 25 and 278", "[fe][process]")
{
  ParameterSet prm;
  declare_all_parameters(prm);
  prm.parse_file(HOTDRAW_SOURCE_DIR "/parameters/seed-pd40cu30ni10p20-wires.prm");
  CaseSetup c = parse_case(prm, HOTDRAW_SOURCE_DIR "/parameters");
  c.thin_filament.verbosity = 0;
  c.stokes.verbosity = 0;
  c.free_surface.n_axial_cells = 160;
  const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  for (double d : {200e-6, 60e-6})
    {
      ThinFilamentModel model(c.material, *c.rheology, *c.thermal, c.convection, c.process,
                              c.thin_filament);
      const FilamentProfile p = model.solve_take_up_speed(c.process.take_up_speed_for_diameter(d));
      DrawingConditions dc;
      dc.feed_speed_m_per_s = p.feed_speed_m_per_s;
      const double vd = p.take_up_speed_m_per_s;
      dc.take_up_speed = [vd](double) { return vd; };
      const auto z = p.z_m, T = p.temperature_K;
      dc.temperature = [z, T](const dealii::Point<2> &x) {
        return LineGrid::interpolate(z, T, {x[1]})[0];
      };
      FEDrawing steady(MPI_COMM_WORLD, *c.rheology, c.stokes, c.free_surface, dc);
      steady.initialize(p.z_m, p.radius_m);
      const auto s = steady.solve_steady();
      FreeSurfaceSettings fs = c.free_surface;
      // the flow is taken at the start of each step, so the step must stay below the
      // kinematic relaxation time of the neck (3 s oscillates for the 60 um wire)
      fs.time_step_s = 2.0;
      fs.end_time_s = 160.0;
      FEDrawing transient(MPI_COMM_WORLD, *c.rheology, c.stokes, fs, dc);
      transient.initialize(p.z_m, p.radius_m);
      const auto t = transient.run_transient(0.0);
      if (root)
        std::cout << "default process, d = " << d * 1e6
                  << " um: thin filament F = " << p.draw_force_N
                  << " N; FE steady F = " << s.back().draw_force_N << " N (" << s.size()
                  << " iterations, flux error " << s.back().mass_flux_error
                  << "); FE transient F = " << t.back().draw_force_N << " N, last dR/R "
                  << t.back().shape_change << "\n";
      INFO("d = " << d * 1e6 << " um");
      CHECK(s.back().draw_force_N == Approx(p.draw_force_N).epsilon(0.01));
      CHECK(s.back().mass_flux_error < 5e-3);
      CHECK(t.back().shape_change < 1e-5);
      CHECK(t.back().draw_force_N == Approx(s.back().draw_force_N).epsilon(1e-3));
      CHECK(t.back().outlet_radius_m == Approx(s.back().outlet_radius_m).epsilon(1e-3));
    }
}

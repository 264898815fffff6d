// Verification of the material-path tracer (solver/fe/material_paths.h):
//  - uniaxial extension u = (-eps r / 2, eps z) in the domain bounded by its own streamline
//    R(z) = R0 sqrt(z0 / z): every path's accumulated equivalent shear strain is exactly
//    sqrt(3) ln(stretch), its time ln(stretch) / eps, its end radius r0 sqrt(z0 / z1), and the
//    seeds carry the inlet flux;
//  - the steady isothermal Newtonian draw (DR 100, R0/L = 0.05): the axis strain approaches
//    sqrt(3) ln DR, the seeds' fluxes sum to the feed flux within 0.1 %, the paths end inside
//    the wire in the order they started;
//  - the piecewise-quadratic quadrature is exact for quadratics on a nonuniform grid.
#include "fe_test_helpers.h"
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "materials/rheology.h"
#include "materials/structural_state.h"
#include "meshes/drawing_domain.h"
#include "solver/fe/domain.h"
#include "solver/fe/fe_drawing.h"
#include "solver/fe/material_paths.h"
#include "solver/fe/stokes_flow.h"
#include "solver/fe/transport.h"

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
  bool root()
  {
    return dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  }
}  // namespace

TEST_CASE("material paths: quadratic quadrature on a nonuniform grid", "[fe][paths]")
{
  const std::vector<double> x = {0.0, 0.1, 0.35, 0.4, 0.8, 1.0};
  std::vector<double> y;
  for (double t : x)
    y.push_back(3 * t * t - 2 * t + 1);
  const auto c = cumulative_integral(x, y);
  for (std::size_t i = 0; i < x.size(); ++i)
    CHECK(c[i] == Approx(x[i] * x[i] * x[i] - x[i] * x[i] + x[i]).margin(1e-14));
  // a ratio of a quadratic and a linear function: the 3-point Gauss rule per interval
  std::vector<double> lin;
  for (double t : x)
    lin.push_back(1 + t);
  const auto r = cumulative_integral(x, std::vector<double>(x.size(), 1.0), lin);
  CHECK(r.back() == Approx(std::log(2.0)).epsilon(1e-6));
}

namespace
{
  const double R0 = 1e-3, z0 = 2e-3, z1 = 8e-3, eps = 0.5;

  // Uniaxial extension u = (-eps r / 2, eps z) in the domain bounded by its own streamline
  // R(z) = R0 sqrt(z0 / z), z0 < z < z1, velocity prescribed on every boundary; temperature T(z).
  std::unique_ptr<FlowOnDomain> uniaxial_flow(const RheologyModel &rheo, unsigned int level,
                                              const ScalarFunction &temperature)
  {
    StokesSettings st;
    st.verbosity = 0;
    st.linear_tolerance = 1e-12;
    st.nonlinear_tolerance = 1e-12;
    auto f = std::make_unique<FlowOnDomain>(
      rheo, st,
      [=](dealii::Triangulation<2> &tria) {
        dealii::GridGenerator::subdivided_hyper_rectangle(tria, {2, 12}, Point<2>(0, z0),
                                                          Point<2>(R0, z1));
        for (const auto &cell : tria.active_cell_iterators())
          for (const unsigned int f : cell->face_indices())
            if (cell->face(f)->at_boundary())
              {
                const Point<2> c = cell->face(f)->center();
                cell->face(f)->set_boundary_id(std::abs(c[1] - z0) < 1e-9   ? BoundaryId::inlet
                                               : std::abs(c[1] - z1) < 1e-9 ? BoundaryId::outlet
                                               : std::abs(c[0]) < 1e-12     ? BoundaryId::axis
                                                                        : BoundaryId::free_surface);
              }
      },
      level);
    f->domain.move_free_surface([=](double z) { return R0 * std::sqrt(z0 / z); });
    auto exact = [=](const Point<2> &x) { return Tensor<1, 2>({-0.5 * eps * x[0], eps * x[1]}); };
    FlowSpec spec;
    spec.temperature = temperature;
    spec.boundaries[BoundaryId::inlet] = {true, true, exact, {}, false};
    spec.boundaries[BoundaryId::outlet] = {true, true, exact, {}, false};
    spec.boundaries[BoundaryId::axis] = {true, false, exact, {}, false};
    spec.boundaries[BoundaryId::free_surface] = {true, true, exact, {}, false};
    f->flow->set_flow(spec);
    REQUIRE(f->flow->solve().converged);
    return f;
  }
}  // namespace

TEST_CASE("material paths: uniaxial extension gives sqrt(3) ln(stretch) on every path",
          "[fe][paths]")
{
  const auto rheo = newtonian();
  const auto flow = uniaxial_flow(*rheo, 1, [](const Point<2> &) { return 640.0; });

  PathSettings ps;
  ps.n_paths = 21;
  const auto paths = trace_steady_paths(flow->domain, flow->fields(), ps);
  REQUIRE(paths.size() == 21);
  const double stretch = z1 / z0;
  double worst_strain = 0, worst_time = 0, worst_radius = 0;
  for (const auto &p : paths)
    {
      worst_strain =
        std::max(worst_strain,
                 std::abs(p.shear_strain.back() / (std::sqrt(3.0) * std::log(stretch)) - 1));
      worst_time = std::max(worst_time, std::abs(p.time_s.back() * eps / std::log(stretch) - 1));
      worst_radius =
        std::max(worst_radius, std::abs(p.r_m.back() - p.seed_radius_m / std::sqrt(stretch)) / R0);
      // the shear rate along the path is sqrt(3) eps everywhere
      for (double g : p.shear_rate_per_s)
        CHECK(g == Approx(std::sqrt(3.0) * eps).epsilon(1e-8));
    }
  const double flux_error = std::abs(seeded_flux(paths) / (M_PI * R0 * R0 * eps * z0) - 1);
  if (root())
    std::cout << "uniaxial paths: strain error " << worst_strain << ", time error " << worst_time
              << ", end radius error " << worst_radius << " R0, seeded flux error " << flux_error
              << "\n";
  CHECK(worst_strain < 1e-6);
  CHECK(worst_time < 1e-6);
  CHECK(worst_radius < 1e-6);
  CHECK(flux_error < 1e-6);
}

namespace
{
  // The steady isothermal Newtonian draw of the Matovich-Pearson tests (DR 100, R0/L = 0.05).
  std::unique_ptr<FEDrawing> slender_draw(const RheologyModel &rheo, unsigned int axial_cells,
                                          unsigned int radial_cells, double time_step = 0.01,
                                          double end_time = 1.0)
  {
    const double DR = 100, T = 640, R0 = 0.5e-3, L = R0 / 0.05, vf = 1e-3;
    StokesSettings st;
    st.verbosity = 0;
    st.nonlinear_tolerance = 1e-10;
    st.linear_tolerance = 1e-10;
    FreeSurfaceSettings fs;
    fs.n_axial_cells = axial_cells;
    fs.n_radial_cells = radial_cells;
    fs.shape_tolerance = 1e-7;
    fs.normal_velocity_tolerance = 1e-5;
    fs.max_shape_iterations = 200;
    fs.time_step_s = time_step;
    fs.end_time_s = end_time;
    DrawingConditions dc;
    dc.feed_speed_m_per_s = vf;
    dc.rigid_inlet = false;
    dc.take_up_speed = [=](double) { return DR * vf; };
    dc.temperature = [=](const Point<2> &) { return T; };
    auto drawing = std::make_unique<FEDrawing>(MPI_COMM_WORLD, rheo, st, fs, dc);
    std::vector<double> z, R;
    for (unsigned int i = 0; i <= 400; ++i)
      {
        z.push_back(L * i / 400.0);
        R.push_back(R0 * std::pow(DR, -z.back() / (2 * L)));
      }
    drawing->initialize(z, R);
    drawing->solve_steady();
    return drawing;
  }
}  // namespace

TEST_CASE("material paths: slender Newtonian draw, axis strain sqrt(3) ln DR and flux",
          "[fe][paths]")
{
  const auto rheo = newtonian();
  const double DR = 100, R0 = 0.5e-3, L = R0 / 0.05, vf = 1e-3;
  const auto drawing = slender_draw(*rheo, 80, 3);
  const auto paths = trace_steady_paths(drawing->domain(), drawing->fields(), PathSettings());
  REQUIRE(paths.size() == 24);
  const double axis_strain = paths.front().shear_strain.back();
  const double surface_strain = paths.back().shear_strain.back();
  const double flux_error = std::abs(seeded_flux(paths) / (M_PI * R0 * R0 * vf) - 1);
  if (root())
    std::cout << "slender draw DR 100: axis strain " << axis_strain
              << " (sqrt(3) ln DR = " << std::sqrt(3.0) * std::log(DR) << "), surface strain "
              << surface_strain << ", seeded flux error " << flux_error << "\n";
  CHECK(axis_strain == Approx(std::sqrt(3.0) * std::log(DR)).epsilon(0.01));
  // every path: sqrt(3) ln DR to leading order in the slenderness (the shear near the surface
  // and the non-uniform u_z across the section are O((R0/L)^2) corrections)
  for (const auto &p : paths)
    CHECK(p.shear_strain.back() == Approx(std::sqrt(3.0) * std::log(DR)).epsilon(0.01));
  CHECK(flux_error < 1e-3);
  // the paths end in the wire in their starting order, inside its radius
  for (std::size_t i = 1; i < paths.size(); ++i)
    CHECK(paths[i].r_m.back() > paths[i - 1].r_m.back());
  CHECK(paths.back().r_m.back() == Approx(R0 / std::sqrt(DR)).epsilon(0.01));
  // residence time on the axis: int dz / v(z) for v = vf DR^(z/L) of the slender theory; the
  // FE axis speed near the slow inlet differs from it by O((R0/L)^2), hence 2 %
  const double t_exact = L * (1 - 1 / DR) / (vf * std::log(DR));
  if (root())
    std::cout << "slender draw DR 100: axis residence time " << paths.front().time_s.back()
              << " s (slender theory " << t_exact << " s)\n";
  CHECK(paths.front().time_s.back() == Approx(t_exact).epsilon(0.02));
}

TEST_CASE("material paths: Lagrangian and Eulerian strain agree, better on finer meshes",
          "[fe][paths]")
{
  const auto rheo = newtonian();
  std::vector<double> difference;
  for (const unsigned int cells : {40u, 80u, 160u})
    {
      const auto drawing = slender_draw(*rheo, cells, 3);
      const auto transport = ScalarTransport::create(drawing->domain(), drawing->fields());
      const TransportReport rep = transport->solve(
        "shear_strain", 0.0,
        [](double, const FieldSample &l, double *dS) {
          *dS = 0;
          return l.shear_rate;
        },
        {}, 1.0);
      REQUIRE(rep.converged);
      const auto paths = trace_steady_paths(drawing->domain(), drawing->fields(), PathSettings());
      std::vector<Point<2>> ends;
      for (const auto &p : paths)
        ends.emplace_back(p.r_m.back(), p.z_m.back());
      const auto g = transport->sample("shear_strain", ends);
      double worst = 0;
      for (std::size_t i = 0; i < paths.size(); ++i)
        worst = std::max(worst, std::abs(g[i] / paths[i].shear_strain.back() - 1));
      difference.push_back(worst);
      if (root())
        std::cout << "Eulerian vs Lagrangian outlet strain, " << cells
                  << " axial cells: largest relative difference " << worst << "\n";
    }
  CHECK(difference[0] < 0.02);
  CHECK(difference[1] < difference[0]);
  CHECK(difference[2] < difference[1]);
  CHECK(difference[2] < 0.005);
}

TEST_CASE("material paths: particles of a transient run in a steady flow follow the steady paths",
          "[fe][paths]")
{
  const auto rheo = newtonian();
  // the steady DR 100 draw, then 4 s (about twice the axis residence time) at the same speeds
  const auto drawing = slender_draw(*rheo, 80, 3, 0.1, 4.0);
  const auto paths = trace_steady_paths(drawing->domain(), drawing->fields(), PathSettings());
  TransientParticles particles(PathSettings(), 0.5);
  drawing->set_step_observer(
    [&](double t, double dt) { particles.advance(drawing->domain(), drawing->fields(), t, dt); });
  drawing->run_transient(0.0);
  unsigned int exited = 0;
  double worst_strain = 0, worst_time = 0;
  for (const auto &q : particles.particles())
    {
      // histories are ordered in time and space
      for (std::size_t k = 1; k < q.time_s.size(); ++k)
        {
          CHECK(q.time_s[k] >= q.time_s[k - 1]);
          CHECK(q.z_m[k] >= q.z_m[k - 1]);
        }
      if (!q.exited)
        continue;
      ++exited;
      const MaterialPath &p = paths[q.path];
      worst_strain =
        std::max(worst_strain, std::abs(q.shear_strain.back() / p.shear_strain.back() - 1));
      worst_time = std::max(worst_time,
                            std::abs((q.time_s.back() - q.injection_time_s) / p.time_s.back() - 1));
    }
  if (root())
    std::cout << "transient particles in a steady flow: " << particles.particles().size()
              << " injected, " << exited << " exited; strain within " << worst_strain
              << ", transit time within " << worst_time << " of the steady paths\n";
  CHECK(particles.particles().size() == 8 * 24);
  CHECK(exited >= 3 * 24);
  CHECK(worst_strain < 1e-3);
  CHECK(worst_time < 1e-3);

  // checkpoints: the particles (in flight and exited, with their histories) and the injection
  // clock survive a save and load bit for bit; a truncated record is refused
  const std::string record = particles.save();
  TransientParticles restored(PathSettings(), 0.5);
  restored.load(record);
  CHECK(restored.save() == record);
  REQUIRE(restored.particles().size() == particles.particles().size());
  for (std::size_t i = 0; i < restored.particles().size(); ++i)
    {
      const auto &a = particles.particles()[i], &b = restored.particles()[i];
      CHECK(a.path == b.path);
      CHECK(a.exited == b.exited);
      CHECK(a.injection_time_s == b.injection_time_s);
      CHECK(a.z_m == b.z_m);
      CHECK(a.shear_strain == b.shear_strain);
      CHECK(a.cooling_rate_K_per_s == b.cooling_rate_K_per_s);
    }
  TransientParticles truncated(PathSettings(), 0.5);
  CHECK_THROWS_WITH(truncated.load(record.substr(0, record.size() / 2)),
                    Catch::Contains("ends early"));
}

TEST_CASE("material paths: Lagrangian and Eulerian structural state agree, better on finer meshes",
          "[fe][paths]")
{
  // uniaxial extension through a temperature falling linearly from 650 K (supercooled liquid)
  // to 560 K (glass): the fictive temperature freezes on the way
  const auto rheo = newtonian();
  ParameterSet prm;
  {
    Section s(prm, "Structural state");
    declare_structural_state_parameters(prm);
  }
  prm.parse_string("subsection Structural state\n set Model = fictive temperature\n"
                   " subsection Fictive temperature\n  set Configurational work fraction = 0\n"
                   " end\nend\n");
  const auto model = [&] {
    Section s(prm, "Structural state");
    return create_structural_state_model(prm, pd());
  }();
  const double T_in = 650, T_out = 560;
  auto temperature = [=](const Point<2> &x) {
    return T_in + (T_out - T_in) * (x[1] - z0) / (z1 - z0);
  };
  const double y_in = model->variable(model->equilibrium(T_in));
  std::vector<double> difference;
  double frozen = 0;
  for (const unsigned int level : {0u, 1u, 2u})
    {
      const auto flow = uniaxial_flow(*rheo, level, temperature);
      const auto transport = ScalarTransport::create(flow->domain, flow->fields());
      const TransportReport rep = transport->solve(
        "fictive_temperature_K", y_in,
        [&](double y, const FieldSample &l, double *dS) {
          return model->rate(l.temperature, l.stress_eq, l.shear_rate / std::sqrt(3.0), y, dS);
        },
        [&](const FieldSample &l) { return model->variable(model->equilibrium(l.temperature)); },
        10.0);
      REQUIRE(rep.converged);
      PathSettings ps;
      ps.n_paths = 5;
      const auto paths = trace_steady_paths(flow->domain, flow->fields(), ps);
      std::vector<Point<2>> ends;
      for (const auto &p : paths)
        ends.emplace_back(p.r_m.back(), p.z_m.back());
      const auto y = transport->sample("fictive_temperature_K", ends);
      double worst = 0;
      for (std::size_t i = 0; i < paths.size(); ++i)
        {
          PathHistory h;
          for (std::size_t k = 0; k < paths[i].size(); ++k)
            h.push_back(paths[i].time_s[k], paths[i].temperature_K[k], paths[i].stress_eq_Pa[k],
                        paths[i].shear_rate_per_s[k] / std::sqrt(3.0));
          const StructuralState s = model->integrate(h, model->state_of(y_in));
          worst = std::max(worst, std::abs(y[i] - s.fictive_temperature_K));
          frozen = s.fictive_temperature_K;
        }
      difference.push_back(worst);
      if (root())
        std::cout << "Eulerian vs Lagrangian T_f at the outlet, level " << level << ": " << worst
                  << " K (T_f frozen at " << frozen << " K)\n";
    }
  // the glass froze in between: well above the outlet temperature, well below the inlet one
  CHECK(frozen > T_out + 10);
  CHECK(frozen < T_in - 10);
  CHECK(difference[1] < difference[0]);
  CHECK(difference[2] < difference[1]);
  CHECK(difference[2] < 0.05);
}

TEST_CASE("material paths: stresses balanced to the draw force section by section", "[fe][paths]")
{
  // Three paths in plug flow (u_z the same on each) at two stations, carrying fluxes that stand
  // for the areas 1, 2 and 3 mm^2 x u_z. Station 0: raw stresses 10 % low, station 1: 5 % high,
  // with a radial distribution 1 : 1.1 : 1.2 that the balance must keep.
  std::vector<MaterialPath> paths(3);
  const double u = 0.01, F = 2.0, gamma = 0.5;
  const double area[3] = {1e-6, 2e-6, 3e-6}, shape[3] = {1.0, 1.1, 1.2};
  double weighted = 0;
  for (int i = 0; i < 3; ++i)
    weighted += shape[i] * area[i];
  const double R[2] = {1e-3, 0.9e-3};
  for (int i = 0; i < 3; ++i)
    {
      paths[i].volume_flux_m3_per_s = area[i] * u;
      for (int k = 0; k < 2; ++k)
        {
          const double exact = (F - M_PI * R[k] * gamma) / weighted * shape[i];
          paths[i].z_m.push_back(k);
          paths[i].r_m.push_back(R[k] * (i + 1) / 3.0);
          paths[i].u_z_m_per_s.push_back(u);
          paths[i].temperature_K.push_back(600);
          paths[i].stress_eq_Pa.push_back(exact * (k == 0 ? 0.9 : 1.05));
        }
    }
  // stations colder than the reporting threshold are balanced but not reported
  std::vector<MaterialPath> cold = paths;
  CHECK(equilibrate_path_stresses(cold, F, gamma, 700) == 0);
  const double correction = equilibrate_path_stresses(paths, F, gamma, 500);
  CHECK(correction == Approx(1 / 0.9 - 1).epsilon(1e-12));
  for (int k = 0; k < 2; ++k)
    {
      double integral = 0;
      for (int i = 0; i < 3; ++i)
        {
          integral += paths[i].stress_eq_Pa[k] * area[i];
          CHECK(paths[i].stress_eq_Pa[k] / paths[0].stress_eq_Pa[k] == Approx(shape[i]));
        }
      CHECK(integral == Approx(F - M_PI * R[k] * gamma).epsilon(1e-12));
    }
}

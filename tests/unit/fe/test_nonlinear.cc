// The nonlinear Stokes iteration (Picard, Newton with the analytic viscosity derivative, line
// search, continuation) on uniaxial extension u = (-eps r/2, eps z), which stays the exact
// solution for every rheology because the shear rate is uniform: the velocity is reproduced to
// round-off and the draw force is 3 eta(sqrt3 eps) eps pi R^2 with the shear-thinned viscosity.
#include "fe_test_helpers.h"
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "materials/rheology.h"
#include "meshes/drawing_domain.h"
#include "solver/fe/stokes_flow.h"

#include <deal.II/base/mpi.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/tria.h>

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotdraw;
using dealii::Point;
using dealii::Tensor;

namespace
{
  std::unique_ptr<RheologyModel> rheology(const std::string &text)
  {
    static const Material pd = Material::preset("Pd40Cu30Ni10P20");
    ParameterSet prm;
    {
      Section s(prm, "Rheology");
      declare_rheology_parameters(prm);
    }
    prm.parse_string("subsection Rheology\n" + text + "end\n");
    Section s(prm, "Rheology");
    return create_rheology(prm, pd);
  }

  NonlinearReport extension(const RheologyModel &rheo, StokesSettings st, double &force,
                            double &force_exact, double &u_error)
  {
    const double R = 1e-3, L = 4e-3, eps = 50.0, T = 620.0;
    test::FlowOnDomain f(
      rheo, st,
      [&](dealii::Triangulation<2> &tria) {
        dealii::GridGenerator::subdivided_hyper_rectangle(tria, {2, 4}, Point<2>(0, 0),
                                                          Point<2>(R, L));
        for (const auto &cell : tria.active_cell_iterators())
          for (const unsigned int f : cell->face_indices())
            if (cell->face(f)->at_boundary())
              {
                const Point<2> c = cell->face(f)->center();
                cell->face(f)->set_boundary_id(c[1] < 1e-9       ? BoundaryId::inlet
                                               : c[1] > L - 1e-9 ? BoundaryId::outlet
                                               : c[0] < 1e-9     ? BoundaryId::axis
                                                                 : BoundaryId::free_surface);
              }
      },
      0);
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
    const double eta = rheo.evaluate(T, std::sqrt(3.0) * eps).eta;
    force = flow->outlet_force();
    force_exact = 3 * eta * eps * M_PI * R * R;
    u_error = flow->errors(exact, [&](const Point<2> &) { return -eta * eps; }).velocity_L2 /
              (eps * L * std::sqrt(M_PI * R * R * L));
    return rep;
  }
}  // namespace

TEST_CASE("nonlinear Stokes: uniaxial extension is exact for every rheology", "[fe][nonlinear]")
{
  const std::vector<std::string> models = {
    " set Model = Eyring\n", " set Model = Kato\n",
    " set Model = Cross\n subsection Cross\n  set Critical stress = 1e6\n  set Flow index = 0.3\n "
    "end\n",
    " set Model = Carreau-Yasuda\n subsection Carreau-Yasuda\n  set Critical stress = 1e6\n end\n",
    " set Model = Power law\n subsection Power law\n  set Critical stress = 1e6\n end\n"};
  for (const auto &m : models)
    {
      const auto rheo = rheology(m);
      StokesSettings st;
      st.verbosity = 0;
      st.nonlinear_tolerance = 1e-11;
      st.linear_tolerance = 1e-12;
      double F, F_exact, e;
      const NonlinearReport rep = extension(*rheo, st, F, F_exact, e);
      INFO(rheo->name() << ": " << rep.picard_iterations << " Picard + " << rep.newton_iterations
                        << " Newton, force " << F << " vs " << F_exact);
      REQUIRE(rep.converged);
      CHECK(F == Approx(F_exact).epsilon(1e-7));
      CHECK(e < 1e-8);
      // the flow is strongly non-Newtonian: the thinned viscosity is well below eta_N
      CHECK(rheo->evaluate(620, std::sqrt(3.0) * 50).eta < 0.9 * rheo->evaluate(620, 0).eta);
    }
}

TEST_CASE("nonlinear Stokes: continuation from the Newtonian viscosity rescues a failed solve",
          "[fe][nonlinear]")
{
  // strongly shear-thinning Cross fluid, flow index 0.1, and too few iterations per attempt for
  // a direct solve from rest: the continuation (5 steps) gets there
  const auto rheo = rheology(" set Model = Cross\n subsection Cross\n  set Critical stress = 1e5\n "
                             " set Flow index = 0.1\n end\n");
  StokesSettings st;
  st.verbosity = 0;
  st.max_nonlinear_iterations = 6;
  st.continuation_steps = 0;
  double F, F_exact, e;
  const NonlinearReport direct = extension(*rheo, st, F, F_exact, e);
  st.continuation_steps = 5;
  const NonlinearReport cont = extension(*rheo, st, F, F_exact, e);
  INFO("direct: " << direct.picard_iterations << "+" << direct.newton_iterations
                  << ", continuation: " << cont.picard_iterations << "+" << cont.newton_iterations);
  CHECK_FALSE(direct.converged);
  CHECK(cont.converged);
  CHECK(cont.continuation_steps == 5);
  CHECK(F == Approx(F_exact).epsilon(1e-6));
}

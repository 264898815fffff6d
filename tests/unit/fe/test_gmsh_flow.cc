// A user mesh in Gmsh format with the hotdraw boundary-id convention runs through the FE Stokes
// solver: meshes/examples/neck.msh, isothermal Newtonian, plug inflow, prescribed take-up speed,
// traction-free surface. The outlet force is positive and the inflow equals the outflow.
#include "fe_test_helpers.h"
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/rheology.h"
#include "meshes/drawing_domain.h"
#include "solver/fe/stokes_flow.h"

#include <deal.II/base/mpi.h>
#include <deal.II/grid/tria.h>

#include <catch2/catch.hpp>

using namespace hotdraw;

TEST_CASE("FE Stokes on an imported Gmsh mesh", "[fe][gmsh]")
{
  const auto rheo = test::newtonian();

  StokesSettings st;
  st.verbosity = 0;
  test::FlowOnDomain f(
    *rheo, st,
    [](dealii::Triangulation<2> &t) {
      read_gmsh_domain(t, HOTDRAW_SOURCE_DIR "/meshes/examples/neck.msh");
    },
    1);
  auto &flow = f.flow;
  // inflow and outflow from the mesh's own end radii (plug profiles with equal flux)
  double r_in = 0, r_out = 0, z_in = 1e30, z_out = -1e30;
  for (const auto &p : f.domain.free_surface(f.fields()))
    {
      if (p.z < z_in)
        z_in = p.z, r_in = p.r;
      if (p.z > z_out)
        z_out = p.z, r_out = p.r;
    }
  const double vf = 1e-3, vd = vf * (r_in / r_out) * (r_in / r_out);
  FlowSpec spec;
  spec.temperature = [](const dealii::Point<2> &) { return 640.0; };
  spec.boundaries[BoundaryId::inlet] = {true,
                                        true,
                                        [=](const dealii::Point<2> &) {
                                          return dealii::Tensor<1, 2>({0.0, vf});
                                        },
                                        {},
                                        false};
  spec.boundaries[BoundaryId::outlet] = {false,
                                         true,
                                         [=](const dealii::Point<2> &) {
                                           return dealii::Tensor<1, 2>({0.0, vd});
                                         },
                                         {},
                                         false};
  spec.boundaries[BoundaryId::axis] = {true, false, {}, {}, false};
  spec.boundaries[BoundaryId::free_surface] = {false, false, {}, {}, false};
  flow->set_flow(spec);
  const NonlinearReport rep = flow->solve();
  REQUIRE(rep.converged);
  CHECK(flow->outlet_force() > 0);
  const auto fluxes = flow->section_fluxes();
  REQUIRE(fluxes.size() >= 2);
  const double q_in = M_PI * r_in * r_in * vf;
  CHECK(fluxes.begin()->second == Approx(q_in).epsilon(1e-6));
  CHECK(fluxes.rbegin()->second == Approx(q_in).epsilon(1e-6));
}

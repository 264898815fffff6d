// Shared by the FE unit tests: the reference alloy and its Newtonian (VFT) rheology, a
// rectangular mesh with the drawing boundary ids, and a Stokes flow on its own domain.
#pragma once

#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "materials/rheology.h"
#include "meshes/drawing_domain.h"
#include "solver/fe/domain.h"
#include "solver/fe/flow_fields.h"
#include "solver/fe/heat_transfer.h"
#include "solver/fe/stokes_flow.h"

#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/tria.h>

#include <mpi.h>

#include <cmath>
#include <functional>
#include <memory>

namespace hotdraw
{
  namespace test
  {
    inline const Material &pd()
    {
      static const Material m = Material::preset("Pd40Cu30Ni10P20");
      return m;
    }

    // 'Rheology/Model = VFT Newtonian' for the material m.
    inline std::unique_ptr<RheologyModel> newtonian(const Material &m = pd())
    {
      ParameterSet prm;
      {
        Section s(prm, "Rheology");
        declare_rheology_parameters(prm);
      }
      prm.parse_string("subsection Rheology\n set Model = VFT Newtonian\nend\n");
      Section s(prm, "Rheology");
      return create_rheology(prm, m);
    }

    // Mesh generator of the rectangle [0, R] x [0, L] with the drawing boundary ids: inlet
    // (z = 0), outlet (z = L), axis (r = 0), free surface (r = R).
    inline auto rectangle(double R, double L, unsigned int nr, unsigned int nz)
    {
      return [=](dealii::Triangulation<2> &tria) {
        dealii::GridGenerator::subdivided_hyper_rectangle(tria, {nr, nz}, dealii::Point<2>(0, 0),
                                                          dealii::Point<2>(R, L));
        for (const auto &cell : tria.active_cell_iterators())
          for (const unsigned int f : cell->face_indices())
            if (cell->face(f)->at_boundary())
              {
                const dealii::Point<2> c = cell->face(f)->center();
                const bool inlet = std::abs(c[1]) < 1e-12 * L;
                const bool outlet = std::abs(c[1] - L) < 1e-12 * L;
                const bool axis = std::abs(c[0]) < 1e-12 * R;
                cell->face(f)->set_boundary_id(inlet    ? BoundaryId::inlet
                                               : outlet ? BoundaryId::outlet
                                               : axis   ? BoundaryId::axis
                                                        : BoundaryId::free_surface);
              }
      };
    }

    // A Stokes flow on its own domain, meshed by 'generator' with n_refinements global
    // refinements, optionally with FE heat transfer, and the fields of both for sampling.
    struct FlowOnDomain
    {
      FlowOnDomain(const RheologyModel &rheology, const StokesSettings &settings,
                   const std::function<void(dealii::Triangulation<2> &)> &generator,
                   unsigned int n_refinements)
        : domain(MPI_COMM_WORLD, settings.geometry, settings.backend)
      {
        domain.create_mesh(generator, n_refinements);
        flow = StokesFlow::create(domain, rheology, settings);
      }

      // FE heat transfer with the initial field T0; the flow's viscosity follows it.
      void enable_heat(const HeatSpec &spec, const ScalarFunction &T0)
      {
        heat = HeatTransfer::create(domain, *flow, spec, T0, 0);
        flow->set_temperature(heat.get());
        evaluator.reset();
      }

      const FieldEvaluator &fields()
      {
        if (!evaluator)
          evaluator = std::make_unique<FlowFields>(domain, *flow, heat.get());
        return *evaluator;
      }

      Domain domain;
      std::unique_ptr<StokesFlow> flow;
      std::unique_ptr<HeatTransfer> heat;
      std::unique_ptr<FlowFields> evaluator;
    };
  }  // namespace test
}  // namespace hotdraw

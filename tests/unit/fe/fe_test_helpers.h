// Shared by the FE unit tests: the reference alloy and its Newtonian (VFT) rheology.
#pragma once

#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/rheology.h"

#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/tria.h>

#include <cmath>
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
      prm.enter_subsection("Rheology");
      declare_rheology_parameters(prm);
      prm.leave_subsection();
      prm.parse_string("subsection Rheology\n set Model = VFT Newtonian\nend\n");
      prm.enter_subsection("Rheology");
      auto r = create_rheology(prm, m);
      prm.leave_subsection();
      return r;
    }

    // Mesh generator of the rectangle [0, R] x [0, L] with the drawing boundary ids: inlet 0
    // (z = 0), outlet 1 (z = L), axis 2 (r = 0), outer radius 3 (r = R).
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
                cell->face(f)->set_boundary_id(std::abs(c[1]) < 1e-12 * L       ? 0
                                               : std::abs(c[1] - L) < 1e-12 * L ? 1
                                               : std::abs(c[0]) < 1e-12 * R     ? 2
                                                                                : 3);
              }
      };
    }
  }  // namespace test
}  // namespace hotdraw

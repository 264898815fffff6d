// Shared by the FE unit tests: the reference alloy and its Newtonian (VFT) rheology.
#pragma once

#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/rheology.h"

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
  }  // namespace test
}  // namespace hotdraw

// ParaView output of the fields on the domain: one .vtu (written by rank 0 from the patches of
// all ranks) whose cells share their points, with the velocity as the vector velocity_m_per_s =
// (u_r, u_z, 0) (components named r, z, theta) and the scalars velocity_r_m_per_s and
// velocity_z_m_per_s, the derived fields (pressure in Pa, shear rate, viscosity, stresses,
// temperature, cooling rate) and the vectors of any further solvers (e.g. the transported
// fields). Arrays whose name starts with "internal_" (the solver's scaled pressure) are not
// written. Each Q2 cell is written as 2 x 2 linear quadrilaterals through its support points.
#pragma once

#include <string>
#include <vector>

namespace hotdraw
{
  class Domain;
  class FieldEvaluator;
  class OutputFields;
  class StokesFlow;

  // Collective; rank 0 writes 'filename' (.vtu) atomically.
  void write_vtu(const Domain &domain, const StokesFlow &flow, const FieldEvaluator &fields,
                 const std::vector<const OutputFields *> &more, const std::string &filename);
}  // namespace hotdraw

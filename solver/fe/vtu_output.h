// ParaView output of the fields on the domain: <dir>/<base>_<step>.pvtu (+ .vtu per rank) with
// the flow's own vectors (velocity, scaled pressure), the derived fields (pressure in Pa, shear
// rate, viscosity, stresses, temperature, cooling rate), the mesh displacement, the vectors of
// any further solvers (e.g. the transported fields) and the MPI subdomain.
#pragma once

#include <string>
#include <vector>

namespace hotdraw
{
  class Domain;
  class FieldEvaluator;
  class OutputFields;
  class StokesFlow;

  // Collective; returns the .pvtu file name.
  std::string write_vtu(const Domain &domain, const StokesFlow &flow, const FieldEvaluator &fields,
                        const std::vector<const OutputFields *> &more, const std::string &dir,
                        const std::string &base, unsigned int step);
}  // namespace hotdraw

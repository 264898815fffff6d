// Section "Uncertainty": which inputs are uncertain, with what distributions, and how the
// uncertainty is propagated (solver/studies/uncertainty.h): Latin hypercube samples on the
// thin-filament model, reproducible from a seed, spread over the MPI ranks.
#pragma once

#include "solver/numerics/sampling.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hotdraw
{
  class ParameterSet;

  struct UncertainInput
  {
    std::string path;  // a parameter of the file, "Section/.../Name"
    numerics::Distribution distribution;
  };

  struct UncertaintySettings
  {
    unsigned int samples = 256;  // 0: no bands
    std::uint64_t seed = 20261129;
    std::vector<UncertainInput> inputs;
    // the samples' thin-filament grid (each sample starts from the nominal solution on it) and
    // the tolerances of their state integration
    unsigned int sample_cells = 300;
    double sample_relative_tolerance = 1e-8, sample_absolute_tolerance_K = 1e-6;

    static void declare_parameters(ParameterSet &prm);
    // Checks every input: a declared parameter, a valid distribution, and values at its 0.1 %
    // and 99.9 % quantiles that the parameter accepts.
    void parse_parameters(ParameterSet &prm);
  };
}  // namespace hotdraw

// Section "Transfer function": the diameter response to a sinusoidal take-up speed, G(i omega)
// over a grid of frequencies, of one wire of the case (solver/studies/transfer_function_study.h
// runs it; solver/stability/transfer_function.h computes it).
#pragma once

#include <vector>

namespace hotdraw
{
  class ParameterSet;

  struct TransferFunctionSettings
  {
    bool enabled = false;
    std::vector<double> frequencies_Hz;  // ascending, > 0
    double wire_diameter_m = 0;          // > 0: this wire; 0: 'Geometry and process/Wire diameter'
    unsigned int n_grid_points = 201;    // nodes of the analysis grid

    static void declare_parameters(ParameterSet &prm);
    // Checks the frequencies (a grid of positive values) even when the study is off.
    void parse_parameters(ParameterSet &prm);
  };
}  // namespace hotdraw

#include "solver/transfer_function_settings.h"

#include "materials/parameters.h"
#include "solver/window_settings.h"

#include <stdexcept>

namespace hotdraw
{
  void TransferFunctionSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Enabled", "false", Bool(),
                "Compute the transfer function from the take-up speed to the wire diameter, "
                "(dD/D) / (dv_d/v_d) against frequency, of the linearised thin-filament draw at "
                "one wire (transfer_function.csv and transfer_function.png).");
    prm.declare("Frequencies", "1e-3 : 10 : 41 : log", Anything(),
                "The frequencies of the take-up speed disturbance: 'a, b, c', 'start : end : n' "
                "(linear) or 'start : end : n : log' (logarithmic); every value > 0.",
                "Hz");
    prm.declare("Wire diameter", "0", Double(0, 0.1),
                "The wire whose steady draw is linearised (speed-controlled take-up); 0: "
                "'Geometry and process/Wire diameter'.",
                "m");
    prm.declare("Number of grid points", "201", Integer(11, 2001),
                "Nodes of the analysis grid along the deforming part of the draw (as in "
                "'Feasibility/Draw resonance'); every frequency costs a dense complex LU "
                "solve of 2 x nodes unknowns.");
  }

  void TransferFunctionSettings::parse_parameters(ParameterSet &prm)
  {
    *this = TransferFunctionSettings();
    enabled = prm.get_bool("Enabled");
    wire_diameter_m = prm.get_double("Wire diameter");
    n_grid_points = prm.get_integer("Number of grid points");
    const std::string text = prm.get("Frequencies");
    const std::string allowed = "positive frequencies: 'a, b, c', 'start : end : n' or 'start : "
                                "end : n : log', e.g. '1e-4 : 1 : 41 : log'";
    try
      {
        frequencies_Hz = parse_grid(text);
      }
    catch (const std::invalid_argument &e)
      {
        prm.fail("Frequencies", text, e.what(), allowed);
      }
    for (const double f : frequencies_Hz)
      if (!(f > 0))
        prm.fail("Frequencies", text, "the frequency " + to_string(f) + " Hz is not positive",
                 allowed);
  }
}  // namespace hotdraw

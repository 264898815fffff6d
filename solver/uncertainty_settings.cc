#include "solver/uncertainty_settings.h"

#include "materials/parameters.h"
#include "solver/case_setup.h"

#include <iomanip>
#include <sstream>

namespace hotdraw
{
  namespace
  {
    // The default uncertain inputs: the estimates the default case rests on (docs/physics.md
    // section 9, [est]), with ranges from the literature survey (docs/material-data.md).
    const char *default_inputs =
      "Structural state/Reference/Reference rod cooling rate: log-uniform(125, 1300); "
      "Material/Fragility index: uniform(55, 77); "
      "Heat transfer/Convection/Heat transfer coefficient multiplier: log-uniform(0.5, 2); "
      "Material/Emissivity: uniform(0.12, 0.25); "
      "Structural state/Free volume/Overlap factor: log-uniform(0.15, 1); "
      "Structural state/Free volume/Relaxation activation energy: uniform(100e3, 250e3); "
      "Structural state/Fictive temperature/Configurational work fraction: uniform(0.3, 1); "
      "Material/Activation volume: log-uniform(0.65e-28, 2.6e-28); "
      "Material/Interstitialcy beta: uniform(15, 25); "
      "Property mapping/Calibrated/Surface layer/Layer thickness: log-uniform(5e-6, 20e-6); "
      "Property mapping/Calibrated/Surface layer/Thickness shear exponent: uniform(0.5, 2)";

  }  // namespace

  void UncertaintySettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Samples", "256", Integer(0, 100000),
                "Latin hypercube samples of the uncertain inputs, each a thin-filament sweep of "
                "the wires with its own calibration, spread over the MPI ranks. Their 5th, 50th "
                "and 95th percentiles are the bands (_p05, _p50, _p95 columns of sweep.csv, "
                "shaded in sweep.png) and their standardized regression coefficients the "
                "sensitivity ranking (sensitivity.csv). 0: no bands.",
                "-");
    prm.declare("Seed", "20261129", Integer(0),
                "Seed of the sample design: the same seed gives the same samples and bands on "
                "any number of MPI ranks.",
                "-");
    prm.declare("Inputs", default_inputs, Anything(),
                "The uncertain inputs, separated by ';': the path of a parameter of this file, "
                "':', and its distribution: uniform(a, b), log-uniform(a, b), normal(mean, sd), "
                "log-normal(median, factor) or triangular(a, mode, b). An input that the chosen "
                "models do not read (e.g. of a structural-state model that is not chosen) is "
                "skipped with a note. The defaults are the estimates ([est]) the default case "
                "rests on.",
                "");
    prm.declare("Sample grid cells", "300", Integer(20, 100000),
                "Cells of the thin-filament grid of the samples. Each sample starts from the "
                "nominal solution on this grid (no continuation, no adaptation), and its "
                "numbers are shifted by the nominal fine-grid result minus the nominal result "
                "on this grid, so the bands are centred on the reported numbers.",
                "-");
    prm.declare("Sample relative tolerance", "1e-8", Double(1e-14, 1e-2),
                "Relative tolerance of the samples' structural-state integration.", "-");
    prm.declare("Sample absolute tolerance", "1e-6", Double(1e-14, 1.0),
                "Absolute tolerance of the samples' structural-state integration.", "K");
  }

  void UncertaintySettings::parse_parameters(ParameterSet &prm)
  {
    samples = prm.get_integer("Samples");
    seed = static_cast<std::uint64_t>(prm.get_integer("Seed"));
    sample_cells = prm.get_integer("Sample grid cells");
    sample_relative_tolerance = prm.get_double("Sample relative tolerance");
    sample_absolute_tolerance_K = prm.get_double("Sample absolute tolerance");
    inputs.clear();
    ParameterSet scratch;
    declare_all_parameters(scratch);
    std::stringstream list(prm.get("Inputs"));
    for (std::string item; std::getline(list, item, ';');)
      {
        if (item.find_first_not_of(" \t\n") == std::string::npos)
          continue;
        const auto colon = item.rfind(':');
        const auto trim = [](std::string s) {
          const auto b = s.find_first_not_of(" \t\n"), e = s.find_last_not_of(" \t\n");
          return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
        };
        if (colon == std::string::npos)
          prm.fail("Inputs", item, "an input is 'parameter path: distribution'",
                   "e.g. 'Material/Emissivity: uniform(0.12, 0.25)'");
        UncertainInput input;
        input.path = trim(item.substr(0, colon));
        try
          {
            input.distribution = numerics::Distribution::parse(trim(item.substr(colon + 1)));
          }
        catch (const std::invalid_argument &e)
          {
            prm.fail("Inputs", item, e.what(), "a distribution after the ':'");
          }
        if (!scratch.declared(input.path))
          prm.fail("Inputs", input.path, "no such parameter",
                   "the path of a parameter as --print-parameters lists it");
        for (const double u : {1e-3, 0.5, 1 - 1e-3})
          try
            {
              scratch.set(input.path, input.distribution.quantile(u));
            }
          catch (const InputError &e)
            {
              prm.fail("Inputs", item,
                       "its distribution reaches values the parameter does not accept (" +
                         std::string(e.what()) + ")",
                       "a distribution within the parameter's range");
            }
        inputs.push_back(input);
      }
  }
}  // namespace hotdraw

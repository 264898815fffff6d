#include "solver/design_settings.h"

#include "materials/parameters.h"
#include "solver/case_setup.h"

#include <sstream>

namespace hotdraw
{
  void DesignSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Parameters", "", Anything(),
                "Process parameters the design chooses, separated by ';', as --print-parameters "
                "lists them (e.g. 'Geometry and process/Draw temperature; Geometry and "
                "process/Feed speed'); empty: no design.");
    prm.declare("Lower bounds", "", List(Double()),
                "One lower bound per parameter, separated by ',', in the parameter's unit.",
                "units of the parameters");
    prm.declare("Upper bounds", "", List(Double()),
                "One upper bound per parameter, separated by ',', in the parameter's unit.",
                "units of the parameters");
    prm.declare("Wire diameter", "0", Double(0, 0.1),
                "The wire diameter to design for; 0: 'Geometry and process/Wire diameter'.", "m");
    prm.declare("Objective", "enthalpy_increase_percent_literature", Anything(),
                "The sweep.csv column to maximise, minimise or bring to 'Target'.");
    prm.declare("Goal", "maximise", Selection("maximise|minimise|target"),
                "What to do with the objective; every feasibility check of section "
                "'Feasibility' is a constraint.");
    prm.declare("Target", "0", Double(),
                "The value of the objective to reach (Goal = target), in its unit.",
                "unit of the objective");
    prm.declare("Relative tolerance", "1e-4", Double(1e-12, 0.1),
                "Stop when a step changes every parameter by less than this fraction of its "
                "bound interval.",
                "-");
    prm.declare("Maximum evaluations", "200", Integer(2, 100000),
                "Largest number of wires the optimiser may solve.");
  }

  void DesignSettings::parse_parameters(ParameterSet &prm)
  {
    *this = DesignSettings();
    ParameterSet scratch;
    declare_all_parameters(scratch);
    std::stringstream list(prm.get("Parameters"));
    for (std::string item; std::getline(list, item, ';');)
      {
        const auto b = item.find_first_not_of(" \t\n"), e = item.find_last_not_of(" \t\n");
        if (b == std::string::npos)
          continue;
        const std::string path = item.substr(b, e - b + 1);
        if (!scratch.declared(path))
          prm.fail("Parameters", path, "no such parameter",
                   "paths of parameters as --print-parameters lists them, separated by ';'");
        parameters.push_back(path);
      }
    // every entry is read, also without a design (declare and parse cannot drift)
    lower = prm.get_double_list("Lower bounds");
    upper = prm.get_double_list("Upper bounds");
    wire_diameter_m = prm.get_double("Wire diameter");
    objective = prm.get("Objective");
    const std::string goal_text = prm.get("Goal");
    goal = goal_text == "maximise"   ? Goal::maximise
           : goal_text == "minimise" ? Goal::minimise
                                     : Goal::target;
    target = prm.get_double("Target");
    relative_tolerance = prm.get_double("Relative tolerance");
    max_evaluations = prm.get_integer("Maximum evaluations");
    if (!enabled())
      return;
    for (const char *name : {"Lower bounds", "Upper bounds"})
      if ((name[0] == 'L' ? lower : upper).size() != parameters.size())
        prm.fail(name, prm.get(name),
                 "needs one value per parameter (" + std::to_string(parameters.size()) + ")",
                 "a list of " + std::to_string(parameters.size()) + " numbers");
    for (std::size_t k = 0; k < parameters.size(); ++k)
      {
        if (!(lower[k] < upper[k]))
          prm.fail("Upper bounds", prm.get("Upper bounds"),
                   "the bound of '" + parameters[k] + "' is not above its lower bound",
                   "upper > lower for every parameter");
        for (const double x : {lower[k], upper[k]})
          try
            {
              scratch.set(parameters[k], x);
            }
          catch (const InputError &e)
            {
              prm.fail("Lower bounds", x,
                       "a bound of '" + parameters[k] + "' is not accepted (" + e.what() + ")",
                       "bounds within the parameter's range");
            }
      }
  }
}  // namespace hotdraw

// The convection registry and the section "Heat transfer / Convection" (see convection.h).

#include "materials/convection.h"

#include "materials/convection/correlation.h"
#include "materials/parameters.h"
#include "materials/registry.h"

#include <deal.II/base/patterns.h>

namespace hotdraw
{
  ConvectionRegistry &convection_laws()
  {
    static ConvectionRegistry registry("convection model");
    return registry;
  }

  ConvectionModel::ConvectionModel() : law_(std::make_shared<ConvectionCorrelation>()) {}

  ConvectionModel::ConvectionModel(std::shared_ptr<const ConvectionLaw> law) : law_(std::move(law))
  {}

  void ConvectionModel::declare_parameters(ParameterSet &prm)
  {
    Section section(prm, "Convection");
    convection_laws().declare_parameters(
      prm, "Model", "correlation",
      "How the convective heat-transfer coefficient h is obtained; each model has its "
      "parameters in its own subsection.");
    prm.declare("Heat transfer coefficient multiplier", "1", dealii::Patterns::Double(0.01, 100),
                "Factor applied to the coefficient the model gives: the correlations for thin "
                "filaments moving in still air scatter by about a factor 1.5-2 and hotdraw's "
                "wires lie below their fitted Reynolds and Rayleigh ranges [est], so this is an "
                "uncertain input of the bands (section 'Uncertainty').",
                "-");
  }

  void ConvectionModel::parse_parameters(ParameterSet &prm)
  {
    Section section(prm, "Convection");
    law_ = convection_laws().create(prm, "Model");
    multiplier_ = prm.get_double("Heat transfer coefficient multiplier");
  }
}  // namespace hotdraw

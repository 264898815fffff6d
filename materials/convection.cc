// The convection registry and the section "Heat transfer / Convection" (see convection.h).

#include "materials/convection.h"

#include "materials/convection/correlation.h"
#include "materials/parameters.h"
#include "materials/registry.h"

namespace hotdraw
{
  ConvectionRegistry &convection_laws()
  {
    static ConvectionRegistry registry("convection model");
    return registry;
  }

  ConvectionModel::ConvectionModel() : law_(std::make_shared<ConvectionCorrelation>()) {}

  ConvectionModel::ConvectionModel(std::shared_ptr<const ConvectionLaw> law)
    : law_(std::move(law))
  {}

  void ConvectionModel::declare_parameters(ParameterSet &prm)
  {
    Section section(prm, "Convection");
    convection_laws().declare_parameters(
      prm, "Model", "correlation",
      "How the convective heat-transfer coefficient h is obtained; each model has its "
      "parameters in its own subsection.");
  }

  void ConvectionModel::parse_parameters(ParameterSet &prm)
  {
    Section section(prm, "Convection");
    law_ = convection_laws().create(prm, "Model");
  }
}  // namespace hotdraw

// The property-mapping interface and registries (see property_mapping.h); the mappings live in
// materials/mapping/.

#include "materials/property_mapping.h"

#include "materials/parameters.h"
#include "materials/registry.h"

#include <limits>

namespace hotdraw
{
  double PropertyMapping::get(const std::string &name) const
  {
    throw InputError("The property mapping '" + this->name() + "' has no parameter '" + name +
                     "' that a calibration could fit.");
  }

  void PropertyMapping::set(const std::string &name, double)
  {
    get(name);
  }

  std::pair<double, double> PropertyMapping::bounds(const std::string &name) const
  {
    get(name);
    return {0, 0};
  }

  double PropertyMapping::modulus_sensitivity_per_J_per_g() const
  {
    return std::numeric_limits<double>::quiet_NaN();
  }

  LiteratureMappingRegistry &literature_mappings()
  {
    static LiteratureMappingRegistry registry("literature property mapping");
    return registry;
  }

  CalibratedMappingRegistry &calibrated_mappings()
  {
    static CalibratedMappingRegistry registry("calibrated property mapping");
    return registry;
  }

  void declare_literature_mapping_parameters(ParameterSet &prm)
  {
    literature_mappings().declare_parameters(
      prm, "Model", "interstitialcy",
      "Mapping from the frozen state to the property changes with literature coefficients only "
      "(no fitted numbers).");
  }

  void declare_calibrated_mapping_parameters(ParameterSet &prm)
  {
    calibrated_mappings().declare_parameters(
      prm, "Model", "surface layer",
      "Calibrated mapping: the literature bulk terms plus terms whose coefficients are fitted to "
      "measured data (section 'Calibration').");
  }

  std::unique_ptr<PropertyMapping> create_literature_mapping(ParameterSet &prm,
                                                             const Material &material)
  {
    return literature_mappings().create(prm, "Model", material);
  }

  std::unique_ptr<PropertyMapping>
  create_calibrated_mapping(ParameterSet &prm, const Material &material,
                            std::shared_ptr<const PropertyMapping> literature)
  {
    return calibrated_mappings().create(prm, "Model", material, std::move(literature));
  }
}  // namespace hotdraw

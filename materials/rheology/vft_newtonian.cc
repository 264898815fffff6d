// Rheology law 'VFT Newtonian' (registered below; see materials/rheology/master_curve.h for the
// conventions shared by the master-curve laws).
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "materials/rheology/master_curve.h"

#include <cmath>

namespace hotdraw
{
  namespace
  {
    using namespace rheology_constants;

    class VFTNewtonian : public RheologyModel
    {
    public:
      VFTNewtonian(const Material &material, double eta_max) : RheologyModel(material, eta_max) {}
      std::string name() const override { return "VFT Newtonian"; }

      static std::unique_ptr<RheologyModel> create(ParameterSet &, const Material &m,
                                                   double eta_max)
      {
        return std::make_unique<VFTNewtonian>(m, eta_max);
      }

    protected:
      Viscosity evaluate_uncapped(double T, double) const override { return newtonian(T); }
    };

  }  // namespace

  HOTDRAW_REGISTER(rheology_models, VFTNewtonian, "VFT Newtonian",
                   "eta = eta_N(T), the VFT viscosity of the material")
}  // namespace hotdraw

// Rheology law 'Power law' (registered below; see materials/rheology/master_curve.h for the
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

    // eta = eta_N min(1, (gamma_dot/gamma_c)^(n-1)), gamma_c = sigma_c / eta_N: F = min(1,
    // z^(n-1)). Newtonian plateau below gamma_c; eta is continuous at gamma_c but its derivatives
    // jump there (from 0 to (n-1) eta/gamma_c), which Newton solvers may notice.
    class PowerLaw : public CriticalStressModel
    {
    public:
      PowerLaw(const Material &m, double eta_max, double sigma_c, double n)
        : CriticalStressModel(m, eta_max, sigma_c, n)
      {}
      std::string name() const override { return "Power law"; }

      static void declare_parameters(ParameterSet &prm)
      {
        declare_critical_stress(prm);
        prm.declare("Flow index", "0.3", dealii::Patterns::Double(0, 1),
                    "Flow index n of the truncated power law eta = eta_N min(1, (gamma_dot/"
                    "gamma_c)^(n-1)), gamma_c = sigma_c/eta_N(T). Must be positive; n = 1 is "
                    "Newtonian. The derivative of eta jumps at gamma_c. Default [est].",
                    "-");
      }
      static std::unique_ptr<RheologyModel> create(ParameterSet &prm, const Material &m,
                                                   double eta_max)
      {
        const double sigma_c = prm.get_double("Critical stress");
        return std::make_unique<PowerLaw>(m, eta_max, sigma_c, parse_flow_index(prm, true));
      }

    protected:
      Shape shape(double z) const override
      {
        Shape s;
        if (z <= 1)
          return s;
        const double f = std::pow(z, n_ - 1.0);
        s.F = f;
        s.z_dF_dz = (n_ - 1.0) * f;
        s.dF_dz = s.z_dF_dz / z;
        s.slope = n_ * f;
        return s;
      }
    };

  }  // namespace

  HOTDRAW_REGISTER(rheology_models, PowerLaw, "Power law",
                   "eta = eta_N min(1, (gamma_dot/gamma_c)^(n-1)), gamma_c = sigma_c/eta_N "
                   "(Newtonian plateau below gamma_c)")
}  // namespace hotdraw

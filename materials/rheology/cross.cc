// Rheology law 'Cross' (registered below; see materials/rheology/master_curve.h for the
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

    // eta = eta_N / (1 + z^(1-n)), z = eta_N gamma_dot / sigma_c. Approaches eta_N as z^(1-n) at
    // low rate; d eta/d gamma_dot diverges like gamma_dot^(-n) as gamma_dot -> 0 (returned as 0
    // at exactly gamma_dot = 0).
    class Cross : public CriticalStressModel
    {
    public:
      Cross(const Material &m, double eta_max, double sigma_c, double n)
        : CriticalStressModel(m, eta_max, sigma_c, n)
      {}
      std::string name() const override { return "Cross"; }

      static void declare_parameters(ParameterSet &prm)
      {
        declare_critical_stress(prm);
        prm.declare("Flow index", "0.3", dealii::Patterns::Double(0, 1),
                    "Flow index n of the Cross model eta = eta_N/(1 + (eta_N gamma_dot/"
                    "sigma_c)^(1-n)); at high rate the shear stress grows like gamma_dot^n. "
                    "Must satisfy 0 < n < 1. Default [est].",
                    "-");
      }
      static std::unique_ptr<RheologyModel> create(ParameterSet &prm, const Material &m,
                                                   double eta_max)
      {
        const double sigma_c = prm.get_double("Critical stress");
        return std::make_unique<Cross>(m, eta_max, sigma_c, parse_flow_index(prm, false));
      }

    protected:
      Shape shape(double z) const override
      {
        Shape s;
        if (z == 0)
          return s;
        const double p = 1.0 - n_, zp = std::pow(z, p), b = 1.0 + zp;
        s.F = 1.0 / b;
        s.z_dF_dz = -p * zp / (b * b);
        s.dF_dz = s.z_dF_dz / z;
        s.slope = (1.0 + n_ * zp) / (b * b);
        return s;
      }
    };

  }  // namespace

  HOTDRAW_REGISTER(rheology_models, Cross, "Cross",
                   "eta = eta_N/(1 + (eta_N gamma_dot/sigma_c)^(1-n))")
}  // namespace hotdraw

// Rheology law 'Eyring' (registered below; see materials/rheology/master_curve.h for the
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

    // eta = eta_N x / sinh(x), x = sigma_eq V / (2 sqrt3 k_B T), sigma_eq = sqrt3 eta gamma_dot.
    // Then x = eta gamma_dot V / (2 k_B T) and sinh(x) = eta_N gamma_dot V / (2 k_B T) = y, so
    // in closed form eta = eta_N asinh(y) / y: a master curve with tau_c = 2 k_B T / V.
    class Eyring : public MasterCurveModel
    {
    public:
      Eyring(const Material &m, double eta_max, double V) : MasterCurveModel(m, eta_max), V_m3_(V)
      {}
      std::string name() const override { return "Eyring"; }

      static void declare_parameters(ParameterSet &prm)
      {
        prm.declare("Activation volume", "preset", PresetOrDouble(1e-31, 1e-25),
                    "Activation volume V of transition-state flow, eta = eta_N x/sinh(x) with "
                    "x = sigma_eq V/(2 sqrt(3) k_B T). 'preset' takes the material's value "
                    "(section Material, 'Activation volume', including an override there; "
                    "1.3e-28 m^3 [est] for Pd40Cu30Ni10P20).",
                    "m^3");
      }
      static std::unique_ptr<RheologyModel> create(ParameterSet &prm, const Material &m,
                                                   double eta_max)
      {
        return std::make_unique<Eyring>(m, eta_max,
                                        prm.get_preset_or_double("Activation volume",
                                                                 m.activation_volume_m3));
      }

    protected:
      double tau_c(double T, double &dln_tau_dT) const override
      {
        dln_tau_dT = 1.0 / T;
        return 2.0 * boltzmann_J_per_K * T / V_m3_;
      }

      Shape shape(double y) const override
      {
        Shape s;
        if (y < 1e-2)
          {
            // asinh(y)/y = sum_k c_k y^(2k), c_k = (-1)^k (2k)! / (4^k (k!)^2 (2k+1)):
            // 1 - y^2/6 + 3y^4/40 - 5y^6/112 + 35y^8/1152 (next term < 1e-21 here).
            const double y2 = y * y;
            s.F = 1 + y2 * (-1.0 / 6 + y2 * (3.0 / 40 + y2 * (-5.0 / 112 + y2 * 35.0 / 1152)));
            s.z_dF_dz = y2 * (-2.0 / 6 + y2 * (12.0 / 40 + y2 * (-30.0 / 112 + y2 * 280.0 / 1152)));
            s.dF_dz = y * (-2.0 / 6 + y2 * (12.0 / 40 + y2 * (-30.0 / 112 + y2 * 280.0 / 1152)));
          }
        else
          {
            s.F = std::asinh(y) / y;
            s.z_dF_dz = inverse_hypot(y) - s.F;
            s.dF_dz = s.z_dF_dz / y;
          }
        // d(y F)/dy = d asinh(y)/dy = 1/sqrt(1 + y^2), exactly.
        s.slope = inverse_hypot(y);
        return s;
      }

    private:
      // 1/sqrt(1 + y^2) without overflow of y^2.
      static double inverse_hypot(double y)
      {
        return (y > 1) ? 1.0 / (y * std::sqrt(1.0 + 1.0 / (y * y))) : 1.0 / std::sqrt(1.0 + y * y);
      }
      double V_m3_;
    };

  }  // namespace

  HOTDRAW_REGISTER(rheology_models, Eyring, "Eyring",
                   "transition-state flow eta = eta_N x/sinh(x), x = sigma_eq V/(2 sqrt(3) k_B T), "
                   "i.e. eta = eta_N asinh(y)/y, y = eta_N gamma_dot V/(2 k_B T)")
}  // namespace hotdraw

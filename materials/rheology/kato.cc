// Rheology law 'Kato' (registered below; see materials/rheology/master_curve.h for the
// conventions shared by the master-curve laws).
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"
#include "materials/rheology/master_curve.h"

#include <cmath>
#include <limits>

namespace hotdraw
{
  namespace
  {
    using namespace rheology_constants;

    // eta / eta_N = 1 - exp(-sigma* / (eta_N eps_dot)), eps_dot = gamma_dot / sqrt3
    // (docs/physics.md section 3, after Kato, Kawamura, Inoue & Chen, APL 73 (1998) 3665). With z =
    // eta_N gamma_dot / (sqrt3 sigma*) this is F(z) = 1 - exp(-1/z), tau_c = sqrt3 sigma*. Limits:
    // eta -> eta_N (exactly, with all derivatives of F vanishing) as gamma_dot -> 0; the uniaxial
    // stress 3 eta eps_dot = 3 sigma* (1 - exp(-w))/w, w = sigma*/(eta_N eps_dot), increases
    // monotonically with eps_dot and saturates at 3 sigma*, so no uniaxial stress at or above 3
    // sigma* can be carried (the cap only lowers the stress further). The research note
    // docs/material-data.md may revise the form or sigma*.
    class Kato : public MasterCurveModel
    {
    public:
      Kato(const Material &m, double eta_max, double sigma_star)
        : MasterCurveModel(m, eta_max), sigma_star_Pa_(sigma_star)
      {}
      std::string name() const override { return "Kato"; }

      static void declare_parameters(ParameterSet &prm)
      {
        prm.declare("Sigma star", "preset", PresetOrDouble(1e5, 1e11),
                    "Stress sigma* of the Kato et al. (APL 73, 1998) master curve "
                    "eta/eta_N = 1 - exp(-sigma*/(eta_N eps_dot)), eps_dot = gamma_dot/sqrt(3). "
                    "The largest uniaxial stress this model can carry is 3 sigma*. 'preset' "
                    "takes the material's value (section Material, 'Kato sigma star'; 5e8 Pa "
                    "[est] for Pd40Cu30Ni10P20).",
                    "Pa");
      }
      static std::unique_ptr<RheologyModel> create(ParameterSet &prm, const Material &m,
                                                   double eta_max)
      {
        return std::make_unique<Kato>(m, eta_max,
                                      prm.get_preset_or_double("Sigma star", m.kato_sigma_star_Pa));
      }

      double max_uniaxial_stress(double) const override { return 3.0 * sigma_star_Pa_; }

    protected:
      double tau_c(double, double &dln_tau_dT) const override
      {
        dln_tau_dT = 0;
        return sqrt3 * sigma_star_Pa_;
      }

      Shape shape(double z) const override
      {
        Shape s;
        if (z == 0)
          return s;
        const double u = 1.0 / z;  // sigma* / (eta_N eps_dot)
        s.F = -std::expm1(-u);
        if (u > exp_underflow)
          return s;  // F = 1 to machine precision, F' = 0
        const double e = std::exp(-u);
        // F' = -exp(-u) u^2, z F' = -exp(-u) u
        s.dF_dz = -e * u * u;
        s.z_dF_dz = -e * u;
        // F + z F' = 1 - (1 + u) exp(-u) = sum_{k>=2} (-1)^k (k-1)/k! u^k; series for small u,
        // where the closed form cancels.
        if (u < 0.05)
          s.slope =
            u * u *
            (1.0 / 2 +
             u * (-1.0 / 3 + u * (1.0 / 8 + u * (-1.0 / 30 + u * (1.0 / 144 + u * (-1.0 / 840))))));
        else
          s.slope = s.F + s.z_dF_dz;
        return s;
      }

    private:
      double sigma_star_Pa_;
    };

  }  // namespace

  HOTDRAW_REGISTER(rheology_models, Kato, "Kato",
                   "Kato et al. master curve eta = eta_N (1 - exp(-sigma*/(eta_N eps_dot))), "
                   "eps_dot = gamma_dot/sqrt(3); uniaxial stress saturates at 3 sigma*")
}  // namespace hotdraw

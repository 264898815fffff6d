// Rheology law 'Cooperative shear': Newtonian VFT flow at low stress whose shear stress saturates
// at the cooperative shear strength of the glass (Johnson & Samwer, Phys. Rev. Lett. 95 (2005)
// 195501):
//
//   tau_c(T) = G (0.036 - 0.016 (T/Tg)^(2/3)),
//
// the temperature-dependent shear stress at which shear transformation zones flow cooperatively
// (G the shear modulus of the material, gamma_C0 = 0.036 and gamma_C1 = 0.016 the universal
// constants Johnson and Samwer fitted to 30 metallic glasses). The master curve
//
//   eta = eta_N(T) tanh(z) / z,   z = eta_N(T) gamma_dot / tau_c(T),
//
// is Newtonian for eta_N gamma_dot << tau_c, and its shear stress eta gamma_dot = tau_c tanh(z)
// rises monotonically to tau_c, so the largest uniaxial stress the law can carry is
// sqrt(3) tau_c. The tanh interpolation between the two limits is our choice [est].
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

    class CooperativeShear : public MasterCurveModel
    {
    public:
      CooperativeShear(const Material &m, double eta_max, double gamma_c0, double gamma_c1)
        : MasterCurveModel(m, eta_max), G_Pa_(m.shear_modulus_Pa), Tg_K_(m.glass_transition_K),
          gamma_c0_(gamma_c0), gamma_c1_(gamma_c1)
      {}
      std::string name() const override { return "Cooperative shear"; }

      static void declare_parameters(ParameterSet &prm)
      {
        prm.declare("Strain limit at 0 K", "0.036", dealii::Patterns::Double(1e-4, 0.5),
                    "gamma_C0 in the cooperative shear strength tau_c = G (gamma_C0 - gamma_C1 "
                    "(T/Tg)^(2/3)) (Johnson & Samwer, PRL 95 (2005) 195501: 0.036 [lit]).",
                    "-");
        prm.declare("Strain limit temperature coefficient", "0.016",
                    dealii::Patterns::Double(0, 0.5),
                    "gamma_C1 in tau_c = G (gamma_C0 - gamma_C1 (T/Tg)^(2/3)) (Johnson & Samwer: "
                    "0.016 [lit]). tau_c must stay positive up to the hottest temperature of a "
                    "run.",
                    "-");
      }

      static std::unique_ptr<RheologyModel> create(ParameterSet &prm, const Material &m,
                                                   double eta_max)
      {
        const double c0 = prm.get_double("Strain limit at 0 K");
        const double c1 = prm.get_double("Strain limit temperature coefficient");
        // tau_c > 0 up to twice the liquidus, far beyond any drawing temperature
        const double T_max = 2 * m.liquidus_K;
        if (!(c0 - c1 * std::pow(T_max / m.glass_transition_K, 2.0 / 3.0) > 0))
          prm.fail("Strain limit temperature coefficient", c1,
                   "the cooperative shear strength G (gamma_C0 - gamma_C1 (T/Tg)^(2/3)) would "
                   "vanish below twice the liquidus temperature (" +
                     to_string(T_max) + " K)",
                   "gamma_C1 < gamma_C0 (Tg / (2 T_liquidus))^(2/3) = " +
                     to_string(c0 * std::pow(m.glass_transition_K / T_max, 2.0 / 3.0)));
        return std::make_unique<CooperativeShear>(m, eta_max, c0, c1);
      }

      double max_uniaxial_stress(double T) const override
      {
        double dln_tau_dT = 0;
        return sqrt3 * tau_c(T, dln_tau_dT);
      }

    protected:
      double tau_c(double T, double &dln_tau_dT) const override
      {
        const double r = std::pow(T / Tg_K_, 2.0 / 3.0);
        const double strain = gamma_c0_ - gamma_c1_ * r;
        if (!(strain > 0))
          throw SolverError("Rheology model 'Cooperative shear' evaluated at T = " + to_string(T) +
                            " K, where its shear strength G (gamma_C0 - gamma_C1 "
                            "(T/Tg)^(2/3)) is not positive.");
        // d strain / dT = -gamma_C1 (2/3) (T/Tg)^(2/3) / T
        dln_tau_dT = -gamma_c1_ * (2.0 / 3.0) * r / (T * strain);
        return G_Pa_ * strain;
      }

      Shape shape(double z) const override
      {
        Shape s;
        if (z < 1e-3)
          {
            // tanh(z)/z = 1 - z^2/3 + 2 z^4/15 - 17 z^6/315 + ... (next term < 1e-19 here)
            const double z2 = z * z;
            s.F = 1 + z2 * (-1.0 / 3 + z2 * (2.0 / 15 - z2 * 17.0 / 315));
            s.z_dF_dz = z2 * (-2.0 / 3 + z2 * (8.0 / 15 - z2 * 102.0 / 315));
            s.dF_dz = z * (-2.0 / 3 + z2 * (8.0 / 15 - z2 * 102.0 / 315));
          }
        else
          {
            const double t = std::tanh(z);
            s.F = t / z;
            // z F' = sech^2(z) - F
            s.z_dF_dz = (1 - t * t) - s.F;
            s.dF_dz = s.z_dF_dz / z;
          }
        // d(z F)/dz = d tanh(z)/dz = sech^2(z) > 0
        const double t = std::tanh(z);
        s.slope = 1 - t * t;
        return s;
      }

    private:
      double G_Pa_, Tg_K_, gamma_c0_, gamma_c1_;
    };
  }  // namespace

  HOTDRAW_REGISTER(rheology_models, CooperativeShear, "Cooperative shear",
                   "eta = eta_N tanh(z)/z, z = eta_N gamma_dot/tau_c(T), with the cooperative "
                   "shear strength tau_c = G (0.036 - 0.016 (T/Tg)^(2/3)) of Johnson & Samwer; "
                   "the shear stress saturates at tau_c")
}  // namespace hotdraw

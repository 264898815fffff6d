// Rheology law 'Carreau-Yasuda' (registered below; see materials/rheology/master_curve.h for the
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

    // eta = eta_inf + (eta_N - eta_inf) (1 + (lambda gamma_dot)^a)^((n-1)/a),
    // lambda = eta_N / sigma_c (so lambda gamma_dot = z), eta_inf = r eta_N:
    // F(z) = r + (1 - r) (1 + z^a)^((n-1)/a).
    class CarreauYasuda : public CriticalStressModel
    {
    public:
      CarreauYasuda(const Material &m, double eta_max, double sigma_c, double n, double a,
                    double ratio)
        : CriticalStressModel(m, eta_max, sigma_c, n), a_(a), r_(ratio)
      {}
      std::string name() const override { return "Carreau-Yasuda"; }

      static void declare_parameters(ParameterSet &prm)
      {
        declare_critical_stress(prm);
        prm.declare("Flow index", "0.3", dealii::Patterns::Double(0, 1),
                    "Flow index n of the Carreau-Yasuda model eta = eta_inf + (eta_N - eta_inf) "
                    "(1 + (lambda gamma_dot)^a)^((n-1)/a), lambda = eta_N/sigma_c. Must be "
                    "positive; n = 1 is Newtonian. Default [est].",
                    "-");
        prm.declare("Yasuda exponent", "2", dealii::Patterns::Double(0, 10),
                    "Exponent a of the Carreau-Yasuda model (width of the transition; a = 2 is "
                    "the Carreau model). Must be positive. For a < 1, d eta/d gamma_dot "
                    "diverges as gamma_dot -> 0 (returned as 0 at exactly zero).",
                    "-");
        prm.declare("Infinite-shear viscosity ratio", "0", dealii::Patterns::Double(0, 1),
                    "Ratio r = eta_inf/eta_N of the infinite-shear viscosity to the Newtonian "
                    "viscosity (r = 1 is Newtonian).",
                    "-");
      }
      static std::unique_ptr<RheologyModel> create(ParameterSet &prm, const Material &m,
                                                   double eta_max)
      {
        const double sigma_c = prm.get_double("Critical stress");
        const double n = parse_flow_index(prm, true);
        const double a = prm.get_double("Yasuda exponent");
        if (!(a > 0))
          prm.fail("Yasuda exponent", a, "the Yasuda exponent must be positive", "0 < a <= 10");
        return std::make_unique<CarreauYasuda>(m, eta_max, sigma_c, n, a,
                                               prm.get_double("Infinite-shear viscosity ratio"));
      }

    protected:
      Shape shape(double z) const override
      {
        Shape s;
        if (z == 0)
          return s;
        const double za = std::pow(z, a_), b = 1.0 + za, bm = std::pow(b, (n_ - 1.0) / a_);
        s.F = r_ + (1.0 - r_) * bm;
        s.z_dF_dz = (1.0 - r_) * (n_ - 1.0) * bm * za / b;
        s.dF_dz = s.z_dF_dz / z;
        s.slope = r_ + (1.0 - r_) * bm * (1.0 + n_ * za) / b;
        return s;
      }

    private:
      double a_, r_;
    };

  }  // namespace

  HOTDRAW_REGISTER(rheology_models, CarreauYasuda, "Carreau-Yasuda",
                   "eta = eta_inf + (eta_N - eta_inf)(1 + (lambda gamma_dot)^a)^((n-1)/a), lambda "
                   "= eta_N/sigma_c, eta_inf = r eta_N")
}  // namespace hotdraw

// Convection law 'given': the heat-transfer coefficient as an expression h(z, t).
#include "materials/convection.h"
#include "materials/expression.h"
#include "materials/parameters.h"
#include "materials/registry.h"

#include <cmath>

namespace hotdraw
{
  namespace
  {
    class GivenCoefficient : public ConvectionLaw
    {
    public:
      GivenCoefficient(Expression h, std::string parameter)
        : h_W_per_m2K_(std::move(h)), parameter_(std::move(parameter))
      {}
      std::string name() const override { return "given"; }

      double h(double z, double, double, double, double, double t) const override
      {
        const double value = h_W_per_m2K_(z, t);
        if (!std::isfinite(value) || value < 0)
          throw InputError("Parameter '" + parameter_ + "' = '" + h_W_per_m2K_.text() +
                           "' evaluates to " + to_string(value) +
                           " W/(m^2 K) at z = " + to_string(z) + " m, t = " + to_string(t) +
                           " s. Allowed: an expression that is finite and >= 0 everywhere.");
        return value;
      }

      static void declare_parameters(ParameterSet &prm)
      {
        prm.declare("Heat transfer coefficient", "100", dealii::Patterns::Anything(),
                    "Heat-transfer coefficient h(z, t): an expression in the axial position z "
                    "(m) and time t (s), e.g. '150' or '50 + 200*exp(-(z/0.004)^2)'. Must be "
                    "finite and >= 0.",
                    "W/(m^2 K)");
      }

      static std::unique_ptr<ConvectionLaw> create(ParameterSet &prm)
      {
        Expression h = Expression::from_parameter(prm, "Heat transfer coefficient", "z,t");
        const double h0 = h(0.0, 0.0);
        if (!std::isfinite(h0) || h0 < 0)
          prm.fail("Heat transfer coefficient", prm.get("Heat transfer coefficient"),
                   "evaluates to " + to_string(h0) + " W/(m^2 K) at z = 0, t = 0",
                   "an expression in z and t that is finite and >= 0");
        return std::make_unique<GivenCoefficient>(std::move(h), prm.current_section() +
                                                                  "/Heat transfer coefficient");
      }

    private:
      Expression h_W_per_m2K_;  // h(z, t)
      std::string parameter_;   // full parameter path, for messages
    };
  }  // namespace

  HOTDRAW_REGISTER(convection_laws, GivenCoefficient, "given",
                   "the expression 'Given/Heat transfer coefficient' h(z, t)")
}  // namespace hotdraw

// Check 'strength': the von Mises stress along the paths stays below the strength at the local
// temperature, min(Material::strength_Pa(T), the rheology's largest uniaxial stress) (docs/
// physics.md section 11); the margin is integrated along the paths (path_limits).
#include "materials/material.h"
#include "materials/parameters.h"
#include "solver/feasibility/feasibility.h"
#include "solver/wire_chain.h"

namespace hotdraw
{
  namespace
  {
    class Strength : public FeasibilityCheck
    {
    public:
      static void declare_parameters(ParameterSet &prm)
      {
        prm.declare("Minimum stress margin", "0", dealii::Patterns::Double(-1, 1),
                    "Smallest allowed stress margin 1 - sigma/strength(T) along the paths (0: "
                    "the stress may reach the strength; 0.2 keeps it below 80 %).",
                    "-");
      }
      static std::unique_ptr<FeasibilityCheck> create(ParameterSet &prm)
      {
        auto c = std::make_unique<Strength>();
        c->minimum_ = prm.get_double("Minimum stress margin");
        return c;
      }
      double constraint(const WireResult &w, const FeasibilityContext &) const override
      {
        return minimum_ - w.stress_margin;
      }
      std::string reason() const override { return "overstressed"; }
      std::string violation(const WireResult &w, const FeasibilityContext &c) const override
      {
        if (!(w.stress_margin < minimum_))
          return "";
        return "stress margin " + format_number(w.stress_margin) + " < " + format_number(minimum_) +
               " at " + format_number(w.stress_margin_temperature_K) + " K (largest axial stress " +
               format_number(w.max_axial_stress_Pa * 1e-6) + " MPa; strength there " +
               format_number(c.material.strength_Pa(w.stress_margin_temperature_K) * 1e-6) +
               " MPa or the rheology's limit): the wire yields or breaks";
      }

    private:
      double minimum_ = 0;
    };
  }  // namespace

  HOTDRAW_REGISTER(feasibility_checks, Strength, "strength",
                   "the stress stays below the strength at the local temperature")
}  // namespace hotdraw

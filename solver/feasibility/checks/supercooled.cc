// Check 'supercooled': the wire is heated into the supercooled liquid (docs/physics.md
// section 11); a rod that stays glassy cannot be drawn by viscous flow.
#include "materials/material.h"
#include "materials/parameters.h"
#include "solver/feasibility/feasibility.h"
#include "solver/wire_chain.h"

namespace hotdraw
{
  namespace
  {
    class Supercooled : public FeasibilityCheck
    {
    public:
      static void declare_parameters(ParameterSet &prm)
      {
        prm.declare("Margin above Tg", "0", dealii::Patterns::Double(0, 500),
                    "The peak temperature of the wire must reach Tg + this margin.", "K");
      }
      static std::unique_ptr<FeasibilityCheck> create(ParameterSet &prm)
      {
        auto c = std::make_unique<Supercooled>();
        c->margin_K_ = prm.get_double("Margin above Tg");
        return c;
      }
      double constraint(const WireResult &w, const FeasibilityContext &c) const override
      {
        return (c.material.glass_transition_K + margin_K_ - w.peak_temperature_K) / 10.0;
      }
      std::string reason() const override { return "not_supercooled"; }
      std::string violation(const WireResult &w, const FeasibilityContext &c) const override
      {
        const double limit = c.material.glass_transition_K + margin_K_;
        if (w.peak_temperature_K >= limit)
          return "";
        return "peak temperature " + format_number(w.peak_temperature_K) +
               " K stays below Tg + margin = " + format_number(limit) +
               " K: the rod never reaches the supercooled liquid";
      }

    private:
      double margin_K_ = 0;
    };
  }  // namespace

  HOTDRAW_REGISTER(feasibility_checks, Supercooled, "supercooled",
                   "the wire reaches the supercooled liquid (peak T >= Tg + 'Margin above Tg')")
}  // namespace hotdraw

// Check 'vitrification': the wire is glass (below Tg - margin) when it reaches the take-up at
// the end of the domain (docs/physics.md section 11).
#include "materials/material.h"
#include "materials/parameters.h"
#include "solver/feasibility/feasibility.h"
#include "solver/wire_chain.h"

namespace hotdraw
{
  namespace
  {
    class Vitrification : public FeasibilityCheck
    {
    public:
      static void declare_parameters(ParameterSet &prm)
      {
        prm.declare("Margin below Tg", "10", dealii::Patterns::Double(0, 500),
                    "The wire must be below Tg - this margin at the take-up (the end of the "
                    "domain).",
                    "K");
      }
      static std::unique_ptr<FeasibilityCheck> create(ParameterSet &prm)
      {
        auto c = std::make_unique<Vitrification>();
        c->margin_K_ = prm.get_double("Margin below Tg");
        return c;
      }
      double constraint(const WireResult &w, const FeasibilityContext &c) const override
      {
        return (w.outlet_temperature_K - (c.material.glass_transition_K - margin_K_)) / 10.0;
      }
      std::string reason() const override { return "not_vitrified"; }
      std::string violation(const WireResult &w, const FeasibilityContext &c) const override
      {
        const double limit = c.material.glass_transition_K - margin_K_;
        if (w.outlet_temperature_K < limit)
          return "";
        std::string why = "reaches the take-up (z = " + format_number(c.domain_end_m * 1e3) +
                          " mm) at " + format_number(w.outlet_temperature_K) +
                          " K, above Tg - margin = " + format_number(limit) +
                          " K: it is wound up before it is glass";
        // advice only where it makes sense: a domain at most 10 times longer
        const double extra = w.extra_length_needed_m;
        const double length = c.domain_end_m - c.domain_start_m;
        if (extra > 0 && extra < 10 * length)
          why += " (at its outlet cooling rate it needs about " + format_number(extra * 1e3) +
                 " mm more of cooling before the take-up)";
        else
          why += " (it barely cools at the outlet: cool the zone after the furnace, or draw "
                 "slower)";
        return why;
      }

    private:
      double margin_K_ = 10;
    };
  }  // namespace

  HOTDRAW_REGISTER(feasibility_checks, Vitrification, "vitrification",
                   "the wire is below Tg - 'Margin below Tg' at the take-up")
}  // namespace hotdraw

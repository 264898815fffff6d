// Check 'peak temperature': the wire stays below the crystallisation temperature Tx (at
// 20 K/min); viscous heating can run a fast draw away above it (docs/physics.md section 11).
#include "materials/material.h"
#include "materials/parameters.h"
#include "solver/feasibility/feasibility.h"
#include "solver/wire_chain.h"

namespace hotdraw
{
  namespace
  {
    class PeakTemperature : public FeasibilityCheck
    {
    public:
      static void declare_parameters(ParameterSet &prm)
      {
        prm.declare("Margin below Tx", "0", dealii::Patterns::Double(0, 500),
                    "The peak temperature must stay below Tx - this margin.", "K");
      }
      static std::unique_ptr<FeasibilityCheck> create(ParameterSet &prm)
      {
        auto c = std::make_unique<PeakTemperature>();
        c->margin_K_ = prm.get_double("Margin below Tx");
        return c;
      }
      double constraint(const WireResult &w, const FeasibilityContext &c) const override
      {
        return (w.peak_temperature_K - (c.material.crystallisation_K - margin_K_)) / 10.0;
      }
      std::string reason() const override { return "above_Tx"; }
      std::string violation(const WireResult &w, const FeasibilityContext &c) const override
      {
        const double limit = c.material.crystallisation_K - margin_K_;
        if (w.peak_temperature_K < limit)
          return "";
        return "peak temperature " + format_number(w.peak_temperature_K) +
               " K >= Tx - margin = " + format_number(limit) +
               " K (viscous heating at draw force " + format_number(w.draw_force_N) + " N)";
      }

    private:
      double margin_K_ = 0;
    };
  }  // namespace

  HOTDRAW_REGISTER(feasibility_checks, PeakTemperature, "peak temperature",
                   "the peak temperature stays below Tx - 'Margin below Tx'")
}  // namespace hotdraw

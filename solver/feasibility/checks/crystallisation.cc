// Check 'crystallisation': Hillert additivity of the time spent at each temperature over the
// heating-path TTT curve t_x(T) of the material (Material::crystallisation_time_s; docs/
// physics.md section 11), integrated along the material paths (path_limits). An index of 1 is
// the onset of crystallisation.
#include "materials/material.h"
#include "materials/parameters.h"
#include "solver/feasibility/feasibility.h"
#include "solver/wire_chain.h"

#include <algorithm>
#include <cmath>

namespace hotdraw
{
  namespace
  {
    class Crystallisation : public FeasibilityCheck
    {
    public:
      static void declare_parameters(ParameterSet &prm)
      {
        prm.declare("Index limit", "1", dealii::Patterns::Double(1e-6, 1e6),
                    "Largest allowed crystallisation index sum dt/t_x(T) along a path (1: the "
                    "onset of crystallisation; a smaller limit keeps a safety margin for the "
                    "uncertain TTT curve, about a factor 3 at 660 K).",
                    "-");
      }
      static std::unique_ptr<FeasibilityCheck> create(ParameterSet &prm)
      {
        auto c = std::make_unique<Crystallisation>();
        c->limit_ = prm.get_double("Index limit");
        return c;
      }
      double constraint(const WireResult &w, const FeasibilityContext &) const override
      {
        return std::max(-10.0, std::log10(w.crystallisation_index / limit_));
      }
      std::string reason() const override { return "crystallised"; }
      std::string violation(const WireResult &w, const FeasibilityContext &c) const override
      {
        if (!(w.crystallisation_index >= limit_))
          return "";
        return "crystallisation index " + format_number(w.crystallisation_index) +
               " >= " + format_number(limit_) + " (" + format_number(w.residence_time_above_Tg_s) +
               " s above Tg, peak " + format_number(w.peak_temperature_K) + " K; t_x = " +
               format_number(c.material.crystallisation_time_s(w.peak_temperature_K)) +
               " s at the peak): the glass crystallises";
      }

    private:
      double limit_ = 1;
    };
  }  // namespace

  HOTDRAW_REGISTER(feasibility_checks, Crystallisation, "crystallisation",
                   "the crystallisation index (Hillert additivity over the TTT curve) stays "
                   "below 'Index limit'")
}  // namespace hotdraw

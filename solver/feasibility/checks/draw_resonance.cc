// Check 'draw resonance': the linear stability analysis of the non-isothermal thin-filament
// draw (solver/stability/draw_resonance.h): the leading mode at the operating point must decay.
// Its growth rate and the critical draw ratio (where the growth rate crosses zero; searched
// outside studies of many runs) are written to sweep.csv.
#include "solver/stability/draw_resonance.h"

#include "materials/parameters.h"
#include "solver/case_setup.h"
#include "solver/feasibility/feasibility.h"
#include "solver/wire_chain.h"

#include <cmath>
#include <limits>

namespace hotdraw
{
  namespace
  {
    class DrawResonance : public FeasibilityCheck
    {
    public:
      static void declare_parameters(ParameterSet &prm)
      {
        DrawResonanceSettings::declare_parameters(prm);
      }
      static std::unique_ptr<FeasibilityCheck> create(ParameterSet &prm)
      {
        auto c = std::make_unique<DrawResonance>();
        c->settings_.parse_parameters(prm);
        return c;
      }

      void measure(const CaseSetup &setup, const FilamentProfile &profile,
                   WireResult &w) const override
      {
        if (profile.size() == 0 || setup.feasibility.skip_stability)
          return;
        DrawResonanceSettings s = settings_;
        if (setup.feasibility.in_study)
          s.search_critical_draw_ratio = false;
        const DrawResonanceAnalysis analysis(setup.material, *setup.rheology, *setup.thermal,
                                             setup.convection, setup.process, setup.thin_filament,
                                             s);
        try
          {
            const DrawResonanceResult r = analysis.analyse_wire(profile);
            w.resonance_growth_rate_per_s = r.operating.growth_rate_per_s;
            w.resonance_wavelength_radii = r.operating.wavelength_radii;
            w.critical_draw_ratio = r.critical_draw_ratio;
          }
        catch (const std::exception &)
          {
            // the analysis could not be made: no verdict on stability (empty cells)
            w.resonance_growth_rate_per_s = std::numeric_limits<double>::quiet_NaN();
            w.resonance_wavelength_radii = std::numeric_limits<double>::quiet_NaN();
            w.critical_draw_ratio = std::numeric_limits<double>::quiet_NaN();
          }
      }

      std::string reason() const override { return "draw_resonance"; }

      double constraint(const WireResult &w, const FeasibilityContext &) const override
      {
        if (std::isfinite(w.critical_draw_ratio))
          return std::log(w.draw_ratio / w.critical_draw_ratio) / std::log(2.0);
        return std::isnan(w.resonance_growth_rate_per_s) ? -1.0
                                                         : 10 * w.resonance_growth_rate_per_s;
      }

      std::string violation(const WireResult &w, const FeasibilityContext &) const override
      {
        const bool unstable =
          w.resonance_growth_rate_per_s > 0 ||
          (std::isfinite(w.critical_draw_ratio) && w.draw_ratio >= w.critical_draw_ratio);
        if (!unstable)
          return "";
        return "the draw is unstable (draw resonance): its leading mode grows at " +
               format_number(w.resonance_growth_rate_per_s) + " 1/s" +
               (std::isfinite(w.critical_draw_ratio)
                  ? "; critical draw ratio " + format_number(w.critical_draw_ratio) +
                      " <= draw ratio " + format_number(w.draw_ratio)
                  : std::string()) +
               " (cool the draw earlier, or lower the draw ratio)" +
               (w.resonance_wavelength_radii < slender_wavelength_radii
                  ? "; conservative: the mode is only " +
                      format_number(w.resonance_wavelength_radii) +
                      " rod radii long near the inlet, where the slender analysis overestimates "
                      "its growth (a transient FE run can tell whether the rod damps it)"
                  : std::string());
      }

    private:
      DrawResonanceSettings settings_;
    };
  }  // namespace

  HOTDRAW_REGISTER(feasibility_checks, DrawResonance, "draw resonance",
                   "the linear stability analysis of the draw finds no growing mode")
}  // namespace hotdraw

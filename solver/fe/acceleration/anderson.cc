// Anderson mixing (solver/fe/anderson.h) of the shape together with the nodal temperatures: with
// the flow and the heat solved in turn, the viscous heating and the shape-cooling feedback give
// the Picard map several growing modes, which a scalar relaxation cannot damp. The state is the
// nodal temperatures / 100 K (distributed over the ranks) and R / R_first (the same on every
// rank).
#include "solver/fe/anderson.h"

#include "solver/fe/acceleration/acceleration.h"
#include "solver/fe/heat_transfer.h"

#include <algorithm>
#include <memory>

namespace hotdraw
{
  namespace
  {
    class Anderson : public SurfaceAcceleration
    {
    public:
      Anderson(MPI_Comm comm, unsigned int depth, double mixing) : mixer_(comm, depth, mixing) {}

      static std::unique_ptr<SurfaceAcceleration>
      create(ParameterSet &, const FreeSurfaceSettings &settings, MPI_Comm comm, unsigned int)
      {
        return std::make_unique<Anderson>(comm, settings.anderson_depth, settings.anderson_mixing);
      }

      void before_heat(const HeatTransfer &heat) override { T_before_ = heat.owned_values(); }

      // mix (T, R) -> (T_heat, R_new); the inlet radius stays fixed
      void accelerate(const std::vector<double> &R, std::vector<double> &R_new,
                      HeatTransfer *heat) override
      {
        if (R_scale_.empty())
          R_scale_ = R;
        const std::size_t nT = heat ? T_before_.size() : 0;
        const std::vector<double> T_after = heat ? heat->owned_values() : T_before_;
        std::vector<double> x(nT + R.size()), g(x.size());
        for (std::size_t i = 0; i < nT; ++i)
          {
            x[i] = T_before_[i] / temperature_scale_K;
            g[i] = T_after[i] / temperature_scale_K;
          }
        for (std::size_t k = 0; k < R.size(); ++k)
          {
            x[nT + k] = R[k] / R_scale_[k];
            g[nT + k] = R_new[k] / R_scale_[k];
          }
        const std::vector<double> y = mixer_.next(x, g, R.size());
        if (heat)
          {
            std::vector<double> T_next(nT);
            for (std::size_t i = 0; i < nT; ++i)
              T_next[i] = y[i] * temperature_scale_K;
            heat->set_owned_values(T_next);
          }
        // a mixing step may not shrink a radius by more than half (far from convergence)
        for (std::size_t k = 0; k < R.size(); ++k)
          R_new[k] = std::max(0.5 * R[k], y[nT + k] * R_scale_[k]);
      }

      // the first changes are often small: the initial shape is the thin-filament one, and the
      // first heat solves have not yet moved the viscosity
      std::size_t settling_iterations() const override { return 5; }

    private:
      static constexpr double temperature_scale_K = 100.0;
      AndersonMixer mixer_;
      std::vector<double> T_before_, R_scale_;
    };
  }  // namespace

  HOTDRAW_REGISTER(surface_accelerations, Anderson, "Anderson",
                   "Anderson mixing of the shape together with the nodal temperatures (needed "
                   "for coupled heat transfer at large draw ratios)");
}  // namespace hotdraw

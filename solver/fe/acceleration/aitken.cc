// Aitken's dynamic relaxation of the fixed-point map R -> R_new (Irons-Tuck): the plain
// kinematic update overshoots with an alternating error in extensional flows. The relaxation
// starts at 'Relaxation' and adapts from the last two residuals.
#include "postprocess/log.h"
#include "solver/fe/acceleration/acceleration.h"

#include <algorithm>
#include <memory>

namespace hotdraw
{
  namespace
  {
    class Aitken : public SurfaceAcceleration
    {
    public:
      Aitken(double relaxation, unsigned int verbosity) : omega_(relaxation), verbosity_(verbosity)
      {}

      static std::unique_ptr<SurfaceAcceleration>
      create(ParameterSet &, const FreeSurfaceSettings &settings, MPI_Comm, unsigned int verbosity)
      {
        return std::make_unique<Aitken>(settings.relaxation, verbosity);
      }

      void before_heat(const HeatTransfer &) override {}

      void accelerate(const std::vector<double> &R, std::vector<double> &R_new,
                      HeatTransfer *) override
      {
        std::vector<double> residual(R.size());
        for (std::size_t k = 0; k < R.size(); ++k)
          residual[k] = (R_new[k] - R[k]) / R[k];
        if (previous_residual_.size() == residual.size())
          {
            double num = 0, den = 0;
            for (std::size_t k = 0; k < residual.size(); ++k)
              {
                const double dr = residual[k] - previous_residual_[k];
                num += previous_residual_[k] * dr;
                den += dr * dr;
              }
            if (den > 0)
              omega_ = std::clamp(-omega_ * num / den, 0.05, 1.0);
          }
        previous_residual_ = residual;
        if (verbosity_ >= 2)
          Log::out() << "    surface update relaxation " << omega_ << "\n";
        for (std::size_t k = 0; k < R.size(); ++k)
          R_new[k] = R[k] + omega_ * (R_new[k] - R[k]);
      }

      std::size_t settling_iterations() const override { return 0; }

    private:
      double omega_;
      unsigned int verbosity_;
      std::vector<double> previous_residual_;
    };
  }  // namespace

  HOTDRAW_REGISTER(surface_accelerations, Aitken, "Aitken",
                   "scalar relaxation of the shape, adapted by Aitken's method");
}  // namespace hotdraw

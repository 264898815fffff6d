// The kinematic steady update: the steady kinematic condition dR/dz = u_r/u_z integrated from
// the inlet by the trapezoidal rule (the limit dt -> infinity of the transient box scheme).
#include "solver/fe/surface_update/surface_update.h"

#include <cmath>
#include <memory>

namespace hotdraw
{
  namespace
  {
    class Kinematic : public SurfaceUpdate
    {
    public:
      static std::unique_ptr<SurfaceUpdate> create(ParameterSet &)
      {
        return std::make_unique<Kinematic>();
      }

      // Integrate dR/dz = (1 - w) R'_old + w u_r/u_z from the inlet by the trapezoidal rule;
      // w = 1 is the kinematic update. If it would pinch the surface off (R <= 0, far from the
      // solution), the slopes are blended with the current ones (w halved) until the new
      // surface stays positive. Returns false if no blend does.
      bool update(const SurfaceState &state, std::vector<double> &R_new) const override
      {
        const std::vector<SurfacePoint> &s = state.samples;
        R_new.assign(s.size(), 0.0);
        for (double w = 1.0; w >= 1e-3; w *= 0.5)
          {
            R_new[0] = state.inlet_radius;
            bool ok = true;
            for (std::size_t k = 1; ok && k < s.size(); ++k)
              {
                const double s0 = s[k - 1].u_r / s[k - 1].u_z, s1 = s[k].u_r / s[k].u_z;
                const double dz = s[k].z - s[k - 1].z;
                R_new[k] =
                  R_new[k - 1] + w * 0.5 * (s0 + s1) * dz + (1 - w) * (s[k].r - s[k - 1].r);
                ok = R_new[k] > 0 && std::isfinite(R_new[k]);
              }
            if (ok)
              return true;
          }
        return false;
      }

      // the fixed point is the discrete streamline: the normal velocity vanishes there
      bool checks_normal_velocity() const override { return true; }
    };
  }  // namespace

  HOTDRAW_REGISTER(surface_updates, Kinematic, "kinematic",
                   "integrates dR/dz = u_r/u_z from the inlet");
}  // namespace hotdraw

// The mass-flux steady update: each section's radius scaled so that it carries the feed flux Q,
// R_new = R (Q / q(z))^p with q(z) the FE flux through the section at z (linear between the
// mesh's cross-sections), p = 1/2 axisymmetric, 1 planar. It does not accumulate slope errors
// along z (at draw ratio DR the kinematic update amplifies a relative slope error about sqrt(DR)
// times) and its fixed point conserves mass to round-off.
#include "solver/fe/interpolation.h"
#include "solver/fe/stokes_flow.h"
#include "solver/fe/surface_update/surface_update.h"

#include <cmath>
#include <map>
#include <memory>

namespace hotdraw
{
  namespace
  {
    class MassFlux : public SurfaceUpdate
    {
    public:
      static std::unique_ptr<SurfaceUpdate> create(ParameterSet &)
      {
        return std::make_unique<MassFlux>();
      }

      // Returns false if a section carries no positive flux.
      bool update(const SurfaceState &state, std::vector<double> &R_new) const override
      {
        const std::map<double, double> q = state.flow.section_fluxes();
        const double Q = state.inlet_flux, p = state.geometry.axisymmetric() ? 0.5 : 1.0;
        std::vector<double> qz, qv;
        for (const auto &[zz, f] : q)
          {
            if (!(f > 0) || !std::isfinite(f))
              return false;
            qz.push_back(zz);
            qv.push_back(f);
          }
        if (qz.empty())
          return false;
        const auto q_of_z = linear_interpolant(qz, qv);
        const std::vector<double> &z = state.z, &R = state.R;
        R_new.resize(R.size());
        for (std::size_t k = 0; k < R.size(); ++k)
          R_new[k] = R[k] * std::pow(Q / q_of_z(z[k]), p);
        R_new[0] = state.inlet_radius;
        return true;
      }

      // the two discrete conditions differ by O(h^2): the mass-flux fixed point leaves a
      // discretisation-level normal velocity, which is reported, not required
      bool checks_normal_velocity() const override { return false; }
    };
  }  // namespace

  HOTDRAW_REGISTER(surface_updates, MassFlux, "mass flux",
                   "scales each section's radius to carry the feed flux, R (Q/q(z))^(1/2) "
                   "(better conditioned at large draw ratios, exact mass conservation at the "
                   "fixed point; the normal velocity is then reported but not a convergence "
                   "criterion)");
}  // namespace hotdraw

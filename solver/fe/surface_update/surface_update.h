// Steady free-surface updates: the map from the current shape R(z) and its flow to the next
// shape R_new(z) of the steady free-surface iteration (solver/fe/fe_drawing.h), whose fixed
// point is the streamline surface. One class per file in this folder, registered by name with
// HOTDRAW_REGISTER(surface_updates, ...) and chosen by 'Free surface/Surface update'.
#pragma once

#include "materials/registry.h"
#include "solver/fe/fields.h"
#include "solver/fe/geometry.h"

#include <vector>

namespace hotdraw
{
  class StokesFlow;

  // The state an update works from.
  struct SurfaceState
  {
    const std::vector<SurfacePoint> &samples;  // the free surface with its flow, sorted by z
    const std::vector<double> &z, &R;          // their positions and radii
    double inlet_radius;                       // fixed
    double inlet_flux;                         // feed flux (m^3/s; whole sheet for planar)
    const Geometry &geometry;
    const StokesFlow &flow;
  };

  class SurfaceUpdate
  {
  public:
    virtual ~SurfaceUpdate() = default;
    // The new radii at the samples (R_new[0] = inlet radius). Returns false if the update is
    // not admissible (the surface would pinch off, a section carries no flux).
    virtual bool update(const SurfaceState &state, std::vector<double> &R_new) const = 0;
    // Whether the discrete normal velocity vanishes at the update's fixed point and is
    // therefore a convergence criterion.
    virtual bool checks_normal_velocity() const = 0;
  };

  Registry<SurfaceUpdate> &surface_updates();
}  // namespace hotdraw

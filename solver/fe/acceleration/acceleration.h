// Accelerations of the steady free-surface iteration (solver/fe/fe_drawing.h): from the current
// shape R and the surface update's image R_new, the shape the next iteration starts from (and,
// with FE heat transfer, possibly the temperature field). One class per file in this folder,
// registered by name with HOTDRAW_REGISTER(surface_accelerations, ...) and chosen by
// 'Free surface/Acceleration'; created with the free-surface settings (their 'Relaxation' and
// 'Anderson ...' parameters), the communicator and the verbosity.
#pragma once

#include "materials/registry.h"
#include "solver/fe/free_surface_settings.h"

#include <mpi.h>

#include <cstddef>
#include <vector>

namespace hotdraw
{
  class HeatTransfer;

  class SurfaceAcceleration
  {
  public:
    virtual ~SurfaceAcceleration() = default;
    // Called before the heat solve of every coupled iteration.
    virtual void before_heat(const HeatTransfer &heat) = 0;
    // Replace R_new, the image of R under the surface update, by the next shape. heat: the
    // temperature field after this iteration's heat solve (nullptr without FE heat transfer).
    virtual void accelerate(const std::vector<double> &R, std::vector<double> &R_new,
                            HeatTransfer *heat) = 0;
    // Iterations at the start that the divergence test leaves out.
    virtual std::size_t settling_iterations() const = 0;
  };

  Registry<SurfaceAcceleration, const FreeSurfaceSettings &, MPI_Comm, unsigned int> &
  surface_accelerations();
}  // namespace hotdraw

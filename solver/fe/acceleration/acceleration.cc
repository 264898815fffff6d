#include "solver/fe/acceleration/acceleration.h"

namespace hotdraw
{
  Registry<SurfaceAcceleration, const FreeSurfaceSettings &, MPI_Comm, unsigned int> &
  surface_accelerations()
  {
    static Registry<SurfaceAcceleration, const FreeSurfaceSettings &, MPI_Comm, unsigned int>
      registry("free-surface acceleration");
    return registry;
  }
}  // namespace hotdraw

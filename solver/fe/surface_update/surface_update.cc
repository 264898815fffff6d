#include "solver/fe/surface_update/surface_update.h"

namespace hotdraw
{
  Registry<SurfaceUpdate> &surface_updates()
  {
    static Registry<SurfaceUpdate> registry("free-surface update");
    return registry;
  }
}  // namespace hotdraw

#include "solver/fe/fields.h"

#include <cmath>

namespace hotdraw
{
  FieldSample FieldEvaluator::sample(const PointFields &f, const Geometry &geometry,
                                     const bool cooling) const
  {
    FieldSample s;
    s.found = true;
    const StrainRate D = geometry.strain_rate(f.grad_u, f.u, f.x);
    const double gd = D.shear_rate();
    const double eta = viscosity(f.T, gd).eta;
    s.u_r = f.u[0];
    s.u_z = f.u[1];
    s.pressure = f.p;
    s.temperature = f.T;
    s.shear_rate = gd;
    s.viscosity = eta;
    s.stress_eq = std::sqrt(3.0) * eta * gd;
    if (cooling && temperature_solved())
      s.cooling_rate = -(f.dT_dt + (f.u - f.mesh_velocity) * f.grad_T);
    return s;
  }
}  // namespace hotdraw

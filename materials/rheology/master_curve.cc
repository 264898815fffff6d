#include "materials/rheology/master_curve.h"

#include "materials/parameters.h"

namespace hotdraw
{
  Viscosity MasterCurveModel::evaluate_uncapped(double T, double gamma_dot) const
  {
    const Viscosity n = newtonian(T);
    double dln_tau_dT = 0;
    const double tau = tau_c(T, dln_tau_dT);
    const double z = n.eta * gamma_dot / tau;
    const Shape s = shape(z);
    const double dln_etaN_dT = n.deta_dT / n.eta;
    Viscosity v;
    v.eta = n.eta * s.F;
    v.deta_dgamma = n.eta * s.dF_dz * (n.eta / tau);
    v.deta_dT = n.eta * (dln_etaN_dT * s.slope - s.z_dF_dz * dln_tau_dT);
    return v;
  }

  double CriticalStressModel::parse_flow_index(ParameterSet &prm, bool allow_one)
  {
    const double n = prm.get_double("Flow index");
    if (!(n > 0) || (!allow_one && !(n < 1)))
      prm.fail("Flow index", n,
               allow_one ? "the flow index must be positive (n = 0 would saturate the stress)"
                         : "the Cross model needs 0 < n < 1 (with n = 1 its formula gives "
                           "eta_N/2 at every rate; choose Model = VFT Newtonian for Newtonian "
                           "flow)",
               allow_one ? "0 < n <= 1" : "0 < n < 1");
    return n;
  }

  void CriticalStressModel::declare_critical_stress(ParameterSet &prm)
  {
    prm.declare("Critical stress", "1e8", dealii::Patterns::Double(1e3, 1e11),
                "Characteristic shear stress sigma_c at which shear thinning sets in, compared "
                "with the Newtonian shear stress eta_N(T) gamma_dot (the von Mises stress "
                "divided by sqrt(3)); the crossover rate sigma_c/eta_N(T) shifts with "
                "temperature like 1/eta_N (time-temperature superposition). Default [est]: "
                "2 k_B T/V = 1.4e8 Pa is the Eyring onset for Pd40Cu30Ni10P20 at 640 K.",
                "Pa");
  }
}  // namespace hotdraw

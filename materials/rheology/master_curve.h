// Master-curve rheology models (materials/rheology/*.cc): every non-Newtonian law of hotdraw is
// a time-temperature-superposition master curve
//
//   eta(T, gamma_dot) = eta_N(T) F(z),   z = eta_N(T) gamma_dot / tau_c(T),
//
// with eta_N the VFT viscosity of the material, F(0) = 1 (Newtonian at low stress) and tau_c a
// characteristic shear stress (the Newtonian shear stress eta_N gamma_dot at which thinning sets
// in). With this structure the derivatives follow from F alone:
//
//   d eta / d gamma_dot = eta_N F'(z) eta_N / tau_c,
//   d eta / d T         = eta_N [ (d ln eta_N/dT) (F + z F') - z F' (d ln tau_c/dT) ],
//
// and F + z F' = d(z F)/dz > 0 is the slope of the master flow curve (stress against rate), which
// guarantees that the uniaxial stress 3 eta eps_dot increases monotonically with eps_dot, so the
// Trouton inversion in RheologyModel::extension_rate() has exactly one solution.
#pragma once

#include "materials/rheology.h"

namespace hotdraw
{
  class ParameterSet;
  struct Material;

  // eta = eta_N(T) F(z), z = eta_N(T) gamma_dot / tau_c(T).
  class MasterCurveModel : public RheologyModel
  {
  protected:
    using RheologyModel::RheologyModel;

    struct Shape
    {
      double F = 1;        // eta / eta_N
      double dF_dz = 0;    // F'(z)
      double z_dF_dz = 0;  // z F'(z), = d ln eta / d ln gamma_dot times F
      double slope = 1;    // d(z F)/dz = F + z F' (master flow-curve slope), > 0
    };
    virtual Shape shape(double z) const = 0;
    // Characteristic shear stress tau_c(T) in Pa and d ln tau_c / dT in 1/K.
    virtual double tau_c(double T, double &dln_tau_dT) const = 0;

    Viscosity evaluate_uncapped(double T, double gamma_dot) const override;
  };

  // Generic models with a temperature-independent critical stress sigma_c (Cross,
  // Carreau-Yasuda, power law): tau_c = sigma_c, flow index n.
  class CriticalStressModel : public MasterCurveModel
  {
  protected:
    CriticalStressModel(const Material &m, double eta_max, double sigma_c, double n)
      : MasterCurveModel(m, eta_max), sigma_c_Pa_(sigma_c), n_(n)
    {}
    double tau_c(double, double &dln_tau_dT) const override
    {
      dln_tau_dT = 0;
      return sigma_c_Pa_;
    }
    double sigma_c_Pa_, n_;

    // 'Critical stress' of the generic models.
    static void declare_critical_stress(ParameterSet &prm);
    // 'Flow index' n: 0 < n <= 1 (n = 1, Newtonian, only where allow_one).
    static double parse_flow_index(ParameterSet &prm, bool allow_one);
  };

  namespace rheology_constants
  {
    constexpr double boltzmann_J_per_K = 1.380649e-23;
    constexpr double sqrt3 = 1.7320508075688772935;
    // exp(-u) is below the smallest normal double for u above this.
    constexpr double exp_underflow = 745.0;
  }  // namespace rheology_constants
}  // namespace hotdraw

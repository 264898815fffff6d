// Rheology of the supercooled liquid: viscosity eta(T, shear rate) with analytic derivatives.
//
// Conventions (used everywhere in hotdraw):
//  - shear rate  gamma_dot = sqrt(2 D:D), D the symmetric velocity gradient including the hoop
//    component u_r/r in axisymmetric flow. In uniaxial extension at rate eps_dot,
//    gamma_dot = sqrt(3) eps_dot and the axial stress is 3 eta eps_dot (Trouton).
//  - equivalent (von Mises) stress sigma_eq = sqrt(3/2 s:s) = sqrt(3) eta gamma_dot.
//  - every model is temperature-shifted through the Newtonian VFT viscosity eta_N(T) of the
//    material, and every model is Newtonian (eta -> eta_N) at low stress, except the pure power
//    law, which is truncated to a Newtonian plateau below its critical rate.
//  - a glass cap eta_max applies to all models: eta_eff = eta eta_max / (eta + eta_max), smooth,
//    so the wire is effectively rigid once it vitrifies.
//
// Models are plugins chosen by name in section "Rheology" (parameter "Model"); each owns a
// subsection with its parameters and lives in its own file in materials/rheology/.
#pragma once

#include "materials/registry.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hotdraw
{
  class ParameterSet;
  struct Material;

  struct Viscosity
  {
    double eta = 0;          // Pa s
    double deta_dgamma = 0;  // d eta / d gamma_dot, Pa s^2
    double deta_dT = 0;      // d eta / d T, Pa s / K
  };

  class RheologyModel
  {
  public:
    virtual ~RheologyModel() = default;
    virtual std::string name() const = 0;

    // Viscosity and derivatives at temperature T (K) and shear rate gamma_dot (1/s, >= 0),
    // including the glass cap. Throws SolverError for T <= 0 or a negative or non-finite shear
    // rate (a sign of a diverged solve upstream).
    Viscosity evaluate(double T, double gamma_dot) const;

    // The same without the glass cap (for output and tests).
    Viscosity evaluate_without_cap(double T, double gamma_dot) const;

    // Batch form for FE assembly (one call per cell); out is resized.
    void evaluate(const std::vector<double> &T, const std::vector<double> &gamma_dot,
                  std::vector<Viscosity> &out) const;

    // Newtonian VFT viscosity eta_N(T) and d eta_N / dT, without the cap. Below the validity of
    // VFT (T near or below T0) it is held constant at 1e30 Pa s (derivative 0).
    Viscosity newtonian(double T) const;

    // Uniaxial (Trouton) inversion: the extension rate eps_dot >= 0 at which 3 eta eps_dot equals
    // the axial stress sigma (Pa, >= 0), with d eps_dot / d sigma and d eps_dot / d T. Throws
    // SolverError if sigma exceeds the largest stress the model can carry (e.g. Kato's
    // saturation), naming the model and the stress.
    struct Extension
    {
      double eps_dot = 0, deps_dsigma = 0, deps_dT = 0;
    };
    Extension extension_rate(double T, double sigma) const;

    // Largest uniaxial stress the model can carry (infinity unless the stress saturates).
    virtual double max_uniaxial_stress(double T) const;

    double glass_cap() const { return eta_max_; }

  protected:
    RheologyModel(const Material &material, double eta_max);
    // The model without the cap; implemented by each model.
    virtual Viscosity evaluate_uncapped(double T, double gamma_dot) const = 0;

    double eta0_, D_, T0_;  // VFT
    double eta_max_;        // glass cap
    double T_clamp_;        // VFT held constant below this temperature
  };

  // --- registry -------------------------------------------------------------------------------
  // Every law is a class in materials/rheology/<name>.cc with
  //   static void declare_parameters(ParameterSet &);   (optional)
  //   static std::unique_ptr<RheologyModel> create(ParameterSet &, const Material &,
  //                                                double glass_cap);
  // registered there with HOTDRAW_REGISTER(rheology_models, Class, "Name", "summary").
  using RheologyRegistry = Registry<RheologyModel, const Material &, double>;
  RheologyRegistry &rheology_models();

  // Section "Rheology": "Model" (selection of the registered names), "Glass viscosity cap", and
  // one subsection per model that has parameters. Call inside section "Rheology" (like
  // Material::declare_parameters inside "Material").
  void declare_rheology_parameters(ParameterSet &prm);
  // Call inside section "Rheology".
  std::unique_ptr<RheologyModel> create_rheology(ParameterSet &prm, const Material &material);
  // Names of all registered models, in alphabetical order.
  std::vector<std::string> rheology_model_names();
}  // namespace hotdraw

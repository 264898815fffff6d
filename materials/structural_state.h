// Structural state of the glass along a material path: the models that turn a thermo-mechanical
// history into a frozen-in state, integrated with error control by SUNDIALS CVODE (BDF,
// solver/numerics/scalar_ode.h). The models are plugins (materials/state/, one file each),
// chosen by name in section "Structural state" (parameter "Model").
//
// Both models relax towards the VFT-consistent equilibrium of the material, so that in
// equilibrium their relaxation time is the Maxwell time eta_VFT(T) / G, and both add a creation
// term that is >= 0, vanishes without flow and never stores more enthalpy than the plastic work
// delivers (the five invariants of docs/physics.md section 10, tested in
// tests/unit/materials/test_state_invariants.cc):
//
//  "free volume" (the default; materials/state/free_volume.h): annihilation towards x_eq(T) with
//     Spaepen's stress-driven creation, the Steif-Spaepen-Hutchinson steady state under flow;
//  "fictive temperature" (materials/state/fictive_temperature.h): TNM / Adam-Gibbs-Vogel
//     relaxation towards T plus the flow-driven effective temperature of Bouchbinder & Langer.
//
// The equivalent fictive temperature of the free-volume state is T_f = T0 + B x, B = D* T0.
//
// Histories: time samples of T (K), von Mises stress sigma_eq (Pa) and equivalent extension rate
// eps_eq_dot = gamma_dot / sqrt(3) (1/s), linearly interpolated in time.
#pragma once

#include "materials/registry.h"

#include <memory>
#include <string>
#include <vector>

namespace hotdraw
{
  class ParameterSet;
  struct Material;

  struct PathHistory
  {
    std::vector<double> time_s;
    std::vector<double> temperature_K;
    std::vector<double> stress_eq_Pa;
    std::vector<double> strain_rate_eq_per_s;

    void push_back(double t, double T, double sigma, double eps_dot);
    std::size_t size() const { return time_s.size(); }
  };

  struct StructuralState
  {
    double fictive_temperature_K = 0;  // for the free-volume model: the equivalent T_f
    double free_volume_x = 0;          // reduced free volume (free-volume model; else derived)

    template <class Archive>
    void serialize(Archive &ar, const unsigned int)
    {
      ar &fictive_temperature_K &free_volume_x;
    }
  };

  class StructuralStateModel
  {
  public:
    virtual ~StructuralStateModel() = default;
    virtual std::string name() const = 0;

    // The VFT-consistent equilibrium at T > T0: T_f = T, x_eq = (T - T0) / B, B = D* T0, so
    // that c_f,eq = exp(-B / (T - T0)) and eta0 / c_f,eq is the VFT law (every model relaxes
    // towards it without stress).
    StructuralState equilibrium(double T) const;

    // Integrate along the history from 'initial' (at history.time_s.front()). If trajectory is
    // given it receives the state at every history sample. Throws SolverError if CVODE fails.
    StructuralState integrate(const PathHistory &history, const StructuralState &initial,
                              std::vector<StructuralState> *trajectory = nullptr) const;

    // Cooling at a constant rate q (K/s, > 0) from equilibrium at T_start down to T_end, no stress.
    StructuralState cool(double q, double T_start, double T_end) const;

    // DSC heating scan at rate q (K/s) from T_start to T_end (well above Tg): the sub-Tg
    // relaxation enthalpy (J/kg) released before the glass transition, Delta c_p (T_f,initial -
    // min over the scan of T_f). Stress-free.
    double relaxation_enthalpy(const StructuralState &state, double q, double T_start,
                               double T_end) const;

    // Relaxation time (s) at temperature T in state s (stress never changes it).
    virtual double relaxation_time(double T, const StructuralState &s) const = 0;

    // The model's scalar state variable y (T_f in K for "fictive temperature", the reduced free
    // volume x for "free volume"), the state it stands for, and its rate dy/dt for the drive
    // (T in K, von Mises stress in Pa, equivalent extension rate in 1/s) with d(dy/dt)/dy:
    // the right-hand side the path integration uses, for Eulerian (field) solvers too.
    virtual double variable(const StructuralState &s) const = 0;
    virtual StructuralState state_of(double y) const = 0;
    virtual double rate(double T, double sigma_eq, double eps_eq_dot, double y,
                        double *drate_dy = nullptr) const = 0;

    // The flow part of rate() (>= 0, and 0 without flow): what the state gains from the
    // plastic work sigma_eq eps_eq_dot. Never more than that work can store (first law):
    // creation_rate * enthalpy_per_variable() <= sigma_eq eps_eq_dot / rho.
    virtual double creation_rate(double T, double sigma_eq, double eps_eq_dot, double y) const = 0;
    // The steady state (the model's variable) under constant T, von Mises stress and
    // equivalent extension rate, in closed form; the equilibrium without flow.
    virtual double steady_state(double T, double sigma_eq, double eps_eq_dot) const = 0;
    // Stored (configurational) enthalpy per unit of the model's variable, J/kg: Delta c_p for
    // T_f, Delta c_p B for x (T_f = T0 + B x).
    virtual double enthalpy_per_variable() const = 0;
    // The largest creation rate the first law allows: all of the plastic work stored,
    // max(sigma_eq eps_eq_dot, 0) / (rho enthalpy_per_variable()).
    double first_law_rate(double sigma_eq, double eps_eq_dot) const;
    // The structural relaxation time at equilibrium, tau_alpha(T) (s).
    double equilibrium_relaxation_time(double T) const
    {
      return relaxation_time(T, equilibrium(T));
    }

    const Material &material() const { return *material_; }

  protected:
    explicit StructuralStateModel(const Material &m, double rtol, double atol_K);
    // Absolute integration tolerance in units of the model's variable (from atol_K, which is
    // in kelvin of fictive temperature).
    virtual double variable_tolerance() const = 0;
    // Throws std::invalid_argument if 'initial' cannot start an integration.
    virtual void check_initial_state(const StructuralState &initial) const = 0;

    std::shared_ptr<const Material> material_;
    double rtol_, atol_K_;
  };

  // Every model is a class in materials/state/<name>.cc with
  //   static void declare_parameters(ParameterSet &);   (optional)
  //   static std::unique_ptr<StructuralStateModel> create(ParameterSet &, const Material &,
  //                                                       double rtol, double atol_K);
  // registered with HOTDRAW_REGISTER(structural_state_models, Class, "name", "summary").
  using StructuralStateRegistry = Registry<StructuralStateModel, const Material &, double, double>;
  StructuralStateRegistry &structural_state_models();

  // Thermal histories that define the reference glass and the feed rod (section "Structural
  // state", subsection "Reference"):
  //  - the reference: the as-cast rod of diameter D_ref (default 2 mm) cooled at q_ref = 10/D^2
  //    K/s (D in cm; ~250 K/s for 2 mm) [est rule of thumb], never sheared. Every property
  //    change is relative to it.
  //  - the feed rod: as cast at 10/D0^2 K/s before it is drawn.
  //  - the DSC scan that measures the relaxation enthalpy (20 K/min).
  struct ReferenceSettings
  {
    double reference_diameter_m = 2e-3;
    double reference_cooling_rate_K_per_s = 250;
    double feed_rod_cooling_rate_K_per_s = 1000;
    double dsc_heating_rate_K_per_s = 20.0 / 60.0;
    double room_temperature_K = 298.15;
    double equilibrium_start_K = 0;  // start of constant-rate cooling: Tg + 60 K
    double dsc_end_K = 0;            // end of the DSC scan: Tg + 60 K

    // q = 10 / D^2 K/s with D in cm.
    static double as_cast_cooling_rate(double diameter_m);
  };

  // Section "Structural state": Model (a registered name) with the models' subsections, and
  // the subsections "Integration" and "Reference". Called inside "Structural state".
  void declare_structural_state_parameters(ParameterSet &prm);
  // Inside "Structural state". feed_rod_diameter_m sets the feed rod's as-cast rate if "auto".
  ReferenceSettings parse_reference_settings(ParameterSet &prm, const Material &material,
                                             double feed_rod_diameter_m);
  // Inside "Structural state": the model chosen by "Model" with its subsection and the
  // tolerances of subsection "Integration".
  std::unique_ptr<StructuralStateModel> create_structural_state_model(ParameterSet &prm,
                                                                      const Material &material);
  // Inside "Structural state": every registered model other than the chosen one, each with its
  // own parameters (so that the states of all of them can be reported).
  std::vector<std::unique_ptr<StructuralStateModel>>
  create_other_structural_state_models(ParameterSet &prm, const Material &material);
}  // namespace hotdraw

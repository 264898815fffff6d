// Feasibility verdicts: can the wire of a run be made? (docs/physics.md section 11)
//
// Every wire gets a status: 'ok', 'infeasible' (one or more named checks fail; its numbers are
// kept for diagnosis, but it is left out of the calibration and drawn hollow in the plots) or
// 'failed' (the solve did not converge; the solver's reason is kept). The checks are plugins
// of the one registry pattern (materials/registry.h): each is a class in its own file in
// solver/feasibility/checks/, owns its parameters in a subsection of section 'Feasibility', and
// is switched on in 'Feasibility/Checks'.
//
// The path quantities the checks judge (crystallisation index, stress margin) are integrated
// along the material paths by path_limits(); the draw-resonance check uses the critical draw
// ratio of the linear stability analysis.
#pragma once

#include "materials/registry.h"

#include <memory>
#include <string>
#include <vector>

namespace hotdraw
{
  class ParameterSet;
  class RheologyModel;
  struct CaseSetup;
  struct FilamentProfile;
  struct Material;
  struct PathHistory;
  struct WireResult;

  // What the checks judge, besides the wire's own numbers.
  struct FeasibilityContext
  {
    const Material &material;
    double domain_start_m;
    double domain_end_m;  // the take-up
  };

  class FeasibilityCheck
  {
  public:
    virtual ~FeasibilityCheck() = default;
    // The reason written in sweep.csv's 'reasons' when the check fails ("above_Tx").
    virtual std::string reason() const = 0;
    // Empty if the wire passes; else one line saying why not, with the numbers.
    virtual std::string violation(const WireResult &wire,
                                  const FeasibilityContext &context) const = 0;
    // Computes what the check needs beyond the chain's numbers from the solved steady draw
    // (e.g. the stability analysis), before the verdict; by default nothing.
    virtual void measure(const CaseSetup &setup, const FilamentProfile &profile,
                         WireResult &wire) const
    {}

    // The check as a continuous constraint for optimisation (inverse design): <= 0 where the
    // wire passes, > 0 where it fails, of order 1 per unit of the check's natural scale (10 K,
    // a decade of the index, the stress margin). The default is -1 or +1.
    virtual double constraint(const WireResult &wire, const FeasibilityContext &context) const
    {
      return violation(wire, context).empty() ? -1.0 : 1.0;
    }
  };

  // Every check is a class in solver/feasibility/checks/<name>.cc with
  //   static void declare_parameters(ParameterSet &);   (optional)
  //   static std::unique_ptr<FeasibilityCheck> create(ParameterSet &);
  // registered there with HOTDRAW_REGISTER(feasibility_checks, Class, "name", "summary").
  using FeasibilityRegistry = Registry<FeasibilityCheck>;
  FeasibilityRegistry &feasibility_checks();

  // Section "Feasibility".
  struct FeasibilitySettings
  {
    std::vector<std::shared_ptr<const FeasibilityCheck>> checks;
    std::vector<std::string> check_names;
    bool stop_on_infeasible = false;  // exit status 3 if any wire is infeasible
    // Set by studies of many runs (maps, design, uncertainty samples): the checks skip their
    // costly extras (the search for the critical draw ratio; the stability of the operating
    // point is still judged).
    bool in_study = false;
    // Set for the uncertainty samples: no stability analysis at all (0.1 s per wire, 9 wires x
    // 256 samples); their feasible_fraction leaves the draw-resonance check out.
    bool skip_stability = false;

    static void declare_parameters(ParameterSet &prm);
    void parse_parameters(ParameterSet &prm);
  };

  // Status words of WireResult::status.
  namespace status
  {
    inline const std::string ok = "ok", infeasible = "infeasible", failed = "failed",
                             reference = "reference";
  }

  // Lets every check measure what it needs on a solved wire (FeasibilityCheck::measure).
  void measure(const FeasibilitySettings &settings, const CaseSetup &setup,
               const FilamentProfile &profile, WireResult &wire);

  // Judges a solved wire: sets its status ('ok' or 'infeasible') and its findings.
  void judge(const FeasibilitySettings &settings, const FeasibilityContext &context,
             WireResult &wire);

  // Marks a wire whose solve failed: status 'failed', with a physical reason where the solver
  // found one ('neck_frozen': the neck vitrifies before the target draw ratio; 'too_cold': the
  // stress exceeds the strength before it), else 'solver_failed'; and the solver's message.
  void mark_failed(WireResult &wire, const std::string &message);

  // A number in a verdict's message: 4 significant digits.
  std::string format_number(double x);

  // Path quantities for the checks.
  struct PathLimits
  {
    // Hillert additivity: integral of dt / t_x(T) along the path, over the heating-path TTT
    // curve of the material (>= 1: the glass has started to crystallise)
    double crystallisation_index = 0;
    // smallest 1 - sigma_eq / strength(T) along the path (< 0: the stress exceeds the strength);
    // strength(T) = min(Material::strength_Pa(T), rheology's largest uniaxial stress)
    double stress_margin = 1;
    double stress_margin_temperature_K = 0;  // where the margin is smallest
  };
  PathLimits path_limits(const Material &material, const RheologyModel &rheology,
                         const PathHistory &history, double room_temperature_K);
}  // namespace hotdraw

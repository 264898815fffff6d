#include "solver/feasibility/feasibility.h"

#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/rheology.h"
#include "materials/structural_state.h"
#include "solver/wire_chain.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hotdraw
{
  FeasibilityRegistry &feasibility_checks()
  {
    static FeasibilityRegistry registry("feasibility check");
    return registry;
  }

  void FeasibilitySettings::declare_parameters(ParameterSet &prm)
  {
    const FeasibilityRegistry &r = feasibility_checks();
    std::string all, doc = "The checks every wire must pass to be made (docs/physics.md section "
                           "11); a wire that fails one is 'infeasible' in sweep.csv, with the "
                           "failed checks in 'reasons'. Checks:";
    for (const auto &e : r.entries())
      {
        all += (all.empty() ? "" : ", ") + e.name;
        doc += " '" + e.name + "': " + e.summary + ";";
      }
    doc.back() = '.';
    prm.declare("Checks", all, dealii::Patterns::MultipleSelection(r.selection()), doc);
    prm.declare("Stop on infeasible", "false", dealii::Patterns::Bool(),
                "If true, a run with an infeasible wire still writes all its results but exits "
                "with status 3 (for scripts that must not go on with such a process); if false "
                "it exits 0 with the verdicts in sweep.csv and the log.");
    for (const auto &e : r.entries())
      if (e.declare)
        {
          Section s(prm, FeasibilityRegistry::section_of(e.name));
          e.declare(prm);
        }
  }

  void FeasibilitySettings::parse_parameters(ParameterSet &prm)
  {
    stop_on_infeasible = prm.get_bool("Stop on infeasible");
    check_names = prm.get_string_list("Checks");
    checks.clear();
    for (const auto &name : check_names)
      checks.push_back(feasibility_checks().create_named(prm, name, "Checks"));
  }

  std::string format_number(double x)
  {
    return to_string(x, 4);
  }

  void measure(const FeasibilitySettings &settings, const CaseSetup &setup,
               const FilamentProfile &profile, WireResult &wire)
  {
    for (const auto &check : settings.checks)
      check->measure(setup, profile, wire);
  }

  void judge(const FeasibilitySettings &settings, const FeasibilityContext &context,
             WireResult &wire)
  {
    wire.findings.clear();
    for (const auto &check : settings.checks)
      {
        const std::string why = check->violation(wire, context);
        if (!why.empty())
          wire.findings.emplace_back(check->reason(), why);
      }
    wire.status = wire.findings.empty() ? status::ok : status::infeasible;
  }

  void mark_failed(WireResult &wire, const std::string &message)
  {
    wire.status = status::failed;
    wire.error = message;
    const bool frozen = message.find(neck_frozen_marker) != std::string::npos;
    const bool cold = message.find(too_cold_marker) != std::string::npos;
    wire.findings = {{frozen ? "neck_frozen" : cold ? "too_cold" : "solver_failed", message}};
  }

  PathLimits path_limits(const Material &material, const RheologyModel &rheology,
                         const PathHistory &h, double room_temperature_K)
  {
    PathLimits r;
    r.stress_margin = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < h.size(); ++k)
      {
        const double T = h.temperature_K[k];
        if (k > 0)
          {
            // trapezoidal rule on 1/t_x(T)
            const double dt = h.time_s[k] - h.time_s[k - 1];
            r.crystallisation_index +=
              0.5 * dt *
              (1 / material.crystallisation_time_s(T) +
               1 / material.crystallisation_time_s(h.temperature_K[k - 1]));
          }
        const double strength =
          std::min(material.strength_Pa(T, room_temperature_K), rheology.max_uniaxial_stress(T));
        const double margin = 1 - std::abs(h.stress_eq_Pa[k]) / strength;
        if (margin < r.stress_margin)
          {
            r.stress_margin = margin;
            r.stress_margin_temperature_K = T;
          }
      }
    if (h.size() == 0)
      r.stress_margin = 1;
    return r;
  }
}  // namespace hotdraw

#include "postprocess/results/calibrate.h"

#include "materials/parameters.h"
#include "postprocess/calibration.h"
#include "postprocess/timing.h"
#include "solver/case_setup.h"
#include "solver/feasibility/feasibility.h"
#include "solver/sweep.h"

#include <algorithm>
#include <cmath>

namespace hotdraw
{
  namespace
  {
    // One wire result per measured diameter: from the sweep if it holds it, else solved here
    // (thin-filament runs only).
    std::vector<WireResult> wires_at_data(const CaseSetup &setup,
                                          const std::vector<MeasuredWire> &measured,
                                          const std::vector<const WireResult *> &wires,
                                          bool finite_element)
    {
      std::vector<WireResult> at_data;
      for (const auto &m : measured)
        {
          const WireResult *found = nullptr;
          for (const WireResult *w : wires)
            if (std::abs(w->diameter_m / m.diameter_m - 1.0) < 1e-3)
              found = w;
          if (found)
            {
              at_data.push_back(*found);
              continue;
            }
          if (finite_element)
            throw InputError(
              "Parameter 'Property mapping/Calibration/Data file': the measured diameter " +
              to_string(m.diameter_m * 1e6) +
              " um is not among 'Sweep/Wire diameters'. Allowed with 'Numerics/Flow solver' "
              "= finite element: measured diameters that are also swept (the FE paths of "
              "that wire calibrate the mapping).");
          at_data.push_back(solve_thin_wire(setup, m.diameter_m).first);
        }
      return at_data;
    }

    // The measured values to fit, and for each the wire (index into the data) and quantity.
    struct Target
    {
      std::size_t wire;
      double PropertyChange::*quantity;
    };

    std::vector<Observation> observations(const std::vector<MeasuredWire> &measured,
                                          std::vector<Target> &targets)
    {
      std::vector<Observation> data;
      for (std::size_t i = 0; i < measured.size(); ++i)
        {
          const auto &m = measured[i];
          const std::string at = " at " + to_string(m.diameter_m * 1e6) + " um";
          if (m.has_modulus)
            {
              data.push_back({"modulus reduction (%)" + at, m.modulus_reduction_percent,
                              m.modulus_uncertainty_percent});
              targets.push_back({i, &PropertyChange::modulus_reduction_percent});
            }
          if (m.has_hardness)
            {
              data.push_back({"hardness reduction (%)" + at, m.hardness_reduction_percent,
                              m.hardness_uncertainty_percent});
              targets.push_back({i, &PropertyChange::hardness_reduction_percent});
            }
          if (m.has_enthalpy)
            {
              data.push_back({"enthalpy increase (%)" + at, m.enthalpy_increase_percent,
                              m.enthalpy_uncertainty_percent});
              targets.push_back({i, &PropertyChange::enthalpy_increase_percent});
            }
        }
      return data;
    }

    // The fitted parameters with their bounds, started inside the bounds.
    std::vector<FitParameter> fit_parameters(const CaseSetup &setup, const PropertyMapping &mapping,
                                             std::size_t n_observations)
    {
      std::vector<FitParameter> params;
      for (const auto &name : setup.calibration.fit_parameters)
        {
          const auto b = mapping.bounds(name);
          const double init = std::clamp(mapping.get(name), b.first + 1e-3 * (b.second - b.first),
                                         b.second - 1e-3 * (b.second - b.first));
          params.push_back({name, init, b.first, b.second});
        }
      if (params.size() > n_observations)
        throw InputError("Parameter 'Property mapping/Calibration/Fit parameters': " +
                         std::to_string(params.size()) + " parameters cannot be identified from " +
                         std::to_string(n_observations) + " measured values. Allowed: at most " +
                         std::to_string(n_observations) + " parameters.");
      return params;
    }

    // Why a wire cannot serve as calibration data (empty: it can).
    std::string unusable_for_calibration(const WireResult &w)
    {
      if (w.status == status::failed)
        return "the solve of the " + to_string(w.diameter_m * 1e6) + " um wire failed (" +
               w.reasons() + ")";
      if (w.status == status::infeasible)
        return "the " + to_string(w.diameter_m * 1e6) + " um wire cannot be made (" + w.reasons() +
               "; see the verdicts in the log), so no property of it may be "
               "fitted";
      if (!w.vitrified)
        return "the " + to_string(w.diameter_m * 1e6) +
               " um wire has not vitrified before the outlet (" +
               to_string(w.outlet_temperature_K) + " K), so its frozen state is not defined";
      return "";
    }

  }  // namespace

  void check_calibration(const CaseSetup &setup)
  {
    if (!setup.calibration.enabled)
      return;
    const auto measured = read_measured_wires(setup.calibration.data_file);
    if (setup.flow_solver != FlowSolver::finite_element)
      return;
    const auto &swept = setup.sweep.wire_diameters_m;
    for (const auto &m : measured)
      if (std::none_of(swept.begin(), swept.end(),
                       [&m](double d) { return std::abs(d / m.diameter_m - 1.0) < 1e-3; }))
        throw InputError(
          "Parameter 'Property mapping/Calibration/Data file': the measured diameter " +
          to_string(m.diameter_m * 1e6) +
          " um is not among 'Sweep/Wire diameters'. Allowed with 'Numerics/Flow solver' = "
          "finite element: measured diameters that are also swept (the FE paths of that wire "
          "calibrate the mapping), or 'Calibrate' = false.");
  }

  CalibrationReport fit_calibration(const CaseSetup &setup,
                                    const std::vector<const WireResult *> &wires,
                                    const WireState &reference, bool finite_element,
                                    PropertyMapping &mapping)
  {
    const auto scope = timers().scope("calibration");
    const auto measured = read_measured_wires(setup.calibration.data_file);
    const std::vector<WireResult> at_data = wires_at_data(setup, measured, wires, finite_element);
    CalibrationReport report;
    for (const auto &m : measured)
      report.data_diameters_m.push_back(m.diameter_m);
    for (const auto &w : at_data)
      {
        report.not_calibrated_because = unusable_for_calibration(w);
        if (!report.not_calibrated_because.empty())
          return report;
      }
    std::vector<Target> targets;
    const std::vector<Observation> data = observations(measured, targets);
    const std::vector<FitParameter> params = fit_parameters(setup, mapping, data.size());
    const std::unique_ptr<PropertyMapping> trial = mapping.clone();
    auto model = [&](const std::vector<double> &p) {
      for (std::size_t k = 0; k < params.size(); ++k)
        trial->set(params[k].name, p[k]);
      std::vector<double> out;
      for (const auto &t : targets)
        out.push_back(
          trial->predict(at_data[t.wire].mapping_input(setup.indentation_radii_relative),
                         reference).*
          (t.quantity));
      return out;
    };
    report.fit = least_squares(model, data, params);
    for (const auto &o : data)
      report.observation_labels.push_back(o.label);
    if (!report.fit.converged)
      throw SolverError("calibration of the property mapping did not converge: " +
                        report.fit.message);
    for (std::size_t k = 0; k < params.size(); ++k)
      mapping.set(params[k].name, report.fit.values[k]);
    report.calibrated = true;
    report.notes = mapping.consistency_notes();
    return report;
  }

  namespace
  {
    // Where a diameter lies against the calibration data (see WireRecord::calibration_range).
    std::string calibration_range(const CalibrationReport &c, double d)
    {
      if (!c.calibrated)
        return "uncalibrated";
      double lo = 1e300, hi = 0;
      for (const double m : c.data_diameters_m)
        {
          if (std::abs(d / m - 1.0) < 1e-3)
            return "fitted";
          lo = std::min(lo, m);
          hi = std::max(hi, m);
        }
      return d > lo && d < hi ? "interpolated" : "extrapolated";
    }

    Predictions predict(const CaseSetup &setup, const PropertyMapping &calibrated,
                        const WireResult &wire, const WireState &reference)
    {
      const WireState w = wire.mapping_input(setup.indentation_radii_relative);
      return {calibrated.predict(w, reference), setup.literature->predict(w, reference)};
    }

    // The indentation-weighted average of the local predictions of an FE wire (the indents of
    // 'Property mapping/Indentation positions', the state interpolated between the paths), or
    // the flux-weighted (area) average without indents.
    Predictions indentation_average(const CaseSetup &setup, const WireResult &wire,
                                    const WireState &reference, const FEWireResult &fe)
    {
      const auto &P = fe.paths;
      const double R = P.back().outlet_radius_m;
      Predictions avg;
      auto add = [&avg](const Predictions &l, double w) {
        avg.literature.modulus_reduction_percent += w * l.literature.modulus_reduction_percent;
        avg.literature.hardness_reduction_percent += w * l.literature.hardness_reduction_percent;
        avg.calibrated.modulus_reduction_percent += w * l.calibrated.modulus_reduction_percent;
        avg.calibrated.hardness_reduction_percent += w * l.calibrated.hardness_reduction_percent;
      };
      if (setup.indentation_radii_relative.empty())
        {
          double q = 0;
          for (const auto &p : P)
            q += p.volume_flux_m3_per_s;
          for (const auto &p : P)
            add(local_predictions(setup, wire, reference, p.outlet_radius_m / R,
                                  p.state.fictive_temperature_K, p.relaxation_enthalpy_J_per_kg),
                p.volume_flux_m3_per_s / q);
          return avg;
        }
      const double n = setup.indentation_radii_relative.size();
      for (const double s : setup.indentation_radii_relative)
        {
          std::size_t k = 1;
          while (k + 1 < P.size() && P[k].outlet_radius_m / R < s)
            ++k;
          const double s0 = P[k - 1].outlet_radius_m / R, s1 = P[k].outlet_radius_m / R;
          const double f = std::clamp((s - s0) / (s1 - s0), 0.0, 1.0);
          auto mix = [f](double a, double b) { return (1 - f) * a + f * b; };
          add(local_predictions(
                setup, wire, reference, s,
                mix(P[k - 1].state.fictive_temperature_K, P[k].state.fictive_temperature_K),
                mix(P[k - 1].relaxation_enthalpy_J_per_kg, P[k].relaxation_enthalpy_J_per_kg)),
              1.0 / n);
        }
      return avg;
    }
  }  // namespace

  Predictions local_predictions(const CaseSetup &setup, const WireResult &wire,
                                const WireState &reference, double s, double Tf, double dH)
  {
    WireState local = wire.mapping_input({s});
    local.fictive_temperature_K = Tf;
    local.relaxation_enthalpy_J_per_kg = dH;
    return {setup.calibrated->predict(local, reference),
            setup.literature->predict(local, reference)};
  }

  void calibrate_and_predict(CaseSetup &setup, SweepResult &result)
  {
    const WireState reference = result.reference.wire.mapping_input();
    const bool fe = result.finite_element();
    if (fe)
      {
        // the thin-filament chain of the same wires, calibrated on its own
        const std::unique_ptr<PropertyMapping> thin_mapping = setup.calibrated->clone();
        std::vector<const WireResult *> thin;
        for (const auto &r : result.wires)
          thin.push_back(r.thin ? &*r.thin : &r.wire);  // a wire that failed before FE
        if (setup.calibration.enabled)
          result.calibration_thin = fit_calibration(setup, thin, reference, false, *thin_mapping);
        for (auto &r : result.wires)
          if (r.thin)
            r.thin_predictions = predict(setup, *thin_mapping, *r.thin, reference);
      }
    std::vector<const WireResult *> wires;
    for (const auto &r : result.wires)
      wires.push_back(&r.wire);
    if (setup.calibration.enabled)
      result.calibration = fit_calibration(setup, wires, reference, fe, *setup.calibrated);
    for (auto &r : result.wires)
      {
        if (r.wire.status == status::failed)
          continue;  // no numbers to predict from
        r.predictions = predict(setup, *setup.calibrated, r.wire, reference);
        r.calibration_range = calibration_range(result.calibration, r.wire.diameter_m);
        r.thermal_only = setup.literature->predict(r.wire.thermal_only_input(), reference);
        if (r.fe && !r.fe->paths.empty())
          r.indented = indentation_average(setup, r.wire, reference, *r.fe);
      }
  }
}  // namespace hotdraw

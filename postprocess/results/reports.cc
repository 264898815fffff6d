#include "postprocess/results/reports.h"

#include "postprocess/atomic_file.h"
#include "postprocess/results/calibrate.h"
#include "postprocess/results/columns.h"
#include "postprocess/results/output_files.h"
#include "postprocess/table.h"
#include "postprocess/timing.h"
#include "solver/case_setup.h"
#include "solver/sweep.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace hotdraw
{
  void write_sweep_table(const CaseSetup &setup, const SweepResult &result, const std::string &file)
  {
    std::vector<const WireRecord *> rows;
    if (setup.sweep.include_reference_rod)
      rows.push_back(&result.reference);
    for (const auto &r : result.wires)
      rows.push_back(&r);
    Table table(8);
    fill_table(table, sweep_columns(), rows);
    table.write_csv(file);
  }

  void write_radial_profile(const CaseSetup &setup, const WireRecord &record,
                            const WireState &reference, const std::string &file)
  {
    const auto &paths = record.fe->paths;
    const double R = paths.back().outlet_radius_m;
    std::vector<RadialRow> rows;
    for (const auto &p : paths)
      rows.push_back(
        {&p, R,
         local_predictions(setup, record.wire, reference, p.outlet_radius_m / R,
                           p.state.fictive_temperature_K, p.relaxation_enthalpy_J_per_kg)});
    std::vector<const RadialRow *> pointers;
    for (const auto &r : rows)
      pointers.push_back(&r);
    Table table(8);
    fill_table(table, radial_profile_columns(), pointers);
    table.write_csv(file);
  }

  namespace
  {
    void write_axial_profile(const FilamentProfile &p, const std::string &file)
    {
      std::vector<AxialRow> rows;
      for (std::size_t i = 0; i < p.size(); ++i)
        rows.push_back({&p, i});
      std::vector<const AxialRow *> pointers;
      for (const auto &r : rows)
        pointers.push_back(&r);
      Table table(8);
      fill_table(table, axial_profile_columns(), pointers);
      table.write_csv(file);
    }

    // One fitted parameter: its value with the uncertainty from the stated data errors, or, at
    // a bound, a one-sided 95 % limit (bound + 1.645 sigma towards the inside).
    std::string parameter_line(const FitResult &fit, std::size_t k)
    {
      std::ostringstream s;
      s << std::left << std::setw(34) << fit.names[k];
      const double v = fit.values[k], u = fit.uncertainties[k];
      if (fit.at_bound[k] == 0)
        s << std::setw(16) << v << u;
      else
        s << "at its " << (fit.at_bound[k] < 0 ? "lower" : "upper") << " bound " << v
          << ": a one-sided limit, " << (fit.at_bound[k] < 0 ? "<= " : ">= ")
          << v - fit.at_bound[k] * 1.645 * u << " (95 %)";
      return s.str();
    }

    void write_fit(std::ostream &f, const std::string &data_file, const CalibrationReport &c)
    {
      const FitResult &fit = c.fit;
      f << "data file: " << data_file << "\n"
        << "converged: " << (fit.converged ? "yes" : "no") << " (" << fit.message << "), "
        << fit.evaluations << " evaluations, chi2 = " << fit.chi2 << "\n"
        << "observations n = " << fit.residuals.size()
        << ", fitted parameters m = " << fit.names.size()
        << ", degrees of freedom n - m = " << fit.degrees_of_freedom << "\n";
      if (fit.degrees_of_freedom <= 0)
        f << "exact fit: no uncertainty from residuals. The uncertainties below come only from "
             "the stated data errors (the data file's uncertainty columns).\n";
      f << "\n"
        << std::left << std::setw(34) << "parameter" << std::setw(16) << "value"
        << "standard uncertainty (from the stated data errors)\n";
      for (std::size_t k = 0; k < fit.names.size(); ++k)
        f << parameter_line(fit, k) << "\n";
      f << "\nresiduals (model - data) / uncertainty:\n";
      for (std::size_t i = 0; i < fit.residuals.size(); ++i)
        f << "  " << std::setw(40) << std::left << c.observation_labels[i] << "prediction "
          << fit.predictions[i] << ", residual " << fit.residuals[i] << "\n";
      if (!c.notes.empty())
        {
          f << "\nconsistency of the fitted mapping:\n";
          for (const auto &n : c.notes)
            f << "  " << n << "\n";
        }
      f << "\ncalibration data at diameters:";
      for (const double d : c.data_diameters_m)
        f << " " << d * 1e6 << " um";
      f << "; calibrated predictions at any other diameter outside them are extrapolations "
           "(sweep.csv column calibration_range).\n";
    }
  }  // namespace

  void write_calibration_report(const CaseSetup &setup, const SweepResult &result,
                                const std::string &file)
  {
    AtomicFile out(file);
    std::ofstream &f = out.stream();
    const CalibrationReport &c = result.calibration;
    f << "# Calibration of the property mapping (calibrated numbers, not literature values)\n";
    if (!c.not_calibrated_because.empty())
      f << "NOT calibrated: " << c.not_calibrated_because
        << ". The calibrated mapping uses the values of the parameter file.\n";
    else if (!c.calibrated)
      f << "Calibration disabled: the calibrated mapping uses the values of the parameter "
           "file.\n";
    else
      write_fit(f, setup.calibration.data_file_as_given, c);
    f << "\nAll parameters of the calibrated mapping as used (* = fitted above):\n";
    for (const auto &n : setup.calibrated->parameter_names())
      {
        const auto &fitted = c.fit.names;
        const bool was_fitted =
          c.calibrated && std::find(fitted.begin(), fitted.end(), n) != fitted.end();
        f << "  " << (was_fitted ? "* " : "  ") << n << " = " << setup.calibrated->get(n) << "\n";
      }
    out.commit();
  }

  void write_sweep_outputs(const CaseSetup &setup, const SweepResult &result)
  {
    const auto scope = timers().scope("output");
    const std::string dir = setup.output.directory;
    write_sweep_table(setup, result, dir + "/sweep.csv");
    const WireState reference = result.reference.wire.mapping_input();
    for (const auto &r : result.wires)
      if (r.fe && !r.fe->paths.empty())
        write_radial_profile(setup, r, reference,
                             dir + "/fe_" + diameter_tag(r.wire.diameter_m) +
                               "/radial_profile.csv");
    if (setup.output.write_profiles)
      for (const auto &r : result.wires)
        if (r.profile.size() > 0)  // a wire whose thin-filament solve failed has none
          write_axial_profile(r.profile, dir + "/profile_" +
                                           diameter_tag(r.profile.wire_diameter_m()) + ".csv");
    write_calibration_report(setup, result, dir + "/calibration.txt");
    if (setup.output.plot)
      write_plots(setup, result);
  }

  namespace
  {
    void print_summary_row(const WireRecord &r, std::ostream &out)
    {
      const auto &w = r.wire;
      if (w.status == status::failed)
        {
          out << std::setw(8) << std::setprecision(1) << w.diameter_m * 1e6 << "  FAILED ("
              << w.reasons() << "): no results\n";
          return;
        }
      const auto &c = r.predictions.calibrated;
      const auto &l = r.predictions.literature;
      const char *mark = r.calibration_range == "extrapolated" ? "*" : " ";
      out << std::setw(8) << std::setprecision(1) << w.diameter_m * 1e6 << std::setw(8)
          << std::setprecision(1) << w.draw_ratio << std::setw(11) << std::setprecision(5)
          << w.draw_force_N << std::setw(10) << std::setprecision(1) << w.cooling_rate_at_Tg_K_per_s
          << std::setw(8) << std::setprecision(2) << w.shear_strain_mean << std::setw(9)
          << std::setprecision(2) << w.state.fictive_temperature_K << "  |" << std::setw(8)
          << std::setprecision(2) << -c.modulus_reduction_percent << mark << std::setw(7)
          << -c.hardness_reduction_percent << mark << std::setw(8) << c.enthalpy_increase_percent
          << mark << " |" << std::setw(8) << -l.modulus_reduction_percent << std::setw(8)
          << -l.hardness_reduction_percent << std::setw(9) << l.enthalpy_increase_percent
          << std::setw(10) << std::setprecision(4)
          << l.enthalpy_increase_percent - r.thermal_only.enthalpy_increase_percent;
      const auto band = r.bands.find("enthalpy_increase_percent_literature");
      if (band != r.bands.end())
        out << std::setprecision(1) << "  [" << band->second[0] << ", " << band->second[2] << "]";
      if (std::isfinite(r.feasible_fraction))
        out << std::setprecision(0) << "  feasible in " << 100 * r.feasible_fraction
            << " % of the samples";
      if (w.status == status::infeasible)
        out << "  INFEASIBLE (" << w.reasons() << ")";
      out << "\n";
    }

    void print_calibration(const CaseSetup &setup, const CalibrationReport &cal, std::ostream &out)
    {
      if (!cal.not_calibrated_because.empty())
        {
          out << "Calibrated mapping NOT fitted: " << cal.not_calibrated_because
              << "; the calibrated columns use the values of the parameter file.\n";
          return;
        }
      if (!cal.calibrated)
        return;
      const FitResult &fit = cal.fit;
      out << "Calibrated mapping (fitted to " << setup.calibration.data_file_as_given << ", "
          << fit.residuals.size() << " values, " << fit.names.size() << " parameters, "
          << fit.degrees_of_freedom << " degrees of freedom"
          << (fit.degrees_of_freedom <= 0
                ? ": an exact fit, no uncertainty from residuals; the +- come only from the "
                  "stated data errors"
                : "")
          << "):";
      for (std::size_t k = 0; k < fit.names.size(); ++k)
        {
          out << "  " << fit.names[k];
          if (fit.at_bound[k] == 0)
            out << " = " << fit.values[k] << " +- " << fit.uncertainties[k] << ";";
          else
            out << " at its " << (fit.at_bound[k] < 0 ? "lower" : "upper") << " bound "
                << fit.values[k] << " (one-sided: " << (fit.at_bound[k] < 0 ? "<= " : ">= ")
                << fit.values[k] - fit.at_bound[k] * 1.645 * fit.uncertainties[k] << ");";
        }
      out << " chi2 = " << fit.chi2 << "\n";
      for (const auto &n : cal.notes)
        out << "  " << n << "\n";
    }
  }  // namespace

  namespace
  {
    // Wires that cool through Tg more slowly than the reference rod store less enthalpy than it.
    void print_slow_wires(const SweepResult &result, std::ostream &out)
    {
      const double q_ref = result.reference.wire.cooling_rate_at_Tg_K_per_s;
      const auto flags = out.flags();
      out << std::fixed << std::setprecision(1);
      for (const auto &r : result.wires)
        if (r.wire.status != status::failed && r.wire.cooling_rate_at_Tg_K_per_s < q_ref)
          out << "Note: the " << r.wire.diameter_m * 1e6 << " um wire cools through Tg at "
              << r.wire.cooling_rate_at_Tg_K_per_s << " K/s, more slowly than the reference rod ("
              << q_ref << " K/s, 'Reference rod cooling rate'): it is more relaxed than the rod "
              << "(literature Delta H_rel " << r.predictions.literature.enthalpy_increase_percent
              << " %), unless flow rejuvenates it more.\n";
      out.flags(flags);
    }
  }  // namespace

  void print_summary(const CaseSetup &setup, const SweepResult &result, std::ostream &out)
  {
    const auto flags = out.flags();
    out << "\nSummary (" << setup.material.name << ", relative to the "
        << setup.reference.reference_diameter_m * 1e3
        << " mm as-cast rod; structural state: " << setup.state_model->name() << " model):\n";
    out << std::right << std::setw(8) << "d (um)" << std::setw(8) << "DR" << std::setw(11)
        << "F (N)" << std::setw(10) << "q_Tg(K/s)" << std::setw(8) << "gamma" << std::setw(9)
        << "T_f (K)"
        << "  |" << std::setw(8) << "dE (%)" << std::setw(8) << "dH (%)" << std::setw(9)
        << "dHrel(%)"
        << " | literature:" << std::setw(8) << "dE (%)" << std::setw(8) << "dH (%)" << std::setw(9)
        << "dHrel(%)" << std::setw(10) << "of flow"
        << (result.wires.empty() || result.wires.front().bands.empty() ? "" : "  dHrel 5-95 %")
        << "\n";
    out << std::fixed;
    bool extrapolated = false, infeasible = false;
    for (const auto &r : result.wires)
      {
        print_summary_row(r, out);
        infeasible = infeasible || !r.wire.feasible();
        extrapolated = extrapolated || r.calibration_range == "extrapolated";
      }
    const WireResult &ref = result.reference.wire;
    out << std::setw(8) << std::setprecision(1) << ref.diameter_m * 1e6
        << "   (reference rod: q = " << ref.cooling_rate_at_Tg_K_per_s
        << " K/s, T_f = " << std::setprecision(2) << ref.state.fictive_temperature_K
        << " K, Delta H_rel = " << ref.relaxation_enthalpy_J_per_kg * 1e-3 << " J/g)\n";
    out.flags(flags);
    print_calibration(setup, result.calibration, out);
    out << "Columns 'dE, dH, dHrel' left: calibrated mapping (bulk state + fitted shear-softened "
           "surface layer)"
        << (extrapolated ? "; * marks an extrapolation beyond the measured diameters" : "")
        << "; right: literature coefficients only (bulk state, no fit), and the part of "
           "dHrel that the flow adds to the same thermal history (percentage points)"
        << (result.wires.empty() || result.wires.front().bands.empty()
              ? ""
              : ", and the 5-95 % band of the literature dHrel over the uncertain inputs")
        << "."
        << (infeasible ? " INFEASIBLE wires cannot be made: their numbers are for "
                         "diagnosis only (reasons in the verdicts above and in sweep.csv)."
                       : "")
        << "\n";
    print_slow_wires(result, out);
    out << std::fixed << std::setprecision(1);
    for (const auto &r : result.wires)
      if (r.wire.status != status::failed && std::isnan(r.wire.cooling_rate_at_Tg_K_per_s))
        out << "Note: the " << r.wire.diameter_m * 1e6
            << " um wire does not cross Tg on cooling inside the domain: its cooling rate, "
               "stress and Deborah number at Tg do not exist (empty in sweep.csv).\n";
    out.flags(flags);
  }
}  // namespace hotdraw

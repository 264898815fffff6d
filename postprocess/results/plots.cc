// sweep.png and profiles.png (see reports.h).
#include "materials/material.h"
#include "postprocess/calibration.h"
#include "postprocess/log.h"
#include "postprocess/plot.h"
#include "postprocess/results/reports.h"
#include "solver/case_setup.h"
#include "solver/feasibility/feasibility.h"
#include "solver/sweep.h"

#include <algorithm>
#include <functional>
#include <limits>

namespace hotdraw
{
  namespace
  {
    Panel panel(const std::string &title, const std::string &x, const std::string &y)
    {
      Panel p;
      p.title = title;
      p.x_label = x;
      p.y_label = y;
      return p;
    }

    using ChangeGetter = double (*)(const PropertyChange &);
    using WireGetter = std::function<double(const WireResult &)>;

    constexpr double nan = std::numeric_limits<double>::quiet_NaN();

    // The sweep's curves: diameters, and which model (FE or thin filament) a curve shows.
    struct SweepCurves
    {
      const SweepResult &result;
      std::vector<double> d_um;
      bool fe = false;

      explicit SweepCurves(const SweepResult &r) : result(r), fe(r.finite_element())
      {
        for (const auto &w : r.wires)
          d_um.push_back(w.wire.diameter_m * 1e6);
      }

      std::string title(const std::string &t, bool thin) const
      {
        return fe ? (thin ? "thin filament, " : "FE, ") + t : t;
      }

      Series prediction(const std::string &t, ChangeGetter get, bool literature, bool thin) const
      {
        Series s;
        s.title = title(t, thin);
        s.x = d_um;
        for (const auto &r : result.wires)
          {
            const Predictions &p = thin && r.thin_predictions ? *r.thin_predictions : r.predictions;
            s.y.push_back(r.wire.feasible() ? get(literature ? p.literature : p.calibrated) : nan);
          }
        s.style = std::string(literature ? "dt 2" : "") + (thin ? " lw 1" : " lw 2");
        return s;
      }

      // The 5-95 % band of sweep.csv column 'column' (empty without bands).
      Series band(const std::string &column) const
      {
        Series s;
        s.title = "5-95 % band (uncertainty samples)";
        for (std::size_t i = 0; i < result.wires.size(); ++i)
          {
            const auto b = result.wires[i].bands.find(column);
            if (b == result.wires[i].bands.end() || !result.wires[i].wire.feasible())
              continue;
            s.x.push_back(d_um[i]);
            s.y.push_back(b->second[0]);
            s.y_high.push_back(b->second[2]);
          }
        s.style = "lc rgb '#1f77b4'";
        return s;
      }

      // The calibrated predictions outside the measured diameters, as open circles.
      Series extrapolated(ChangeGetter get) const
      {
        Series s;
        s.title = "calibrated: extrapolated beyond the measured diameters";
        s.points = true;
        s.style = "pt 6 ps 1.8";
        for (std::size_t i = 0; i < result.wires.size(); ++i)
          if (result.wires[i].calibration_range == "extrapolated" &&
              result.wires[i].wire.feasible())
            {
              s.x.push_back(d_um[i]);
              s.y.push_back(get(result.wires[i].predictions.calibrated));
            }
        return s;
      }

      // The literature prediction of the same thermal history without flow.
      Series thermal_only(ChangeGetter get) const
      {
        Series s;
        s.title = "literature, thermal history only (no flow)";
        s.x = d_um;
        for (const auto &r : result.wires)
          s.y.push_back(r.wire.feasible() ? get(r.thermal_only) : nan);
        s.style = "dt 3 lw 1 lc rgb '#7f7f7f'";
        return s;
      }

      void add_models(Panel &p, ChangeGetter get, const std::string &band_column) const
      {
        p.series.push_back(band(band_column));
        p.series.push_back(prediction("calibrated", get, false, false));
        p.series.push_back(extrapolated(get));
        p.series.push_back(prediction("literature coefficients", get, true, false));
        p.series.push_back(thermal_only(get));
        p.series.push_back(
          infeasible([&get](const WireRecord &r) { return get(r.predictions.calibrated); }));
        if (fe)
          {
            p.series.push_back(prediction("calibrated", get, false, true));
            p.series.push_back(prediction("literature coefficients", get, true, true));
          }
      }

      Series wire(const std::string &t, const WireGetter &get, bool thin = false) const
      {
        Series s;
        s.title = title(t, thin);
        s.x = d_um;
        for (const auto &r : result.wires)
          s.y.push_back(r.wire.feasible() && (!thin || r.thin) ? get(thin ? *r.thin : r.wire)
                                                               : nan);
        if (thin)
          s.style = "dt 3";
        return s;
      }

      // The wires that cannot be made (status 'infeasible'; failed ones have no numbers) as
      // hollow grey circles, out of the lines of the feasible wires.
      Series infeasible(const std::function<double(const WireRecord &)> &get) const
      {
        Series s;
        s.title = "infeasible: cannot be made (sweep.csv 'reasons')";
        s.points = true;
        s.style = "pt 6 ps 1.6 lc rgb '#7f7f7f'";
        for (std::size_t i = 0; i < result.wires.size(); ++i)
          if (result.wires[i].wire.status == status::infeasible)
            {
              s.x.push_back(d_um[i]);
              s.y.push_back(get(result.wires[i]));
            }
        return s;
      }

      void add_wire(Panel &p, const std::string &t, const WireGetter &get) const
      {
        p.series.push_back(wire(t, get));
        p.series.push_back(infeasible([&get](const WireRecord &r) { return get(r.wire); }));
        if (fe)
          p.series.push_back(wire(t, get, true));
      }
    };

    // The measured data as points with error bars; q: 0 modulus, 1 hardness, 2 enthalpy.
    Series measured_series(const std::vector<MeasuredWire> &measured, int q)
    {
      Series s;
      s.title = "measured (seed data)";
      s.points = true;
      for (const auto &m : measured)
        {
          const bool has = q == 0 ? m.has_modulus : q == 1 ? m.has_hardness : m.has_enthalpy;
          if (!has)
            continue;
          s.x.push_back(m.diameter_m * 1e6);
          s.y.push_back(q == 0   ? m.modulus_reduction_percent
                        : q == 1 ? m.hardness_reduction_percent
                                 : m.enthalpy_increase_percent);
          s.y_error.push_back(q == 0   ? m.modulus_uncertainty_percent
                              : q == 1 ? m.hardness_uncertainty_percent
                                       : m.enthalpy_uncertainty_percent);
        }
      return s;
    }

    std::vector<MeasuredWire> measured_data(const CaseSetup &setup)
    {
      try
        {
          if (!setup.calibration.data_file.empty())
            return read_measured_wires(setup.calibration.data_file);
        }
      catch (const std::exception &)
        {
          // without readable data the plot shows the predictions only
        }
      return {};
    }

    PlotSpec sweep_plot(const CaseSetup &setup, const SweepResult &result)
    {
      const SweepCurves curves(result);
      const auto measured = measured_data(setup);
      PlotSpec spec;
      spec.title =
        "hotdraw sweep: " + setup.material.name +
        (curves.fe ? " (finite element, thin filament for comparison)" : " (thin-filament model)");
      spec.columns = 3;
      spec.width_px = 1800;
      spec.height_px = 1000;
      const struct
      {
        const char *title, *y, *band;
        ChangeGetter get;
      } properties[3] = {{"Young's modulus reduction vs 2 mm rod", "reduction (%)",
                          "modulus_reduction_percent_literature",
                          [](const PropertyChange &c) { return c.modulus_reduction_percent; }},
                         {"Hardness reduction vs 2 mm rod", "reduction (%)",
                          "hardness_reduction_percent_literature",
                          [](const PropertyChange &c) { return c.hardness_reduction_percent; }},
                         {"Relaxation enthalpy increase vs 2 mm rod", "increase (%)",
                          "enthalpy_increase_percent_literature",
                          [](const PropertyChange &c) { return c.enthalpy_increase_percent; }}};
      for (int q = 0; q < 3; ++q)
        {
          Panel p = panel(properties[q].title, "wire diameter (um)", properties[q].y);
          curves.add_models(p, properties[q].get, properties[q].band);
          p.series.push_back(measured_series(measured, q));
          spec.panels.push_back(p);
        }
      Panel rate = panel("Cooling rate at Tg", "wire diameter (um)", "-dT/dt at Tg (K/s)");
      rate.log_y = true;
      rate.series.push_back(curves.band("cooling_rate_at_Tg_K_per_s"));
      curves.add_wire(rate, "wire",
                      [](const WireResult &w) { return w.cooling_rate_at_Tg_K_per_s; });
      spec.panels.push_back(rate);
      Panel strain =
        panel("Accumulated equivalent shear strain", "wire diameter (um)", "shear strain (-)");
      strain.series.push_back(
        curves.wire("cross-section mean", [](const WireResult &w) { return w.shear_strain_mean; }));
      strain.series.push_back(
        curves.wire("surface", [](const WireResult &w) { return w.shear_strain_surface; }));
      if (curves.fe)
        strain.series.push_back(curves.wire(
          "cross-section mean", [](const WireResult &w) { return w.shear_strain_mean; }, true));
      spec.panels.push_back(strain);
      Panel tf = panel("Fictive temperature relative to the reference rod", "wire diameter (um)",
                       "T_f - T_f,ref (K)");
      const double T_ref = result.reference.wire.state.fictive_temperature_K;
      curves.add_wire(tf, "T_f - T_f(2 mm rod)", [T_ref](const WireResult &w) {
        return w.state.fictive_temperature_K - T_ref;
      });
      spec.panels.push_back(tf);
      return spec;
    }

    PlotSpec profiles_plot(const SweepResult &result)
    {
      PlotSpec prof;
      prof.title = "Axial profiles (thin-filament model)";
      prof.columns = 2;
      prof.width_px = 1600;
      prof.height_px = 1000;
      Panel pr = panel("Radius", "z (mm)", "R (um)"), pt = panel("Temperature", "z (mm)", "T (K)"),
            ps = panel("Axial stress", "z (mm)", "sigma (MPa)"),
            pq = panel("Cooling rate", "z (mm)", "-DT/Dt (K/s)");
      ps.log_y = true;
      for (const auto &r : result.wires)
        {
          const FilamentProfile &p = r.profile;
          if (p.size() == 0)
            continue;  // its solve failed
          Series R, T, s, q;
          R.title = T.title = s.title = q.title = diameter_tag(p.wire_diameter_m());
          for (std::size_t i = 0; i < p.size(); ++i)
            {
              const double z = p.z_m[i] * 1e3;
              R.x.push_back(z);
              R.y.push_back(p.radius_m[i] * 1e6);
              T.x.push_back(z);
              T.y.push_back(p.temperature_K[i]);
              s.x.push_back(z);
              s.y.push_back(std::max(p.axial_stress_Pa[i] * 1e-6, 1e-6));
              q.x.push_back(z);
              q.y.push_back(p.cooling_rate_K_per_s[i]);
            }
          pr.series.push_back(R);
          pt.series.push_back(T);
          ps.series.push_back(s);
          pq.series.push_back(q);
        }
      prof.panels = {pr, pt, ps, pq};
      return prof;
    }
  }  // namespace

  void write_plots(const CaseSetup &setup, const SweepResult &result)
  {
    if (!plotting_available())
      {
        Log::out() << "Note: gnuplot with the pngcairo terminal is not available; no plots.\n";
        return;
      }
    const std::string dir = setup.output.directory;
    std::string message;
    if (!write_plot(sweep_plot(setup, result), dir + "/sweep.png", message))
      Log::out() << "Note: sweep.png not written: " << message << "\n";
    if (!write_plot(profiles_plot(result), dir + "/profiles.png", message))
      Log::out() << "Note: profiles.png not written: " << message << "\n";
  }
}  // namespace hotdraw

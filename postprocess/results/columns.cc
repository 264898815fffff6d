#include "postprocess/results/columns.h"

#include "solver/feasibility/feasibility.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    using W = WireRecord;

    // A number, or an empty cell where it does not exist (NaN).
    Cell number(double x)
    {
      return std::isnan(x) ? Cell() : Cell(x);
    }

    // A column of the wire's own numbers (always present).
    Column<W> wire(const std::string &name, const std::string &doc,
                   std::function<double(const WireResult &)> get)
    {
      return {name, doc, [get](const W &r) -> Cell { return number(get(r.wire)); }, false};
    }

    // The literature prediction of the thermal-only state, or the flow's part of a prediction
    // (the literature prediction minus the thermal-only one).
    Column<W> thermal_only(const std::string &name, const std::string &doc, bool flow_part,
                           std::function<double(const PropertyChange &)> get)
    {
      return {name, doc,
              [get, flow_part](const W &r) -> Cell {
                return get(r.thermal_only) * (flow_part ? -1 : 1) +
                       (flow_part ? get(r.predictions.literature) : 0.0);
              },
              false};
    }

    // A column of one mapping's predictions of the wire.
    Column<W> predicted(const std::string &name, const std::string &doc, bool literature,
                        std::function<double(const PropertyChange &)> get)
    {
      return {name, doc,
              [get, literature](const W &r) -> Cell {
                return get(literature ? r.predictions.literature : r.predictions.calibrated);
              },
              false};
    }

    // A column of FE runs (empty for the reference rod and in thin-filament runs).
    Column<W> fe(const std::string &name, const std::string &doc,
                 std::function<Cell(const FEWireResult &)> get)
    {
      return {name, doc, [get](const W &r) -> Cell { return r.fe ? get(*r.fe) : Cell(); }, true};
    }

    // A column of FE runs with the FE heat solved.
    Column<W> fe_heat(const std::string &name, const std::string &doc,
                      std::function<double(const FEWireResult &)> get)
    {
      return fe(name, doc,
                [get](const FEWireResult &f) -> Cell { return f.heat ? number(get(f)) : Cell(); });
    }

    // A column of FE runs with material paths.
    Column<W> fe_paths(const std::string &name, const std::string &doc,
                       std::function<double(const FEWireResult &)> get)
    {
      return fe(name, doc, [get](const FEWireResult &f) -> Cell {
        return f.paths.empty() ? Cell() : number(get(f));
      });
    }

    // An indentation-weighted prediction of FE runs.
    Column<W> indented(const std::string &name, const std::string &doc, bool literature,
                       std::function<double(const PropertyChange &)> get)
    {
      return {name, doc,
              [get, literature](const W &r) -> Cell {
                if (!r.indented)
                  return Cell();
                return get(literature ? r.indented->literature : r.indented->calibrated);
              },
              true};
    }

    // The thin-filament chain of an FE run's wire.
    Column<W> thin(const std::string &name, const std::string &doc,
                   std::function<double(const WireResult &)> get)
    {
      return {name, doc, [get](const W &r) -> Cell { return r.thin ? Cell(get(*r.thin)) : Cell(); },
              true};
    }

    Column<W> thin_predicted(const std::string &name, const std::string &doc, bool literature,
                             std::function<double(const PropertyChange &)> get)
    {
      return {name, doc,
              [get, literature](const W &r) -> Cell {
                if (!r.thin_predictions)
                  return Cell();
                return get(literature ? r.thin_predictions->literature
                                      : r.thin_predictions->calibrated);
              },
              true};
    }

    // The 5th, 50th or 95th percentile of a banded column over the uncertainty samples.
    Column<W> band(const std::string &column, unsigned int k)
    {
      static const char *suffix[3] = {"_p05", "_p50", "_p95"};
      static const char *what[3] = {"5th", "50th", "95th"};
      return {column + suffix[k],
              std::string(what[k]) + " percentile of " + column +
                " over the uncertainty samples (section Uncertainty)",
              [column, k](const W &r) -> Cell {
                const auto b = r.bands.find(column);
                return b == r.bands.end() ? Cell() : number(b->second[k]);
              },
              true};
    }

    double enthalpy(const PropertyChange &c)
    {
      return c.enthalpy_increase_percent;
    }
    double modulus(const PropertyChange &c)
    {
      return c.modulus_reduction_percent;
    }
    double hardness(const PropertyChange &c)
    {
      return c.hardness_reduction_percent;
    }
  }  // namespace

  const std::vector<std::string> &banded_columns()
  {
    static const std::vector<std::string> names = {"enthalpy_increase_percent_literature",
                                                   "modulus_reduction_percent_literature",
                                                   "hardness_reduction_percent_literature",
                                                   "enthalpy_increase_percent",
                                                   "modulus_reduction_percent",
                                                   "hardness_reduction_percent",
                                                   "cooling_rate_at_Tg_K_per_s",
                                                   "fictive_temperature_K",
                                                   "free_volume_x",
                                                   "relaxation_enthalpy_J_per_g"};
    return names;
  }

  double sweep_value(const std::string &name, const WireRecord &record)
  {
    for (const auto &c : sweep_columns())
      if (c.name == name)
        {
          const Cell cell = c.get(record);
          if (std::holds_alternative<std::monostate>(cell))
            return std::numeric_limits<double>::quiet_NaN();
          if (const double *x = std::get_if<double>(&cell))
            return *x;
          throw std::invalid_argument("sweep_value: column '" + name + "' holds text");
        }
    throw std::invalid_argument("sweep_value: no sweep.csv column '" + name + "'");
  }

  const std::vector<Column<WireRecord>> &sweep_columns()
  {
    static const std::vector<Column<W>> columns = [] {
      std::vector<Column<W>> columns = {
        {"case",
         "'wire', or 'reference_rod' for the as-cast reference rod every change is "
         "relative to",
         [](const W &r) -> Cell { return std::string(r.wire.drawn ? "wire" : "reference_rod"); }},
        wire("diameter_um", "wire diameter (um)", [](auto &w) { return w.diameter_m * 1e6; }),
        {"status",
         "verdict: 'ok', 'infeasible' (a feasibility check failed: the wire cannot be made; its "
         "numbers are kept for diagnosis), 'failed' (the solve failed; no numbers) or "
         "'reference' (the reference rod)",
         [](const W &r) -> Cell { return r.wire.status; }},
        {"reasons",
         "the failed checks, separated by ';' (not_supercooled, crystallised, above_Tx, "
         "overstressed, not_vitrified, draw_resonance; failed solves: neck_frozen, "
         "too_cold or solver_failed); the log explains each",
         [](const W &r) -> Cell { return r.wire.reasons(); }},
        wire("draw_ratio", "draw ratio (D0/d)^2", [](auto &w) { return w.draw_ratio; }),
        wire("take_up_speed_m_per_s", "take-up speed (m/s; 0 for the reference rod)",
             [](auto &w) { return w.drawn ? w.take_up_speed_m_per_s : 0.0; }),
        wire("draw_force_N", "draw force (N)", [](auto &w) { return w.draw_force_N; }),
        wire("max_axial_stress_MPa", "largest axial stress F/A along the draw (MPa)",
             [](auto &w) { return w.max_axial_stress_Pa * 1e-6; }),
        wire("shear_strain", "accumulated equivalent shear strain, cross-section mean",
             [](auto &w) { return w.shear_strain_mean; }),
        wire("shear_strain_axis", "accumulated equivalent shear strain on the axis",
             [](auto &w) { return w.shear_strain_axis; }),
        wire("shear_strain_surface", "accumulated equivalent shear strain at the surface",
             [](auto &w) { return w.shear_strain_surface; }),
        wire("cooling_rate_at_Tg_K_per_s", "cooling rate -DT/Dt where the wire crosses Tg (K/s)",
             [](auto &w) { return w.cooling_rate_at_Tg_K_per_s; }),
        wire("fictive_temperature_K",
             "frozen fictive temperature (K; the free-volume model's "
             "equivalent T0 + B x)",
             [](auto &w) { return w.state.fictive_temperature_K; }),
        wire("free_volume_x", "frozen reduced free volume x",
             [](auto &w) { return w.state.free_volume_x; }),
        wire("relaxation_enthalpy_J_per_g",
             "sub-Tg relaxation enthalpy of the simulated DSC scan "
             "at 20 K/min (J/g)",
             [](auto &w) { return w.relaxation_enthalpy_J_per_kg * 1e-3; }),
        predicted("enthalpy_increase_percent",
                  "relaxation enthalpy increase, calibrated mapping "
                  "(%)",
                  false, enthalpy),
        predicted("modulus_reduction_percent", "Young's modulus reduction, calibrated mapping (%)",
                  false, modulus),
        predicted("hardness_reduction_percent", "hardness reduction, calibrated mapping (%)", false,
                  hardness),
        predicted("enthalpy_increase_percent_literature",
                  "relaxation enthalpy increase, literature coefficients only (%)", true, enthalpy),
        predicted("modulus_reduction_percent_literature",
                  "Young's modulus reduction, literature coefficients only (%)", true, modulus),
        predicted("hardness_reduction_percent_literature",
                  "hardness reduction, literature coefficients only (%)", true, hardness),
        {"calibration_range",
         "the calibrated prediction against the calibration data: 'fitted' (a "
         "measured diameter), 'interpolated', 'extrapolated' (outside the "
         "measured diameters) or 'uncalibrated'; empty for the reference rod",
         [](const W &r) -> Cell {
           return r.calibration_range.empty() ? Cell() : Cell(r.calibration_range);
         }},
        predicted("layer_thickness_um", "thickness of the calibrated shear-softened layer (um)",
                  false, [](auto &c) { return c.layer_thickness_m * 1e6; }),
        predicted("layer_fraction", "fraction of the indented cross-section in the layer", false,
                  [](auto &c) { return c.layer_fraction; }),
        wire("peak_temperature_K", "highest temperature of the wire (K)",
             [](auto &w) { return w.peak_temperature_K; }),
        wire("outlet_temperature_K", "temperature at the outlet of the domain (K)",
             [](auto &w) { return w.outlet_temperature_K; }),
        wire("residence_time_above_Tg_s", "time spent above Tg (s)",
             [](auto &w) { return w.residence_time_above_Tg_s; }),
        wire("stress_at_Tg_MPa",
             "axial (von Mises) stress where the wire crosses Tg (MPa; empty "
             "without a Tg crossing)",
             [](auto &w) { return w.stress_at_Tg_Pa * 1e-6; }),
        wire("deborah_at_Tg",
             "Deborah number eps_eq_dot tau_alpha(Tg) where the wire crosses Tg "
             "(empty without a Tg crossing)",
             [](auto &w) { return w.deborah_at_Tg; }),
        wire("crystallisation_index",
             "Hillert additivity sum dt/t_x(T) over the heating-path TTT curve, largest over "
             "the paths (1: onset of crystallisation)",
             [](auto &w) { return w.drawn ? w.crystallisation_index : std::nan(""); }),
        wire("stress_margin",
             "smallest 1 - sigma/strength(T) along the paths (< 0: the stress exceeds the "
             "strength at the local temperature)",
             [](auto &w) { return w.drawn ? w.stress_margin : std::nan(""); }),
        wire("critical_draw_ratio",
             "draw ratio at which the linear stability analysis finds draw resonance (inf: "
             "stable up to the largest draw ratio searched; empty: not analysed)",
             [](auto &w) { return w.critical_draw_ratio; }),
        wire("resonance_growth_rate_per_s",
             "growth rate of the leading mode of the linear stability analysis of the draw (1/s; "
             "> 0: draw resonance; empty: not analysed)",
             [](auto &w) { return w.resonance_growth_rate_per_s; }),
        wire("resonance_wavelength_radii",
             "shortest wavelength of that mode along the draw in local radii, 2 pi v / (omega R) "
             "at the start of the neck (below about 5 the slender analysis overestimates its growth: "
             "the verdict is conservative; empty: not analysed or not oscillating)",
             [](auto &w) {
               return std::isfinite(w.resonance_wavelength_radii) ? w.resonance_wavelength_radii
                                                                  : std::nan("");
             }),
        wire("fictive_temperature_model_K",
             "frozen fictive temperature of the 'fictive "
             "temperature' state model (K)",
             [](auto &w) { return w.state_of_model("fictive temperature").fictive_temperature_K; }),
        wire("free_volume_model_x", "frozen reduced free volume of the 'free volume' state model",
             [](auto &w) { return w.state_of_model("free volume").free_volume_x; }),
        wire("fictive_temperature_thermal_only_K",
             "frozen (equivalent) fictive temperature of the "
             "same thermal history without flow (K)",
             [](auto &w) { return w.thermal_only_state.fictive_temperature_K; }),
        wire("relaxation_enthalpy_thermal_only_J_per_g",
             "relaxation enthalpy of the thermal-only state (J/g)",
             [](auto &w) { return w.relaxation_enthalpy_thermal_only_J_per_kg * 1e-3; }),
        thermal_only("enthalpy_increase_percent_thermal_only",
                     "relaxation enthalpy increase of the thermal-only state, literature (%)",
                     false, enthalpy),
        thermal_only("modulus_reduction_percent_thermal_only",
                     "modulus reduction of the thermal-only state, literature (%)", false, modulus),
        thermal_only("hardness_reduction_percent_thermal_only",
                     "hardness reduction of the thermal-only state, literature (%)", false,
                     hardness),
        thermal_only("enthalpy_increase_flow_percent",
                     "the flow's part of the literature enthalpy increase (literature minus "
                     "thermal-only, percentage points)",
                     true, enthalpy),
        thermal_only("modulus_reduction_flow_percent",
                     "the flow's part of the literature modulus reduction (percentage points)",
                     true, modulus),
        thermal_only("hardness_reduction_flow_percent",
                     "the flow's part of the literature hardness reduction (percentage points)",
                     true, hardness),
        fe("draw_force_fe_N", "FE: draw force from the outlet traction (N)",
           [](auto &f) -> Cell { return f.draw_force_N; }),
        fe("outlet_diameter_fe_um", "FE: outlet diameter (um)",
           [](auto &f) -> Cell { return f.outlet_diameter_m * 1e6; }),
        fe("mass_flux_error_fe", "FE: largest relative mass-flux error over the sections",
           [](auto &f) -> Cell { return f.mass_flux_error; }),
        fe_heat("peak_temperature_fe_K", "FE heat: highest temperature (K)",
                [](auto &f) { return f.peak_temperature_K; }),
        fe_heat("cooling_rate_at_Tg_fe_axis_K_per_s",
                "FE heat: -u.grad T where the axis crosses Tg (K/s)",
                [](auto &f) { return f.cooling_rate_at_Tg_axis_K_per_s; }),
        fe_heat("cooling_rate_at_Tg_fe_surface_K_per_s",
                "FE heat: -u.grad T where the surface crosses Tg (K/s)",
                [](auto &f) { return f.cooling_rate_at_Tg_surface_K_per_s; }),
        fe_heat("energy_imbalance_fe", "FE heat: relative steady energy imbalance of the domain",
                [](auto &f) { return f.energy_imbalance; }),
        fe_paths("cooling_rate_at_Tg_axis_K_per_s",
                 "FE: cooling rate at Tg along the axis path (K/s)",
                 [](auto &f) { return f.paths.front().cooling_rate_at_Tg_K_per_s; }),
        fe_paths("cooling_rate_at_Tg_surface_K_per_s",
                 "FE: cooling rate at Tg along the surface path (K/s)",
                 [](auto &f) { return f.paths.back().cooling_rate_at_Tg_K_per_s; }),
        fe_paths("seeded_flux_error_fe", "FE: |flux carried by the path seeds / feed flux - 1|",
                 [](auto &f) { return f.seeded_flux_error; }),
        fe_paths("stress_equilibrium_correction_fe",
                 "FE: largest relative correction of the paths' stresses to the section balance "
                 "with the draw force where the axis is above Tg - 50 K (the discretisation error "
                 "of the raw stresses)",
                 [](auto &f) { return f.stress_equilibrium_correction; }),
        fe_paths("eulerian_strain_difference_fe",
                 "FE: largest relative difference of the Eulerian strain and the paths' at the "
                 "outlet",
                 [](auto &f) { return f.eulerian_strain_difference; }),
        fe_paths("eulerian_state_difference_fe_K",
                 "FE: largest difference of the Eulerian and the paths' fictive temperature at "
                 "the outlet (K)",
                 [](auto &f) { return f.eulerian_state_difference_K; }),
        indented("modulus_reduction_percent_indented",
                 "FE: modulus reduction averaged over the indents, calibrated (%)", false, modulus),
        indented("hardness_reduction_percent_indented",
                 "FE: hardness reduction averaged over the indents, calibrated (%)", false,
                 hardness),
        indented("modulus_reduction_percent_indented_literature",
                 "FE: modulus reduction averaged over the indents, literature (%)", true, modulus),
        indented("hardness_reduction_percent_indented_literature",
                 "FE: hardness reduction averaged over the indents, literature (%)", true,
                 hardness),
        thin("draw_force_1d_N", "FE runs: thin-filament draw force of the same wire (N)",
             [](auto &w) { return w.draw_force_N; }),
        thin("shear_strain_1d", "FE runs: thin-filament mean shear strain",
             [](auto &w) { return w.shear_strain_mean; }),
        thin("cooling_rate_at_Tg_1d_K_per_s", "FE runs: thin-filament cooling rate at Tg (K/s)",
             [](auto &w) { return w.cooling_rate_at_Tg_K_per_s; }),
        thin("fictive_temperature_1d_K", "FE runs: thin-filament fictive temperature (K)",
             [](auto &w) { return w.state.fictive_temperature_K; }),
        thin_predicted("enthalpy_increase_percent_1d",
                       "FE runs: thin-filament enthalpy increase, its own calibration (%)", false,
                       enthalpy),
        thin_predicted("modulus_reduction_percent_1d",
                       "FE runs: thin-filament modulus reduction, its own calibration (%)", false,
                       modulus),
        thin_predicted("hardness_reduction_percent_1d",
                       "FE runs: thin-filament hardness reduction, its own calibration (%)", false,
                       hardness),
        thin_predicted("enthalpy_increase_percent_literature_1d",
                       "FE runs: thin-filament enthalpy increase, literature (%)", true, enthalpy),
        thin_predicted("modulus_reduction_percent_literature_1d",
                       "FE runs: thin-filament modulus reduction, literature (%)", true, modulus),
        thin_predicted("hardness_reduction_percent_literature_1d",
                       "FE runs: thin-filament hardness reduction, literature (%)", true, hardness),
      };
      for (const auto &name : banded_columns())
        for (unsigned int k = 0; k < 3; ++k)
          columns.push_back(band(name, k));
      columns.push_back({"feasible_fraction",
                         "fraction of the uncertainty samples in which the wire passes every "
                         "feasibility check but the draw-resonance analysis (section "
                         "Uncertainty)",
                         [](const W &r) -> Cell { return number(r.feasible_fraction); }, true});
      // a failed wire has no numbers: only its case, diameter and verdict are written
      for (auto &c : columns)
        if (c.name != "case" && c.name != "diameter_um" && c.name != "status" &&
            c.name != "reasons")
          c.get = [get = c.get](const W &r) -> Cell {
            return r.wire.status == status::failed ? Cell() : get(r);
          };
      return columns;
    }();
    return columns;
  }

  const std::vector<Column<RadialRow>> &radial_profile_columns()
  {
    using R = RadialRow;
    auto path = [](const std::string &name, const std::string &doc,
                   std::function<double(const R &)> get) {
      return Column<R>{name, doc, [get](const R &r) -> Cell { return get(r); }, false};
    };
    static const std::vector<Column<R>> columns = {
      path("radius_m", "outlet radius of the path (m)",
           [](auto &r) { return r.path->outlet_radius_m; }),
      path("radius_relative", "outlet radius over the wire radius",
           [](auto &r) { return r.path->outlet_radius_m / r.wire_radius_m; }),
      path("seed_radius_m", "radius of the path's seed at the inlet (m)",
           [](auto &r) { return r.path->seed_radius_m; }),
      path("volume_flux_m3_per_s", "volume flux the path carries (m^3/s)",
           [](auto &r) { return r.path->volume_flux_m3_per_s; }),
      path("shear_strain", "accumulated equivalent shear strain",
           [](auto &r) { return r.path->shear_strain; }),
      path("cooling_rate_at_Tg_K_per_s", "cooling rate where the path crosses Tg (K/s)",
           [](auto &r) { return r.path->cooling_rate_at_Tg_K_per_s; }),
      path("residence_time_above_Tg_s", "time above Tg (s)",
           [](auto &r) { return r.path->residence_time_above_Tg_s; }),
      path("stress_at_Tg_MPa", "von Mises stress where the path crosses Tg (MPa)",
           [](auto &r) { return r.path->stress_at_Tg_Pa * 1e-6; }),
      path("fictive_temperature_K", "frozen fictive temperature (K)",
           [](auto &r) { return r.path->state.fictive_temperature_K; }),
      path("free_volume_x", "frozen reduced free volume",
           [](auto &r) { return r.path->state.free_volume_x; }),
      path("relaxation_enthalpy_J_per_g", "relaxation enthalpy of the DSC scan (J/g)",
           [](auto &r) { return r.path->relaxation_enthalpy_J_per_kg * 1e-3; }),
      path("enthalpy_increase_percent", "local enthalpy increase, calibrated (%)",
           [](auto &r) { return r.local.calibrated.enthalpy_increase_percent; }),
      path("modulus_reduction_percent", "local modulus reduction, calibrated (%)",
           [](auto &r) { return r.local.calibrated.modulus_reduction_percent; }),
      path("hardness_reduction_percent", "local hardness reduction, calibrated (%)",
           [](auto &r) { return r.local.calibrated.hardness_reduction_percent; }),
      path("enthalpy_increase_percent_literature", "local enthalpy increase, literature (%)",
           [](auto &r) { return r.local.literature.enthalpy_increase_percent; }),
      path("modulus_reduction_percent_literature", "local modulus reduction, literature (%)",
           [](auto &r) { return r.local.literature.modulus_reduction_percent; }),
      path("hardness_reduction_percent_literature", "local hardness reduction, literature (%)",
           [](auto &r) { return r.local.literature.hardness_reduction_percent; }),
    };
    return columns;
  }

  const std::vector<Column<AxialRow>> &axial_profile_columns()
  {
    using A = AxialRow;
    using V = std::vector<double> FilamentProfile::*;
    auto node = [](const std::string &name, const std::string &doc, V member) {
      return Column<A>{name, doc,
                       [member](const A &a) -> Cell { return (a.profile->*member)[a.node]; },
                       false};
    };
    static const std::vector<Column<A>> columns = {
      node("z_m", "axial position (m)", &FilamentProfile::z_m),
      node("radius_m", "radius (m)", &FilamentProfile::radius_m),
      node("speed_m_per_s", "axial speed (m/s)", &FilamentProfile::speed_m_per_s),
      node("temperature_K", "temperature (K)", &FilamentProfile::temperature_K),
      node("axial_stress_Pa", "axial stress F/A (Pa)", &FilamentProfile::axial_stress_Pa),
      node("extension_rate_per_s", "extension rate dv/dz (1/s)",
           &FilamentProfile::extension_rate_per_s),
      node("shear_rate_per_s", "equivalent shear rate sqrt(3) dv/dz (1/s)",
           &FilamentProfile::shear_rate_per_s),
      node("viscosity_Pa_s", "viscosity (Pa s)", &FilamentProfile::viscosity_Pa_s),
      node("residence_time_s", "time since the inlet (s)", &FilamentProfile::residence_time_s),
      node("cooling_rate_K_per_s", "cooling rate -DT/Dt (K/s)",
           &FilamentProfile::cooling_rate_K_per_s),
      node("wall_temperature_K", "furnace wall temperature (K)",
           &FilamentProfile::wall_temperature_K),
      node("gas_temperature_K", "gas temperature (K)", &FilamentProfile::gas_temperature_K),
      node("heat_transfer_coefficient_W_per_m2K",
           "convective heat-transfer coefficient "
           "(W/(m^2 K))",
           &FilamentProfile::heat_transfer_coefficient),
    };
    return columns;
  }

  namespace
  {
    template <class Row>
    void print_list(std::ostream &out, const std::string &title,
                    const std::vector<Column<Row>> &columns)
    {
      out << title << "\n\n| column | description |\n|---|---|\n";
      for (const auto &c : columns)
        out << "| `" << c.name << "` | " << c.description << (c.optional ? " *" : "") << " |\n";
      out << "\n";
    }
  }  // namespace

  void print_columns(std::ostream &out)
  {
    out << "Columns of hotdraw's CSV files (units in the names; * written only where they "
           "apply; an empty cell: the quantity does not exist for that row).\n\n";
    print_list(out, "sweep.csv", sweep_columns());
    print_list(out, "fe_<d>um/radial_profile.csv", radial_profile_columns());
    print_list(out, "profile_<d>um.csv", axial_profile_columns());
  }
}  // namespace hotdraw

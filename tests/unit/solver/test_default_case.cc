// The default case end to end, on the finite-element solver (parameters/seed-pd40cu30ni10p20-
// wires.prm) and on the thin-filament model (seed-pd40cu30ni10p20-wires-1d.prm): the process
// really heats the rod into the supercooled liquid and vitrifies the wire; the literature
// (bulk-physics) enthalpy increase at 60 um lies within the measured one's stated uncertainty;
// the fit says what it is (zero degrees of freedom, a parameter at its bound, its internal
// contradiction, extrapolated diameters); the physics changes monotonically with diameter; flow
// never relaxes a wire below its thermal-only state; and sweep.csv carries the documented
// columns. The FE run also checks its material paths (seeded flux, Eulerian against Lagrangian
// strain and state), its agreement with the thin filament, and its output files. The 1-D case
// also runs a small uncertainty study.
#include "materials/parameters.h"
#include "postprocess/results/calibrate.h"
#include "postprocess/results/columns.h"
#include "postprocess/results/reports.h"
#include "postprocess/table.h"
#include "solver/case_setup.h"
#include "solver/studies/uncertainty.h"
#include "solver/sweep.h"

#include <deal.II/base/mpi.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

using namespace hotdraw;

namespace
{
  CaseSetup default_case(const std::string &file, const std::string &output_dir)
  {
    ParameterSet prm;
    declare_all_parameters(prm);
    prm.parse_file(HOTDRAW_SOURCE_DIR "/parameters/" + file);
    CaseSetup c = parse_case(prm, HOTDRAW_SOURCE_DIR "/parameters");
    c.output.directory = output_dir;
    c.output.plot = false;
    return c;
  }
}  // namespace

namespace
{
  void check_default_case(const std::string &file, bool fe)
  {
    const std::string dir = std::filesystem::temp_directory_path() / "hotdraw_test_default_case";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    CaseSetup c = default_case(file, dir);
    REQUIRE((c.flow_solver == FlowSolver::finite_element) == fe);
    SweepResult r = run_sweep(c, MPI_COMM_WORLD);
    if (dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) != 0)
      return;
    calibrate_and_predict(c, r);
    REQUIRE(r.wires.size() >= 8);
    const double Tg = c.material.glass_transition_K, Tx = c.material.crystallisation_K;

    // the process: into the supercooled liquid (above Tg, below Tx) and vitrified at the outlet
    for (const auto &record : r.wires)
      {
        const WireResult &w = record.wire;
        INFO("d = " << w.diameter_m * 1e6 << " um: T_peak = " << w.peak_temperature_K
                    << " K, T_out = " << w.outlet_temperature_K << " K");
        CHECK(w.peak_temperature_K > Tg + 40);
        CHECK(w.peak_temperature_K < Tx);
        CHECK(w.outlet_temperature_K < Tg - 10);
        CHECK(w.vitrified);
        CHECK(w.residence_time_above_Tg_s > 0);
        // every check passes: the default process makes its wires (crystallisation index
        // measured 0.03 on the 1-D model: about 50 s above Tg, mostly far below the TTT curve)
        INFO("verdict " << w.status << " (" << w.reasons() << ")");
        CHECK(w.status == status::ok);
        CHECK(w.crystallisation_index > 0);
        CHECK(w.crystallisation_index < 0.2);
        CHECK(w.stress_margin > 0.5);
        CHECK(w.mass_flux_error < (fe ? 5e-3 : 1e-12));  // FE: the section fluxes
        // kinematics that hold whatever the rheology: sqrt(3) ln DR on the axis
        CHECK(w.shear_strain_axis == Approx(std::sqrt(3.0) * std::log(w.draw_ratio)).epsilon(2e-3));
      }
    REQUIRE(r.wires.front().wire.diameter_m == Approx(60e-6));
    REQUIRE(r.wires.back().wire.diameter_m == Approx(200e-6));

    // calibrated prediction at 60 um within the acceptance bands
    const PropertyChange &c60 = r.wires.front().predictions.calibrated;
    const PropertyChange &l60 = r.wires.front().predictions.literature;
    std::cout << (fe ? "FE" : "thin-filament") << " default case, 60 um: calibrated E -"
              << c60.modulus_reduction_percent << " %, H -" << c60.hardness_reduction_percent
              << " %, dH_rel +" << c60.enthalpy_increase_percent << " %; literature E -"
              << l60.modulus_reduction_percent << " %, H -" << l60.hardness_reduction_percent
              << " %, dH_rel +" << l60.enthalpy_increase_percent << " %\n";
    // Validation, no fit involved: the literature (bulk-physics) relaxation-enthalpy increase at
    // 60 um against the measured +28 % within its stated uncertainty (4 points).
    CHECK(l60.enthalpy_increase_percent == Approx(28.0).margin(4.0));
    // The fit itself (a check of the fitting, not a validation: it reproduces the data by
    // construction when it works): 3 values, 3 parameters, 0 degrees of freedom said as such;
    // E and H reproduced within their stated errors; A_Q at its lower bound, reported as such;
    // and the contradiction of A_E with A_Q through the interstitialcy coefficient is reported.
    CHECK(r.calibration.calibrated);
    CHECK(r.calibration.fit.converged);
    CHECK(r.calibration.fit.degrees_of_freedom == 0);
    CHECK(c60.modulus_reduction_percent == Approx(26.0).margin(2.0));
    CHECK(c60.hardness_reduction_percent == Approx(17.0).margin(2.0));
    REQUIRE(r.calibration.fit.at_bound.size() == 3);
    CHECK(r.calibration.fit.at_bound[2] == -1);  // Layer excess enthalpy at 0
    bool contradiction = false;
    for (const auto &n : r.calibration.notes)
      contradiction = contradiction || n.find("contradict") != std::string::npos;
    CHECK(contradiction);
    CHECK(r.wires.front().calibration_range == "fitted");
    for (std::size_t i = 1; i < r.wires.size(); ++i)
      CHECK(r.wires[i].calibration_range == "extrapolated");

    for (std::size_t i = 0; i + 1 < r.wires.size(); ++i)
      {
        INFO("between " << r.wires[i].wire.diameter_m * 1e6 << " and "
                        << r.wires[i + 1].wire.diameter_m * 1e6 << " um");
        // physics: thinner wires cool faster and freeze in a higher fictive temperature, so the
        // literature prediction changes monotonically with diameter (the calibrated one does by
        // construction of the layer fraction, so it is not checked)
        CHECK(r.wires[i].predictions.literature.enthalpy_increase_percent >
              r.wires[i + 1].predictions.literature.enthalpy_increase_percent);
        CHECK(r.wires[i].wire.cooling_rate_at_Tg_K_per_s >
              r.wires[i + 1].wire.cooling_rate_at_Tg_K_per_s);
        CHECK(r.wires[i].wire.state.fictive_temperature_K >
              r.wires[i + 1].wire.state.fictive_temperature_K);
      }
    // flow never relaxes the glass below the state of the same thermal history without flow
    for (const auto &record : r.wires)
      {
        INFO("d = " << record.wire.diameter_m * 1e6 << " um");
        CHECK(record.wire.state.fictive_temperature_K >=
              record.wire.thermal_only_state.fictive_temperature_K - 1e-6);
        CHECK(record.predictions.literature.enthalpy_increase_percent >=
              record.thermal_only.enthalpy_increase_percent - 1e-6);
        CHECK(record.wire.deborah_at_Tg > 0);
        CHECK(record.wire.deborah_at_Tg <
              1);  // the wires vitrify: flow slower than relaxation at Tg
      }
    // the cooling rate at Tg scales roughly as 1/d^2 (lumped wire): factor (200/60)^2 = 11
    const double ratio = r.wires.front().wire.cooling_rate_at_Tg_K_per_s /
                         r.wires.back().wire.cooling_rate_at_Tg_K_per_s;
    CHECK(ratio > 5.0);
    CHECK(ratio < 15.0);

    // the literature prediction is the bulk state only: a small modulus change (docs/physics.md
    // section 7.3)
    CHECK(std::abs(l60.modulus_reduction_percent) < 3.0);

    // outputs
    write_sweep_outputs(c, r);
    const Table t = Table::read_csv(dir + "/sweep.csv");
    for (const char *col :
         {"diameter_um", "draw_ratio", "take_up_speed_m_per_s", "draw_force_N",
          "max_axial_stress_MPa", "shear_strain", "cooling_rate_at_Tg_K_per_s",
          "fictive_temperature_K", "enthalpy_increase_percent", "modulus_reduction_percent",
          "hardness_reduction_percent", "enthalpy_increase_percent_literature",
          "modulus_reduction_percent_literature", "hardness_reduction_percent_literature"})
      {
        INFO("column " << col);
        CHECK(std::find(t.columns().begin(), t.columns().end(), col) != t.columns().end());
      }
    CHECK(t.n_rows() == r.wires.size() + 1);  // plus the reference rod
    CHECK(t.text(0, "case") == "reference_rod");
    CHECK(t.value(0, "diameter_um") == Approx(2000.0));
    CHECK(t.value(0, "modulus_reduction_percent") == 0.0);
    CHECK(t.value(1, "diameter_um") == Approx(60.0));
    if (fe)
      {
        REQUIRE(r.finite_element());
        for (const char *col :
             {"draw_force_fe_N", "cooling_rate_at_Tg_axis_K_per_s",
              "cooling_rate_at_Tg_surface_K_per_s", "shear_strain_axis", "shear_strain_surface",
              "modulus_reduction_percent_indented", "modulus_reduction_percent_1d",
              "enthalpy_increase_percent_literature_1d", "eulerian_state_difference_fe_K"})
          {
            INFO("column " << col);
            CHECK(std::find(t.columns().begin(), t.columns().end(), col) != t.columns().end());
          }
        for (std::size_t i = 0; i < r.wires.size(); ++i)
          {
            REQUIRE(r.wires[i].fe);
            REQUIRE(r.wires[i].thin);
            const FEWireResult &f = *r.wires[i].fe;
            const WireResult &w = r.wires[i].wire, &thin = *r.wires[i].thin;
            const std::string tag = std::to_string(std::lround(r.wires[i].wire.diameter_m * 1e6));
            INFO("d = " << tag << " um");
            CHECK(f.paths.size() == c.paths.n_paths);
            CHECK(f.seeded_flux_error < 1e-3);
            CHECK(f.eulerian_strain_difference < 1e-3);
            CHECK(f.eulerian_state_difference_K < 0.05);
            // FE against the thin filament: force, strain, cooling rate, fictive temperature
            CHECK(w.draw_force_N == Approx(thin.draw_force_N).epsilon(0.01));
            CHECK(w.shear_strain_axis == Approx(thin.shear_strain_axis).epsilon(0.01));
            CHECK(w.cooling_rate_at_Tg_K_per_s ==
                  Approx(thin.cooling_rate_at_Tg_K_per_s).epsilon(0.05));
            CHECK(w.state.fictive_temperature_K ==
                  Approx(thin.state.fictive_temperature_K).margin(0.5));
            // a slender wire is frozen at its final radius when it crosses Tg, so the stress its
            // paths carry there is the draw force over the wire's cross-section (issue 11: it was
            // 7-11 % low before the paths' stresses were balanced section by section)
            const double F_over_A =
              f.draw_force_N / (M_PI * 0.25 * f.outlet_diameter_m * f.outlet_diameter_m);
            CHECK(w.stress_at_Tg_Pa == Approx(F_over_A).epsilon(0.01));
            CHECK(f.stress_equilibrium_correction > 0);  // reported
            const std::string fe_dir = dir + "/fe_" + std::string(3 - tag.size(), '0') + tag + "um";
            for (const char *name : {"/paths.vtp", "/radial_profile.csv", "/steady.vtu",
                                     "/iterations.pvd", "/surface.csv", "/statistics.txt"})
              CHECK(std::filesystem::exists(fe_dir + name));
            const Table profile = Table::read_csv(fe_dir + "/radial_profile.csv");
            CHECK(profile.n_rows() == c.paths.n_paths);
            CHECK(profile.value(0, "radius_m") == 0.0);
            CHECK(profile.value(profile.n_rows() - 1, "radius_relative") == Approx(1.0));
          }
      }
    std::filesystem::remove_all(dir);
  }
}  // namespace

TEST_CASE("default case on the finite-element solver: bands, trends, paths, outputs",
          "[default_case]")
{
  check_default_case("seed-pd40cu30ni10p20-wires.prm", true);
}

TEST_CASE("default case on the thin-filament model: bands, trends, outputs", "[default_case]")
{
  check_default_case("seed-pd40cu30ni10p20-wires-1d.prm", false);
}

TEST_CASE("uncertainty study of the default 1-D case: bands, ranking, reproducible from the seed",
          "[default_case][uncertainty]")
{
  const std::string file = HOTDRAW_SOURCE_DIR "/parameters/seed-pd40cu30ni10p20-wires-1d.prm";
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  CaseSetup c = default_case("seed-pd40cu30ni10p20-wires-1d.prm", "unused");
  c.uncertainty.samples = 16;
  c.sweep.wire_diameters_m = {60e-6, 200e-6};
  SweepResult r = run_sweep(c, MPI_COMM_WORLD);
  const bool root = dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  if (root)
    calibrate_and_predict(c, r);
  SweepResult again = r;
  const UncertaintyStudy study =
    propagate_uncertainty(text.str(), HOTDRAW_SOURCE_DIR "/parameters", c, r, MPI_COMM_WORLD);
  propagate_uncertainty(text.str(), HOTDRAW_SOURCE_DIR "/parameters", c, again, MPI_COMM_WORLD);
  if (!root)
    return;
  // the other state model's input is not sampled (it has no effect on the chosen model)
  CHECK(std::find(study.skipped.begin(), study.skipped.end(),
                  "Structural state/Fictive temperature/Configurational work fraction") !=
        study.skipped.end());
  REQUIRE(study.inputs.size() == 10);
  for (const auto &w : r.wires)
    {
      INFO("d = " << w.wire.diameter_m * 1e6 << " um");
      for (const auto &name : banded_columns())
        {
          INFO(name);
          REQUIRE(w.bands.count(name) == 1);
          const auto &b = w.bands.at(name);
          CHECK(b[0] <= b[1]);
          CHECK(b[1] <= b[2]);
          CHECK(b[0] < b[2]);  // every banded quantity depends on some uncertain input
        }
      // the same seed gives the same bands
      CHECK(w.bands == again.wires[&w - &r.wires.front()].bands);
      // the reported (nominal) enthalpy increase lies inside its band
      const auto &h = w.bands.at("enthalpy_increase_percent_literature");
      CHECK(w.predictions.literature.enthalpy_increase_percent >= h[0]);
      CHECK(w.predictions.literature.enthalpy_increase_percent <= h[2]);
    }
  // The enthalpy increase relative to the reference rod is dominated by the rod's estimated
  // cooling rate, and a faster-cooled rod leaves less increase (issue 11's measured table).
  for (const auto &row : study.sensitivity)
    if (row.quantity == "enthalpy_increase_percent_literature")
      {
        INFO("d = " << row.diameter_m * 1e6 << " um");
        std::size_t top = 0;
        for (std::size_t j = 1; j < row.coefficients.size(); ++j)
          if (std::abs(row.coefficients[j]) > std::abs(row.coefficients[top]))
            top = j;
        CHECK(study.inputs[top] == "Structural state/Reference/Reference rod cooling rate");
        CHECK(row.coefficients[top] < 0);
      }
}

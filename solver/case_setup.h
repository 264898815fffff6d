// Everything a run needs, built from the parameter file: the material, the models chosen by name
// (rheology, structural state, convection, property mappings), the process, numerics, sweep and
// output settings.
//
// Each section of the parameter file is declared and parsed by the settings it fills, side by
// side; case_sections() lists them once, in parse order, and both declare_all_parameters() and
// parse_case() walk that one list (with an RAII Section guard), so declaration and parsing
// cannot drift apart (tests/unit/solver/test_parameters.cc also checks that every declared
// entry is read):
//   Material | Geometry and process | Rheology | Heat transfer | Structural state |
//   Property mapping | Sweep | Numerics | Uncertainty | Output
#pragma once

#include "materials/convection.h"
#include "materials/material.h"
#include "materials/property_mapping.h"
#include "materials/rheology.h"
#include "materials/structural_state.h"
#include "materials/thermal.h"
#include "solver/design_settings.h"
#include "solver/fe/fe_drawing.h"
#include "solver/fe/stokes_flow.h"
#include "solver/feasibility/feasibility.h"
#include "solver/process.h"
#include "solver/thin_filament.h"
#include "solver/uncertainty_settings.h"
#include "solver/window_settings.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hotdraw
{
  class ParameterSet;

  // Section "Property mapping/Calibration".
  struct CalibrationSettings
  {
    bool enabled = true;
    std::string data_file;           // resolved path
    std::string data_file_as_given;  // as written in the parameter file
    std::vector<std::string> fit_parameters;

    static void declare_parameters(ParameterSet &prm);
    // input_directory resolves a relative data file; the fit parameters are checked against
    // the calibrated mapping.
    void parse_parameters(ParameterSet &prm, const std::string &input_directory,
                          const PropertyMapping &calibrated);
  };

  // Section "Sweep".
  struct SweepSettings
  {
    std::vector<double> wire_diameters_m;  // empty: a single run at the process settings
    bool include_reference_rod = true;
    bool reuse_solutions = true;  // FE sweeps: start from the previous wire's FE corrections
    // FE sweeps: 0 = every wire on all ranks in turn; n = rank groups of n ranks, one wire each
    unsigned int ranks_per_wire = 0;

    static void declare_parameters(ParameterSet &prm);
    void parse_parameters(ParameterSet &prm, const ProcessSettings &process);
  };

  // Section "Output".
  struct OutputSettings
  {
    std::string directory;
    bool write_profiles = true;
    bool plot = true;

    static void declare_parameters(ParameterSet &prm);
    void parse_parameters(ParameterSet &prm);
  };

  // Section "Numerics/Material paths".
  struct PathOutputSettings
  {
    unsigned int n_paths = 24;        // material paths seeded across the inlet (FE solver)
    double particle_interval_s = 10;  // transient FE runs: time between particle injections

    static void declare_parameters(ParameterSet &prm);
    void parse_parameters(ParameterSet &prm);
  };

  enum class FlowSolver
  {
    thin_filament,
    finite_element
  };

  struct CaseSetup
  {
    Material material;
    std::unique_ptr<RheologyModel> rheology;
    std::unique_ptr<ThermalProperties> thermal;
    ConvectionModel convection;
    ProcessSettings process;
    ThinFilamentSettings thin_filament;
    std::unique_ptr<StructuralStateModel> state_model;
    // every other registered structural-state model, evaluated beside the chosen one so that
    // the states of all of them are reported
    std::vector<std::unique_ptr<StructuralStateModel>> other_state_models;
    ReferenceSettings reference;
    std::shared_ptr<const PropertyMapping> literature;
    std::shared_ptr<PropertyMapping> calibrated;
    CalibrationSettings calibration;
    // relative radii r/R of the indents on the polished cross-section (empty: area average)
    std::vector<double> indentation_radii_relative;
    SweepSettings sweep;
    OutputSettings output;
    FlowSolver flow_solver = FlowSolver::thin_filament;
    // finite-element solver
    StokesSettings stokes;
    FreeSurfaceSettings free_surface;
    PathOutputSettings paths;
    UncertaintySettings uncertainty;
    FeasibilitySettings feasibility;
    WindowSettings window;
    DesignSettings design;
    // Evaluate, beside the chosen state model, its thermal-only twin and every other model
    // (the decomposition and the states of all models). Off for the samples of an
    // uncertainty study, which need only the chosen model.
    bool evaluate_decomposition = true;
  };

  // One section of the parameter file: its path, and the declaration and parsing of the
  // settings it fills (parse runs inside the section; input_directory resolves relative file
  // names given in the parameter file).
  struct CaseSection
  {
    std::string path;
    std::function<void(ParameterSet &)> declare;
    std::function<void(ParameterSet &, CaseSetup &, const std::string &input_directory)> parse;
  };

  // Every section, in parse order (later sections may use what earlier ones parsed).
  const std::vector<CaseSection> &case_sections();

  // Declare every section and parameter of a hotdraw run.
  void declare_all_parameters(ParameterSet &prm);
  // Build the case from parsed parameters. input_directory resolves relative data-file paths.
  // Throws InputError for inconsistent values.
  CaseSetup parse_case(ParameterSet &prm, const std::string &input_directory);
}  // namespace hotdraw

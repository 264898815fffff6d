// Everything a run needs, built from the parameter file: the material, the models chosen by name
// (rheology, structural state), heat transfer, process, numerics, sweep and output settings.
//
// Sections of the parameter file:
//   Geometry and process | Material | Rheology | Heat transfer | Structural state |
//   Property mapping | Sweep | Numerics | Output
#pragma once

#include "materials/convection.h"
#include "materials/material.h"
#include "materials/property_mapping.h"
#include "materials/rheology.h"
#include "materials/structural_state.h"
#include "materials/thermal.h"
#include "solver/fe/fe_drawing.h"
#include "solver/fe/stokes_flow.h"
#include "solver/process.h"
#include "solver/thin_filament.h"

#include <memory>
#include <string>
#include <vector>

namespace hotdraw
{
  class ParameterSet;

  struct CalibrationSettings
  {
    bool enabled = true;
    std::string data_file;                 // resolved path
    std::string data_file_as_given;        // as written in the parameter file
    std::vector<std::string> fit_parameters;
  };

  struct SweepSettings
  {
    std::vector<double> wire_diameters_m;  // empty: a single run at the process settings
    bool include_reference_rod = true;
    bool reuse_solutions = true;  // FE sweeps: start from the previous wire's FE corrections
  };

  struct OutputSettings
  {
    std::string directory;
    bool write_profiles = true;
    bool plot = true;
  };

  struct PathOutputSettings
  {
    unsigned int n_paths = 24;  // material paths seeded across the inlet (FE solver)
    double particle_interval_s = 10;  // transient FE runs: time between particle injections
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
    ReferenceSettings reference;
    LiteratureMapping literature;
    CalibratedMapping calibrated;
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
  };

  // Declare every section and parameter of a hotdraw run.
  void declare_all_parameters(ParameterSet &prm);
  // Build the case from parsed parameters. input_directory resolves relative data-file paths.
  // Throws InputError for inconsistent values.
  CaseSetup parse_case(ParameterSet &prm, const std::string &input_directory);
}  // namespace hotdraw

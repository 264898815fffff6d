#include "solver/case_setup.h"

#include "materials/parameters.h"
#include "materials/registry.h"
#include "solver/transfer_function_settings.h"

#include <algorithm>
#include <fstream>

namespace hotdraw
{
  namespace
  {
    // A relative file name from the parameter file, resolved against its directory.
    std::string resolve(const std::string &file, const std::string &input_directory)
    {
      if (!file.empty() && file[0] != '/' && !input_directory.empty())
        return input_directory + "/" + file;
      return file;
    }
  }  // namespace

  // ---- Property mapping/Calibration ------------------------------------------------------
  void CalibrationSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Calibrate", "true", Bool(),
                "Fit the chosen parameters of the calibrated mapping to the measured data "
                "before the calibrated predictions are made. If false, the values given in "
                "'Property mapping/Calibrated' are used as they are.");
    prm.declare("Data file", "data/seed-pd40cu30ni10p20.csv", Anything(),
                "CSV of measured wire properties (diameter_um, modulus_reduction_percent, "
                "modulus_uncertainty_percent, hardness_reduction_percent, "
                "hardness_uncertainty_percent, enthalpy_increase_percent, "
                "enthalpy_uncertainty_percent). A relative path is relative to the "
                "parameter file.");
    prm.declare("Fit parameters",
                "Layer modulus softening, Layer hardness softening, Layer excess enthalpy",
                List(Anything(), 1, 10, ","),
                "Parameters of the calibrated mapping that the fit adjusts (names as in the "
                "mapping's subsection of 'Property mapping/Calibrated'). With data at one "
                "diameter, at most three can be identified.");
  }

  void CalibrationSettings::parse_parameters(ParameterSet &prm, const std::string &input_directory,
                                             const PropertyMapping &calibrated)
  {
    enabled = prm.get_bool("Calibrate");
    data_file_as_given = prm.get("Data file");
    data_file = resolve(data_file_as_given, input_directory);
    fit_parameters = prm.get_string_list("Fit parameters");
    const std::vector<std::string> known = calibrated.parameter_names();
    for (const auto &name : fit_parameters)
      if (std::find(known.begin(), known.end(), name) == known.end())
        {
          std::string allowed;
          for (const auto &k : known)
            allowed += (allowed.empty() ? "" : ", ") + k;
          prm.fail("Fit parameters", name,
                   "the calibrated mapping '" + calibrated.name() + "' has no such parameter",
                   allowed.empty() ? "none (this mapping has no fitted parameters)" : allowed);
        }
    if (enabled && !std::ifstream(data_file))
      prm.fail("Data file", data_file_as_given, "cannot open '" + data_file + "'",
               "a readable CSV file (relative paths are relative to the parameter file)");
  }

  // ---- Sweep ------------------------------------------------------------------------------
  void SweepSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Wire diameters",
                "60e-6, 75e-6, 90e-6, 100e-6, 120e-6, 140e-6, 160e-6, 180e-6, 200e-6",
                List(Double(1e-7, 0.1), 0, 1000, ","),
                "Wire diameters to draw, each from the same feed rod and process (the take-up "
                "speed follows from mass conservation). Empty: one run at the settings of "
                "'Geometry and process'.",
                "m");
    prm.declare("Include reference rod", "true", Bool(),
                "Add the reference rod (as-cast, not drawn) as a row of the sweep table.");
    prm.declare("Reuse neighbouring solutions", "true", Bool(),
                "Finite-element sweeps: start each wire from its thin-filament solution "
                "corrected by the converged FE solution of the wire before it in the list (the "
                "ratio of the FE to the thin-filament radius along z, and the FE temperature "
                "shift on a grid of z and r/R). Fewer shape iterations; the converged result is "
                "the same to the shape tolerance. false: every wire starts from its thin-"
                "filament solution alone. Only with 'Ranks per wire' = 0.");
    prm.declare("Ranks per wire", "0", Integer(0, 4096),
                "Finite-element sweeps: 0 = every wire is solved by all MPI ranks together, one "
                "wire after the other. n > 0 = the ranks are split into groups of n (the last "
                "one smaller if n does not divide the number of ranks), and each group takes the "
                "next wire from a shared queue when it is free, the thinnest (most expensive) "
                "wires first. Each wire then starts from its own thin-filament solution ('Reuse "
                "neighbouring solutions' does not apply), so its result does not depend on the "
                "rank count or on which group solved it. Small FE problems (about 10k DoFs) scale "
                "better this way than by splitting every wire's mesh. The thin-filament model "
                "always solves each wire on one rank, the ranks taking wires from the queue.");
  }

  void SweepSettings::parse_parameters(ParameterSet &prm, const ProcessSettings &process)
  {
    wire_diameters_m = prm.get_double_list("Wire diameters");
    include_reference_rod = prm.get_bool("Include reference rod");
    reuse_solutions = prm.get_bool("Reuse neighbouring solutions");
    ranks_per_wire = prm.get_integer("Ranks per wire");
    for (double d : wire_diameters_m)
      if (d >= process.feed_diameter_m)
        prm.fail("Wire diameters", d,
                 "a wire is not thinner than the feed rod (" + to_string(process.feed_diameter_m) +
                   " m)",
                 "diameters below 'Geometry and process/Feed rod diameter'");
  }

  // ---- Output -----------------------------------------------------------------------------
  void OutputSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Directory", "output", Anything(),
                "Directory for all output (created if missing; relative to the working "
                "directory).");
    prm.declare("Write profiles", "true", Bool(),
                "Write the axial profile of every wire (profile_<diameter>um.csv).");
    prm.declare("Plot", "true", Bool(), "Draw sweep.png and profiles.png with gnuplot.");
  }

  void OutputSettings::parse_parameters(ParameterSet &prm)
  {
    directory = prm.get("Directory");
    if (directory.empty())
      prm.fail("Directory", "", "empty", "a directory name");
    write_profiles = prm.get_bool("Write profiles");
    plot = prm.get_bool("Plot");
  }

  // ---- Numerics/Material paths ------------------------------------------------------------
  void PathOutputSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Number of paths", "24", Integer(2, 1000),
                "Material paths traced through the steady finite-element solution, seeded at "
                "r_i = i R0 / (n - 1) across the inlet (axis and surface included), each "
                "weighted by the volume flux of its annulus. Along each the structural state is "
                "integrated; together they give the radial profiles of the wire.");
    prm.declare("Particle injection interval", "10", Double(1e-6, 1e9),
                "Transient FE runs: every this often, one particle is injected at the inlet on "
                "each path seed; the particles are carried by the changing flow, and the state "
                "is integrated along the history of each one that reaches the outlet "
                "(particles.vtp, particles.csv).",
                "s");
  }

  void PathOutputSettings::parse_parameters(ParameterSet &prm)
  {
    n_paths = prm.get_integer("Number of paths");
    particle_interval_s = prm.get_double("Particle injection interval");
  }

  // ---- the sections of a run --------------------------------------------------------------
  namespace
  {
    void declare_property_mapping(ParameterSet &prm)
    {
      {
        Section section(prm, "Literature");
        declare_literature_mapping_parameters(prm);
      }
      {
        Section section(prm, "Calibrated");
        declare_calibrated_mapping_parameters(prm);
      }
      prm.declare("Indentation positions", "",
                  dealii::Patterns::List(dealii::Patterns::Double(0, 1), 0, 1000, ","),
                  "Relative radii r/R of the nanoindents on the polished cross-section of a "
                  "wire. The calibrated layer counts in the fraction of indents that lie in it, "
                  "and the finite-element run reports the indentation-weighted average of its "
                  "radial profiles. Empty: the cross-section (area) average.",
                  "-");
      Section section(prm, "Calibration");
      CalibrationSettings::declare_parameters(prm);
    }

    void parse_property_mapping(ParameterSet &prm, CaseSetup &c, const std::string &input_dir)
    {
      c.indentation_radii_relative = prm.get_double_list("Indentation positions");
      {
        Section section(prm, "Literature");
        c.literature = create_literature_mapping(prm, c.material);
      }
      {
        Section section(prm, "Calibrated");
        c.calibrated = create_calibrated_mapping(prm, c.material, c.literature);
      }
      Section section(prm, "Calibration");
      c.calibration.parse_parameters(prm, input_dir, *c.calibrated);
    }

    void declare_numerics(ParameterSet &prm)
    {
      prm.declare("Flow solver", "thin filament",
                  dealii::Patterns::Selection("thin filament|finite element"),
                  "Model of the drawing flow: the 1-D thin-filament model (fast; flow, heat and "
                  "the material chain), or the axisymmetric finite-element solver: Stokes flow "
                  "with a free surface coupled to FE heat transfer (see 'Finite element/"
                  "Temperature field'), with material paths traced through the steady solution "
                  "for the structural state and the radial profiles of the wire.");
    }

    void parse_free_surface(ParameterSet &prm, CaseSetup &c, const std::string &input_dir)
    {
      c.free_surface.parse_parameters(prm);
      if (c.free_surface.mesh_file.empty())
        return;
      const std::string f = resolve(c.free_surface.mesh_file, input_dir);
      if (!std::ifstream(f))
        prm.fail("Mesh file", c.free_surface.mesh_file, "cannot open '" + f + "'",
                 "a readable Gmsh .msh file (relative paths are relative to the parameter "
                 "file)");
      c.free_surface.mesh_file = f;
    }

    using Dir = const std::string &;
  }  // namespace

  const std::vector<CaseSection> &case_sections()
  {
    static const std::vector<CaseSection> sections = {
      {"Material", &Material::declare_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) { c.material = Material::parse_parameters(prm); }},
      {"Geometry and process", &ProcessSettings::declare_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) { c.process.parse_parameters(prm, c.material); }},
      {"Rheology", &declare_rheology_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) {
         c.rheology = create_rheology(prm, c.material);
         c.thermal = std::make_unique<ThermalProperties>(c.material);
       }},
      {"Heat transfer",
       [](ParameterSet &prm) {
         ThinFilamentSettings::declare_heat_parameters(prm);
         ConvectionModel::declare_parameters(prm);
       },
       [](ParameterSet &prm, CaseSetup &c, Dir) {
         c.thin_filament.parse_heat_parameters(prm);
         c.convection.parse_parameters(prm);
       }},
      {"Structural state", &declare_structural_state_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) {
         c.state_model = create_structural_state_model(prm, c.material);
         c.other_state_models = create_other_structural_state_models(prm, c.material);
         c.reference = parse_reference_settings(prm, c.material, c.process.feed_diameter_m);
       }},
      {"Property mapping", &declare_property_mapping, &parse_property_mapping},
      {"Sweep", &SweepSettings::declare_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) { c.sweep.parse_parameters(prm, c.process); }},
      {"Numerics", &declare_numerics,
       [](ParameterSet &prm, CaseSetup &c, Dir) {
         c.flow_solver = prm.get("Flow solver") == "finite element" ? FlowSolver::finite_element
                                                                    : FlowSolver::thin_filament;
       }},
      {"Numerics/Thin filament", &ThinFilamentSettings::declare_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) { c.thin_filament.parse_parameters(prm); }},
      {"Numerics/Finite element", &StokesSettings::declare_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) { c.stokes.parse_parameters(prm); }},
      {"Numerics/Free surface", &FreeSurfaceSettings::declare_parameters, &parse_free_surface},
      {"Numerics/Material paths", &PathOutputSettings::declare_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) { c.paths.parse_parameters(prm); }},
      {"Feasibility", &FeasibilitySettings::declare_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) { c.feasibility.parse_parameters(prm); }},
      {"Process window", &WindowSettings::declare_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) { c.window.parse_parameters(prm); }},
      // parsed by the application from the parameters (not kept here): this only checks it
      {"Transfer function", &TransferFunctionSettings::declare_parameters,
       [](ParameterSet &prm, CaseSetup &, Dir) {
         TransferFunctionSettings().parse_parameters(prm);
       }},
      {"Design", &DesignSettings::declare_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) { c.design.parse_parameters(prm); }},
      {"Uncertainty", &UncertaintySettings::declare_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) { c.uncertainty.parse_parameters(prm); }},
      {"Output", &OutputSettings::declare_parameters,
       [](ParameterSet &prm, CaseSetup &c, Dir) { c.output.parse_parameters(prm); }},
    };
    return sections;
  }

  void declare_all_parameters(ParameterSet &prm)
  {
    for (const auto &s : case_sections())
      {
        Section section(prm, s.path);
        s.declare(prm);
      }
  }

  CaseSetup parse_case(ParameterSet &prm, const std::string &input_directory)
  {
    CaseSetup c;
    for (const auto &s : case_sections())
      {
        Section section(prm, s.path);
        s.parse(prm, c, input_directory);
      }
    return c;
  }
}  // namespace hotdraw

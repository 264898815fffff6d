#include "solver/case_setup.h"

#include "materials/parameters.h"

#include <fstream>

namespace hotdraw
{
  void declare_all_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;

    prm.enter_subsection("Geometry and process");
    ProcessSettings::declare_parameters(prm);
    prm.leave_subsection();

    prm.enter_subsection("Material");
    Material::declare_parameters(prm);
    prm.leave_subsection();

    prm.enter_subsection("Rheology");
    declare_rheology_parameters(prm);
    prm.leave_subsection();

    prm.enter_subsection("Heat transfer");
    ThinFilamentSettings::declare_heat_parameters(prm);
    ConvectionModel::declare_parameters(prm);
    prm.leave_subsection();

    prm.enter_subsection("Structural state");
    declare_structural_state_parameters(prm);
    prm.leave_subsection();

    prm.enter_subsection("Property mapping");
    {
      prm.enter_subsection("Literature");
      LiteratureMapping::declare_parameters(prm);
      prm.leave_subsection();
      prm.enter_subsection("Calibrated");
      CalibratedMapping::declare_parameters(prm);
      prm.leave_subsection();
      prm.declare("Indentation positions", "", List(Double(0, 1), 0, 1000, ","),
                  "Relative radii r/R of the nanoindents on the polished cross-section of a "
                  "wire. The calibrated layer counts in the fraction of indents that lie in it, "
                  "and the finite-element run reports the indentation-weighted average of its "
                  "radial profiles. Empty: the cross-section (area) average.",
                  "-");
      prm.enter_subsection("Calibration");
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
      std::string names;
      for (const auto &n : CalibratedMapping::parameter_names())
        names += (names.empty() ? "" : "|") + n;
      prm.declare("Fit parameters",
                  "Layer modulus softening, Layer hardness softening, Layer excess enthalpy",
                  List(Selection(names), 1, 10, ","),
                  "Parameters of the calibrated mapping that the fit adjusts. With data at one "
                  "diameter, at most three can be identified.");
      prm.leave_subsection();
    }
    prm.leave_subsection();

    prm.enter_subsection("Sweep");
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
                "filament solution alone.");
    prm.leave_subsection();

    prm.enter_subsection("Numerics");
    prm.declare("Flow solver", "thin filament", Selection("thin filament|finite element"),
                "Model of the drawing flow: the 1-D thin-filament model (fast; flow, heat and "
                "the material chain), or the axisymmetric finite-element solver: Stokes flow "
                "with a free surface coupled to FE heat transfer (see 'Finite element/"
                "Temperature field'), with material paths traced through the steady solution "
                "for the structural state and the radial profiles of the wire.");
    prm.enter_subsection("Thin filament");
    ThinFilamentSettings::declare_parameters(prm);
    prm.leave_subsection();
    prm.enter_subsection("Finite element");
    StokesSettings::declare_parameters(prm);
    prm.leave_subsection();
    prm.enter_subsection("Free surface");
    FreeSurfaceSettings::declare_parameters(prm);
    prm.leave_subsection();
    prm.enter_subsection("Material paths");
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
    prm.leave_subsection();
    prm.leave_subsection();

    prm.enter_subsection("Output");
    prm.declare("Directory", "output", Anything(),
                "Directory for all output (created if missing; relative to the working "
                "directory).");
    prm.declare("Write profiles", "true", Bool(),
                "Write the axial profile of every wire (profile_<diameter>um.csv).");
    prm.declare("Plot", "true", Bool(), "Draw sweep.png and profiles.png with gnuplot.");
    prm.leave_subsection();
  }

  CaseSetup parse_case(ParameterSet &prm, const std::string &input_directory)
  {
    CaseSetup c;
    prm.enter_subsection("Material");
    c.material = Material::parse_parameters(prm);
    prm.leave_subsection();

    prm.enter_subsection("Geometry and process");
    c.process.parse_parameters(prm, c.material);
    prm.leave_subsection();

    prm.enter_subsection("Rheology");
    c.rheology = create_rheology(prm, c.material);
    prm.leave_subsection();

    c.thermal = std::make_unique<ThermalProperties>(c.material);

    prm.enter_subsection("Heat transfer");
    c.thin_filament.parse_heat_parameters(prm);
    c.convection.parse_parameters(prm);
    prm.leave_subsection();

    prm.enter_subsection("Structural state");
    c.state_model = create_structural_state_model(prm, c.material);
    c.reference = parse_reference_settings(prm, c.material, c.process.feed_diameter_m);
    prm.leave_subsection();

    prm.enter_subsection("Property mapping");
    {
      c.indentation_radii_relative = prm.get_double_list("Indentation positions");
      prm.enter_subsection("Literature");
      c.literature.set_material(c.material);
      c.literature.parse_parameters(prm);
      prm.leave_subsection();
      prm.enter_subsection("Calibrated");
      c.calibrated.parse_parameters(prm);
      prm.leave_subsection();
      prm.enter_subsection("Calibration");
      c.calibration.enabled = prm.get_bool("Calibrate");
      std::string file = prm.get("Data file");
      if (!file.empty() && file[0] != '/' && !input_directory.empty())
        file = input_directory + "/" + file;
      c.calibration.data_file = file;
      c.calibration.data_file_as_given = prm.get("Data file");
      c.calibration.fit_parameters = prm.get_string_list("Fit parameters");
      if (c.calibration.enabled)
        {
          std::ifstream test(file);
          if (!test)
            prm.fail("Data file", prm.get("Data file"), "cannot open '" + file + "'",
                     "a readable CSV file (relative paths are relative to the parameter file)");
        }
      prm.leave_subsection();
    }
    prm.leave_subsection();

    prm.enter_subsection("Sweep");
    c.sweep.wire_diameters_m = prm.get_double_list("Wire diameters");
    c.sweep.include_reference_rod = prm.get_bool("Include reference rod");
    c.sweep.reuse_solutions = prm.get_bool("Reuse neighbouring solutions");
    for (double d : c.sweep.wire_diameters_m)
      if (d >= c.process.feed_diameter_m)
        prm.fail("Wire diameters", d,
                 "a wire is not thinner than the feed rod (" +
                   to_string(c.process.feed_diameter_m) + " m)",
                 "diameters below 'Geometry and process/Feed rod diameter'");
    prm.leave_subsection();

    prm.enter_subsection("Numerics");
    c.flow_solver = prm.get("Flow solver") == "finite element" ? FlowSolver::finite_element
                                                               : FlowSolver::thin_filament;
    prm.enter_subsection("Thin filament");
    c.thin_filament.parse_parameters(prm);
    prm.leave_subsection();
    prm.enter_subsection("Finite element");
    c.stokes.parse_parameters(prm);
    prm.leave_subsection();
    prm.enter_subsection("Free surface");
    c.free_surface.parse_parameters(prm);
    if (!c.free_surface.mesh_file.empty())
      {
        std::string f = c.free_surface.mesh_file;
        if (f[0] != '/' && !input_directory.empty())
          f = input_directory + "/" + f;
        std::ifstream test(f);
        if (!test)
          prm.fail("Mesh file", c.free_surface.mesh_file, "cannot open '" + f + "'",
                   "a readable Gmsh .msh file (relative paths are relative to the parameter "
                   "file)");
        c.free_surface.mesh_file = f;
      }
    prm.leave_subsection();
    prm.enter_subsection("Material paths");
    c.paths.n_paths = prm.get_integer("Number of paths");
    c.paths.particle_interval_s = prm.get_double("Particle injection interval");
    prm.leave_subsection();
    prm.leave_subsection();

    prm.enter_subsection("Output");
    c.output.directory = prm.get("Directory");
    if (c.output.directory.empty())
      prm.fail("Directory", "", "empty", "a directory name");
    c.output.write_profiles = prm.get_bool("Write profiles");
    c.output.plot = prm.get_bool("Plot");
    prm.leave_subsection();
    return c;
  }
}  // namespace hotdraw

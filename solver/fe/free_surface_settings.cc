#include "solver/fe/free_surface_settings.h"

#include "materials/expression.h"
#include "materials/parameters.h"
#include "solver/fe/acceleration/acceleration.h"
#include "solver/fe/surface_update/surface_update.h"

#include <string>

namespace hotdraw
{
  namespace
  {
    // " Choices: 'a': summary a; 'b': summary b." for the documentation of a selection
    template <class Registry>
    std::string choices(const Registry &registry)
    {
      std::string doc = " Choices:";
      for (const auto &e : registry.entries())
        doc += " '" + e.name + "': " + e.summary + ";";
      doc.back() = '.';
      return doc;
    }

    // The parameters of transient runs (mode, take-up speed, time steps, coupled steps,
    // checkpoints, output).
    void declare_transient_parameters(ParameterSet &prm)
    {
      using namespace dealii::Patterns;
      prm.declare("Mode", "steady", Selection("steady|transient"),
                  "steady: the steady free-surface iteration; transient: after the steady state, "
                  "advance R(z, t) in time with the take-up speed multiplied by 'Take-up speed "
                  "factor' (speed changes and the resulting diameter transients).");
      prm.declare("Take-up speed factor", "1", Anything(),
                  "Transient mode: v_d(t) / v_d(steady) as an expression of t (s), e.g. "
                  "'t < 20 ? 1 : 1.2' for a 20 % speed step at t = 20 s.",
                  "-");
      prm.declare("Time step", "0.01", Double(1e-9, 1e6),
                  "Transient runs: largest time step (steps that would change the radius by more "
                  "than 10 % are halved).",
                  "s");
      prm.declare("Minimum time step", "1e-6", Double(0, 1e6),
                  "Transient runs: the step is halved while the radius would change by more than "
                  "10 % in one step or the temperature changed by more than 20 K; a step that "
                  "would fall below this value stops the run with an error (the wire pinches off, "
                  "or the transient has become unstable). At most 'Time step'.",
                  "s");
      prm.declare("End time", "1", Double(0, 1e9), "Transient runs: duration.", "s");
      prm.declare("Crank-Nicolson", "false", Bool(),
                  "Transient runs: second-order Crank-Nicolson surface update with a "
                  "predictor-corrector (two flow solves per step, no numerical damping: use it "
                  "for stability studies such as draw resonance); false: backward Euler with the "
                  "flow at the start of the step (robust).");
      prm.declare("Coupled iterations", "1", Integer(1, 1000),
                  "Transient runs with FE heat transfer: each time step iterates the flow, the "
                  "surface ('Coupled shape update', BDF2 in time with the flow at the end of the "
                  "step) and the heat step (BDF2) until the shape changes by less than "
                  "'Coupled shape tolerance' and the temperature by less than 'Temperature "
                  "tolerance' between iterations (Anderson mixing with 'Anderson depth' and "
                  "'Anderson mixing'); a step that does not converge in this many iterations is "
                  "redone with half the size. 1 (the default): the explicit split (flow and "
                  "shape, then heat, once per step), cheap but unstable for thin wires (the 60 um "
                  "wire drifted from 0.801 to 0.780 N in 40 s with a growing oscillation).",
                  "-");
      prm.declare("Coupled shape update", "kinematic", Selection("kinematic|volume balance"),
                  "Transient runs with coupled iterations: the shape at the end of a step. "
                  "kinematic: the BDF2 box step of dR/dt + u_z dR/dz = u_r with the end-of-step "
                  "flow (converges in 5-11 iterations on the 200 um wire at 0.5 s steps; its "
                  "discrete steady state differs from the steady solver's by the slope "
                  "integration error, 0.3 % in radius with 40 axial cells). volume balance: the "
                  "BDF2 volume balance dA/dt + dq/dz = 0 of the sections with the end-of-step FE "
                  "flux, exactly mass-conservative, whose steady state is the steady solver's; "
                  "experimental: its coupled iteration converges only for steps of about 0.02 s "
                  "on the 200 um wire, and after the 60 um start-up ramp the radius of one "
                  "section grew by 9-40 %/s where the kinematic step stays smooth.",
                  "-");
      prm.declare("Coupled shape tolerance", "1e-5", Double(1e-14, 1),
                  "Transient runs with FE heat transfer: max |R^(k+1) - R^k| / R between coupled "
                  "iterations of a step. Keep it well below 'Time step tolerance' (the step's "
                  "error) but above the flow's noise, which the flow's 'Nonlinear tolerance' "
                  "sets: 1e-5 suits the 200 um wire; the 60 um start-up (bench/startup_60um.prm, "
                  "time step tolerance 3e-3) uses 1e-4, where 1e-5 made the iteration creep and "
                  "steps fail.",
                  "-");
      prm.declare("Time step tolerance", "1e-4", Double(0, 1),
                  "Transient runs with FE heat transfer and coupled iterations: the local error "
                  "of a step, estimated as the largest relative radius difference between the "
                  "converged step and the shape extrapolated (quadratically) from the accepted "
                  "steps, is kept near this value: the next step is dt min(2, max(0.25, 0.9 "
                  "(tolerance / error)^(1/p))), p = 3 (2 with a linear extrapolation or on the "
                  "first step), at most 'Time step', and a step with an error above 4 x tolerance "
                  "is redone with that size. 0: the heuristics of the uncoupled run (grow while "
                  "the shape changes little).",
                  "-");
      prm.declare("Checkpoint every", "0", Integer(0, 1000000),
                  "Transient runs: write a checkpoint of the whole FE state (mesh, flow, "
                  "temperature with its time-step history, particles) to fe_<d>um/checkpoint/ "
                  "every this many time steps; 'hotdraw --resume FILE.prm' continues a killed run "
                  "from it. 0: not by steps.",
                  "-");
      prm.declare("Checkpoint wall time", "0", Double(0, 1e9),
                  "Transient runs: also write a checkpoint when this much wall-clock time has "
                  "passed since the last one (e.g. 1800 for every 30 minutes). 0: not by time.",
                  "s");
      prm.declare("Output every", "10", Integer(0, 1000000),
                  "Steps (transient runs: transient.pvd) or shape iterations (iterations.pvd) "
                  "between ParaView outputs; the converged steady state is always written "
                  "(steady.vtu and the last of iterations.pvd). 0: only that.",
                  "-");
    }
  }  // namespace

  void FreeSurfaceSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Axial cells", "240", Integer(4, 100000),
                "Cells along z of the generated drawing mesh; they equidistribute the arc "
                "length of (z/R, ln R), so the neck gets most of them.",
                "-");
    prm.declare("Radial cells", "4", Integer(1, 1000), "Cells across the radius.", "-");
    prm.declare("Radial grading", "1", Double(0.01, 100),
                "Size of the axis cell over the size of the surface cell (> 1 refines towards "
                "the free surface).",
                "-");
    prm.declare("Global refinements", "0", Integer(0, 8),
                "Global refinements of the generated (or imported) mesh.", "-");
    prm.declare("Mesh file", "", Anything(),
                "Gmsh mesh (.msh) with the hotdraw boundary ids (inlet 0, outlet 1, axis 2, free "
                "surface 3) instead of the generated mesh. Empty: generate.");
    prm.declare("Shape tolerance", "1e-6", Double(1e-14, 1),
                "Steady free surface: largest relative change of the radius per iteration at "
                "convergence.",
                "-");
    prm.declare("Normal velocity tolerance", "1e-5", Double(1e-14, 1),
                "Steady free surface: largest |u.n|/|u| on the free surface at convergence.", "-");
    prm.declare("Temperature tolerance", "1e-3", Double(1e-12, 100),
                "Coupled steady runs: largest temperature change per iteration at convergence.",
                "K");

    prm.declare("Maximum shape iterations", "100", Integer(1, 100000),
                "Steady free surface: iterations before the shape is declared not converged.", "-");
    prm.declare("Relaxation", "0.5", Double(0.01, 1),
                "Initial under-relaxation of the steady surface update; later iterations adapt "
                "it by Aitken's method.",
                "-");
    // the choices are the registered plugins (solver/fe/surface_update/, acceleration/) and
    // 'automatic'; they take their parameters from this section
    prm.declare("Surface update", "automatic",
                Selection("automatic|" + surface_updates().selection()),
                "Steady free surface: the map from the flow to the next shape." +
                  choices(surface_updates()) +
                  " automatic: mass flux when the heat equation is solved, else kinematic.");
    prm.declare("Acceleration", "automatic",
                Selection("automatic|" + surface_accelerations().selection()),
                "Steady free surface: the acceleration of the shape iteration." +
                  choices(surface_accelerations()) +
                  " automatic: Anderson when the heat equation is solved, else Aitken.");
    prm.declare("Anderson depth", "10", Integer(1, 100), "Anderson mixing: previous iterates kept.",
                "-");
    prm.declare("Anderson mixing", "0.4", Double(0.01, 1),
                "Anderson mixing: fraction beta of the new residual taken per step.", "-");
    declare_transient_parameters(prm);
  }

  void FreeSurfaceSettings::parse_parameters(ParameterSet &prm)
  {
    n_axial_cells = prm.get_integer("Axial cells");
    n_radial_cells = prm.get_integer("Radial cells");
    radial_grading = prm.get_double("Radial grading");
    global_refinements = prm.get_integer("Global refinements");
    mesh_file = prm.get("Mesh file");
    shape_tolerance = prm.get_double("Shape tolerance");
    normal_velocity_tolerance = prm.get_double("Normal velocity tolerance");
    temperature_tolerance_K = prm.get_double("Temperature tolerance");
    max_shape_iterations = prm.get_integer("Maximum shape iterations");
    relaxation = prm.get_double("Relaxation");
    update = prm.get("Surface update");
    acceleration = prm.get("Acceleration");
    anderson_depth = prm.get_integer("Anderson depth");
    anderson_mixing = prm.get_double("Anderson mixing");
    transient = prm.get("Mode") == "transient";
    take_up_factor = prm.get("Take-up speed factor");
    {
      // validate the expression here, where the parameter is known
      const Expression e = Expression::from_parameter(prm, "Take-up speed factor", "t");
      for (double t : {0.0, 1.0, 10.0, 100.0})
        if (!(e(t) > 0) || !std::isfinite(e(t)))
          prm.fail("Take-up speed factor", take_up_factor,
                   "evaluates to " + to_string(e(t)) + " at t = " + to_string(t) + " s",
                   "a positive expression of t");
    }
    time_step_s = prm.get_double("Time step");
    min_time_step_s = prm.get_double("Minimum time step");
    if (min_time_step_s > time_step_s)
      prm.fail("Minimum time step", min_time_step_s,
               "is larger than 'Time step' = " + to_string(time_step_s) + " s",
               "a value at most 'Time step'");
    end_time_s = prm.get_double("End time");
    crank_nicolson = prm.get_bool("Crank-Nicolson");
    output_every = prm.get_integer("Output every");
    max_coupled_iterations = prm.get_integer("Coupled iterations");
    coupled_shape_tolerance = prm.get_double("Coupled shape tolerance");
    coupled_shape_update = prm.get("Coupled shape update");
    time_step_tolerance = prm.get_double("Time step tolerance");
    checkpoint_every_steps = prm.get_integer("Checkpoint every");
    checkpoint_wall_time_s = prm.get_double("Checkpoint wall time");
  }
}  // namespace hotdraw

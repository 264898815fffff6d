// Settings of the free-surface drawing solver (solver/fe/fe_drawing.h): the mesh, the steady
// shape iteration with its surface update and acceleration (chosen by name among the registered
// ones), and the transient run. Parameters of 'Numerics/Free surface'.
#pragma once

#include <string>

namespace hotdraw
{
  class ParameterSet;

  struct FreeSurfaceSettings
  {
    // mesh
    unsigned int n_axial_cells = 240;
    unsigned int n_radial_cells = 4;
    double radial_grading = 1.0;
    unsigned int global_refinements = 0;
    std::string mesh_file;  // Gmsh file instead of the generated mesh (fixed shape only)
    // steady iteration
    double shape_tolerance = 1e-6;            // max |R_new - R| / R
    double normal_velocity_tolerance = 1e-5;  // max |u.n| / |u|
    unsigned int max_shape_iterations = 100;
    double relaxation = 0.5;  // initial; Aitken-adapted
    // The steady surface update and acceleration by their registered names (solver/fe/
    // surface_update/, solver/fe/acceleration/). automatic: mass flux and Anderson when the heat
    // equation is solved, else kinematic and Aitken.
    std::string update = "automatic";
    std::string acceleration = "automatic";
    unsigned int anderson_depth = 10;
    double anderson_mixing = 0.4;
    double temperature_tolerance_K = 1e-3;  // coupled: max |dT| per iteration
    // transient
    bool transient = false;            // after the steady state, run in time
    std::string take_up_factor = "1";  // v_d(t) / v_d(steady), expression of t
    double time_step_s = 0.01;
    double min_time_step_s = 1e-6;  // halvings below this stop the run with an error
    bool crank_nicolson = false;    // second-order surface update (predictor-corrector)
    double end_time_s = 1.0;
    unsigned int output_every = 10;  // steps or iterations between .vtu outputs (0: none)
    // transient with FE heat: 'Coupled iterations' > 1 iterates flow, shape and heat to
    // convergence in every step (opt-in: 1 is the explicit split)
    unsigned int max_coupled_iterations = 1;
    double coupled_shape_tolerance = 1e-5;  // max |R^{k+1} - R^k| / R between iterations
    // the shape update of a coupled step: "kinematic" (BDF2 box step of dR/dt + u_z dR/dz =
    // u_r) or "volume balance" (BDF2 volume balance of the sections)
    std::string coupled_shape_update = "kinematic";
    // error per coupled step (against the shape extrapolated from the accepted steps, relative
    // radius); 0: the step size heuristics of the uncoupled run
    double time_step_tolerance = 1e-4;
    // checkpoints of transient runs: every n steps and/or every so much wall time (0: never)
    unsigned int checkpoint_every_steps = 0;
    double checkpoint_wall_time_s = 0;
    // not a parameter: 'hotdraw --resume' (continue transient runs from their checkpoints)
    bool resume = false;

    static void declare_parameters(ParameterSet &prm);  // inside "Numerics/Free surface"
    void parse_parameters(ParameterSet &prm);
  };
}  // namespace hotdraw

// Heat transfer in the drawing flow, on the domain of the flow (solver/fe/domain.h), for either
// linear-algebra back end (solver/fe/heat_solver.cc). It takes the velocity and the viscous
// dissipation from a FlowField and the mesh velocity from the domain, and is the
// TemperatureField the flow's viscosity follows once it is set on the flow.
//
// Weak form (geometry-weighted, w the test function, W = w + tau (u - u_m).grad w for SUPG):
//   int rho c_p (dT/dt + (u - u_m).grad T) W + int k grad T.grad w
//   + int_surface [h (T - T_gas) + e sigma (T^4 - T_w^4)] w + int_inlet k lambda (T - T_far) w
//   - int 2 eta D:D W + int tau (u - u_m).grad w (-div(k grad T)) = 0
// tau after Tezduyar: [(2/dt)^2 + (2|u|/h)^2 + (4 a / h^2)^2]^(-1/2), a = k/(rho c_p), h the
// element length along the flow (2|u| / sum_i |u.grad phi_i|), divided by the degree 2.
// Newton's method with the consistent linearisation of c_p(T), k(T), the radiation term and the
// viscosity in the dissipation (h from the correlation is lagged).
#pragma once

#include "meshes/drawing_domain.h"
#include "solver/fe/checkpoint.h"
#include "solver/fe/fields.h"

#include <deal.II/base/point.h>
#include <deal.II/base/quadrature.h>
#include <deal.II/base/tensor.h>
#include <deal.II/base/types.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hotdraw
{
  class Domain;

  // Transient heat transfer on the flow's mesh (the domain of solver/fe/domain.h):
  //   rho c_p (dT/dt + (u - u_mesh).grad T) = div(k grad T) + 2 eta D:D
  // Q2 elements, SUPG stabilisation, BDF2 with variable steps (ALE: dT/dt at mesh points).
  // Free surface: -k dT/dn = h (T - T_gas) + e sigma (T^4 - T_w^4), radiation linearised
  // consistently (Newton); inlet: fixed T or the long-rod Robin condition
  // dT/dz = lambda (T - T_far) of the exact upstream solution; outlet: outflow (no conduction).
  struct HeatSpec
  {
    std::function<double(double)> density;        // rho(T), kg/m^3 (constant in practice)
    std::function<double(double)> heat_capacity;  // c_p(T), J/(kg K)
    std::function<double(double)> enthalpy;       // H(T) = int c_p dT, J/kg (energy balance)
    std::function<double(double)> dcp_dT;
    std::function<double(double)> conductivity;  // k(T), W/(m K)
    std::function<double(double)> dk_dT;
    // h(z, R, |u|, T, T_gas, t) on the free surface, W/(m^2 K)
    std::function<double(double, double, double, double, double, double)> heat_transfer;
    std::function<double(double, double)> wall_temperature;  // T_w(z, t)
    std::function<double(double, double)> gas_temperature;   // T_gas(z, t)
    double emissivity = 0;
    bool radiation = true;
    bool viscous_heating = true;
    bool fixed_inlet = false;  // true: T = inlet_temperature at the inlet
    double inlet_temperature_K = 298.15;
    double inlet_lambda_per_m = 0;  // long rod: dT/dz = lambda (T - T_far) at the inlet
    bool supg = true;
    bool iterative_linear_solver = false;  // false: sparse direct (MUMPS / KLU)
    double newton_tolerance = 1e-9;        // max |dT| / 1000 K
    unsigned int max_newton_iterations = 30;
    // ids of the boundaries (the drawing convention by default)
    dealii::types::boundary_id inlet = BoundaryId::inlet, outlet = BoundaryId::outlet,
                               free_surface = BoundaryId::free_surface;
    // verification: prescribed temperatures on these boundaries (constant in time) and a
    // volumetric source Q(x, t) (W/m^3; steady solves: t = 0, time steps: the step's end time)
    std::vector<dealii::types::boundary_id> dirichlet_ids;
    ScalarFunction dirichlet_value;
    std::function<double(const dealii::Point<2> &, double)> source;
  };

  struct HeatReport
  {
    bool converged = false;
    unsigned int newton_iterations = 0, linear_iterations = 0;
    double max_change_K = 0;  // max |T_new - T_old| of the solve
    std::string message;
  };

  // Steady energy balance of the domain (W): advected enthalpy in and out, heat lost through
  // the free surface, viscous dissipation, conduction into the inlet. imbalance_relative =
  // |in - out - surface + viscous + inlet conduction| / max(term).
  struct EnergyBalance
  {
    double inflow_W = 0, outflow_W = 0, surface_loss_W = 0, dissipation_W = 0;
    double inlet_conduction_W = 0, imbalance_relative = 0;
  };

  // Checkpoints (solver/fe/checkpoint.h): the temperature with the BDF2 history (the fields of
  // the two steps before, the last step size, the number of steps and the time).
  class HeatTransfer : public TemperatureField, public Checkpointable
  {
  public:
    // The temperature field on 'domain' for the flow 'flow' (with the domain's back end); T0 is
    // the initial field. verbosity >= 1 logs one line per steady solve, >= 2 per time step.
    static std::unique_ptr<HeatTransfer> create(const Domain &domain, const FlowField &flow,
                                                const HeatSpec &spec, const ScalarFunction &T0,
                                                unsigned int verbosity);

    // Steady temperature for the current flow and geometry (Newton).
    virtual HeatReport solve_steady() = 0;
    // One BDF2 step of size dt (BDF1 for the first step) at time t_new, for the current flow,
    // on the current mesh, with the mesh velocity from the last move of the free surface over dt.
    virtual HeatReport advance(double dt, double t_new) = 0;
    // The last step once more (same size, time and history) for the current flow and mesh: an
    // iteration of a coupled time step (solver/fe/fe_drawing.h). Throws std::logic_error if no
    // step was taken.
    virtual HeatReport repeat_step() = 0;
    // Undoes the last step: the temperature and the history are those before it (a rejected
    // time step). At most one step back.
    virtual void reject_step() = 0;

    // The locally owned nodal temperatures (K) in the order of the owned DoFs, and their
    // replacement in the same layout (the accelerated coupled steady iteration mixes them).
    virtual std::vector<double> owned_values() const = 0;
    virtual void set_owned_values(const std::vector<double> &T) = 0;

    virtual EnergyBalance energy_balance() const = 0;
    virtual double max_temperature() const = 0;
    // Geometry-weighted L2 error of the temperature against an exact field (verification).
    virtual double error(const ScalarFunction &exact) const = 0;
    virtual unsigned int n_dofs() const = 0;

    // The temperature gradient and the temperature before the last time step at the points q
    // of a locally owned cell, the gradient at the points of a face, and the last step (0 if
    // none: steady).
    virtual void gradients(const CellIterator &cell, const dealii::Quadrature<2> &q,
                           std::vector<dealii::Tensor<1, 2>> &grad_T) const = 0;
    virtual void old_values(const CellIterator &cell, const dealii::Quadrature<2> &q,
                            std::vector<double> &T) const = 0;
    virtual void face_gradients(const CellIterator &cell, unsigned int face,
                                const dealii::Quadrature<1> &q,
                                std::vector<dealii::Tensor<1, 2>> &grad_T) const = 0;
    virtual double last_dt() const = 0;
  };
}  // namespace hotdraw

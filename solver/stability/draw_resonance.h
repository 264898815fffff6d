// Linear stability (draw resonance) of the steady non-isothermal thin-filament draw
// (solver/thin_filament.h) at fixed feed and take-up speeds, after Pearson & Matovich (1969):
// isothermal Newtonian drawing is unstable above the draw ratio 20.218; cooling along the draw
// moves the limit.
//
// Model: the transient form of the steady thin-filament model, inertialess and slender,
//   mass      dA/dt + v dA/dz = -A eps                         (eps = dv/dz)
//   momentum  F(t) = 3 eta(T, sqrt3 eps) A eps, uniform in z    (eps = rheology inversion of F/A)
//   energy    rho c_p(T) A (dT/dt + v dT/dz) = d/dz(k A dT/dz) - 2 pi R [h (T - T_gas)
//               + e sigma_SB (T^4 - T_w^4)] + F eps             (switches of ThinFilamentSettings)
// with A and T fixed at the upstream end and v = v_d at the downstream end (speed-controlled
// take-up). Given A(z) and T(z), v follows from the quasi-static force balance (v(z_a) = v_f,
// dv/dz = eps(T, F/A), F such that v(z_b) = v_d), so the state is (A, T) at the nodes and
// d(A, T)/dt = f(A, T); perturbations ~ exp(sigma t) give the standard eigenproblem J phi =
// sigma phi with J the analytic Jacobian of f at the steady draw (LAPACK dgeev).
//
// Frozen at their steady values along z (not perturbed): the heat-transfer coefficient h and
// the wall and gas temperatures. Perturbed: A (with it R in the loss terms and the conductance
// k A of the conduction term), T in eta(T), in the convective and radiative losses, in c_p(T)
// and k(T), the draw force F and the speed v. (The conductance matters: where the draw is slow,
// d/dz(k dA dT/dz) outweighs the perturbed surface loss; an earlier version froze k A and put
// the critical draw ratio of the cooled test draw at 33 instead of 49.6, see
// tests/unit/solver/test_draw_resonance_lsa.cc.) Slender: perturbations are assumed long
// against the radius; DrawResonanceMode::wavelength_radii says how long the leading mode is. The
// discrete steady state is made an exact equilibrium by subtracting the residual of f at the
// interpolated steady profile (it is of the size of the discretisation error, and holds the steady
// state's inlet treatment).
//
// Discretisation: the analysis domain [z_a, z_b] is the part of the steady draw that deforms,
// ln(v/v_f) between 1e-6 ln DR and (1 - 1e-6) ln DR (upstream of it the rod is rigid and
// carries no perturbation; downstream the frozen wire only advects them out at v_d, with no
// feedback). Its grid equidistributes the steady ln v, T and the residence time (so that the
// advected perturbations are resolved uniformly in time). Advection: second-order backward
// (upwind) differences on the nonuniform grid (first order at the first interior node); force
// balance: trapezoidal rule; conduction: conservative central differences, no perturbation
// flux at z_b.
//
// Spurious eigenvalues: advection on a grid has discrete eigenvalues near -1.5 v_i / dz_i (one
// per node, moving to -infinity as the grid is refined) and conduction ones near
// -k / (rho c_p dz^2). An eigenvalue is kept only if the grid resolves it: |sigma| dtau_max
// <= pi/4, dtau_max the largest residence time of a cell (eight cells per period of the mode
// as it is advected). The growth rate is the largest real part of the kept eigenvalues (if none
// is kept, of all of them).
//
// What the growth rate means: near and above the critical draw ratio the leading mode is the
// draw-resonance oscillation and does not depend on where the analysis domain starts (it is
// weighted by exp(-sigma tau) along the residence time tau, which decays upstream for Re sigma
// >= 0), so the sign and the critical draw ratio are robust. Far below it, on non-isothermal
// draws with a long, slowly creeping rod before the neck, the leading modes are slow transport
// and thermal modes of that rod (Re sigma ~ ln(loop gain) / residence time, or the decay of
// temperature perturbations in the rod), and their decay rate depends on the cut: on the
// default case it is -0.10 1/s with the cut at 1e-6 ln DR and -0.096 to -0.082 1/s with cuts
// from 1e-4 to 1e-10 ln DR. Read it as "damped at about this rate", not as a precise number.
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hotdraw
{
  class ParameterSet;
  struct Material;
  class RheologyModel;
  class ThermalProperties;
  class ConvectionModel;
  struct ProcessSettings;
  struct ThinFilamentSettings;
  struct FilamentProfile;

  // Section "Feasibility/Draw resonance" (declare and parse inside it).
  struct DrawResonanceSettings
  {
    unsigned int n_grid_points = 201;  // nodes of the analysis grid
    bool search_critical_draw_ratio = true;
    double max_draw_ratio = 1000;  // the search stops here: critical = +infinity
    unsigned int max_steady_solves = 20;
    double critical_tolerance = 0.005;        // relative width of the final bracket
    double bracket_factor = 2;                // geometric step from the operating draw ratio
    bool finite_difference_jacobian = false;  // verification: central differences of f

    static void declare_parameters(ParameterSet &prm);
    void parse_parameters(ParameterSet &prm);
  };

  // The leading mode of one steady draw.
  struct DrawResonanceMode
  {
    double draw_ratio = 0;
    double growth_rate_per_s = std::numeric_limits<double>::quiet_NaN();  // Re sigma_max
    double angular_frequency_rad_per_s = 0;                               // |Im sigma|
    bool stable = true;                                                   // growth rate < 0
    unsigned int n_eigenvalues = 0, n_resolved = 0;  // all, and kept (resolved)
    double resolution_limit_per_s = 0;               // |sigma| above this is discarded
    double residence_time_s = 0;                     // through the analysis domain
    // Slenderness of the mode: its shortest wavelength along the draw, 2 pi v / omega, in
    // local radii (smallest where the rod is thickest, at the start of the analysis domain;
    // +infinity for a non-oscillating mode). The analysis assumes long waves; below about
    // 'slender_wavelength_radii' it overestimates the growth (the FE damps such modes).
    double wavelength_radii = std::numeric_limits<double>::infinity();
  };

  // Below this wavelength (in rod radii) the slender analysis overestimates a mode's growth: on
  // the cooled test draw at DR 60 the FE's fast mode grows at +0.087 1/s when it is 12 radii
  // long, at about +0.068 with 6 and +0.016 with 3, and decays at -0.061 with 1.5, against +0.116
  // from the analysis (docs/physics.md 4.9; tests/unit/fe/test_draw_resonance.cc). On the cooled
  // draws compared (DR 26 to 60) the FE's growth rates all lay below the analysis's; on the
  // isothermal one (modes 8.5 radii long) they differ by up to 20 % either way, so the caveat
  // is kept for clearly short modes.
  inline constexpr double slender_wavelength_radii = 5;

  struct DrawResonanceResult
  {
    DrawResonanceMode operating;  // at the steady draw that was given
    // Critical draw ratio: where the growth rate crosses zero (+infinity: stable up to
    // 'Maximum draw ratio' or up to the last steady solution; NaN: not searched). 'reason'
    // says how the search ended.
    double critical_draw_ratio = std::numeric_limits<double>::quiet_NaN();
    double critical_angular_frequency_rad_per_s = std::numeric_limits<double>::quiet_NaN();
    std::string reason;
    std::vector<DrawResonanceMode> evaluated;  // every draw ratio analysed, in order
    unsigned int steady_solves = 0;
    double cost_s = 0;  // wall-clock time of the whole analysis
  };

  // The semi-discrete draw d x/dt = f(x; v_d) on the analysis grid of one steady draw, x = (A, T)
  // at the nodes after the first (A only if isothermal), linearised there: the Jacobian J =
  // df/dx and the input b = df/d ln v_d, the response of f to a relative change of the take-up
  // speed (the speed at the end of the analysis domain, z_b, changes by the same fraction; the
  // wire downstream of z_b is frozen). Transfer functions: solver/stability/transfer_function.h.
  struct LinearisedDraw
  {
    std::size_t n_unknowns = 0;
    std::vector<double> z_m;            // the analysis grid [z_a, z_b]
    std::vector<double> state;          // the steady x (an exact equilibrium of f)
    std::vector<double> jacobian;       // J, row-major n_unknowns x n_unknowns
    std::vector<double> input;          // b = df/d ln v_d
    std::size_t outlet_area = 0;        // index of A at z_b in x
    double residence_time_s = 0;        // through the analysis domain
    double delay_s = 0;                 // travel time from z_b to the take-up (end of the profile)
    double resolution_limit_per_s = 0;  // |sigma| above this is not resolved by the grid
    // f(x) with the take-up speed changed by the factor exp(ln_speed_change); valid while the
    // analysis that made it lives. Throws SolverError if the force balance cannot be solved.
    std::function<std::vector<double>(const std::vector<double> &x, double ln_speed_change)> rates;
  };

  class DrawResonanceAnalysis
  {
  public:
    DrawResonanceAnalysis(const Material &material, const RheologyModel &rheology,
                          const ThermalProperties &thermal, const ConvectionModel &convection,
                          const ProcessSettings &process, const ThinFilamentSettings &thin_filament,
                          const DrawResonanceSettings &settings);
    ~DrawResonanceAnalysis();

    // Leading mode of the steady draw 'steady' (a solution of the thin-filament model with
    // these data). Throws SolverError if the force balance cannot be solved on its grid.
    DrawResonanceMode analyse(const FilamentProfile &steady) const;
    // All eigenvalues (real and imaginary parts, 1/s), unfiltered, for tests.
    std::vector<std::pair<double, double>> eigenvalues(const FilamentProfile &steady) const;

    // The linearised draw of 'steady' for its response to the take-up speed (analytic J and b,
    // or central differences of f with 'Finite-difference Jacobian').
    LinearisedDraw linearise(const FilamentProfile &steady) const;

    // The operating point's mode and, if the settings say so, the critical draw ratio:
    // re-solves the steady draw at other take-up speeds (warm start from the nearest solved
    // one), brackets the sign change of the growth rate geometrically from the operating draw
    // ratio and bisects it in ln DR. Never throws for a failed steady solve (see 'reason').
    DrawResonanceResult analyse_wire(const FilamentProfile &operating) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
  };
}  // namespace hotdraw

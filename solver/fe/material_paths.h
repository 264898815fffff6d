// Material paths through a steady drawing flow: from seeds across the inlet, through the neck, to
// the wire at the outlet.
//
// Method (steady, axisymmetric, incompressible): a material path is a streamline, i.e. a line of
// constant stream function psi(r, z) = int_0^r u_z 2 pi r' dr' (the volume flux inside radius r).
// At every axial station of the mesh (the vertices and edge midpoints of the free surface) the
// flux profile psi(r) is integrated from the FE velocity sampled across the section; a path
// keeps its share f = psi / Q of the section's total flux Q, and its radius at the station is
// found by inverting psi (interpolated in r^2, exact for plug flow). Every path therefore ends
// in the wire by construction, mass conservation distributes the seeds, and the flux each seed
// carries is the flux between its neighbours' midpoints, so the weights sum to the inlet flux.
// Along each path the fields are sampled once (Domain::sample, MPI-safe: each point is
// evaluated on the rank that owns its cell), and time and strain are integrated in z:
//   t = int dz / u_z,   gamma = int gamma_dot dz / u_z
// with u_z and gamma_dot interpolated by quadratics through consecutive stations and Gauss
// quadrature of the ratio on every interval.
// The path may not reverse (u_z > 0 everywhere): a recirculating flow raises SolverError.
#pragma once

#include <string>
#include <vector>

namespace hotdraw
{
  class Domain;
  class FieldEvaluator;

  struct MaterialPath
  {
    double seed_radius_m = 0;         // radius at the inlet
    double flux_fraction = 0;         // psi / Q: share of the flux inside the path
    double volume_flux_m3_per_s = 0;  // flux carried by this seed (its annulus at the inlet)
    // per point, from the inlet to the outlet (one point per axial station)
    std::vector<double> z_m, r_m, time_s, u_r_m_per_s, u_z_m_per_s, temperature_K;
    std::vector<double> shear_rate_per_s, shear_strain, stress_eq_Pa, viscosity_Pa_s;
    std::vector<double> cooling_rate_K_per_s;
    std::size_t size() const { return z_m.size(); }
  };

  struct PathSettings
  {
    unsigned int n_paths = 24;           // seeds r_i = i R0 / (n - 1), axis and surface included
    unsigned int n_radial_samples = 65;  // samples of u_z across each section (odd)
  };

  // Trace the paths of the current (steady) FE solution: the fields on the domain. Collective
  // over the domain's communicator; every rank receives all paths.
  std::vector<MaterialPath> trace_steady_paths(const Domain &domain, const FieldEvaluator &fields,
                                               const PathSettings &settings);

  // Section equilibrium of the paths' stresses (steady, axisymmetric runs). Without inertia the
  // viscous force carried by every cross-section is the draw force less the surface-tension
  // line force, F - pi R gamma (slender filament). The von Mises stress of the Q2 velocity
  // gradient oscillates from station to station (vertices low, edge midpoints high) where the
  // viscosity rises by more than e over a cell, in the cooling zone where the wire freezes:
  // up to -13 %/+7 % at 200 um on the default mesh, though each cell average balances. This
  // scales the stresses of every station by the factor that restores the balance,
  // sum_i sigma_i q_i / u_z,i = F - pi R gamma (the section integral over the paths' fluxes),
  // keeping their radial distribution. Returns the largest |factor - 1| where the axis is at
  // 'report_above_K' or hotter (a measure of the discretisation error of the raw stresses where
  // the glass can still change; the cold rod at the inlet, with its tiny noisy strain rates, is
  // not counted). Stations whose raw integral or target is not positive are left alone. The
  // strain rates are not corrected.
  double equilibrate_path_stresses(std::vector<MaterialPath> &paths, double draw_force_N,
                                   double surface_tension_N_per_m, double report_above_K = 0);

  // Particles injected at the inlet of a transient run and carried by the flow. Within each time
  // step the flow is frozen (as in the transient free-surface update, which takes the flow at
  // the start of the step), so a particle moves along the step's streamline of its flux
  // fraction by the step's time: exact for a steady flow, first order in the step otherwise.
  // Every injection releases one particle on each of the n_paths seeds of PathSettings. The
  // history records every axial station the particle passes.
  class TransientParticles
  {
  public:
    struct Particle
    {
      unsigned int path = 0;  // seed index (0: axis, n_paths - 1: surface)
      double injection_time_s = 0;
      bool exited = false;  // has reached the outlet
      std::vector<double> time_s, r_m, z_m, temperature_K, shear_rate_per_s, shear_strain;
      std::vector<double> stress_eq_Pa, cooling_rate_K_per_s;
    };

    TransientParticles(const PathSettings &settings, double injection_interval_s);
    // Inject the particles due by time t, then move every particle over [t, t + dt] with the
    // current fields on the domain. Collective.
    void advance(const Domain &domain, const FieldEvaluator &fields, double t, double dt);
    const std::vector<Particle> &particles() const { return particles_; }
    // The particles and the injection clock as a binary record (checkpoints,
    // solver/fe/checkpoint.h), and back.
    std::string save() const;
    void load(const std::string &record);

  private:
    PathSettings settings_;
    double interval_s_;
    double next_injection_s_ = -1;  // < 0: at the first call
    std::vector<Particle> particles_;
  };

  // Total volume flux through the inlet section found by the tracer (m^3/s).
  double seeded_flux(const std::vector<MaterialPath> &paths);

  // Cumulative integral of y(x) from x[0] to every x[i], piecewise quadratic through three
  // consecutive points (nonuniform spacing allowed; two points: trapezoid).
  std::vector<double> cumulative_integral(const std::vector<double> &x,
                                          const std::vector<double> &y);
  // The same for num(x) / den(x), with num and den each interpolated by the quadratics (more
  // accurate than interpolating the ratio when den is a velocity that varies strongly).
  std::vector<double> cumulative_integral(const std::vector<double> &x,
                                          const std::vector<double> &num,
                                          const std::vector<double> &den);
}  // namespace hotdraw

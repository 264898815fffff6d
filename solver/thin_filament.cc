#include "solver/thin_filament.h"

#include "materials/convection.h"
#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/rheology.h"
#include "materials/thermal.h"
#include "meshes/line_grid.h"
#include "postprocess/log.h"
#include "solver/numerics/newton.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

namespace hotdraw
{
  namespace
  {
    constexpr double stefan_boltzmann = 5.670374419e-8;

    // x coth(x), accurate for small x
    double x_coth_x(double x)
    {
      const double ax = std::abs(x);
      if (ax < 1e-4)
        return 1.0 + ax * ax / 3.0;
      if (ax > 20)
        return ax;
      return ax / std::tanh(ax);
    }
  }  // namespace

  // ------------------------------------------------------------------------------------------
  void ThinFilamentSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Number of cells", "1200", Integer(20, 200000),
                "Cells of the final (adapted) grid along z.");
    prm.declare("Number of continuation cells", "300", Integer(20, 200000),
                "Cells of the coarse grid used while the draw ratio is ramped up.");
    prm.declare("Adaptation cycles", "2", Integer(0, 20),
                "Grid equidistribution cycles on the final grid (neck and cooling front).");
    prm.declare("Uniform grid", "false", Bool(),
                "Use a uniform grid without adaptation (verification runs).");
    prm.declare("Newton tolerance", "1e-9", Double(1e-15, 1e-3),
                "Tolerance on the scaled residual (max norm) of the discrete equations: "
                "relative for the speed equations, in units of 1000 K for the energy "
                "equations.",
                "-");
    prm.declare("Maximum Newton iterations", "60", Integer(1, 10000),
                "Newton iterations per continuation step before the step is retried smaller.");
    prm.declare("Maximum continuation steps", "200", Integer(1, 100000),
                "Limit on continuation steps in the draw ratio or force.");
    prm.declare("Verbosity", "1", Integer(0, 3),
                "0: silent; 1: one line per solve; 2: continuation steps; 3: Newton iterations.");
  }

  void ThinFilamentSettings::parse_parameters(ParameterSet &prm)
  {
    n_cells = prm.get_integer("Number of cells");
    n_cells_coarse = prm.get_integer("Number of continuation cells");
    adaptation_cycles = prm.get_integer("Adaptation cycles");
    uniform_grid = prm.get_bool("Uniform grid");
    newton_tolerance = prm.get_double("Newton tolerance");
    max_newton_iterations = prm.get_integer("Maximum Newton iterations");
    max_continuation_steps = prm.get_integer("Maximum continuation steps");
    verbosity = prm.get_integer("Verbosity");
  }

  void ThinFilamentSettings::declare_heat_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Energy equation", "solve", Selection("solve|isothermal"),
                "solve: the temperature follows from the energy equation; isothermal: T is "
                "uniform at 'Isothermal temperature' (verification against Matovich–Pearson).");
    prm.declare("Isothermal temperature", "650", Double(1, 5000),
                "Uniform temperature when 'Energy equation' = isothermal.", "K");
    prm.declare("Axial conduction", "true", Bool(),
                "Include axial heat conduction d/dz(k A dT/dz) (Paek and Runk's original model "
                "omits it).");
    prm.declare("Viscous heating", "true", Bool(), "Include viscous dissipation 3 eta A eps^2.");
    prm.declare("Radiation", "true", Bool(),
                "Include radiation exchange e sigma (T^4 - T_w^4) with the furnace wall.");
  }

  void ThinFilamentSettings::parse_heat_parameters(ParameterSet &prm)
  {
    solve_energy = prm.get("Energy equation") == "solve";
    isothermal_temperature_K = prm.get_double("Isothermal temperature");
    axial_conduction = prm.get_bool("Axial conduction");
    viscous_heating = prm.get_bool("Viscous heating");
    radiation = prm.get_bool("Radiation");
  }

  double FilamentProfile::mass_flux_error() const
  {
    double e = 0;
    for (std::size_t i = 0; i < size(); ++i)
      e = std::max(e, std::abs(M_PI * radius_m[i] * radius_m[i] * speed_m_per_s[i] /
                                 volume_flux_m3_per_s -
                               1.0));
    return e;
  }

  double long_rod_inlet_lambda(const Material &material, const ThermalProperties &thermal,
                               const ConvectionModel &convection, const ProcessSettings &process,
                               bool radiation)
  {
    const double R0 = process.feed_radius(), A0 = process.feed_area();
    const double T = process.inlet_temperature_K, vf = process.feed_speed_m_per_s;
    const double Q = process.volume_flux();
    const double hc = convection.h(process.domain_start_m, R0, vf, T, T);
    const double hr = radiation ? 4 * material.emissivity * stefan_boltzmann * T * T * T : 0.0;
    const double kA = thermal.k(T) * A0;
    const double P = material.density_kg_per_m3 * thermal.cp(T) * Q;
    const double beta = 2 * M_PI * R0 * (hc + hr);
    return (P + std::sqrt(P * P + 4 * kA * beta)) / (2 * kA);
  }

  // ------------------------------------------------------------------------------------------
  struct ThinFilamentModel::Impl
  {
    const Material &material;
    const RheologyModel &rheology;
    const ThermalProperties &thermal;
    const ConvectionModel &convection;
    ProcessSettings process;
    ThinFilamentSettings settings;
    double Q, vf, rho, T_far, energy_scale;

    // A discrete problem: grid, boundary data, and the unknown layout
    //   x = [u_0, T_0, u_1, T_1, ..., u_N, T_N, (ln F)],  u = ln v.
    struct Grid
    {
      std::vector<double> z, Tw, Tgas;
      bool speed_control = true;
      double ln_vd = 0;       // speed control
      double ln_F_given = 0;  // force control
      double lambda = 0;      // long-rod inlet decay rate
      std::size_t n_nodes() const { return z.size(); }
      std::size_t n_unknowns() const { return 2 * z.size() + (speed_control ? 1 : 0); }
    };

    // Nodal quantities derived from the unknowns.
    struct Nodal
    {
      double v, R, A, sigma, eps, H, k, cp, h, S;
    };

    Impl(const Material &m, const RheologyModel &r, const ThermalProperties &t,
         const ConvectionModel &c, const ProcessSettings &p, const ThinFilamentSettings &s)
      : material(m), rheology(r), thermal(t), convection(c), process(p), settings(s)
    {
      Q = process.volume_flux();
      vf = process.feed_speed_m_per_s;
      rho = material.density_kg_per_m3;
      T_far = process.inlet_temperature_K;
      energy_scale = rho * Q * material.cp_glass_J_per_kgK * 1000.0;  // W per 1000 K
    }

    Grid make_grid(const std::vector<double> &z, bool speed_control, double target) const
    {
      Grid g;
      g.z = z;
      g.Tw.resize(z.size());
      g.Tgas.resize(z.size());
      for (std::size_t i = 0; i < z.size(); ++i)
        {
          g.Tw[i] = process.wall_temperature(z[i], 0.0);
          g.Tgas[i] = process.gas_temperature(z[i], 0.0);
        }
      g.speed_control = speed_control;
      if (speed_control)
        g.ln_vd = std::log(target);
      else
        g.ln_F_given = std::log(target);
      g.lambda = inlet_lambda();
      return g;
    }

    // Decay rate of the exact upstream solution of a long rod at the feed (1/m).
    double inlet_lambda() const
    {
      if (process.inlet_condition != InletCondition::long_rod || !settings.axial_conduction)
        return 0;
      return long_rod_inlet_lambda(material, thermal, convection, process, settings.radiation);
    }

    double ln_F(const Grid &g, const std::vector<double> &x) const
    {
      return g.speed_control ? x.back() : g.ln_F_given;
    }

    Nodal nodal(const Grid &g, std::size_t i, double u, double T, double F) const
    {
      Nodal n;
      n.v = std::exp(u);
      n.A = Q / n.v;
      n.R = std::sqrt(n.A / M_PI);
      n.sigma = F / n.A;
      n.eps = rheology.extension_rate(T, n.sigma).eps_dot;
      n.H = thermal.enthalpy(T);
      n.k = thermal.k(T);
      n.cp = thermal.cp(T);
      n.h = convection.h(g.z[i], n.R, n.v, T, g.Tgas[i]);
      double loss = n.h * (T - g.Tgas[i]);
      if (settings.radiation)
        loss += material.emissivity * stefan_boltzmann *
                (T * T * T * T - g.Tw[i] * g.Tw[i] * g.Tw[i] * g.Tw[i]);
      n.S = -2 * M_PI * n.R * loss + (settings.viscous_heating ? F * n.eps : 0.0);
      return n;
    }

    // Exponentially fitted enthalpy flux through the face between nodes a and b (W).
    double face_flux(const Grid &g, std::size_t a, const Nodal &na, const Nodal &nb, double Ta,
                     double Tb) const
    {
      const double dz = g.z[a + 1] - g.z[a];
      const double advective = rho * Q * 0.5 * (na.H + nb.H);
      if (!settings.axial_conduction)
        return advective;
      const double A_mid = Q / std::sqrt(na.v * nb.v);
      const double D = 0.5 * (na.k + nb.k) * A_mid;
      const double dT = Tb - Ta;
      const double c_bar = std::abs(dT) > 1e-9 ? (nb.H - na.H) / dT : 0.5 * (na.cp + nb.cp);
      const double Pe = rho * Q * c_bar * dz / D;
      return advective - D / dz * x_coth_x(0.5 * Pe) * dT;
    }

    // Residual of the discrete equations (scaled, dimensionless).
    void residual(const Grid &g, const std::vector<double> &x, std::vector<double> &r) const
    {
      const std::size_t N = g.n_nodes() - 1;
      r.assign(g.n_unknowns(), 0.0);
      const double F = std::exp(ln_F(g, x));
      std::vector<Nodal> nd(N + 1);
      for (std::size_t i = 0; i <= N; ++i)
        nd[i] = nodal(g, i, x[2 * i], x[2 * i + 1], F);

      // momentum: inlet speed, trapezoidal cells, outlet speed
      r[0] = x[0] - std::log(vf);
      for (std::size_t i = 0; i < N; ++i)
        {
          const double h = g.z[i + 1] - g.z[i];
          r[2 * (i + 1)] = (nd[i + 1].v - nd[i].v - 0.5 * h * (nd[i].eps + nd[i + 1].eps)) /
                           std::sqrt(nd[i].v * nd[i + 1].v);
        }
      if (g.speed_control)
        r[2 * N + 2] = x[2 * N] - g.ln_vd;

      // energy
      if (!settings.solve_energy)
        {
          for (std::size_t i = 0; i <= N; ++i)
            r[2 * i + 1] = (x[2 * i + 1] - settings.isothermal_temperature_K) / 1000.0;
          return;
        }
      if (!settings.axial_conduction)
        {
          r[1] = (x[1] - T_far) / 1000.0;
          for (std::size_t i = 0; i < N; ++i)
            {
              const double h = g.z[i + 1] - g.z[i];
              r[2 * (i + 1) + 1] =
                (rho * Q * (nd[i + 1].H - nd[i].H) - 0.5 * h * (nd[i].S + nd[i + 1].S)) /
                energy_scale;
            }
          return;
        }
      std::vector<double> J(N);
      for (std::size_t i = 0; i < N; ++i)
        J[i] = face_flux(g, i, nd[i], nd[i + 1], x[2 * i + 1], x[2 * i + 3]);
      // inlet
      if (process.inlet_condition == InletCondition::fixed)
        r[1] = (x[1] - T_far) / 1000.0;
      else
        {
          const double T0 = x[1];
          const double J_in = rho * Q * nd[0].H - nd[0].k * nd[0].A * g.lambda * (T0 - T_far);
          r[1] = (J[0] - J_in - nd[0].S * 0.5 * (g.z[1] - g.z[0])) / energy_scale;
        }
      for (std::size_t i = 1; i < N; ++i)
        r[2 * i + 1] = (J[i] - J[i - 1] - nd[i].S * 0.5 * (g.z[i + 1] - g.z[i - 1])) / energy_scale;
      const double J_out = rho * Q * nd[N].H;
      r[2 * N + 1] = (J_out - J[N - 1] - nd[N].S * 0.5 * (g.z[N] - g.z[N - 1])) / energy_scale;
    }

    // The discrete system of grid g as a Newton problem (numerics/newton.h): node j's unknowns
    // (u_j, T_j) touch rows 2j-2 .. 2j+3 (the last row, the outlet speed, lies in node N's
    // window), so every third node can be perturbed together; ln F (speed control) touches
    // every row and is differenced centrally, since the draw ratio can be very sensitive to it.
    numerics::NewtonProblem newton_problem(const Grid &g) const
    {
      numerics::NewtonProblem p;
      const std::size_t n = g.n_unknowns(), N = g.n_nodes() - 1;
      p.n_unknowns = n;
      p.residual = [this, &g](const std::vector<double> &x, std::vector<double> &r) {
        residual(g, x, r);
      };
      p.column_rows.resize(n);
      for (std::size_t j = 0; j <= N; ++j)
        for (unsigned int c = 0; c < 2; ++c)
          p.column_rows[2 * j + c] = {j >= 1 ? 2 * j - 2 : 0,
                                      std::min<std::size_t>(n - 1, 2 * j + 3)};
      for (unsigned int var = 0; var < 2; ++var)
        for (unsigned int colour = 0; colour < 3; ++colour)
          {
            std::vector<std::size_t> group;
            for (std::size_t j = colour; j <= N; j += 3)
              group.push_back(2 * j + var);
            p.column_groups.push_back(group);
          }
      const bool force_unknown = g.speed_control;
      if (force_unknown)
        {
          p.column_rows[n - 1] = {0, n - 1};
          p.central_columns = {n - 1};
        }
      p.perturbation = [n, force_unknown](std::size_t j, double xj) {
        if (force_unknown && j == n - 1)
          return 1e-6;
        return j % 2 == 0 ? 1e-7 : 1e-7 * std::max(1.0, std::abs(xj));
      };
      // |du| <= 1, |dT| <= 50 K, |d ln F| <= 2
      p.max_step = [n, N, force_unknown](std::size_t i) {
        const bool is_T = (i < 2 * (N + 1)) && (i % 2 == 1);
        return is_T ? 50.0 : (i == n - 1 && force_unknown ? 2.0 : 1.0);
      };
      p.admissible = [N](const std::vector<double> &x) {
        for (std::size_t i = 0; i <= N; ++i)
          if (!(x[2 * i + 1] > 1.0))
            return false;
        return true;
      };
      return p;
    }

    // Newton's method; returns true on convergence. x is updated in place.
    // With 'early_exit' (continuation steps), give up after 25 iterations or when the
    // residual stagnates, so that the caller retries with a smaller step.
    bool newton(const Grid &g, std::vector<double> &x, unsigned int &iterations, std::string &why,
                bool early_exit = false) const
    {
      numerics::NewtonSettings s;
      s.tolerance = settings.newton_tolerance;
      s.max_iterations = settings.max_newton_iterations;
      s.give_up_on_stagnation = early_exit;
      if (settings.verbosity >= 3)
        s.monitor = [&g](unsigned int it, const std::vector<double> &r, double norm) {
          std::size_t imax = 0;
          for (std::size_t i = 0; i < r.size(); ++i)
            if (std::abs(r[i]) > std::abs(r[imax]))
              imax = i;
          Log::out() << "        Newton " << it << ": |r| = " << std::scientific
                     << std::setprecision(3) << norm << std::defaultfloat << " (row " << imax
                     << " of " << r.size()
                     << ", z = " << g.z[std::min(imax / 2, g.n_nodes() - 1)] * 1e3 << " mm)\n";
        };
      const numerics::NewtonResult result = numerics::solve_newton(newton_problem(g), s, x);
      iterations = result.iterations;
      why = result.message;
      return result.converged;
    }

    // Initial guess on grid g for draw ratio DR: temperature from 'T', speed and force from the
    // Newtonian estimate u' = F / (3 eta Q) with eta at T.
    std::vector<double> newtonian_guess(const Grid &g, const std::vector<double> &T,
                                        double DR) const
    {
      const std::size_t N = g.n_nodes() - 1;
      std::vector<double> inv_eta(N + 1), cum(N + 1, 0.0);
      for (std::size_t i = 0; i <= N; ++i)
        inv_eta[i] = 1.0 / rheology.evaluate(T[i], 0.0).eta;
      for (std::size_t i = 1; i <= N; ++i)
        cum[i] = cum[i - 1] + 0.5 * (inv_eta[i] + inv_eta[i - 1]) * (g.z[i] - g.z[i - 1]);
      const double F = 3 * Q * std::log(DR) / cum[N];
      std::vector<double> x(g.n_unknowns());
      for (std::size_t i = 0; i <= N; ++i)
        {
          x[2 * i] = std::log(vf) + std::log(DR) * cum[i] / cum[N];
          x[2 * i + 1] = T[i];
        }
      if (g.speed_control)
        x.back() = std::log(F);
      return x;
    }

    // Temperature of the undrawn rod (v = v_f): the starting point of every continuation.
    std::vector<double> undrawn_temperature(const std::vector<double> &z) const
    {
      // A thermal solve: the full problem at a negligible draw force (1e-12 N), so the rod
      // keeps its feed speed whatever its temperature.
      Grid g = make_grid(z, false, 1e-12);
      std::vector<double> T(z.size(),
                            settings.solve_energy ? T_far : settings.isothermal_temperature_K);
      // march a first guess without conduction: local equilibrium relaxed along the rod
      if (settings.solve_energy)
        {
          const double R0 = process.feed_radius();
          for (std::size_t i = 1; i < z.size(); ++i)
            {
              // implicit Euler step of rho c Q dT/dz = -2 pi R0 (h (T - Tg) + rad)
              double Ti = T[i - 1];
              for (int it = 0; it < 30; ++it)
                {
                  const double h = convection.h(z[i], R0, vf, Ti, g.Tgas[i]);
                  const double rad = settings.radiation
                                       ? material.emissivity * stefan_boltzmann *
                                           (Ti * Ti * Ti * Ti - std::pow(g.Tw[i], 4))
                                       : 0.0;
                  const double drad = settings.radiation
                                        ? 4 * material.emissivity * stefan_boltzmann * Ti * Ti * Ti
                                        : 0.0;
                  const double c = rho * thermal.cp(Ti) * Q / (z[i] - z[i - 1]);
                  const double f =
                    c * (Ti - T[i - 1]) + 2 * M_PI * R0 * (h * (Ti - g.Tgas[i]) + rad);
                  const double df = c + 2 * M_PI * R0 * (h + drad);
                  Ti -= f / df;
                }
              T[i] = Ti;
            }
        }
      std::vector<double> x(g.n_unknowns());
      for (std::size_t i = 0; i < z.size(); ++i)
        {
          x[2 * i] = std::log(vf);
          x[2 * i + 1] = T[i];
        }
      unsigned int it = 0;
      std::string why;
      if (!newton(g, x, it, why))
        throw SolverError("thin-filament model: the temperature of the undrawn rod did not "
                          "converge (" +
                          why +
                          "). Check the furnace profiles and heat-transfer "
                          "settings.");
      for (std::size_t i = 0; i < z.size(); ++i)
        T[i] = x[2 * i + 1];
      if (settings.verbosity >= 2)
        {
          const auto m = std::max_element(T.begin(), T.end());
          Log::out() << "      undrawn rod: peak temperature " << *m
                     << " K at z = " << z[m - T.begin()] * 1e3 << " mm (" << it
                     << " Newton steps)\n";
        }
      return T;
    }

    std::vector<double> initial_grid(unsigned int n_cells) const
    {
      return LineGrid::uniform(process.domain_start_m, process.domain_end_m, n_cells);
    }

    std::vector<double> adapted_grid(const Grid &g, const std::vector<double> &x,
                                     unsigned int n_cells) const
    {
      const std::size_t N = g.n_nodes() - 1;
      std::vector<double> u(N + 1), T(N + 1);
      for (std::size_t i = 0; i <= N; ++i)
        {
          u[i] = x[2 * i];
          T[i] = x[2 * i + 1];
        }
      // resolve ln v to ~0.02 per cell and T to ~1 K per cell in proportion
      return LineGrid::equidistributed(g.z, {u, T}, {0.05, 5.0}, n_cells, 0.25);
    }

    std::vector<double> transfer(const Grid &from, const std::vector<double> &x,
                                 const Grid &to) const
    {
      const std::size_t N = from.n_nodes() - 1;
      std::vector<double> u(N + 1), T(N + 1);
      for (std::size_t i = 0; i <= N; ++i)
        {
          u[i] = x[2 * i];
          T[i] = x[2 * i + 1];
        }
      const auto u2 = LineGrid::interpolate(from.z, u, to.z);
      const auto T2 = LineGrid::interpolate(from.z, T, to.z);
      std::vector<double> y(to.n_unknowns());
      for (std::size_t i = 0; i < to.z.size(); ++i)
        {
          y[2 * i] = u2[i];
          y[2 * i + 1] = T2[i];
        }
      if (to.speed_control)
        y.back() = from.speed_control ? x.back() : from.ln_F_given;
      return y;
    }

    // Continuation in the draw ratio up to the target take-up speed on the coarse grid, then
    // adaptation to the final grid.
    // A solution of a nearby problem (the same wire with slightly different material or
    // process data) on its own grid as the start: one Newton solve at the take-up speed, no
    // continuation and no adaptation. Falls back to the full continuation if it fails.
    FilamentProfile solve_speed_from(double vd, const FilamentProfile &start) const
    {
      Grid g = make_grid(start.z_m, true, vd);
      std::vector<double> x(g.n_unknowns());
      for (std::size_t i = 0; i < start.size(); ++i)
        {
          x[2 * i] = std::log(start.speed_m_per_s[i]);
          x[2 * i + 1] = start.temperature_K[i];
        }
      x.back() = std::log(start.draw_force_N);
      unsigned int it = 0;
      std::string why;
      if (!newton(g, x, it, why))
        return solve_speed(vd);
      FilamentProfile p = profile(g, x);
      p.newton_iterations = it;
      return p;
    }

    FilamentProfile solve_speed(double vd) const
    {
      const double DR_target = vd / vf;
      if (!(DR_target > 1.0))
        throw SolverError("thin-filament model: take-up speed " + to_string(vd) +
                          " m/s is not above the feed speed " + to_string(vf) + " m/s");
      const bool uniform = settings.uniform_grid;
      std::vector<double> z = initial_grid(uniform ? settings.n_cells : settings.n_cells_coarse);
      std::vector<double> T0 = undrawn_temperature(z);

      // Natural-parameter continuation in s = ln DR with a secant predictor and step control.
      const double s_target = std::log(DR_target);
      double s = std::min(s_target, std::log(1.5));
      Grid g = make_grid(z, true, vf * std::exp(s));
      std::vector<double> x = newtonian_guess(g, T0, std::exp(s));
      unsigned int total_newton = 0, steps = 0, it = 0;
      std::string why;
      if (!newton(g, x, it, why))
        throw SolverError(too_cold_estimate(T0, DR_target) +
                          "thin-filament model: no solution at the first draw ratio " +
                          to_string(std::exp(s)) + " (" + why + "). " + too_cold_hint(T0));
      total_newton += it;
      std::vector<double> x_prev;  // previous converged state on the same grid
      double s_prev = 0, ds = 0.75;
      while (s < s_target)
        {
          if (++steps > settings.max_continuation_steps)
            throw SolverError("thin-filament model: continuation to draw ratio " +
                              to_string(DR_target) + " did not finish in " +
                              std::to_string(settings.max_continuation_steps) + " steps");
          const double s_next = std::min(s_target, s + ds);
          std::vector<double> guess =
            x_prev.empty() ? scale_guess(g, x, std::exp(s), std::exp(s_next)) : x;
          if (!x_prev.empty())
            for (std::size_t i = 0; i < x.size(); ++i)
              guess[i] += (x[i] - x_prev[i]) * (s_next - s) / (s - s_prev);
          Grid gn = g;
          gn.ln_vd = std::log(vf) + s_next;
          const bool ok = newton(gn, guess, it, why, true);
          total_newton += it;
          if (!ok)
            {
              ds *= 0.4;
              if (ds < 1e-4)
                {
                  std::string cause = frozen_neck_note(g, x, std::exp(s));
                  if (cause.empty())
                    cause = too_cold_estimate(T0, DR_target);
                  throw SolverError(cause +
                                    "thin-filament model: continuation stalled at draw ratio " +
                                    to_string(std::exp(s)) + " on the way to " +
                                    to_string(DR_target) + " (" + why + "). " + too_cold_hint(T0));
                }
              continue;
            }
          if (settings.verbosity >= 2)
            Log::out() << "      continuation: draw ratio " << std::setprecision(5)
                       << std::exp(s_next) << ", F = " << std::exp(guess.back()) << " N, " << it
                       << " Newton steps\n";
          x_prev = x;
          s_prev = s;
          x = guess;
          s = s_next;
          g = gn;
          ds = std::min(1.5, ds * (it <= 6 ? 1.6 : it <= 12 ? 1.2 : 0.8));
          // regrid the coarse grid when the solution is poorly resolved
          if (!uniform && s < s_target && resolution_poor(g, x))
            {
              Grid g2 =
                make_grid(adapted_grid(g, x, settings.n_cells_coarse), true, vf * std::exp(s));
              x_prev = transfer(g, x_prev, g2);
              x = transfer(g, x, g2);
              g = g2;
              if (!newton(g, x, it, why))
                throw SolverError("thin-filament model: no convergence after regridding at "
                                  "draw ratio " +
                                  to_string(std::exp(s)) + " (" + why + ")");
              total_newton += it;
            }
        }
      if (!uniform)
        total_newton += refine_final(g, x, vd);
      FilamentProfile p = profile(g, x);
      p.newton_iterations = total_newton;
      p.continuation_steps = steps;
      return p;
    }

    // Adapt to the final grid (equidistribution cycles) and solve there; 'target' is the
    // take-up speed or the force, as g says. Returns the Newton iterations spent.
    unsigned int refine_final(Grid &g, std::vector<double> &x, double target) const
    {
      unsigned int total = 0, it = 0;
      std::string why;
      for (unsigned int cycle = 0; cycle <= settings.adaptation_cycles; ++cycle)
        {
          Grid g2 = make_grid(adapted_grid(g, x, settings.n_cells), g.speed_control, target);
          std::vector<double> x2 = transfer(g, x, g2);
          if (!newton(g2, x2, it, why))
            throw SolverError("thin-filament model: no convergence on the adapted grid (" + why +
                              ")");
          total += it;
          g = g2;
          x = x2;
        }
      return total;
    }

    // Largest change of ln v or T over one cell exceeds what the coarse grid should carry.
    bool resolution_poor(const Grid &g, const std::vector<double> &x) const
    {
      for (std::size_t i = 0; i + 1 < g.n_nodes(); ++i)
        if (std::abs(x[2 * i + 2] - x[2 * i]) > 0.08 || std::abs(x[2 * i + 3] - x[2 * i + 1]) > 8.0)
          return true;
      return false;
    }

    // Where continuation stalls: if a good part of the thinning of the last converged state
    // happens within 10 K of Tg, the neck has reached the glass transition and the draw cannot
    // go on (a physical limit, not a numerical one): the text starts with neck_frozen_marker.
    std::string frozen_neck_note(const Grid &g, const std::vector<double> &x, double DR) const
    {
      const double Tg = material.glass_transition_K;
      double near_glass = 0, total = 0;
      for (std::size_t i = 0; i + 1 < g.n_nodes(); ++i)
        {
          const double du = std::abs(x[2 * i + 2] - x[2 * i]);
          total += du;
          if (0.5 * (x[2 * i + 1] + x[2 * i + 3]) < Tg + 10.0)
            near_glass += du;
        }
      std::ostringstream s;
      // the stress of the stalled state against the strength at the local temperature
      if (g.speed_control)
        {
          const double F = std::exp(x.back());
          double worst = 0, sigma_worst = 0, T_worst = 0;
          for (std::size_t i = 0; i < g.n_nodes(); ++i)
            {
              const double T = x[2 * i + 1], sigma = F * std::exp(x[2 * i]) / Q;
              const double ratio =
                sigma / std::min(material.strength_Pa(T), rheology.max_uniaxial_stress(T));
              if (ratio > worst)
                {
                  worst = ratio;
                  sigma_worst = sigma;
                  T_worst = T;
                }
            }
          if (worst >= 1)
            {
              s << too_cold_marker << " at draw ratio " << std::setprecision(4) << DR
                << " the stress already reaches " << sigma_worst * 1e-6 << " MPa at " << T_worst
                << " K, above the strength there ("
                << std::min(material.strength_Pa(T_worst), rheology.max_uniaxial_stress(T_worst)) *
                     1e-6
                << " MPa): the rod is too cold or too viscous to be drawn further (heat longer "
                   "or hotter, or feed slower). ";
              return s.str();
            }
        }
      if (!(total > 0) || near_glass < 0.05 * total)
        return "";
      s << neck_frozen_marker << " at draw ratio " << std::setprecision(4) << DR << ", "
        << std::setprecision(3) << 100 * near_glass / total
        << " % of the thinning happens within 10 K of Tg: the neck vitrifies before the target "
           "draw ratio (draw hotter or slower, or feed slower). ";
      return s.str();
    }

    // A physical reason for a failed draw to DR_target: the Matovich-Pearson stress 3 eta v_f
    // ln(DR) / L_hz at the peak temperature of the undrawn rod (a lower bound of the stress the
    // draw needs, since the rod is cooler elsewhere) above the strength there: the text starts
    // with too_cold_marker (else it is empty).
    std::string too_cold_estimate(const std::vector<double> &T_undrawn, double DR_target) const
    {
      const double T = *std::max_element(T_undrawn.begin(), T_undrawn.end());
      const double sigma =
        3 * rheology.newtonian(T).eta * vf * std::log(DR_target) / process.hot_zone_length_m;
      const double strength = std::min(material.strength_Pa(T), rheology.max_uniaxial_stress(T));
      if (!(sigma > strength))
        return "";
      std::ostringstream s;
      s << too_cold_marker << " the undrawn rod peaks at " << std::setprecision(4) << T
        << " K, where drawing to draw ratio " << DR_target << " over the hot zone needs at least "
        << sigma * 1e-6 << " MPa (3 eta v_f ln(DR) / L_hz), above the strength there ("
        << strength * 1e-6 << " MPa). ";
      return s.str();
    }

    std::string too_cold_hint(const std::vector<double> &T_undrawn) const
    {
      const double peak = *std::max_element(T_undrawn.begin(), T_undrawn.end());
      std::ostringstream s;
      s << "The undrawn rod reaches at most " << std::setprecision(4) << peak
        << " K (Tg = " << material.glass_transition_K << " K, supercooled-liquid range up to "
        << material.crystallisation_K
        << " K). If the rod is too cold to flow, lengthen or heat the hot zone, or feed slower.";
      return s.str();
    }

    // Scale a converged state at DR0 to a guess at DR1 (Newtonian scaling of ln v and ln F).
    std::vector<double> scale_guess(const Grid &g, const std::vector<double> &x, double DR0,
                                    double DR1) const
    {
      std::vector<double> y = x;
      const double s = std::log(DR1) / std::log(DR0);
      const double lv = std::log(vf);
      for (std::size_t i = 0; i < g.n_nodes(); ++i)
        y[2 * i] = lv + (x[2 * i] - lv) * s;
      if (g.speed_control)
        y.back() = x.back() + std::log(s);
      return y;
    }

    FilamentProfile solve_force(double F_target) const
    {
      // Find the speed-controlled solution at a small draw ratio, then ramp ln F.
      const bool uniform = settings.uniform_grid;
      std::vector<double> z = initial_grid(uniform ? settings.n_cells : settings.n_cells_coarse);
      std::vector<double> T0 = undrawn_temperature(z);
      Grid gs = make_grid(z, true, vf * 1.5);
      std::vector<double> xs = newtonian_guess(gs, T0, 1.5);
      unsigned int it = 0, total = 0, steps = 0;
      std::string why;
      if (!newton(gs, xs, it, why))
        throw SolverError("thin-filament model: no solution at draw ratio 1.5 (" + why + ")");
      total += it;
      double lnF = xs.back();
      const double lnF_target = std::log(F_target);
      Grid g = make_grid(z, false, std::exp(lnF));
      std::vector<double> x(xs.begin(), xs.end() - 1);
      double step = (lnF_target - lnF) / 8.0;
      while (std::abs(lnF_target - lnF) > 1e-14)
        {
          const double next =
            (std::abs(lnF_target - lnF) < std::abs(step)) ? lnF_target : lnF + step;
          g.ln_F_given = next;
          std::vector<double> xt = x;
          const bool ok = newton(g, xt, it, why);
          total += it;
          if (++steps > settings.max_continuation_steps)
            throw SolverError("thin-filament model: force continuation did not finish");
          if (!ok)
            {
              step *= 0.5;
              if (std::abs(step) < 1e-6)
                throw SolverError("thin-filament model: no steady draw at force " +
                                  to_string(F_target) + " N (continuation stalled at " +
                                  to_string(std::exp(lnF)) + " N: " + why +
                                  "). The filament may thin without bound at this force.");
              continue;
            }
          x = xt;
          lnF = next;
          step *= 1.5;
          if (!uniform)
            {
              Grid g2 =
                make_grid(adapted_grid(g, x, settings.n_cells_coarse), false, std::exp(lnF));
              x = transfer(g, x, g2);
              g = g2;
            }
        }
      if (!uniform)
        total += refine_final(g, x, F_target);
      FilamentProfile p = profile(g, x);
      p.newton_iterations = total;
      p.continuation_steps = steps;
      return p;
    }

    FilamentProfile profile(const Grid &g, const std::vector<double> &x) const
    {
      const std::size_t N = g.n_nodes() - 1;
      const double F = std::exp(ln_F(g, x));
      FilamentProfile p;
      p.draw_force_N = F;
      p.volume_flux_m3_per_s = Q;
      p.feed_speed_m_per_s = vf;
      p.inlet_lambda_per_m = g.lambda;
      p.inlet_far_temperature_K = T_far;
      for (std::size_t i = 0; i <= N; ++i)
        {
          const double T = x[2 * i + 1];
          const Nodal n = nodal(g, i, x[2 * i], T, F);
          p.z_m.push_back(g.z[i]);
          p.radius_m.push_back(n.R);
          p.speed_m_per_s.push_back(n.v);
          p.temperature_K.push_back(T);
          p.axial_stress_Pa.push_back(n.sigma);
          p.extension_rate_per_s.push_back(n.eps);
          p.shear_rate_per_s.push_back(std::sqrt(3.0) * n.eps);
          p.viscosity_Pa_s.push_back(rheology.evaluate(T, std::sqrt(3.0) * n.eps).eta);
          p.wall_temperature_K.push_back(g.Tw[i]);
          p.gas_temperature_K.push_back(g.Tgas[i]);
          p.heat_transfer_coefficient.push_back(n.h);
        }
      p.take_up_speed_m_per_s = p.speed_m_per_s.back();
      // residence time: dt = dz / v with v exponential within a cell (log-mean speed)
      p.residence_time_s.assign(N + 1, 0.0);
      for (std::size_t i = 1; i <= N; ++i)
        {
          const double v0 = p.speed_m_per_s[i - 1], v1 = p.speed_m_per_s[i];
          const double lm = std::abs(v1 - v0) > 1e-12 * v0 ? (v1 - v0) / std::log(v1 / v0) : v0;
          p.residence_time_s[i] = p.residence_time_s[i - 1] + (g.z[i] - g.z[i - 1]) / lm;
        }
      // cooling rate -v dT/dz and surface slope dR/dz by central differences
      p.cooling_rate_K_per_s.resize(N + 1);
      p.surface_slope.resize(N + 1);
      for (std::size_t i = 0; i <= N; ++i)
        {
          const std::size_t a = (i == 0) ? 0 : i - 1, b = (i == N) ? N : i + 1;
          const double dz = g.z[b] - g.z[a];
          p.cooling_rate_K_per_s[i] =
            -p.speed_m_per_s[i] * (p.temperature_K[b] - p.temperature_K[a]) / dz;
          p.surface_slope[i] = (p.radius_m[b] - p.radius_m[a]) / dz;
        }
      return p;
    }
  };

  ThinFilamentModel::ThinFilamentModel(const Material &material, const RheologyModel &rheology,
                                       const ThermalProperties &thermal,
                                       const ConvectionModel &convection,
                                       const ProcessSettings &process,
                                       const ThinFilamentSettings &settings)
    : impl_(std::make_unique<Impl>(material, rheology, thermal, convection, process, settings))
  {}

  ThinFilamentModel::~ThinFilamentModel() = default;

  FilamentProfile ThinFilamentModel::solve_take_up_speed(double v,
                                                         const FilamentProfile *warm_start) const
  {
    if (warm_start != nullptr && warm_start->size() > 1)
      return impl_->solve_speed_from(v, *warm_start);
    return impl_->solve_speed(v);
  }

  FilamentProfile ThinFilamentModel::solve_draw_force(double F) const
  {
    return impl_->solve_force(F);
  }

  FilamentProfile ThinFilamentModel::solve() const
  {
    const ProcessSettings &p = impl_->process;
    switch (p.control)
      {
        case DrawControl::wire_diameter:
          return solve_take_up_speed(p.take_up_speed_for_diameter(p.wire_diameter_m));
        case DrawControl::take_up_speed:
          return solve_take_up_speed(p.take_up_speed_m_per_s);
        case DrawControl::draw_force:
        default:
          return solve_draw_force(p.draw_force_N);
      }
  }
}  // namespace hotdraw

#include "solver/stability/draw_resonance.h"

#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/rheology.h"
#include "materials/thermal.h"
#include "meshes/line_grid.h"
#include "solver/thin_filament.h"

#include <deal.II/lac/lapack_full_matrix.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <complex>
#include <sstream>

namespace hotdraw
{
  namespace
  {
    constexpr double stefan_boltzmann = 5.670374419e-8;

    // The analysis grid and the steady state on it, with what is frozen at its steady value.
    struct Base
    {
      std::vector<double> z, h, T_gas, T_wall;
      std::vector<double> A, T;              // steady state at the nodes
      std::vector<std::array<double, 3>> D;  // d/dz at node i: weights of nodes i, i-1, i-2
      std::vector<double> w;                 // trapezoidal weights of the whole grid
      std::vector<double> r_A, S_res;        // residuals that make the steady state exact
      double v_in = 0, v_out = 0, F_guess = 0, dtau_max = 0, residence_time = 0;
      double delay = 0;  // travel time from z_b to the end of the steady profile
      bool energy = false, conduction = false;
      std::size_t nodes() const { return z.size(); }
      std::size_t per_node() const { return energy ? 2 : 1; }
      std::size_t n_unknowns() const { return per_node() * (nodes() - 1); }
      std::size_t col_A(std::size_t j) const { return per_node() * (j - 1); }
      std::size_t col_T(std::size_t j) const { return per_node() * (j - 1) + 1; }
    };

    // The quasi-static force balance for given nodal A and T.
    struct Flow
    {
      double F = 0;
      std::vector<double> e, e_sigma, e_T, v;  // extension rate, its derivatives, speed
    };

    // Second-order backward (upwind) weights at z[i] on the nodes i, i-1, i-2 (first order at
    // the first interior node).
    std::vector<std::array<double, 3>> backward_weights(const std::vector<double> &z)
    {
      std::vector<std::array<double, 3>> D(z.size(), std::array<double, 3>{{0.0, 0.0, 0.0}});
      D[1] = {{1 / (z[1] - z[0]), -1 / (z[1] - z[0]), 0.0}};
      for (std::size_t i = 2; i < z.size(); ++i)
        {
          const double h1 = z[i] - z[i - 1], h2 = z[i - 1] - z[i - 2];
          D[i] = {
            {(2 * h1 + h2) / (h1 * (h1 + h2)), -(h1 + h2) / (h1 * h2), h1 / (h2 * (h1 + h2))}};
        }
      return D;
    }

    std::vector<double> trapezoidal_weights(const std::vector<double> &z)
    {
      std::vector<double> w(z.size(), 0.0);
      for (std::size_t i = 0; i + 1 < z.size(); ++i)
        {
          w[i] += 0.5 * (z[i + 1] - z[i]);
          w[i + 1] += 0.5 * (z[i + 1] - z[i]);
        }
      return w;
    }

    // The part of the draw that deforms: the nodes [ia, ib] of the steady profile with
    // ln(v/v_f) from delta ln DR to (1 - delta) ln DR.
    std::pair<std::size_t, std::size_t> deforming_part(const std::vector<double> &lnv)
    {
      const std::size_t n = lnv.size();
      const double total = lnv.back() - lnv.front(), delta = 1e-6 * total;
      std::size_t ia = 0, ib = n - 1;
      while (ia + 2 < n && lnv[ia + 1] - lnv.front() <= delta)
        ++ia;
      while (ib > ia + 2 && lnv.back() - lnv[ib - 1] <= delta)
        --ib;
      return {ia, ib};
    }

    template <class T>
    std::vector<T> slice(const std::vector<T> &x, std::size_t a, std::size_t b)
    {
      return std::vector<T>(x.begin() + a, x.begin() + b + 1);
    }
  }  // namespace

  // ------------------------------------------------------------------------------------------
  void DrawResonanceSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Number of grid points", "201", Integer(11, 5001),
                "Nodes of the grid of the linear stability analysis along the deforming part of "
                "the steady draw. The Jacobian is dense: the eigenvalue solve costs ~ n^3 (n = "
                "2 x nodes with the energy equation).");
    prm.declare("Search critical draw ratio", "true", Bool(),
                "Search the draw ratio at which the growth rate crosses zero, re-solving the "
                "steady draw at other take-up speeds; otherwise only the operating point.");
    prm.declare("Maximum draw ratio", "1000", Double(1.01, 1e6),
                "The search stops here: a draw stable up to this draw ratio has critical draw "
                "ratio +infinity.",
                "-");
    prm.declare("Maximum steady solves", "20", Integer(1, 1000),
                "Limit on the steady thin-filament solves of one critical-draw-ratio search.");
    prm.declare("Critical draw ratio tolerance", "0.005", Double(1e-6, 0.5),
                "Relative width of the final bracket of the critical draw ratio (bisection in ln "
                "DR, then linear interpolation of the growth rate).",
                "-");
    prm.declare("Bracketing factor", "2", Double(1.05, 100),
                "Geometric step in the draw ratio from the operating point while bracketing the "
                "critical draw ratio.",
                "-");
    prm.declare("Finite-difference Jacobian", "false", Bool(),
                "Verification: the Jacobian by central differences of the time derivative "
                "instead of the analytic one.");
  }

  void DrawResonanceSettings::parse_parameters(ParameterSet &prm)
  {
    n_grid_points = prm.get_integer("Number of grid points");
    search_critical_draw_ratio = prm.get_bool("Search critical draw ratio");
    max_draw_ratio = prm.get_double("Maximum draw ratio");
    max_steady_solves = prm.get_integer("Maximum steady solves");
    critical_tolerance = prm.get_double("Critical draw ratio tolerance");
    bracket_factor = prm.get_double("Bracketing factor");
    finite_difference_jacobian = prm.get_bool("Finite-difference Jacobian");
  }

  // ------------------------------------------------------------------------------------------
  struct DrawResonanceAnalysis::Impl
  {
    const Material &material;
    const RheologyModel &rheology;
    const ThermalProperties &thermal;
    ThinFilamentSettings tf;
    DrawResonanceSettings settings;
    ThinFilamentModel model;
    double rho;

    Impl(const Material &m, const RheologyModel &r, const ThermalProperties &t,
         const ConvectionModel &c, const ProcessSettings &p, const ThinFilamentSettings &s,
         const DrawResonanceSettings &d)
      : material(m), rheology(r), thermal(t), tf(s), settings(d), model(m, r, t, c, p, s),
        rho(m.density_kg_per_m3)
    {}

    bool radiation() const { return tf.radiation && material.emissivity > 0; }

    // --- the time derivative f(A, T) ----------------------------------------------------------
    Flow solve_flow(const Base &b, const std::vector<double> &A, const std::vector<double> &T,
                    double F_guess) const
    {
      const std::size_t n = b.nodes();
      Flow fl;
      fl.e.resize(n);
      fl.e_sigma.resize(n);
      fl.e_T.resize(n);
      const double dv = b.v_out - b.v_in;
      double lnF = std::log(F_guess), lnF_max = std::numeric_limits<double>::infinity();
      for (std::size_t j = 0; j < n; ++j)  // a saturating law carries at most this force
        lnF_max = std::min(lnF_max, std::log(A[j] * rheology.max_uniaxial_stress(T[j])));
      lnF = std::min(lnF, lnF_max - 1e-9);
      bool converged = false;
      for (unsigned int it = 0; it < 200 && !converged; ++it)
        {
          fl.F = std::exp(lnF);
          double g = -dv, dg = 0;  // g(ln F) and dg/d ln F
          for (std::size_t j = 0; j < n; ++j)
            {
              const auto x = rheology.extension_rate(T[j], fl.F / A[j]);
              fl.e[j] = x.eps_dot;
              fl.e_sigma[j] = x.deps_dsigma;
              fl.e_T[j] = x.deps_dT;
              g += b.w[j] * x.eps_dot;
              dg += b.w[j] * x.deps_dsigma * fl.F / A[j];
            }
          if (std::abs(g) <= 1e-13 * dv)
            converged = true;
          else
            {
              const double next = dg > 0 ? lnF - std::clamp(g / dg, -2.0, 2.0) : lnF + 1.0;
              lnF = next < lnF_max ? next : 0.5 * (lnF + lnF_max);
            }
        }
      if (!converged)
        throw SolverError("draw resonance: no draw force carries the speed from " +
                          to_string(b.v_in) + " to " + to_string(b.v_out) + " m/s");
      fl.v.assign(n, b.v_in);
      for (std::size_t i = 1; i < n; ++i)
        fl.v[i] = fl.v[i - 1] + 0.5 * (b.z[i] - b.z[i - 1]) * (fl.e[i - 1] + fl.e[i]);
      return fl;
    }

    static double derivative(const Base &b, const std::vector<double> &y, std::size_t i)
    {
      const auto &w = b.D[i];
      return w[0] * y[i] + w[1] * y[i - 1] + (i >= 2 ? w[2] * y[i - 2] : 0.0);
    }

    // Heat loss per surface area (W/m^2) at node i.
    double loss(const Base &b, double T, std::size_t i) const
    {
      double q = b.h[i] * (T - b.T_gas[i]);
      if (radiation())
        q += material.emissivity * stefan_boltzmann * (std::pow(T, 4) - std::pow(b.T_wall[i], 4));
      return q;
    }

    // Conductance k(T) A of the face between nodes j and j + 1 (the mean of the nodes').
    double conductance(const std::vector<double> &A, const std::vector<double> &T,
                       std::size_t j) const
    {
      return 0.5 * (thermal.k(T[j]) * A[j] + thermal.k(T[j + 1]) * A[j + 1]);
    }

    // Axial conduction d/dz(k A dT/dz) per length (W/m) at node i; no flux through z_b.
    double conduction(const Base &b, const std::vector<double> &A, const std::vector<double> &T,
                      std::size_t i) const
    {
      const std::size_t N = b.nodes() - 1;
      const auto &z = b.z;
      const double right =
        i < N ? conductance(A, T, i) * (T[i + 1] - T[i]) / (z[i + 1] - z[i]) : 0.0;
      const double left = conductance(A, T, i - 1) * (T[i] - T[i - 1]) / (z[i] - z[i - 1]);
      return (right - left) / (0.5 * (z[std::min(i + 1, N)] - z[i - 1]));
    }

    // Heat source per length (W/m) at node i, without the frozen residual.
    double heat_source(const Base &b, const std::vector<double> &A, const std::vector<double> &T,
                       const Flow &fl, std::size_t i) const
    {
      double G = -2 * std::sqrt(M_PI * A[i]) * loss(b, T[i], i);
      if (tf.viscous_heating)
        G += fl.F * fl.e[i];
      if (b.conduction)
        G += conduction(b, A, T, i);
      return G;
    }

    std::vector<double> rates(const Base &b, const std::vector<double> &A,
                              const std::vector<double> &T, const Flow &fl) const
    {
      std::vector<double> f(b.n_unknowns());
      for (std::size_t i = 1; i < b.nodes(); ++i)
        {
          f[b.col_A(i)] =
            -fl.v[i] * derivative(b, A, i) - A[i] * fl.e[i] + (b.r_A.empty() ? 0.0 : b.r_A[i]);
          if (!b.energy)
            continue;
          const double G = heat_source(b, A, T, fl, i) + (b.S_res.empty() ? 0.0 : b.S_res[i]);
          f[b.col_T(i)] = -fl.v[i] * derivative(b, T, i) + G / (rho * thermal.cp(T[i]) * A[i]);
        }
      return f;
    }

    // --- the steady state on the analysis grid --------------------------------------------------
    Base make_base(const FilamentProfile &p) const
    {
      const std::size_t n = p.size();
      if (n < 3 || !(p.draw_ratio() > 1))
        throw SolverError("draw resonance: the steady draw has no draw ratio above 1");
      for (const auto *field :
           {&p.speed_m_per_s, &p.temperature_K, &p.residence_time_s, &p.heat_transfer_coefficient,
            &p.gas_temperature_K, &p.wall_temperature_K})
        if (field->size() != n)
          throw SolverError("draw resonance: the steady profile is incomplete");
      const double vf = p.speed_m_per_s.front();
      std::vector<double> lnv(n);
      for (std::size_t i = 0; i < n; ++i)
        lnv[i] = std::log(p.speed_m_per_s[i] / vf);
      const auto [ia, ib] = deforming_part(lnv);
      const auto zs = slice(p.z_m, ia, ib), ls = slice(lnv, ia, ib);
      const auto Ts = slice(p.temperature_K, ia, ib), taus = slice(p.residence_time_s, ia, ib);
      const auto [T_min, T_max] = std::minmax_element(Ts.begin(), Ts.end());
      const unsigned int n_cells = std::max(10u, settings.n_grid_points - 1);
      Base b;
      b.z = LineGrid::equidistributed(zs, {ls, Ts, taus},
                                      {ls.back() - ls.front(), std::max(1.0, *T_max - *T_min),
                                       taus.back() - taus.front()},
                                      n_cells, 0.2);
      const auto lnv_b = LineGrid::interpolate(zs, ls, b.z);
      const auto tau_b = LineGrid::interpolate(zs, taus, b.z);
      b.residence_time = tau_b.back() - tau_b.front();
      b.delay = p.residence_time_s.back() - tau_b.back();
      b.energy = tf.solve_energy;
      b.conduction = tf.solve_energy && tf.axial_conduction;
      b.T = LineGrid::interpolate(zs, Ts, b.z);
      b.h = LineGrid::interpolate(p.z_m, p.heat_transfer_coefficient, b.z);
      b.T_gas = LineGrid::interpolate(p.z_m, p.gas_temperature_K, b.z);
      b.T_wall = LineGrid::interpolate(p.z_m, p.wall_temperature_K, b.z);
      b.A.resize(b.nodes());
      for (std::size_t i = 0; i < b.nodes(); ++i)
        b.A[i] = p.volume_flux_m3_per_s / (vf * std::exp(lnv_b[i]));
      b.v_in = vf * std::exp(lnv_b.front());
      b.v_out = vf * std::exp(lnv_b.back());
      b.F_guess = p.draw_force_N;
      b.D = backward_weights(b.z);
      b.w = trapezoidal_weights(b.z);
      for (std::size_t i = 0; i + 1 < b.nodes(); ++i)
        {
          b.dtau_max = std::max(b.dtau_max, tau_b[i + 1] - tau_b[i]);
        }
      make_equilibrium(b);
      return b;
    }

    // Subtract the residual of f at the steady state (its discretisation error), so that the
    // steady state is an exact equilibrium of the discrete f.
    void make_equilibrium(Base &b) const
    {
      const Flow fl = solve_flow(b, b.A, b.T, b.F_guess);
      b.F_guess = fl.F;
      const std::vector<double> f = rates(b, b.A, b.T, fl);
      b.r_A.assign(b.nodes(), 0.0);
      b.S_res.assign(b.nodes(), 0.0);
      for (std::size_t i = 1; i < b.nodes(); ++i)
        {
          b.r_A[i] = -f[b.col_A(i)];
          if (b.energy)
            b.S_res[i] = -f[b.col_T(i)] * rho * thermal.cp(b.T[i]) * b.A[i];
        }
    }

    // --- Jacobians ----------------------------------------------------------------------------
    using Matrix = dealii::LAPACKFullMatrix<double>;

    // d(row)/d(x) += -v d/dz of the unknown at 'col' of the stencil nodes of node i.
    static void add_advection(const Base &b, Matrix &J, std::size_t row, std::size_t i, double v,
                              bool temperature)
    {
      for (std::size_t s = 0; s < 3 && s < i; ++s)
        {
          const std::size_t k = i - s;
          J(row, temperature ? b.col_T(k) : b.col_A(k)) += -v * b.D[i][s];
        }
    }

    Matrix analytic_jacobian(const Base &b) const
    {
      const std::size_t n = b.nodes(), nu = b.n_unknowns();
      const Flow fl = solve_flow(b, b.A, b.T, b.F_guess);
      // dF/dx from the force balance sum_j w_j e_j(T_j, F / A_j) = v_out - v_in
      double S = 0;
      for (std::size_t j = 0; j < n; ++j)
        S += b.w[j] * fl.e_sigma[j] / b.A[j];
      std::vector<double> gF(nu, 0.0), a(n);
      for (std::size_t j = 1; j < n; ++j)
        {
          a[j] = -fl.e_sigma[j] * fl.F / (b.A[j] * b.A[j]);  // d e_j / d A_j at fixed F
          gF[b.col_A(j)] = -b.w[j] * a[j] / S;
          if (b.energy)
            gF[b.col_T(j)] = -b.w[j] * fl.e_T[j] / S;
        }
      // E = de/dx and V = dv/dx (rows per node)
      std::vector<std::vector<double>> E(n, std::vector<double>(nu)), V(n, std::vector<double>(nu));
      for (std::size_t j = 0; j < n; ++j)
        {
          for (std::size_t k = 0; k < nu; ++k)
            E[j][k] = fl.e_sigma[j] / b.A[j] * gF[k];
          if (j >= 1)
            {
              E[j][b.col_A(j)] += a[j];
              if (b.energy)
                E[j][b.col_T(j)] += fl.e_T[j];
            }
          if (j >= 1)
            for (std::size_t k = 0; k < nu; ++k)
              V[j][k] = V[j - 1][k] + 0.5 * (b.z[j] - b.z[j - 1]) * (E[j - 1][k] + E[j][k]);
        }
      Matrix J(nu, nu);
      for (std::size_t i = 1; i < n; ++i)
        {
          const std::size_t ra = b.col_A(i);
          const double dA = derivative(b, b.A, i);
          for (std::size_t k = 0; k < nu; ++k)
            J(ra, k) = -dA * V[i][k] - b.A[i] * E[i][k];
          J(ra, ra) += -fl.e[i];
          add_advection(b, J, ra, i, fl.v[i], false);
          if (b.energy)
            energy_row(b, fl, E[i], V[i], gF, i, J);
        }
      return J;
    }

    void energy_row(const Base &b, const Flow &fl, const std::vector<double> &Ei,
                    const std::vector<double> &Vi, const std::vector<double> &gF, std::size_t i,
                    Matrix &J) const
    {
      const std::size_t rt = b.col_T(i), nu = b.n_unknowns();
      const double T = b.T[i], A = b.A[i], R = std::sqrt(A / M_PI), cp = thermal.cp(T);
      const double c = 1 / (rho * cp * A);
      const double dT = derivative(b, b.T, i);
      const double W = fl.v[i] * dT;  // (G + S_res) / (rho c_p A) at the steady state
      for (std::size_t k = 0; k < nu; ++k)
        J(rt, k) = -dT * Vi[k] + (tf.viscous_heating ? c * (fl.F * Ei[k] + fl.e[i] * gF[k]) : 0);
      double dq_dT = b.h[i];
      if (radiation())
        dq_dT += 4 * material.emissivity * stefan_boltzmann * T * T * T;
      J(rt, b.col_A(i)) += c * (-M_PI * R / A * loss(b, T, i)) - W / A;
      J(rt, rt) += c * (-2 * M_PI * R * dq_dT) - W * thermal.dcp_dT(T) / cp;
      add_advection(b, J, rt, i, fl.v[i], true);
      if (b.conduction)
        conduction_row(b, c, i, J);
    }

    // d/dx of the conduction term c d/dz(k(T) A dT/dz) at node i (c = 1 / (rho c_p A); its own
    // A-dependence is in the energy row's -W / A): the face conductances k A are perturbed with
    // A and T. Freezing them (as an earlier version did) drops c d/dz(k dA dT/dz), which where
    // the draw is slow outweighs the perturbed surface loss: on the cooled test draw it moved
    // the critical draw ratio from 49.6 to 33 (the FE transient and an explicit 1-D transient
    // decay at DR 40).
    void conduction_row(const Base &b, const double c, const std::size_t i, Matrix &J) const
    {
      const std::size_t N = b.nodes() - 1;
      const auto &z = b.z, &A = b.A, &T = b.T;
      const double width = 0.5 * (z[std::min(i + 1, N)] - z[i - 1]);
      // d(flux)/d(A, T) of the face between j and j + 1 with flux K (T_{j+1} - T_j) / dz
      const auto face = [&](const std::size_t j, const double sign) {
        const double dz = z[j + 1] - z[j], g = (T[j + 1] - T[j]) / dz;
        const double K = conductance(A, T, j), s = sign * c / width;
        for (const std::size_t m : {j, j + 1})
          {
            if (m == 0)
              continue;  // the inlet node is fixed
            const double dK_dA = 0.5 * thermal.k(T[m]), dK_dT = 0.5 * thermal.dk_dT(T[m]) * A[m];
            J(b.col_T(i), b.col_A(m)) += s * dK_dA * g;
            J(b.col_T(i), b.col_T(m)) += s * (dK_dT * g + K * (m == j ? -1.0 : 1.0) / dz);
          }
      };
      face(i - 1, -1.0);
      if (i < N)
        face(i, 1.0);
    }

    // Central differences of f (verification of the analytic Jacobian).
    Matrix finite_difference_jacobian(const Base &b) const
    {
      const std::size_t nu = b.n_unknowns();
      Matrix J(nu, nu);
      for (std::size_t col = 0; col < nu; ++col)
        {
          const std::size_t j = col / b.per_node() + 1;
          const bool is_T = b.energy && col % 2 == 1;
          std::vector<double> fp, fm;
          const double d = is_T ? 1e-4 : 1e-6 * b.A[j];
          for (const double s : {1.0, -1.0})
            {
              std::vector<double> A = b.A, T = b.T;
              (is_T ? T[j] : A[j]) += s * d;
              (s > 0 ? fp : fm) = rates(b, A, T, solve_flow(b, A, T, b.F_guess));
            }
          for (std::size_t row = 0; row < nu; ++row)
            J(row, col) = (fp[row] - fm[row]) / (2 * d);
        }
      return J;
    }

    // --- the response to the take-up speed -------------------------------------------------------
    // df/d ln v_out: the force that carries the changed speed difference, dF = v_out / S, changes
    // the extension rates everywhere and with them the speeds (v_in is fixed).
    std::vector<double> analytic_input(const Base &b) const
    {
      const std::size_t n = b.nodes();
      const Flow fl = solve_flow(b, b.A, b.T, b.F_guess);
      double S = 0;
      for (std::size_t j = 0; j < n; ++j)
        S += b.w[j] * fl.e_sigma[j] / b.A[j];
      const double dF = b.v_out / S;
      std::vector<double> E(n), V(n, 0.0), u(b.n_unknowns(), 0.0);
      for (std::size_t j = 0; j < n; ++j)
        {
          E[j] = fl.e_sigma[j] / b.A[j] * dF;
          if (j >= 1)
            V[j] = V[j - 1] + 0.5 * (b.z[j] - b.z[j - 1]) * (E[j - 1] + E[j]);
        }
      for (std::size_t i = 1; i < n; ++i)
        {
          u[b.col_A(i)] = -derivative(b, b.A, i) * V[i] - b.A[i] * E[i];
          if (!b.energy)
            continue;
          const double c = 1 / (rho * thermal.cp(b.T[i]) * b.A[i]);
          u[b.col_T(i)] = -derivative(b, b.T, i) * V[i] +
                          (tf.viscous_heating ? c * (fl.F * E[i] + fl.e[i] * dF) : 0.0);
        }
      return u;
    }

    std::vector<double> unknowns(const Base &b, const std::vector<double> &A,
                                 const std::vector<double> &T) const
    {
      std::vector<double> x(b.n_unknowns());
      for (std::size_t j = 1; j < b.nodes(); ++j)
        {
          x[b.col_A(j)] = A[j];
          if (b.energy)
            x[b.col_T(j)] = T[j];
        }
      return x;
    }

    // f(x) at the outlet speed v_out (b's own v_out is only read for the grid's steady state).
    std::vector<double> rates_at(Base &b, const std::vector<double> &x, double v_out) const
    {
      std::vector<double> A = b.A, T = b.T;
      for (std::size_t j = 1; j < b.nodes(); ++j)
        {
          A[j] = x[b.col_A(j)];
          if (b.energy)
            T[j] = x[b.col_T(j)];
        }
      const double steady = b.v_out;
      b.v_out = v_out;
      try
        {
          std::vector<double> f = rates(b, A, T, solve_flow(b, A, T, b.F_guess));
          b.v_out = steady;
          return f;
        }
      catch (...)
        {
          b.v_out = steady;
          throw;
        }
    }

    LinearisedDraw linearise(const FilamentProfile &p) const
    {
      auto b = std::make_shared<Base>(make_base(p));
      LinearisedDraw L;
      L.n_unknowns = b->n_unknowns();
      L.z_m = b->z;
      L.state = unknowns(*b, b->A, b->T);
      L.outlet_area = b->col_A(b->nodes() - 1);
      L.residence_time_s = b->residence_time;
      L.delay_s = b->delay;
      L.resolution_limit_per_s = 0.25 * M_PI / b->dtau_max;
      const Matrix J = settings.finite_difference_jacobian ? finite_difference_jacobian(*b)
                                                           : analytic_jacobian(*b);
      L.jacobian.resize(L.n_unknowns * L.n_unknowns);
      for (std::size_t i = 0; i < L.n_unknowns; ++i)
        for (std::size_t k = 0; k < L.n_unknowns; ++k)
          L.jacobian[i * L.n_unknowns + k] = J(i, k);
      const double v_out = b->v_out;
      L.rates = [this, b, v_out](const std::vector<double> &x, double ln_speed_change) {
        return rates_at(*b, x, v_out * std::exp(ln_speed_change));
      };
      if (!settings.finite_difference_jacobian)
        L.input = analytic_input(*b);
      else
        {
          const double d = 1e-6;
          const auto fp = L.rates(L.state, d), fm = L.rates(L.state, -d);
          L.input.resize(L.n_unknowns);
          for (std::size_t i = 0; i < L.n_unknowns; ++i)
            L.input[i] = (fp[i] - fm[i]) / (2 * d);
        }
      return L;
    }

    std::vector<std::complex<double>> spectrum(const Base &b) const
    {
      Matrix J =
        settings.finite_difference_jacobian ? finite_difference_jacobian(b) : analytic_jacobian(b);
      J.compute_eigenvalues();
      std::vector<std::complex<double>> ev(b.n_unknowns());
      for (std::size_t i = 0; i < ev.size(); ++i)
        ev[i] = J.eigenvalue(i);
      return ev;
    }

    DrawResonanceMode analyse(const FilamentProfile &p) const
    {
      const Base b = make_base(p);
      const auto ev = spectrum(b);
      DrawResonanceMode mode;
      mode.draw_ratio = p.draw_ratio();
      mode.n_eigenvalues = ev.size();
      mode.resolution_limit_per_s = 0.25 * M_PI / b.dtau_max;
      mode.residence_time_s = b.residence_time;
      double best = -std::numeric_limits<double>::infinity(), best_all = best, freq_all = 0;
      for (const auto &s : ev)
        {
          if (s.real() > best_all)
            {
              best_all = s.real();
              freq_all = std::abs(s.imag());
            }
          if (std::abs(s) > mode.resolution_limit_per_s)
            continue;
          ++mode.n_resolved;
          if (s.real() > best)
            {
              best = s.real();
              mode.angular_frequency_rad_per_s = std::abs(s.imag());
            }
        }
      if (mode.n_resolved == 0)
        {
          best = best_all;
          mode.angular_frequency_rad_per_s = freq_all;
        }
      mode.growth_rate_per_s = best;
      mode.stable = best < 0;
      // 2 pi v / (omega R), v = Q / A: smallest where A is largest
      const double Q = b.v_in * b.A.front();
      if (mode.angular_frequency_rad_per_s > 0)
        for (const double A : b.A)
          mode.wavelength_radii =
            std::min(mode.wavelength_radii,
                     2 * M_PI * Q / (A * std::sqrt(A / M_PI)) / mode.angular_frequency_rad_per_s);
      return mode;
    }

    // --- the critical draw ratio ----------------------------------------------------------------
    struct Point
    {
      DrawResonanceMode mode;
      FilamentProfile profile;
    };

    // Solve the steady draw at draw ratio DR (warm start from the nearest solved one) and
    // analyse it. False if the steady solve or the analysis failed (message in 'error').
    bool solve_at(double DR, std::vector<Point> &points, DrawResonanceResult &r,
                  std::string &error) const
    {
      const Point *nearest = &points.front();
      for (const auto &q : points)
        if (std::abs(std::log(q.mode.draw_ratio / DR)) <
            std::abs(std::log(nearest->mode.draw_ratio / DR)))
          nearest = &q;
      ++r.steady_solves;
      try
        {
          const double vf = nearest->profile.feed_speed_m_per_s;
          Point q;
          q.profile = model.solve_take_up_speed(DR * vf, &nearest->profile);
          q.mode = analyse(q.profile);
          r.evaluated.push_back(q.mode);
          points.push_back(std::move(q));
          return true;
        }
      catch (const SolverError &e)
        {
          error = e.what();
          return false;
        }
    }

    bool budget_left(const DrawResonanceResult &r) const
    {
      return r.steady_solves < settings.max_steady_solves;
    }

    // Bracket the sign change from the operating point: [lo, hi] with lo stable and hi
    // unstable (indices into points). False if the search ended without a bracket (result and
    // reason are set).
    bool bracket(std::vector<Point> &points, DrawResonanceResult &r, std::size_t &lo,
                 std::size_t &hi) const
    {
      const bool up = points.front().mode.stable;
      std::size_t last = 0;
      double factor = settings.bracket_factor;
      std::string error;
      for (unsigned int failures = 0;;)
        {
          const double DR = points[last].mode.draw_ratio;
          if (up && DR >= settings.max_draw_ratio * (1 - 1e-12))
            return finish(r, std::numeric_limits<double>::infinity(),
                          "stable up to the maximum draw ratio " + to_string(DR));
          if (!up && DR <= 1.01)
            return finish(r, std::numeric_limits<double>::quiet_NaN(),
                          "unstable at every draw ratio tried, down to " + to_string(DR));
          if (!budget_left(r))
            return finish(r, std::numeric_limits<double>::quiet_NaN(),
                          "no sign change after " + std::to_string(r.steady_solves) +
                            " steady solves; last draw ratio " + to_string(DR) +
                            (up ? " stable" : " unstable"));
          const double next =
            up ? std::min(DR * factor, settings.max_draw_ratio) : std::max(DR / factor, 1.01);
          if (!solve_at(next, points, r, error))
            {
              if (++failures <= 2)
                {
                  factor = std::sqrt(factor);
                  continue;
                }
              return finish(r,
                            up ? std::numeric_limits<double>::infinity()
                               : std::numeric_limits<double>::quiet_NaN(),
                            std::string(up ? "stable" : "unstable") + " up to draw ratio " +
                              to_string(DR) + "; no steady solution at draw ratio " +
                              to_string(next) + ": " + error);
            }
          const std::size_t previous = last;
          last = points.size() - 1;
          if (points[last].mode.stable != up)
            {
              lo = up ? previous : last;
              hi = up ? last : previous;
              return true;
            }
        }
    }

    static bool finish(DrawResonanceResult &r, double critical, const std::string &reason)
    {
      r.critical_draw_ratio = critical;
      r.reason = reason;
      return false;
    }

    void bisect(std::vector<Point> &points, DrawResonanceResult &r, std::size_t lo,
                std::size_t hi) const
    {
      std::string error, why = "converged";
      while (points[hi].mode.draw_ratio / points[lo].mode.draw_ratio - 1 >
             settings.critical_tolerance)
        {
          if (!budget_left(r))
            {
              why = "steady-solve limit reached";
              break;
            }
          const double mid = std::sqrt(points[lo].mode.draw_ratio * points[hi].mode.draw_ratio);
          if (!solve_at(mid, points, r, error))
            {
              why = "steady solve failed at draw ratio " + to_string(mid) + ": " + error;
              break;
            }
          (points.back().mode.stable ? lo : hi) = points.size() - 1;
        }
      const DrawResonanceMode &a = points[lo].mode, &c = points[hi].mode;
      const double t = a.growth_rate_per_s / (a.growth_rate_per_s - c.growth_rate_per_s);
      r.critical_draw_ratio =
        std::exp(std::log(a.draw_ratio) + t * std::log(c.draw_ratio / a.draw_ratio));
      r.critical_angular_frequency_rad_per_s =
        a.angular_frequency_rad_per_s +
        t * (c.angular_frequency_rad_per_s - a.angular_frequency_rad_per_s);
      std::ostringstream s;
      s << why << ": growth rate changes sign between draw ratios " << a.draw_ratio << " and "
        << c.draw_ratio << " (" << r.steady_solves << " steady solves)";
      r.reason = s.str();
    }

    DrawResonanceResult analyse_wire(const FilamentProfile &operating) const
    {
      const auto start = std::chrono::steady_clock::now();
      DrawResonanceResult r;
      r.operating = analyse(operating);
      r.evaluated.push_back(r.operating);
      if (settings.search_critical_draw_ratio)
        {
          std::vector<Point> points{{r.operating, operating}};
          std::size_t lo = 0, hi = 0;
          if (bracket(points, r, lo, hi))
            bisect(points, r, lo, hi);
        }
      else
        r.reason = "not searched";
      r.cost_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      return r;
    }
  };

  // ------------------------------------------------------------------------------------------
  DrawResonanceAnalysis::DrawResonanceAnalysis(
    const Material &material, const RheologyModel &rheology, const ThermalProperties &thermal,
    const ConvectionModel &convection, const ProcessSettings &process,
    const ThinFilamentSettings &thin_filament, const DrawResonanceSettings &settings)
    : impl_(std::make_unique<Impl>(material, rheology, thermal, convection, process, thin_filament,
                                   settings))
  {}

  DrawResonanceAnalysis::~DrawResonanceAnalysis() = default;

  DrawResonanceMode DrawResonanceAnalysis::analyse(const FilamentProfile &steady) const
  {
    return impl_->analyse(steady);
  }

  std::vector<std::pair<double, double>>
  DrawResonanceAnalysis::eigenvalues(const FilamentProfile &steady) const
  {
    std::vector<std::pair<double, double>> out;
    for (const auto &s : impl_->spectrum(impl_->make_base(steady)))
      out.emplace_back(s.real(), s.imag());
    return out;
  }

  LinearisedDraw DrawResonanceAnalysis::linearise(const FilamentProfile &steady) const
  {
    return impl_->linearise(steady);
  }

  DrawResonanceResult DrawResonanceAnalysis::analyse_wire(const FilamentProfile &operating) const
  {
    return impl_->analyse_wire(operating);
  }
}  // namespace hotdraw

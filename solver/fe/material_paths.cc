#include "solver/fe/material_paths.h"

#include "materials/parameters.h"
#include "solver/fe/checkpoint.h"
#include "solver/fe/domain.h"
#include "solver/fe/fields.h"

#include <algorithm>
#include <cmath>

namespace hotdraw
{
  std::vector<double> cumulative_integral(const std::vector<double> &x,
                                          const std::vector<double> &y)
  {
    return cumulative_integral(x, y, std::vector<double>(x.size(), 1.0));
  }

  std::vector<double> cumulative_integral(const std::vector<double> &x,
                                          const std::vector<double> &num,
                                          const std::vector<double> &den)
  {
    const std::size_t n = x.size();
    std::vector<double> c(n, 0.0);
    if (n < 2)
      return c;
    // 3-point Gauss-Legendre on each interval, of the quadratics through three neighbours
    const double gx[3] = {-std::sqrt(0.6), 0.0, std::sqrt(0.6)};
    const double gw[3] = {5.0 / 9.0, 8.0 / 9.0, 5.0 / 9.0};
    for (std::size_t i = 0; i + 1 < n; ++i)
      {
        const double a = x[i], b = x[i + 1];
        double piece = 0;
        if (n == 2)
          piece = 0.5 * (num[0] / den[0] + num[1] / den[1]) * (b - a);
        else
          {
            const std::size_t k = i + 2 < n ? i : i - 1;  // points k, k+1, k+2
            const double x0 = x[k], x1 = x[k + 1], x2 = x[k + 2];
            for (int q = 0; q < 3; ++q)
              {
                const double t = 0.5 * (a + b) + 0.5 * (b - a) * gx[q];
                const double l0 = (t - x1) * (t - x2) / ((x0 - x1) * (x0 - x2));
                const double l1 = (t - x0) * (t - x2) / ((x1 - x0) * (x1 - x2));
                const double l2 = (t - x0) * (t - x1) / ((x2 - x0) * (x2 - x1));
                const double f = num[k] * l0 + num[k + 1] * l1 + num[k + 2] * l2;
                const double g = den[k] * l0 + den[k + 1] * l1 + den[k + 2] * l2;
                piece += 0.5 * (b - a) * gw[q] * f / g;
              }
          }
        c[i + 1] = c[i] + piece;
      }
    return c;
  }

  namespace
  {
    // Interpolation variable of psi: r^2 (axisymmetric, exact for plug flow) or r (planar).
    struct CrossSection
    {
      bool axisymmetric = true;
      std::vector<double> r, psi;
      double area(double x) const { return axisymmetric ? x * x : x; }
    };

    // psi at radius r from the section's samples (r_j, psi_j), linear in area(r) between samples.
    double psi_at(const CrossSection &sec, double rr)
    {
      const auto &r = sec.r;
      const auto &psi = sec.psi;
      const auto it = std::upper_bound(r.begin(), r.end(), rr);
      if (it == r.begin())
        return psi.front();
      if (it == r.end())
        return psi.back();
      const std::size_t j = (it - r.begin()) - 1;
      const double a = sec.area(r[j]), b = sec.area(r[j + 1]);
      return psi[j] + (psi[j + 1] - psi[j]) * (sec.area(rr) - a) / (b - a);
    }

    // Inverse: the radius inside which the flux is 'target' (psi increasing in r).
    double radius_of(const CrossSection &sec, double target)
    {
      const auto &r = sec.r;
      const auto &psi = sec.psi;
      if (target <= psi.front())
        return r.front();
      if (target >= psi.back())
        return r.back();
      const std::size_t j =
        std::min<std::size_t>((std::upper_bound(psi.begin(), psi.end(), target) - psi.begin()) - 1,
                              psi.size() - 2);
      const double a = sec.area(r[j]), b = sec.area(r[j + 1]);
      const double A = a + (b - a) * (target - psi[j]) / (psi[j + 1] - psi[j]);
      return sec.axisymmetric ? std::sqrt(A) : A;
    }
  }  // namespace

  std::vector<MaterialPath> trace_steady_paths(const Domain &domain, const FieldEvaluator &fields,
                                               const PathSettings &settings)
  {
    if (settings.n_paths < 2 || settings.n_radial_samples < 3)
      throw InputError("material paths: at least 2 paths and 3 radial samples are needed (got " +
                       std::to_string(settings.n_paths) + " and " +
                       std::to_string(settings.n_radial_samples) + ")");
    const bool axi = domain.geometry().axisymmetric();
    // axial stations: the free-surface samples (vertices and edge midpoints of the mesh)
    const std::vector<SurfacePoint> surface = domain.free_surface(fields);
    if (surface.size() < 3)
      throw SolverError("material paths: the flow has no free surface to trace along");
    const std::size_t K = surface.size(), J = settings.n_radial_samples;
    const double nudge = 1e-9;  // keep the surface samples just inside the domain
    std::vector<double> z(K), R(K);
    for (std::size_t k = 0; k < K; ++k)
      {
        z[k] = surface[k].z;
        R[k] = surface[k].r * (1.0 - nudge);
      }

    auto sample_all = [&](const std::vector<dealii::Point<2>> &pts) {
      const auto s = domain.sample(pts, fields);
      for (std::size_t i = 0; i < s.size(); ++i)
        if (!s[i].found)
          throw SolverError("material paths: the point (r, z) = (" + to_string(pts[i][0]) + ", " +
                            to_string(pts[i][1]) +
                            ") m lies outside the flow domain; the mesh or the free surface is "
                            "inconsistent");
      return s;
    };

    // flux profiles psi_k(r) at every station
    std::vector<dealii::Point<2>> pts;
    pts.reserve(K * J);
    for (std::size_t k = 0; k < K; ++k)
      for (std::size_t j = 0; j < J; ++j)
        pts.emplace_back(R[k] * double(j) / double(J - 1), z[k]);
    const auto section = sample_all(pts);
    std::vector<CrossSection> sec(K);
    std::vector<double> Q(K);
    for (std::size_t k = 0; k < K; ++k)
      {
        std::vector<double> r(J), f(J);
        for (std::size_t j = 0; j < J; ++j)
          {
            r[j] = pts[k * J + j][0];
            const double uz = section[k * J + j].u_z;
            if (!(uz > 0))
              throw SolverError("material paths: the axial velocity is " + to_string(uz) +
                                " m/s at (r, z) = (" + to_string(r[j]) + ", " + to_string(z[k]) +
                                ") m; paths need u_z > 0 everywhere (no recirculation)");
            f[j] = (axi ? 2.0 * M_PI * r[j] : 1.0) * uz;
          }
        sec[k].axisymmetric = axi;
        sec[k].psi = cumulative_integral(r, f);
        sec[k].r = r;
        Q[k] = sec[k].psi.back();
      }

    // seeds across the inlet, each carrying the flux of its annulus
    const unsigned int N = settings.n_paths;
    std::vector<MaterialPath> paths(N);
    for (unsigned int i = 0; i < N; ++i)
      {
        MaterialPath &p = paths[i];
        p.seed_radius_m = R[0] * double(i) / double(N - 1);
        p.flux_fraction = psi_at(sec[0], p.seed_radius_m) / Q[0];
        const double lo = i == 0 ? 0.0 : psi_at(sec[0], R[0] * (i - 0.5) / (N - 1));
        const double hi = i + 1 == N ? Q[0] : psi_at(sec[0], R[0] * (i + 0.5) / (N - 1));
        p.volume_flux_m3_per_s = hi - lo;
      }
    paths.front().flux_fraction = 0.0;
    paths.back().flux_fraction = 1.0;

    // path positions at every station, then the fields along them
    pts.clear();
    for (unsigned int i = 0; i < N; ++i)
      for (std::size_t k = 0; k < K; ++k)
        pts.emplace_back(radius_of(sec[k], paths[i].flux_fraction * Q[k]), z[k]);
    const auto along = sample_all(pts);
    for (unsigned int i = 0; i < N; ++i)
      {
        MaterialPath &p = paths[i];
        std::vector<double> one(K, 1.0);
        for (std::size_t k = 0; k < K; ++k)
          {
            const FieldSample &s = along[i * K + k];
            if (!(s.u_z > 0))
              throw SolverError("material paths: the axial velocity is " + to_string(s.u_z) +
                                " m/s on a path at z = " + to_string(z[k]) +
                                " m; paths need u_z > 0 everywhere (no recirculation)");
            p.z_m.push_back(z[k]);
            p.r_m.push_back(pts[i * K + k][0]);
            p.u_r_m_per_s.push_back(s.u_r);
            p.u_z_m_per_s.push_back(s.u_z);
            p.temperature_K.push_back(s.temperature);
            p.shear_rate_per_s.push_back(s.shear_rate);
            p.stress_eq_Pa.push_back(s.stress_eq);
            p.viscosity_Pa_s.push_back(s.viscosity);
            p.cooling_rate_K_per_s.push_back(s.cooling_rate);
          }
        p.time_s = cumulative_integral(z, one, p.u_z_m_per_s);
        p.shear_strain = cumulative_integral(z, p.shear_rate_per_s, p.u_z_m_per_s);
      }
    return paths;
  }

  double equilibrate_path_stresses(std::vector<MaterialPath> &paths, const double draw_force_N,
                                   const double surface_tension_N_per_m,
                                   const double report_above_K)
  {
    double largest = 0;
    if (paths.empty())
      return largest;
    for (std::size_t k = 0; k < paths.front().size(); ++k)
      {
        double integral = 0;
        for (const auto &p : paths)
          integral += p.stress_eq_Pa[k] * p.volume_flux_m3_per_s / p.u_z_m_per_s[k];
        const double target = draw_force_N - M_PI * paths.back().r_m[k] * surface_tension_N_per_m;
        if (!(integral > 0) || !(target > 0))
          continue;
        const double factor = target / integral;
        for (auto &p : paths)
          p.stress_eq_Pa[k] *= factor;
        if (paths.front().temperature_K[k] >= report_above_K)
          largest = std::max(largest, std::abs(factor - 1));
      }
    return largest;
  }

  double seeded_flux(const std::vector<MaterialPath> &paths)
  {
    double q = 0;
    for (const auto &p : paths)
      q += p.volume_flux_m3_per_s;
    return q;
  }

  TransientParticles::TransientParticles(const PathSettings &settings, double injection_interval_s)
    : settings_(settings), interval_s_(injection_interval_s)
  {
    if (!(interval_s_ > 0))
      throw InputError("transient particles: the injection interval must be positive (got " +
                       to_string(interval_s_) + " s)");
  }

  std::string TransientParticles::save() const
  {
    CheckpointWriter w;
    w.put(next_injection_s_);
    w.put(std::uint64_t(particles_.size()));
    for (const Particle &q : particles_)
      {
        w.put(std::uint64_t(q.path));
        w.put(q.injection_time_s);
        w.put(std::uint64_t(q.exited));
        for (const auto *v : {&q.time_s, &q.r_m, &q.z_m, &q.temperature_K, &q.shear_rate_per_s,
                              &q.shear_strain, &q.stress_eq_Pa, &q.cooling_rate_K_per_s})
          w.put(*v);
      }
    return w.data();
  }

  void TransientParticles::load(const std::string &record)
  {
    CheckpointReader r(record);
    next_injection_s_ = r.get_double();
    particles_.resize(r.get_count());
    for (Particle &q : particles_)
      {
        q.path = static_cast<unsigned int>(r.get_count());
        q.injection_time_s = r.get_double();
        q.exited = r.get_count() != 0;
        for (auto *v : {&q.time_s, &q.r_m, &q.z_m, &q.temperature_K, &q.shear_rate_per_s,
                        &q.shear_strain, &q.stress_eq_Pa, &q.cooling_rate_K_per_s})
          *v = r.get_vector();
      }
  }

  void TransientParticles::advance(const Domain &domain, const FieldEvaluator &fields, double t,
                                   double dt)
  {
    const std::vector<MaterialPath> paths = trace_steady_paths(domain, fields, settings_);
    if (next_injection_s_ < 0)
      next_injection_s_ = t;
    // the fields of path p at its time coordinate tau (linear between stations)
    auto record = [&](Particle &q, const MaterialPath &p, double tau, double time, double strain) {
      const auto &T = p.time_s;
      std::size_t k = std::upper_bound(T.begin(), T.end(), tau) - T.begin();
      k = std::clamp<std::size_t>(k, 1, T.size() - 1);
      const double w = std::clamp((tau - T[k - 1]) / (T[k] - T[k - 1]), 0.0, 1.0);
      auto at = [&](const std::vector<double> &v) { return (1 - w) * v[k - 1] + w * v[k]; };
      q.time_s.push_back(time);
      q.r_m.push_back(at(p.r_m));
      q.z_m.push_back(at(p.z_m));
      q.temperature_K.push_back(at(p.temperature_K));
      q.shear_rate_per_s.push_back(at(p.shear_rate_per_s));
      q.shear_strain.push_back(strain);
      q.stress_eq_Pa.push_back(at(p.stress_eq_Pa));
      q.cooling_rate_K_per_s.push_back(at(p.cooling_rate_K_per_s));
    };
    auto strain_at = [](const MaterialPath &p, double tau) {
      const auto &T = p.time_s;
      std::size_t k = std::upper_bound(T.begin(), T.end(), tau) - T.begin();
      k = std::clamp<std::size_t>(k, 1, T.size() - 1);
      const double w = std::clamp((tau - T[k - 1]) / (T[k] - T[k - 1]), 0.0, 1.0);
      return (1 - w) * p.shear_strain[k - 1] + w * p.shear_strain[k];
    };
    // injections due within this step, each at its own time
    while (next_injection_s_ < t + dt - 1e-12 * std::max(1.0, std::abs(t + dt)))
      {
        for (unsigned int i = 0; i < paths.size(); ++i)
          {
            Particle q;
            q.path = i;
            q.injection_time_s = next_injection_s_;
            record(q, paths[i], 0.0, next_injection_s_, 0.0);
            particles_.push_back(std::move(q));
          }
        next_injection_s_ += interval_s_;
      }
    const double t_end = t + dt;
    for (auto &q : particles_)
      {
        if (q.exited)
          continue;
        const MaterialPath &p = paths[q.path];
        // the particle's time coordinate on the path: from its axial position
        const double z0 = q.z_m.back();
        std::size_t k = std::upper_bound(p.z_m.begin(), p.z_m.end(), z0) - p.z_m.begin();
        k = std::clamp<std::size_t>(k, 1, p.size() - 1);
        const double w = std::clamp((z0 - p.z_m[k - 1]) / (p.z_m[k] - p.z_m[k - 1]), 0.0, 1.0);
        const double tau0 = (1 - w) * p.time_s[k - 1] + w * p.time_s[k];
        const double g0 = strain_at(p, tau0);
        const double start = std::max(t, q.time_s.back());  // injected within the step
        const double tau1 = tau0 + (t_end - start);
        const double gamma0 = q.shear_strain.back();
        // the stations passed on the way, then the end point (or the outlet)
        for (std::size_t j = k; j < p.size() && p.time_s[j] < tau1; ++j)
          if (p.time_s[j] > tau0)
            record(q, p, p.time_s[j], start + p.time_s[j] - tau0, gamma0 + p.shear_strain[j] - g0);
        if (tau1 >= p.time_s.back())
          {
            if (q.z_m.back() < p.z_m.back())
              record(q, p, p.time_s.back(), start + p.time_s.back() - tau0,
                     gamma0 + p.shear_strain.back() - g0);
            q.exited = true;
          }
        else
          record(q, p, tau1, t_end, gamma0 + strain_at(p, tau1) - g0);
      }
  }
}  // namespace hotdraw

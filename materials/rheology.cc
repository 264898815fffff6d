// The rheology base class, the registry of rheology laws and the section "Rheology" (see
// rheology.h). The laws live in materials/rheology/, one file each.

#include "materials/rheology.h"

#include "materials/material.h"
#include "materials/parameters.h"
#include "materials/registry.h"

#include <deal.II/base/patterns.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    constexpr double sqrt3 = 1.7320508075688772935;
    // eta_N is held at this value below the temperature at which VFT reaches it (near T0 VFT
    // diverges and has no physical meaning).
    constexpr double vft_ceiling_Pa_s = 1e30;
  }  // namespace

  // ============================================================================================
  // Base class
  // ============================================================================================
  RheologyModel::RheologyModel(const Material &material, double eta_max)
    : eta0_(material.vft_eta0_Pa_s), D_(material.vft_fragility_D), T0_(material.vft_T0_K),
      eta_max_(eta_max),
      // eta0 exp(D T0 / (T_clamp - T0)) = vft_ceiling  <=>  T_clamp = T0 + D T0 / ln(ceiling/eta0)
      T_clamp_(material.vft_T0_K + material.vft_fragility_D * material.vft_T0_K /
                                     std::log(vft_ceiling_Pa_s / material.vft_eta0_Pa_s))
  {
    if (!(eta_max_ > 0) || !(eta0_ > 0) || !(eta0_ < vft_ceiling_Pa_s))
      throw std::invalid_argument("RheologyModel: glass cap and VFT eta0 must be positive and "
                                  "eta0 below 1e30 Pa s");
  }

  Viscosity RheologyModel::newtonian(double T) const
  {
    Viscosity v;
    if (!(T > T_clamp_))
      {
        v.eta = vft_ceiling_Pa_s;
        return v;
      }
    const double dT = T - T0_;
    v.eta = eta0_ * std::exp(D_ * T0_ / dT);
    v.deta_dT = -v.eta * D_ * T0_ / (dT * dT);
    return v;
  }

  Viscosity RheologyModel::evaluate_without_cap(double T, double gamma_dot) const
  {
    if (!(T > 0) || !std::isfinite(T) || !(gamma_dot >= 0) || !std::isfinite(gamma_dot))
      throw SolverError("Rheology model '" + name() + "' evaluated at T = " + to_string(T) +
                        " K, shear rate = " + to_string(gamma_dot) +
                        " 1/s: need T > 0 and a finite shear rate >= 0.");
    return evaluate_uncapped(T, gamma_dot);
  }

  Viscosity RheologyModel::evaluate(double T, double gamma_dot) const
  {
    // Harmonic glass cap eta_eff = eta eta_max / (eta + eta_max):
    //   d eta_eff / d eta = eta_max^2 / (eta + eta_max)^2 = f^2 with f = eta_max / (eta + eta_max).
    const Viscosity v = evaluate_without_cap(T, gamma_dot);
    const double f = eta_max_ / (v.eta + eta_max_);
    Viscosity capped;
    capped.eta = v.eta * f;
    capped.deta_dgamma = v.deta_dgamma * f * f;
    capped.deta_dT = v.deta_dT * f * f;
    return capped;
  }

  void RheologyModel::evaluate(const std::vector<double> &T, const std::vector<double> &gamma_dot,
                               std::vector<Viscosity> &out) const
  {
    if (T.size() != gamma_dot.size())
      throw std::invalid_argument("RheologyModel::evaluate: " + std::to_string(T.size()) +
                                  " temperatures but " + std::to_string(gamma_dot.size()) +
                                  " shear rates");
    out.resize(T.size());
    for (std::size_t q = 0; q < T.size(); ++q)
      out[q] = evaluate(T[q], gamma_dot[q]);
  }

  double RheologyModel::max_uniaxial_stress(double) const
  {
    return std::numeric_limits<double>::infinity();
  }

  RheologyModel::Extension RheologyModel::extension_rate(double T, double sigma) const
  {
    if (!(sigma >= 0) || !std::isfinite(sigma))
      throw SolverError("Rheology model '" + name() + "': axial stress " + to_string(sigma) +
                        " Pa at T = " + to_string(T) + " K; need a finite stress >= 0.");
    const double sigma_max = max_uniaxial_stress(T);
    if (!(sigma < sigma_max))
      throw SolverError("Rheology model '" + name() + "': the axial stress " + to_string(sigma) +
                        " Pa at T = " + to_string(T) +
                        " K is at or above the largest uniaxial stress the model can carry, " +
                        to_string(sigma_max) + " Pa (the stress saturates).");

    Extension e;
    if (sigma == 0)
      {
        e.deps_dsigma = 1.0 / (3.0 * evaluate(T, 0.0).eta);
        return e;
      }

    // Solve f(x) = ln(3 eta(T, sqrt3 e^x) e^x) - ln(sigma) = 0 for x = ln(eps_dot).
    // f'(x) = 1 + d ln eta / d ln gamma_dot, in (0, 1] for every model (see the file header), so
    // f increases monotonically; its root is bracketed and found by Newton's method in x,
    // safeguarded by bisection.
    // The residual is a sum of logarithms of size up to ~|x|; it is known to a few rounding
    // units of the largest of them, which sets the convergence tolerance (about 1e-13 relative
    // in stress for realistic values).
    const double log_sigma = std::log(sigma);
    const double ulp = std::numeric_limits<double>::epsilon();
    Viscosity v;
    double tolerance = 0;
    auto residual = [&](double x, double &slope) {
      const double eps = std::exp(x);
      v = evaluate(T, sqrt3 * eps);
      if (!(v.eta > 0) || !std::isfinite(v.eta) || !std::isfinite(v.deta_dgamma))
        throw SolverError("Rheology model '" + name() +
                          "': no usable viscosity at extension "
                          "rate " +
                          to_string(eps) +
                          " 1/s (overflow) while looking for the "
                          "rate that carries the axial stress " +
                          to_string(sigma) + " Pa at T = " + to_string(T) + " K.");
      slope = 1.0 + sqrt3 * eps * v.deta_dgamma / v.eta;
      const double log_eta = std::log(v.eta);
      tolerance = 8 * ulp * (1.0 + std::abs(x) + std::abs(log_eta) + std::abs(log_sigma));
      return std::log(3.0) + log_eta + x - log_sigma;
    };

    // Lower end: the Newtonian estimate, a lower bound since eta(gamma_dot) <= eta(0).
    const double x_max = std::log(std::numeric_limits<double>::max()) - 2.0;
    double slope = 0;
    double lo = std::log(sigma / (3.0 * evaluate(T, 0.0).eta));
    double f_lo = residual(lo, slope);
    double x = lo, f = f_lo;
    if (std::abs(f_lo) > tolerance)
      {
        // Upper end: step up with doubling steps until the residual changes sign.
        double step = 1.0, hi = lo + step, f_hi = residual(hi, slope);
        while (f_hi < 0)
          {
            lo = hi;
            f_lo = f_hi;
            step *= 2.0;
            hi = lo + step;
            if (hi > x_max)
              throw SolverError("Rheology model '" + name() + "': no extension rate below " +
                                to_string(std::exp(x_max)) + " 1/s carries the axial stress " +
                                to_string(sigma) + " Pa at T = " + to_string(T) + " K.");
            f_hi = residual(hi, slope);
          }
        // Newton from the end with the smaller residual; bisection whenever the Newton step
        // would leave the bracket or would not at least halve the step before last (the
        // 'rtsafe' safeguard, which also copes with a slope lost to underflow at absurd rates).
        x = (-f_lo < f_hi) ? lo : hi;
        f = residual(x, slope);
        double dx = hi - lo, dx_before = dx;
        bool converged = false;
        for (unsigned int it = 0; it < 300; ++it)
          {
            if (std::abs(f) <= tolerance)
              {
                converged = true;
                break;
              }
            if (f < 0)
              lo = x;
            else
              hi = x;
            const double newton = x - f / slope;
            const bool use_newton = slope > 0 && newton > lo && newton < hi &&
                                    std::abs(2.0 * f) <= std::abs(dx_before * slope);
            dx_before = dx;
            const double x_new = use_newton ? newton : 0.5 * (lo + hi);
            dx = x - x_new;
            if (std::abs(dx) <= 4 * ulp * std::max(1.0, std::abs(x)))
              {
                // Bracket collapsed to rounding level: as accurate as double precision allows.
                x = x_new;
                f = residual(x, slope);
                converged = true;
                break;
              }
            x = x_new;
            f = residual(x, slope);
          }
        if (!converged)
          throw SolverError("Rheology model '" + name() +
                            "': the uniaxial inversion 3 eta eps_dot = sigma did not converge for "
                            "sigma = " +
                            to_string(sigma) + " Pa at T = " + to_string(T) +
                            " K (last relative residual " + to_string(f) + ").");
      }
    // v now holds the viscosity at the solution x (the last residual evaluated).

    // Implicit differentiation of S(eps, T) = 3 eta(T, sqrt3 eps) eps = sigma:
    //   dS/deps = 3 (eta + sqrt3 eps d eta/d gamma_dot),  dS/dT = 3 eps d eta/dT,
    //   d eps/d sigma = 1 / (dS/deps),  d eps/dT = -(dS/dT) / (dS/deps).
    e.eps_dot = std::exp(x);
    const double dS_deps = 3.0 * (v.eta + sqrt3 * e.eps_dot * v.deta_dgamma);
    e.deps_dsigma = 1.0 / dS_deps;
    e.deps_dT = -3.0 * e.eps_dot * v.deta_dT / dS_deps;
    return e;
  }

  RheologyRegistry &rheology_models()
  {
    static RheologyRegistry registry("rheology model");
    return registry;
  }

  std::vector<std::string> rheology_model_names()
  {
    return rheology_models().names();
  }

  void declare_rheology_parameters(ParameterSet &prm)
  {
    rheology_models().declare_parameters(
      prm, "Model", "Eyring",
      "Viscosity model. Every model is temperature-shifted through the Newtonian VFT viscosity "
      "eta_N(T) of the material and (except the power law above its plateau) tends to eta_N at "
      "low stress; gamma_dot = sqrt(2 D:D), sigma_eq = sqrt(3) eta gamma_dot.");
    prm.declare("Glass viscosity cap", "1e14", dealii::Patterns::Double(1e9, 1e20),
                "Glass cap eta_max applied to every model as eta_eff = eta eta_max/(eta + "
                "eta_max): smooth, and the wire is effectively rigid once it vitrifies (VFT "
                "gives about 1e12 Pa s at Tg for Pd40Cu30Ni10P20).",
                "Pa s");
  }

  std::unique_ptr<RheologyModel> create_rheology(ParameterSet &prm, const Material &material)
  {
    const double eta_max = prm.get_double("Glass viscosity cap");
    return rheology_models().create(prm, "Model", material, eta_max);
  }
}  // namespace hotdraw

// Rheology models of the supercooled liquid (see rheology.h for the conventions).
//
// Every non-Newtonian model here is a time-temperature-superposition master curve:
//
//   eta(T, gamma_dot) = eta_N(T) F(z),   z = eta_N(T) gamma_dot / tau_c(T),
//
// with eta_N the VFT viscosity of the material, F(0) = 1 (Newtonian at low stress) and tau_c a
// characteristic shear stress (the Newtonian shear stress eta_N gamma_dot at which thinning sets
// in). With this structure the derivatives follow from F alone:
//
//   d eta / d gamma_dot = eta_N F'(z) eta_N / tau_c,
//   d eta / d T         = eta_N [ (d ln eta_N/dT) (F + z F') - z F' (d ln tau_c/dT) ],
//
// and F + z F' = d(z F)/dz > 0 is the slope of the master flow curve (stress against rate), which
// guarantees that the uniaxial stress 3 eta eps_dot increases monotonically with eps_dot, so the
// Trouton inversion in extension_rate() has exactly one solution.

#include "materials/rheology.h"

#include "materials/material.h"
#include "materials/parameters.h"

#include <deal.II/base/patterns.h>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    constexpr double boltzmann_J_per_K = 1.380649e-23;
    constexpr double sqrt3 = 1.7320508075688772935;
    // eta_N is held at this value below the temperature at which VFT reaches it (near T0 VFT
    // diverges and has no physical meaning).
    constexpr double vft_ceiling_Pas = 1e30;
    // exp(-u) is below the smallest normal double for u above this.
    constexpr double exp_underflow = 745.0;
  }  // namespace

  // ============================================================================================
  // Base class
  // ============================================================================================
  RheologyModel::RheologyModel(const Material &material, double eta_max)
    : eta0_(material.vft_eta0_Pas), D_(material.vft_fragility_D), T0_(material.vft_T0_K),
      eta_max_(eta_max),
      // eta0 exp(D T0 / (T_clamp - T0)) = vft_ceiling  <=>  T_clamp = T0 + D T0 / ln(ceiling/eta0)
      T_clamp_(material.vft_T0_K +
               material.vft_fragility_D * material.vft_T0_K /
                 std::log(vft_ceiling_Pas / material.vft_eta0_Pas))
  {
    if (!(eta_max_ > 0) || !(eta0_ > 0) || !(eta0_ < vft_ceiling_Pas))
      throw std::invalid_argument("RheologyModel: glass cap and VFT eta0 must be positive and "
                                  "eta0 below 1e30 Pa s");
  }

  Viscosity RheologyModel::newtonian(double T) const
  {
    Viscosity v;
    if (!(T > T_clamp_))
      {
        v.eta = vft_ceiling_Pas;
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
        throw SolverError("Rheology model '" + name() + "': no usable viscosity at extension "
                          "rate " + to_string(eps) + " 1/s (overflow) while looking for the "
                          "rate that carries the axial stress " + to_string(sigma) +
                          " Pa at T = " + to_string(T) + " K.");
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
                            "sigma = " + to_string(sigma) + " Pa at T = " + to_string(T) +
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

  // ============================================================================================
  // Models
  // ============================================================================================
  namespace
  {
    // ---- VFT Newtonian ------------------------------------------------------------------------
    class VFTNewtonian : public RheologyModel
    {
    public:
      VFTNewtonian(const Material &material, double eta_max) : RheologyModel(material, eta_max) {}
      std::string name() const override { return "VFT Newtonian"; }

      static std::unique_ptr<RheologyModel> parse_parameters(ParameterSet &, const Material &m,
                                                             double eta_max)
      {
        return std::make_unique<VFTNewtonian>(m, eta_max);
      }

    protected:
      Viscosity evaluate_uncapped(double T, double) const override { return newtonian(T); }
    };

    // ---- master-curve models ------------------------------------------------------------------
    // eta = eta_N(T) F(z), z = eta_N(T) gamma_dot / tau_c(T) (see the file header).
    class MasterCurveModel : public RheologyModel
    {
    protected:
      using RheologyModel::RheologyModel;

      struct Shape
      {
        double F = 1;        // eta / eta_N
        double dF_dz = 0;    // F'(z)
        double z_dF_dz = 0;  // z F'(z), = d ln eta / d ln gamma_dot times F
        double slope = 1;    // d(z F)/dz = F + z F' (master flow-curve slope), > 0
      };
      virtual Shape shape(double z) const = 0;
      // Characteristic shear stress tau_c(T) in Pa and d ln tau_c / dT in 1/K.
      virtual double tau_c(double T, double &dln_tau_dT) const = 0;

      Viscosity evaluate_uncapped(double T, double gamma_dot) const override
      {
        const Viscosity n = newtonian(T);
        double dln_tau_dT = 0;
        const double tau = tau_c(T, dln_tau_dT);
        const double z = n.eta * gamma_dot / tau;
        const Shape s = shape(z);
        const double dln_etaN_dT = n.deta_dT / n.eta;
        Viscosity v;
        v.eta = n.eta * s.F;
        v.deta_dgamma = n.eta * s.dF_dz * (n.eta / tau);
        v.deta_dT = n.eta * (dln_etaN_dT * s.slope - s.z_dF_dz * dln_tau_dT);
        return v;
      }
    };

    // Flow index n of the generic models: 0 < n <= 1 (n = 1 is Newtonian where allowed).
    double parse_flow_index(ParameterSet &prm, bool allow_one)
    {
      const double n = prm.get_double("Flow index");
      if (!(n > 0) || (!allow_one && !(n < 1)))
        prm.fail("Flow index", n,
                 allow_one ? "the flow index must be positive (n = 0 would saturate the stress)"
                           : "the Cross model needs 0 < n < 1 (with n = 1 its formula gives "
                             "eta_N/2 at every rate; choose Model = VFT Newtonian for Newtonian "
                             "flow)",
                 allow_one ? "0 < n <= 1" : "0 < n < 1");
      return n;
    }

    void declare_critical_stress(ParameterSet &prm)
    {
      prm.declare("Critical stress", "1e8", dealii::Patterns::Double(1e3, 1e11),
                  "Characteristic shear stress sigma_c at which shear thinning sets in, compared "
                  "with the Newtonian shear stress eta_N(T) gamma_dot (the von Mises stress "
                  "divided by sqrt(3)); the crossover rate sigma_c/eta_N(T) shifts with "
                  "temperature like 1/eta_N (time-temperature superposition). Default [est]: "
                  "2 k_B T/V = 1.4e8 Pa is the Eyring onset for Pd40Cu30Ni10P20 at 640 K.",
                  "Pa");
    }

    // ---- Eyring (transition state) ------------------------------------------------------------
    // eta = eta_N x / sinh(x), x = sigma_eq V / (2 sqrt3 k_B T), sigma_eq = sqrt3 eta gamma_dot.
    // Then x = eta gamma_dot V / (2 k_B T) and sinh(x) = eta_N gamma_dot V / (2 k_B T) = y, so
    // in closed form eta = eta_N asinh(y) / y: a master curve with tau_c = 2 k_B T / V.
    class Eyring : public MasterCurveModel
    {
    public:
      Eyring(const Material &m, double eta_max, double V)
        : MasterCurveModel(m, eta_max), V_m3_(V)
      {}
      std::string name() const override { return "Eyring"; }

      static void declare_parameters(ParameterSet &prm)
      {
        prm.declare("Activation volume", "preset", PresetOrDouble(1e-31, 1e-25),
                    "Activation volume V of transition-state flow, eta = eta_N x/sinh(x) with "
                    "x = sigma_eq V/(2 sqrt(3) k_B T). 'preset' takes the material's value "
                    "(section Material, 'Activation volume', including an override there; "
                    "1.3e-28 m^3 [est] for Pd40Cu30Ni10P20).",
                    "m^3");
      }
      static std::unique_ptr<RheologyModel> parse_parameters(ParameterSet &prm,
                                                             const Material &m, double eta_max)
      {
        return std::make_unique<Eyring>(
          m, eta_max, prm.get_preset_or_double("Activation volume", m.activation_volume_m3));
      }

    protected:
      double tau_c(double T, double &dln_tau_dT) const override
      {
        dln_tau_dT = 1.0 / T;
        return 2.0 * boltzmann_J_per_K * T / V_m3_;
      }

      Shape shape(double y) const override
      {
        Shape s;
        if (y < 1e-2)
          {
            // asinh(y)/y = sum_k c_k y^(2k), c_k = (-1)^k (2k)! / (4^k (k!)^2 (2k+1)):
            // 1 - y^2/6 + 3y^4/40 - 5y^6/112 + 35y^8/1152 (next term < 1e-21 here).
            const double y2 = y * y;
            s.F = 1 + y2 * (-1.0 / 6 + y2 * (3.0 / 40 + y2 * (-5.0 / 112 + y2 * 35.0 / 1152)));
            s.z_dF_dz = y2 * (-2.0 / 6 + y2 * (12.0 / 40 + y2 * (-30.0 / 112 + y2 * 280.0 / 1152)));
            s.dF_dz = y * (-2.0 / 6 + y2 * (12.0 / 40 + y2 * (-30.0 / 112 + y2 * 280.0 / 1152)));
          }
        else
          {
            s.F = std::asinh(y) / y;
            s.z_dF_dz = inverse_hypot(y) - s.F;
            s.dF_dz = s.z_dF_dz / y;
          }
        // d(y F)/dy = d asinh(y)/dy = 1/sqrt(1 + y^2), exactly.
        s.slope = inverse_hypot(y);
        return s;
      }

    private:
      // 1/sqrt(1 + y^2) without overflow of y^2.
      static double inverse_hypot(double y)
      {
        return (y > 1) ? 1.0 / (y * std::sqrt(1.0 + 1.0 / (y * y))) : 1.0 / std::sqrt(1.0 + y * y);
      }
      double V_m3_;
    };

    // ---- Kato et al. master curve ---------------------------------------------------------------
    // eta / eta_N = 1 - exp(-sigma* / (eta_N eps_dot)), eps_dot = gamma_dot / sqrt3 (physics.md
    // section 3, after Kato, Kawamura, Inoue & Chen, APL 73 (1998) 3665). With
    // z = eta_N gamma_dot / (sqrt3 sigma*) this is F(z) = 1 - exp(-1/z), tau_c = sqrt3 sigma*.
    // Limits: eta -> eta_N (exactly, with all derivatives of F vanishing) as gamma_dot -> 0; the
    // uniaxial stress 3 eta eps_dot = 3 sigma* (1 - exp(-w))/w, w = sigma*/(eta_N eps_dot),
    // increases monotonically with eps_dot and saturates at 3 sigma*, so no uniaxial stress at or
    // above 3 sigma* can be carried (the cap only lowers the stress further). The research note
    // docs/material-data.md may revise the form or sigma*.
    class Kato : public MasterCurveModel
    {
    public:
      Kato(const Material &m, double eta_max, double sigma_star)
        : MasterCurveModel(m, eta_max), sigma_star_Pa_(sigma_star)
      {}
      std::string name() const override { return "Kato"; }

      static void declare_parameters(ParameterSet &prm)
      {
        prm.declare("Sigma star", "preset", PresetOrDouble(1e5, 1e11),
                    "Stress sigma* of the Kato et al. (APL 73, 1998) master curve "
                    "eta/eta_N = 1 - exp(-sigma*/(eta_N eps_dot)), eps_dot = gamma_dot/sqrt(3). "
                    "The largest uniaxial stress this model can carry is 3 sigma*. 'preset' "
                    "takes the material's value (section Material, 'Kato sigma star'; 5e8 Pa "
                    "[est] for Pd40Cu30Ni10P20).",
                    "Pa");
      }
      static std::unique_ptr<RheologyModel> parse_parameters(ParameterSet &prm,
                                                             const Material &m, double eta_max)
      {
        return std::make_unique<Kato>(
          m, eta_max, prm.get_preset_or_double("Sigma star", m.kato_sigma_star_Pa));
      }

      double max_uniaxial_stress(double) const override { return 3.0 * sigma_star_Pa_; }

    protected:
      double tau_c(double, double &dln_tau_dT) const override
      {
        dln_tau_dT = 0;
        return sqrt3 * sigma_star_Pa_;
      }

      Shape shape(double z) const override
      {
        Shape s;
        if (z == 0)
          return s;
        const double u = 1.0 / z;  // sigma* / (eta_N eps_dot)
        s.F = -std::expm1(-u);
        if (u > exp_underflow)
          return s;  // F = 1 to machine precision, F' = 0
        const double e = std::exp(-u);
        // F' = -exp(-u) u^2, z F' = -exp(-u) u
        s.dF_dz = -e * u * u;
        s.z_dF_dz = -e * u;
        // F + z F' = 1 - (1 + u) exp(-u) = sum_{k>=2} (-1)^k (k-1)/k! u^k; series for small u,
        // where the closed form cancels.
        if (u < 0.05)
          s.slope = u * u * (1.0 / 2 + u * (-1.0 / 3 + u * (1.0 / 8 + u * (-1.0 / 30 +
                                       u * (1.0 / 144 + u * (-1.0 / 840))))));
        else
          s.slope = s.F + s.z_dF_dz;
        return s;
      }

    private:
      double sigma_star_Pa_;
    };

    // ---- generic models with a temperature-independent critical stress sigma_c ------------------
    // (Cross, Carreau–Yasuda, power law): tau_c = sigma_c, flow index n.
    class CriticalStressModel : public MasterCurveModel
    {
    protected:
      CriticalStressModel(const Material &m, double eta_max, double sigma_c, double n)
        : MasterCurveModel(m, eta_max), sigma_c_Pa_(sigma_c), n_(n)
      {}
      double tau_c(double, double &dln_tau_dT) const override
      {
        dln_tau_dT = 0;
        return sigma_c_Pa_;
      }
      double sigma_c_Pa_, n_;
    };

    // ---- Cross ---------------------------------------------------------------------------------
    // eta = eta_N / (1 + z^(1-n)), z = eta_N gamma_dot / sigma_c. Approaches eta_N as z^(1-n) at
    // low rate; d eta/d gamma_dot diverges like gamma_dot^(-n) as gamma_dot -> 0 (returned as 0
    // at exactly gamma_dot = 0).
    class Cross : public CriticalStressModel
    {
    public:
      Cross(const Material &m, double eta_max, double sigma_c, double n)
        : CriticalStressModel(m, eta_max, sigma_c, n)
      {}
      std::string name() const override { return "Cross"; }

      static void declare_parameters(ParameterSet &prm)
      {
        declare_critical_stress(prm);
        prm.declare("Flow index", "0.3", dealii::Patterns::Double(0, 1),
                    "Flow index n of the Cross model eta = eta_N/(1 + (eta_N gamma_dot/"
                    "sigma_c)^(1-n)); at high rate the shear stress grows like gamma_dot^n. "
                    "Must satisfy 0 < n < 1. Default [est].",
                    "-");
      }
      static std::unique_ptr<RheologyModel> parse_parameters(ParameterSet &prm,
                                                             const Material &m, double eta_max)
      {
        const double sigma_c = prm.get_double("Critical stress");
        return std::make_unique<Cross>(m, eta_max, sigma_c, parse_flow_index(prm, false));
      }

    protected:
      Shape shape(double z) const override
      {
        Shape s;
        if (z == 0)
          return s;
        const double p = 1.0 - n_, zp = std::pow(z, p), b = 1.0 + zp;
        s.F = 1.0 / b;
        s.z_dF_dz = -p * zp / (b * b);
        s.dF_dz = s.z_dF_dz / z;
        s.slope = (1.0 + n_ * zp) / (b * b);
        return s;
      }
    };

    // ---- Carreau–Yasuda ------------------------------------------------------------------------
    // eta = eta_inf + (eta_N - eta_inf) (1 + (lambda gamma_dot)^a)^((n-1)/a),
    // lambda = eta_N / sigma_c (so lambda gamma_dot = z), eta_inf = r eta_N:
    // F(z) = r + (1 - r) (1 + z^a)^((n-1)/a).
    class CarreauYasuda : public CriticalStressModel
    {
    public:
      CarreauYasuda(const Material &m, double eta_max, double sigma_c, double n, double a,
                    double ratio)
        : CriticalStressModel(m, eta_max, sigma_c, n), a_(a), r_(ratio)
      {}
      std::string name() const override { return "Carreau-Yasuda"; }

      static void declare_parameters(ParameterSet &prm)
      {
        declare_critical_stress(prm);
        prm.declare("Flow index", "0.3", dealii::Patterns::Double(0, 1),
                    "Flow index n of the Carreau-Yasuda model eta = eta_inf + (eta_N - eta_inf) "
                    "(1 + (lambda gamma_dot)^a)^((n-1)/a), lambda = eta_N/sigma_c. Must be "
                    "positive; n = 1 is Newtonian. Default [est].",
                    "-");
        prm.declare("Yasuda exponent", "2", dealii::Patterns::Double(0, 10),
                    "Exponent a of the Carreau-Yasuda model (width of the transition; a = 2 is "
                    "the Carreau model). Must be positive. For a < 1, d eta/d gamma_dot "
                    "diverges as gamma_dot -> 0 (returned as 0 at exactly zero).",
                    "-");
        prm.declare("Infinite-shear viscosity ratio", "0", dealii::Patterns::Double(0, 1),
                    "Ratio r = eta_inf/eta_N of the infinite-shear viscosity to the Newtonian "
                    "viscosity (r = 1 is Newtonian).",
                    "-");
      }
      static std::unique_ptr<RheologyModel> parse_parameters(ParameterSet &prm,
                                                             const Material &m, double eta_max)
      {
        const double sigma_c = prm.get_double("Critical stress");
        const double n = parse_flow_index(prm, true);
        const double a = prm.get_double("Yasuda exponent");
        if (!(a > 0))
          prm.fail("Yasuda exponent", a, "the Yasuda exponent must be positive", "0 < a <= 10");
        return std::make_unique<CarreauYasuda>(m, eta_max, sigma_c, n, a,
                                               prm.get_double("Infinite-shear viscosity ratio"));
      }

    protected:
      Shape shape(double z) const override
      {
        Shape s;
        if (z == 0)
          return s;
        const double za = std::pow(z, a_), b = 1.0 + za, bm = std::pow(b, (n_ - 1.0) / a_);
        s.F = r_ + (1.0 - r_) * bm;
        s.z_dF_dz = (1.0 - r_) * (n_ - 1.0) * bm * za / b;
        s.dF_dz = s.z_dF_dz / z;
        s.slope = r_ + (1.0 - r_) * bm * (1.0 + n_ * za) / b;
        return s;
      }

    private:
      double a_, r_;
    };

    // ---- truncated power law -------------------------------------------------------------------
    // eta = eta_N min(1, (gamma_dot/gamma_c)^(n-1)), gamma_c = sigma_c / eta_N: F = min(1, z^(n-1)).
    // Newtonian plateau below gamma_c; eta is continuous at gamma_c but its derivatives jump there
    // (from 0 to (n-1) eta/gamma_c), which Newton solvers may notice.
    class PowerLaw : public CriticalStressModel
    {
    public:
      PowerLaw(const Material &m, double eta_max, double sigma_c, double n)
        : CriticalStressModel(m, eta_max, sigma_c, n)
      {}
      std::string name() const override { return "Power law"; }

      static void declare_parameters(ParameterSet &prm)
      {
        declare_critical_stress(prm);
        prm.declare("Flow index", "0.3", dealii::Patterns::Double(0, 1),
                    "Flow index n of the truncated power law eta = eta_N min(1, (gamma_dot/"
                    "gamma_c)^(n-1)), gamma_c = sigma_c/eta_N(T). Must be positive; n = 1 is "
                    "Newtonian. The derivative of eta jumps at gamma_c. Default [est].",
                    "-");
      }
      static std::unique_ptr<RheologyModel> parse_parameters(ParameterSet &prm,
                                                             const Material &m, double eta_max)
      {
        const double sigma_c = prm.get_double("Critical stress");
        return std::make_unique<PowerLaw>(m, eta_max, sigma_c, parse_flow_index(prm, true));
      }

    protected:
      Shape shape(double z) const override
      {
        Shape s;
        if (z <= 1)
          return s;
        const double f = std::pow(z, n_ - 1.0);
        s.F = f;
        s.z_dF_dz = (n_ - 1.0) * f;
        s.dF_dz = s.z_dF_dz / z;
        s.slope = n_ * f;
        return s;
      }
    };

    // ---- registry ------------------------------------------------------------------------------
    struct ModelInfo
    {
      std::string name;
      std::string summary;  // one line for the "Model" documentation
      // Declares the model's parameters inside its own subsection; nullptr if it has none (no
      // empty subsection is declared, so a resolved parameter file never contains one).
      void (*declare)(ParameterSet &);
      std::unique_ptr<RheologyModel> (*parse)(ParameterSet &, const Material &, double);
    };

    const std::vector<ModelInfo> &registry()
    {
      static const std::vector<ModelInfo> models = {
        {"VFT Newtonian", "eta = eta_N(T), the VFT viscosity of the material", nullptr,
         &VFTNewtonian::parse_parameters},
        {"Eyring",
         "transition-state flow eta = eta_N x/sinh(x), x = sigma_eq V/(2 sqrt(3) k_B T), "
         "i.e. eta = eta_N asinh(y)/y, y = eta_N gamma_dot V/(2 k_B T)",
         &Eyring::declare_parameters, &Eyring::parse_parameters},
        {"Kato",
         "Kato et al. master curve eta = eta_N (1 - exp(-sigma*/(eta_N eps_dot))), "
         "eps_dot = gamma_dot/sqrt(3); uniaxial stress saturates at 3 sigma*",
         &Kato::declare_parameters, &Kato::parse_parameters},
        {"Cross", "eta = eta_N/(1 + (eta_N gamma_dot/sigma_c)^(1-n))",
         &Cross::declare_parameters, &Cross::parse_parameters},
        {"Carreau-Yasuda",
         "eta = eta_inf + (eta_N - eta_inf)(1 + (lambda gamma_dot)^a)^((n-1)/a), "
         "lambda = eta_N/sigma_c, eta_inf = r eta_N",
         &CarreauYasuda::declare_parameters, &CarreauYasuda::parse_parameters},
        {"Power law",
         "eta = eta_N min(1, (gamma_dot/gamma_c)^(n-1)), gamma_c = sigma_c/eta_N (Newtonian "
         "plateau below gamma_c)",
         &PowerLaw::declare_parameters, &PowerLaw::parse_parameters},
      };
      return models;
    }
  }  // namespace

  std::vector<std::string> rheology_model_names()
  {
    std::vector<std::string> names;
    for (const auto &m : registry())
      names.push_back(m.name);
    return names;
  }

  void declare_rheology_parameters(ParameterSet &prm)
  {
    std::string names, doc =
      "Viscosity model. Every model is temperature-shifted through the Newtonian VFT viscosity "
      "eta_N(T) of the material and (except the power law above its plateau) tends to eta_N at "
      "low stress; gamma_dot = sqrt(2 D:D), sigma_eq = sqrt(3) eta gamma_dot. Models:";
    for (const auto &m : registry())
      {
        names += (names.empty() ? "" : "|") + m.name;
        doc += " '" + m.name + "': " + m.summary + ";";
      }
    doc.back() = '.';
    prm.declare("Model", "Eyring", dealii::Patterns::Selection(names), doc);
    prm.declare("Glass viscosity cap", "1e14", dealii::Patterns::Double(1e9, 1e20),
                "Glass cap eta_max applied to every model as eta_eff = eta eta_max/(eta + "
                "eta_max): smooth, and the wire is effectively rigid once it vitrifies (VFT "
                "gives about 1e12 Pa s at Tg for Pd40Cu30Ni10P20).",
                "Pa s");
    for (const auto &m : registry())
      if (m.declare != nullptr)
        {
          prm.enter_subsection(m.name);
          m.declare(prm);
          prm.leave_subsection();
        }
  }

  std::unique_ptr<RheologyModel> create_rheology(ParameterSet &prm, const Material &material)
  {
    const std::string name = prm.get("Model");
    const double eta_max = prm.get_double("Glass viscosity cap");
    for (const auto &m : registry())
      if (m.name == name)
        {
          if (m.declare == nullptr)
            return m.parse(prm, material, eta_max);
          prm.enter_subsection(m.name);
          try
            {
              auto model = m.parse(prm, material, eta_max);
              prm.leave_subsection();
              return model;
            }
          catch (...)
            {
              prm.leave_subsection();
              throw;
            }
        }
    prm.fail("Model", name, "no rheology model of this name is registered",
             "one of the names listed by --print-parameters");
  }
}  // namespace hotdraw

// Convective heat transfer from a thin moving filament (see convection.h for the correlations).

#include "materials/convection.h"

#include "materials/expression.h"
#include "materials/parameters.h"

#include <deal.II/base/patterns.h>

#include <cmath>

namespace hotdraw
{
  struct ConvectionModel::GivenFunction
  {
    Expression h_W_per_m2K;  // h(z, t)
    std::string parameter;   // full parameter path, for messages
  };

  ConvectionModel::ConvectionModel() = default;
  ConvectionModel::~ConvectionModel() = default;
  ConvectionModel::ConvectionModel(ConvectionModel &&) noexcept = default;
  ConvectionModel &ConvectionModel::operator=(ConvectionModel &&) noexcept = default;

  void ConvectionModel::declare_parameters(ParameterSet &prm)
  {
    prm.enter_subsection("Convection");
    prm.declare("Model", "correlation", dealii::Patterns::Selection("correlation|given"),
                "How the convective heat-transfer coefficient h is obtained. 'correlation': "
                "combined natural (Churchill-Chu, horizontal cylinder) and forced (Kase-Matsuo, "
                "filament moving along its axis) convection, Nu = (Nu_nat^3 + Nu_forced^3)^(1/3), "
                "h = Nu k_gas/d, evaluated with the local wire diameter, speed and surface "
                "temperature. 'given': the expression 'Heat transfer coefficient'.");
    prm.declare("Gas thermal conductivity", "0.037", dealii::Patterns::Double(1e-3, 10),
                "Thermal conductivity k_gas of the surrounding gas (air at about 450 K: 0.037).",
                "W/(m K)");
    prm.declare("Gas kinematic viscosity", "3.2e-5", dealii::Patterns::Double(1e-7, 1e-2),
                "Kinematic viscosity nu_gas of the gas (air at about 450 K: 3.2e-5).", "m^2/s");
    prm.declare("Gas Prandtl number", "0.69", dealii::Patterns::Double(0.01, 100),
                "Prandtl number Pr of the gas (air: 0.69); thermal diffusivity alpha_gas = "
                "nu_gas/Pr.",
                "-");
    prm.declare("Cross-flow speed", "0", dealii::Patterns::Double(0, 100),
                "Speed v_c of gas flowing across the filament, in the Kase-Matsuo factor "
                "[1 + (8 v_c/v)^2]^(1/6); 0 for still gas.",
                "m/s");
    prm.declare("Gravity", "9.81", dealii::Patterns::Double(0, 100),
                "Gravitational acceleration g in the Rayleigh number of natural convection "
                "(0 switches natural convection to its conduction limit Nu = 0.36).",
                "m/s^2");
    prm.declare("Heat transfer coefficient", "100", dealii::Patterns::Anything(),
                "Heat-transfer coefficient h(z, t) used when Model = given: an expression in the "
                "axial position z (m) and time t (s), e.g. '150' or "
                "'50 + 200*exp(-(z/0.004)^2)'. Must be finite and >= 0.",
                "W/(m^2 K)");
    prm.leave_subsection();
  }

  void ConvectionModel::parse_parameters(ParameterSet &prm)
  {
    prm.enter_subsection("Convection");
    try
      {
        use_correlation_ = (prm.get("Model") == "correlation");
        k_gas_ = prm.get_double("Gas thermal conductivity");
        nu_gas_ = prm.get_double("Gas kinematic viscosity");
        Pr_ = prm.get_double("Gas Prandtl number");
        v_cross_ = prm.get_double("Cross-flow speed");
        g_ = prm.get_double("Gravity");
        // The expression is checked whichever model is chosen, so that a broken entry is never
        // silently carried along.
        auto given = std::make_unique<GivenFunction>();
        given->h_W_per_m2K = Expression::from_parameter(prm, "Heat transfer coefficient", "z,t");
        given->parameter = prm.current_section() + "/Heat transfer coefficient";
        const double h0 = given->h_W_per_m2K(0.0, 0.0);
        if (!std::isfinite(h0) || h0 < 0)
          prm.fail("Heat transfer coefficient", prm.get("Heat transfer coefficient"),
                   "evaluates to " + to_string(h0) + " W/(m^2 K) at z = 0, t = 0",
                   "an expression in z and t that is finite and >= 0");
        given_ = std::move(given);
      }
    catch (...)
      {
        prm.leave_subsection();
        throw;
      }
    prm.leave_subsection();
  }

  void ConvectionModel::set_correlation(double k_gas, double nu_gas, double prandtl,
                                        double cross_flow_speed, double gravity)
  {
    use_correlation_ = true;
    k_gas_ = k_gas;
    nu_gas_ = nu_gas;
    Pr_ = prandtl;
    v_cross_ = cross_flow_speed;
    g_ = gravity;
  }

  double ConvectionModel::nusselt_natural(double R, double T, double T_gas) const
  {
    // Churchill & Chu (1975), horizontal cylinder, valid for Ra <= 1e12:
    //   Nu = {0.60 + 0.387 Ra^(1/6) / [1 + (0.559/Pr)^(9/16)]^(8/27)}^2,
    //   Ra = g beta |T - T_gas| d^3 / (nu alpha), beta = 1/T_film (ideal gas),
    //   T_film = (T + T_gas)/2, alpha = nu/Pr.
    const double d = 2.0 * R;
    const double T_film = 0.5 * (T + T_gas);
    const double alpha = nu_gas_ / Pr_;
    const double Ra = g_ / T_film * std::abs(T - T_gas) * d * d * d / (nu_gas_ * alpha);
    const double root =
      0.60 + 0.387 * std::pow(Ra, 1.0 / 6.0) /
               std::pow(1.0 + std::pow(0.559 / Pr_, 9.0 / 16.0), 8.0 / 27.0);
    return root * root;
  }

  double ConvectionModel::nusselt_forced(double R, double v) const
  {
    // Kase & Matsuo (1965), filament moving along its axis at speed v in gas with cross-flow v_c:
    //   Nu = 0.42 Re^0.334 [1 + (8 v_c/v)^2]^(1/6), Re = v d / nu.
    // Written without dividing by v: Re^0.334 [1 + (8 v_c/v)^2]^(1/6)
    //   = (d/nu)^0.334 v^(0.334 - 1/3) (v^2 + 64 v_c^2)^(1/6),
    // which tends to 0 as v -> 0; a filament at rest gets natural convection only.
    const double speed = std::abs(v);
    if (speed == 0)
      return 0;
    const double d = 2.0 * R;
    return 0.42 * std::pow(d / nu_gas_, 0.334) * std::pow(speed, 0.334 - 1.0 / 3.0) *
           std::pow(speed * speed + 64.0 * v_cross_ * v_cross_, 1.0 / 6.0);
  }

  double ConvectionModel::h(double z, double R, double v, double T, double T_gas, double t) const
  {
    if (!use_correlation_)
      {
        const double value = given_->h_W_per_m2K(z, t);
        if (!std::isfinite(value) || value < 0)
          throw InputError("Parameter '" + given_->parameter + "' = '" +
                           given_->h_W_per_m2K.text() + "' evaluates to " + to_string(value) +
                           " W/(m^2 K) at z = " + to_string(z) + " m, t = " + to_string(t) +
                           " s. Allowed: an expression that is finite and >= 0 everywhere.");
        return value;
      }
    if (!(R > 0) || !std::isfinite(R))
      throw SolverError("Convection correlation evaluated for a filament of radius " +
                        to_string(R) + " m at z = " + to_string(z) + " m; the radius must be > 0.");
    const double nat = nusselt_natural(R, T, T_gas), forced = nusselt_forced(R, v);
    const double Nu = std::cbrt(nat * nat * nat + forced * forced * forced);
    return Nu * k_gas_ / (2.0 * R);
  }
}  // namespace hotdraw

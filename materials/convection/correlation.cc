#include "materials/convection/correlation.h"

#include "materials/parameters.h"
#include "materials/registry.h"

#include <cmath>

namespace hotdraw
{
  ConvectionCorrelation::ConvectionCorrelation(double k_gas, double nu_gas, double prandtl,
                                               double cross_flow_speed, double gravity)
    : k_gas_(k_gas), nu_gas_(nu_gas), Pr_(prandtl), v_cross_(cross_flow_speed), g_(gravity)
  {}

  void ConvectionCorrelation::declare_parameters(ParameterSet &prm)
  {
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
  }

  std::unique_ptr<ConvectionLaw> ConvectionCorrelation::create(ParameterSet &prm)
  {
    return std::make_unique<ConvectionCorrelation>(prm.get_double("Gas thermal conductivity"),
                                                   prm.get_double("Gas kinematic viscosity"),
                                                   prm.get_double("Gas Prandtl number"),
                                                   prm.get_double("Cross-flow speed"),
                                                   prm.get_double("Gravity"));
  }

  double ConvectionCorrelation::nusselt_natural(double R, double T, double T_gas) const
  {
    // Churchill & Chu (1975), horizontal cylinder, valid for Ra <= 1e12:
    //   Nu = {0.60 + 0.387 Ra^(1/6) / [1 + (0.559/Pr)^(9/16)]^(8/27)}^2,
    //   Ra = g beta |T - T_gas| d^3 / (nu alpha), beta = 1/T_film (ideal gas),
    //   T_film = (T + T_gas)/2, alpha = nu/Pr.
    const double d = 2.0 * R;
    const double T_film = 0.5 * (T + T_gas);
    const double alpha = nu_gas_ / Pr_;
    const double Ra = g_ / T_film * std::abs(T - T_gas) * d * d * d / (nu_gas_ * alpha);
    const double root = 0.60 + 0.387 * std::pow(Ra, 1.0 / 6.0) /
                                 std::pow(1.0 + std::pow(0.559 / Pr_, 9.0 / 16.0), 8.0 / 27.0);
    return root * root;
  }

  double ConvectionCorrelation::nusselt_forced(double R, double v) const
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

  double ConvectionCorrelation::h(double z, double R, double v, double T, double T_gas,
                                  double) const
  {
    if (!(R > 0) || !std::isfinite(R))
      throw SolverError("Convection correlation evaluated for a filament of radius " +
                        to_string(R) + " m at z = " + to_string(z) + " m; the radius must be > 0.");
    const double nat = nusselt_natural(R, T, T_gas), forced = nusselt_forced(R, v);
    const double Nu = std::cbrt(nat * nat * nat + forced * forced * forced);
    return Nu * k_gas_ / (2.0 * R);
  }

  HOTDRAW_REGISTER(convection_laws, ConvectionCorrelation, "correlation",
                   "combined natural (Churchill-Chu, horizontal cylinder) and forced (Kase-"
                   "Matsuo, filament moving along its axis) convection, Nu = (Nu_nat^3 + "
                   "Nu_forced^3)^(1/3), h = Nu k_gas/d, with the local wire diameter, speed and "
                   "surface temperature")
}  // namespace hotdraw

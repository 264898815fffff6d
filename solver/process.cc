#include "solver/process.h"

#include "materials/material.h"
#include "materials/parameters.h"
#include "postprocess/log.h"

#include <cmath>

namespace hotdraw
{
  double ProcessSettings::feed_area() const
  {
    return M_PI * feed_radius() * feed_radius();
  }

  double ProcessSettings::volume_flux() const
  {
    return feed_area() * feed_speed_m_per_s;
  }

  double ProcessSettings::take_up_speed_for_diameter(double d) const
  {
    return feed_speed_m_per_s * (feed_diameter_m / d) * (feed_diameter_m / d);
  }

  double ProcessSettings::diameter_for_take_up_speed(double v) const
  {
    return feed_diameter_m * std::sqrt(feed_speed_m_per_s / v);
  }

  void ProcessSettings::declare_parameters(ParameterSet &prm)
  {
    using namespace dealii::Patterns;
    prm.declare("Feed rod diameter", "1e-3", Double(1e-6, 0.1),
                "Diameter D0 of the rod fed into the hot zone.", "m");
    prm.declare("Feed speed", "0.5e-3", Double(1e-8, 1.0),
                "Speed v_f at which the rod is fed into the hot zone.", "m/s");
    prm.declare("Draw control", "wire diameter",
                Selection("wire diameter|take-up speed|draw force"),
                "What fixes the draw besides the feed speed: the target wire diameter (take-up "
                "speed from mass conservation), the take-up speed, or the draw force.");
    prm.declare("Wire diameter", "100e-6", Double(1e-7, 0.1),
                "Target wire diameter d (Draw control = wire diameter). A sweep over "
                "'Sweep/Wire diameters' overrides it.",
                "m");
    prm.declare("Take-up speed", "0.1", Double(1e-8, 100.0),
                "Take-up speed v_d (Draw control = take-up speed).", "m/s");
    prm.declare("Draw force", "0.01", Double(1e-9, 1e5),
                "Axial draw force F (Draw control = draw force).", "N");
    prm.declare("Draw temperature", "670", Double(1.0, 5000.0),
                "Nominal furnace set-point T_draw; must lie in the supercooled-liquid range "
                "(above Tg). Available as the constant T_draw in the profile expressions.",
                "K");
    prm.declare("Hot-zone length", "40e-3", Double(1e-5, 10.0),
                "Length L_hz of the hot zone, which by convention occupies z in [0, L_hz]. "
                "Available as the constant L_hz in the profile expressions.",
                "m");
    prm.declare("Domain start", "-40e-3", Double(-100.0, 100.0),
                "Axial position z_start of the inlet of the computational domain (upstream of "
                "the hot zone, usually negative).",
                "m");
    prm.declare("Domain end", "80e-3", Double(-100.0, 100.0),
                "Axial position z_end of the outlet; the wire must have vitrified before it.", "m");
    prm.declare("Furnace wall temperature",
                "T_room + (560 - T_room)*0.5*(tanh((z + 0.02)/0.001) - tanh(z/0.001)) + (T_draw - "
                "T_room)*0.5*(tanh(z/0.001) - tanh((z - L_hz)/0.001))",
                Anything(),
                "Furnace wall temperature T_w(z, t) seen by radiation: a function expression "
                "of z (m) and t (s) with the constants L_hz, T_draw, T_room, R0. The default is "
                "the default case's furnace: a preheat section at 560 K on [-20, 0] mm, the hot "
                "zone at T_draw on [0, L_hz], room temperature elsewhere, 1 mm tanh edges.",
                "K");
    prm.declare("Gas temperature",
                "T_room + (560 - T_room)*0.5*(tanh((z + 0.02)/0.001) - tanh(z/0.001)) + (T_draw - "
                "T_room)*0.5*(tanh(z/0.001) - tanh((z - L_hz)/0.001))",
                Anything(),
                "Gas temperature T_gas(z, t) for convection: a function expression of z (m) "
                "and t (s) with the constants L_hz, T_draw, T_room, R0.",
                "K");
    prm.declare("Surface tension", "false", Bool(),
                "Finite-element solver: include surface tension (both curvatures, meridional "
                "and azimuthal 1/R) with the material's surface tension.");
    prm.declare("Gravity", "0", Double(-100, 100),
                "Finite-element solver: gravitational acceleration along +z (the drawing "
                "direction; 9.81 for drawing downwards), as a body force rho g.",
                "m/s^2");
    prm.declare("Inlet temperature", "298.15", Double(1.0, 5000.0),
                "Temperature of the rod far upstream (long rod) or at z_start (fixed). Available "
                "as the constant T_room.",
                "K");
    prm.declare("Inlet thermal condition", "long rod", Selection("long rod|fixed temperature"),
                "long rod: the rod continues upstream of z_start in surroundings at the inlet "
                "temperature, so axial conduction does not see an artificial cold wall "
                "(Robin condition from the exact upstream solution); fixed temperature: T = "
                "inlet temperature at z_start.");
  }

  void ProcessSettings::parse_parameters(ParameterSet &prm, const Material &material)
  {
    feed_diameter_m = prm.get_double("Feed rod diameter");
    feed_speed_m_per_s = prm.get_double("Feed speed");
    const std::string c = prm.get("Draw control");
    control = c == "wire diameter"   ? DrawControl::wire_diameter
              : c == "take-up speed" ? DrawControl::take_up_speed
                                     : DrawControl::draw_force;
    wire_diameter_m = prm.get_double("Wire diameter");
    take_up_speed_m_per_s = prm.get_double("Take-up speed");
    draw_force_N = prm.get_double("Draw force");
    draw_temperature_K = prm.get_double("Draw temperature");
    hot_zone_length_m = prm.get_double("Hot-zone length");
    domain_start_m = prm.get_double("Domain start");
    domain_end_m = prm.get_double("Domain end");
    inlet_temperature_K = prm.get_double("Inlet temperature");
    surface_tension = prm.get_bool("Surface tension");
    gravity_m_per_s2 = prm.get_double("Gravity");
    inlet_condition = prm.get("Inlet thermal condition") == "long rod" ? InletCondition::long_rod
                                                                       : InletCondition::fixed;

    // --- consistency -------------------------------------------------------------------------
    const double Tg = material.glass_transition_K, Tx = material.crystallisation_K;
    if (draw_temperature_K <= Tg)
      prm.fail("Draw temperature", draw_temperature_K,
               "below the glass transition of " + material.name + " (Tg = " + to_string(Tg) +
                 " K): the rod cannot be drawn",
               "a temperature in the supercooled-liquid range " + to_string(Tg) + " .. " +
                 to_string(Tx) + " K");
    if (draw_temperature_K >= material.liquidus_K)
      prm.fail("Draw temperature", draw_temperature_K,
               "at or above the liquidus (" + to_string(material.liquidus_K) + " K)",
               "a temperature in the supercooled-liquid range " + to_string(Tg) + " .. " +
                 to_string(Tx) + " K");
    if (draw_temperature_K > Tx)
      Log::out() << "Warning: 'Geometry and process/Draw temperature' = " << draw_temperature_K
                 << " K is above Tx = " << Tx
                 << " K (20 K/min): the supercooled liquid may crystallise.\n";
    if (control == DrawControl::wire_diameter && wire_diameter_m >= feed_diameter_m)
      prm.fail("Wire diameter", wire_diameter_m,
               "not thinner than the feed rod ('Feed rod diameter' = " +
                 to_string(feed_diameter_m) + " m)",
               "a diameter below the feed rod diameter");
    if (control == DrawControl::take_up_speed && take_up_speed_m_per_s <= feed_speed_m_per_s)
      prm.fail("Take-up speed", take_up_speed_m_per_s,
               "not faster than the feed ('Feed speed' = " + to_string(feed_speed_m_per_s) +
                 " m/s), so nothing is drawn",
               "a speed above the feed speed");
    if (!(domain_end_m > domain_start_m))
      prm.fail("Domain end", domain_end_m,
               "not downstream of 'Domain start' = " + to_string(domain_start_m) + " m",
               "a position greater than the domain start");
    if (domain_start_m > 0 || domain_end_m < hot_zone_length_m)
      prm.fail("Domain start", domain_start_m,
               "the domain [" + to_string(domain_start_m) + ", " + to_string(domain_end_m) +
                 "] m does not contain the hot zone [0, " + to_string(hot_zone_length_m) + "] m",
               "Domain start <= 0 and Domain end >= Hot-zone length");

    const std::map<std::string, double> constants = {{"L_hz", hot_zone_length_m},
                                                     {"T_draw", draw_temperature_K},
                                                     {"T_room", inlet_temperature_K},
                                                     {"R0", feed_radius()}};
    wall_temperature =
      Expression::from_parameter(prm, "Furnace wall temperature", "z,t", constants);
    gas_temperature = Expression::from_parameter(prm, "Gas temperature", "z,t", constants);

    // Profiles must be finite and positive over the domain; the wall must reach Tg somewhere.
    double max_wall = 0;
    for (unsigned int i = 0; i <= 400; ++i)
      {
        const double z = domain_start_m + (domain_end_m - domain_start_m) * i / 400.0;
        const double tw = wall_temperature(z, 0.0), tg = gas_temperature(z, 0.0);
        if (!std::isfinite(tw) || tw <= 0 || tw > 5000)
          prm.fail("Furnace wall temperature", wall_temperature.text(),
                   "evaluates to " + to_string(tw) + " K at z = " + to_string(z) + " m",
                   "an expression giving 0 < T_w <= 5000 K over the whole domain");
        if (!std::isfinite(tg) || tg <= 0 || tg > 5000)
          prm.fail("Gas temperature", gas_temperature.text(),
                   "evaluates to " + to_string(tg) + " K at z = " + to_string(z) + " m",
                   "an expression giving 0 < T_gas <= 5000 K over the whole domain");
        max_wall = std::max(max_wall, std::max(tw, tg));
      }
    if (max_wall <= Tg)
      prm.fail("Furnace wall temperature", wall_temperature.text(),
               "the furnace (wall and gas) never exceeds Tg = " + to_string(Tg) +
                 " K, so the rod never reaches the supercooled-liquid range",
               "a profile that rises above Tg in the hot zone");
  }
}  // namespace hotdraw

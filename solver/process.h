// Geometry and process settings of a drawing run (section "Geometry and process").
//
// Coordinates: z along the axis in the drawing direction (m). By convention the hot zone is
// [0, L_hz]; the computational domain [z_start, z_end] contains it. The furnace wall and gas
// temperature profiles are function expressions of z and t that may use the constants
//   L_hz    hot-zone length (m)
//   T_draw  draw (furnace set-point) temperature (K)
//   T_room  inlet / room temperature (K)
//   R0      feed rod radius (m)
#pragma once

#include "materials/expression.h"

#include <string>

namespace hotdraw
{
  class ParameterSet;
  struct Material;

  enum class DrawControl
  {
    wire_diameter,  // take-up speed from mass conservation: v_d = v_f (D0/d)^2
    take_up_speed,
    draw_force
  };

  enum class InletCondition
  {
    long_rod,  // the rod continues upstream in surroundings at the inlet temperature
    fixed      // prescribed temperature at z_start
  };

  struct ProcessSettings
  {
    double feed_diameter_m = 1e-3;
    double feed_speed_m_per_s = 0.5e-3;
    DrawControl control = DrawControl::wire_diameter;
    double wire_diameter_m = 100e-6;
    double take_up_speed_m_per_s = 0.1;
    double draw_force_N = 0.01;
    double draw_temperature_K = 670;
    double hot_zone_length_m = 40e-3;
    double domain_start_m = -40e-3;
    double domain_end_m = 80e-3;
    double inlet_temperature_K = 298.15;
    InletCondition inlet_condition = InletCondition::long_rod;
    bool surface_tension = false;  // FE solver
    double gravity_m_per_s2 = 0;   // FE solver, along +z
    Expression wall_temperature;   // T_w(z, t), K
    Expression gas_temperature;    // T_gas(z, t), K

    double feed_radius() const { return 0.5 * feed_diameter_m; }
    double feed_area() const;
    double volume_flux() const;  // Q = A0 v_f, m^3/s
    // Take-up speed that gives wire diameter d by mass conservation.
    double take_up_speed_for_diameter(double d) const;
    double diameter_for_take_up_speed(double v) const;

    static void declare_parameters(ParameterSet &prm);  // inside "Geometry and process"
    // Reads and checks the settings against the material (draw temperature above Tg, wire
    // thinner than the rod, hot zone inside the domain, profiles finite, ...).
    void parse_parameters(ParameterSet &prm, const Material &material);
  };
}  // namespace hotdraw

#include "solver/fe_wire.h"

#include "materials/expression.h"
#include "materials/convection.h"
#include "materials/material.h"
#include "materials/thermal.h"
#include "postprocess/log.h"
#include "solver/case_setup.h"
#include "solver/fe/fe_drawing.h"

#include <deal.II/base/timer.h>

#include <algorithm>
#include <iomanip>
#include <memory>

namespace hotdraw
{
  double cooling_rate_at(const std::vector<SurfacePoint> &line, double Tg)
  {
    // the FE value -u.grad T at the samples, interpolated to the crossing
    for (std::size_t k = line.size() - 1; k >= 1; --k)
      if (line[k - 1].T >= Tg && line[k].T < Tg)
        {
          const double f = (line[k - 1].T - Tg) / (line[k - 1].T - line[k].T);
          return (1 - f) * line[k - 1].cooling_rate + f * line[k].cooling_rate;
        }
    return 0.0;
  }

  FEWireResult solve_fe_wire(const CaseSetup &setup, const FilamentProfile &p,
                             const std::string &output_dir, MPI_Comm comm)
  {
    dealii::Timer timer;
    DrawingConditions dc;
    dc.feed_speed_m_per_s = p.feed_speed_m_per_s;
    dc.rigid_inlet = true;
    const double vd = p.take_up_speed_m_per_s;
    // steady state first (factor 1); the transient then follows v_d(t) = v_d factor(t)
    auto factor = std::make_shared<Expression>(setup.free_surface.take_up_factor, "t");
    auto transient_phase = std::make_shared<bool>(false);
    dc.take_up_speed = [vd, factor, transient_phase](double t) {
      return *transient_phase ? vd * (*factor)(t) : vd;
    };
    dc.surface_tension_N_per_m =
      setup.process.surface_tension ? setup.material.surface_tension_N_per_m : 0.0;
    dc.density_kg_per_m3 = setup.material.density_kg_per_m3;
    dc.gravity_m_per_s2 = setup.process.gravity_m_per_s2;
    // the given temperature field: the thin-filament T(z), uniform across the section
    const std::vector<double> z = p.z_m, T = p.temperature_K;
    dc.temperature = [z, T](const dealii::Point<2> &x) {
      if (x[1] <= z.front())
        return T.front();
      if (x[1] >= z.back())
        return T.back();
      const std::size_t k = std::upper_bound(z.begin(), z.end(), x[1]) - z.begin();
      const double t = (x[1] - z[k - 1]) / (z[k] - z[k - 1]);
      return (1 - t) * T[k - 1] + t * T[k];
    };
    if (setup.stokes.solve_heat)
      {
        // FE heat transfer, coupled; the thin-filament T(z) is the initial field
        auto h = std::make_shared<HeatSpec>();
        const ThermalProperties &th = *setup.thermal;
        const double rho = setup.material.density_kg_per_m3;
        h->density = [rho](double) { return rho; };
        h->heat_capacity = [&th](double T) { return th.cp(T); };
        h->enthalpy = [&th](double T) { return th.enthalpy(T); };
        h->dcp_dT = [&th](double T) { return th.dcp_dT(T); };
        h->conductivity = [&th](double T) { return th.k(T); };
        h->dk_dT = [&th](double T) { return th.dk_dT(T); };
        const ConvectionModel &conv = setup.convection;
        h->heat_transfer = [&conv](double z, double R, double v, double T, double Tg, double t) {
          return conv.h(z, R, v, T, Tg, t);
        };
        const ProcessSettings &pr = setup.process;
        h->wall_temperature = [&pr](double z, double t) { return pr.wall_temperature(z, t); };
        h->gas_temperature = [&pr](double z, double t) { return pr.gas_temperature(z, t); };
        h->emissivity = setup.material.emissivity;
        h->radiation = setup.thin_filament.radiation;
        h->viscous_heating = setup.thin_filament.viscous_heating;
        h->fixed_inlet = pr.inlet_condition == InletCondition::fixed;
        h->inlet_temperature_K = pr.inlet_temperature_K;
        h->inlet_lambda_per_m =
          h->fixed_inlet ? 0.0
                         : long_rod_inlet_lambda(setup.material, th, conv, pr,
                                                 setup.thin_filament.radiation);
        dc.heat = h;
      }
    FEDrawing drawing(comm, *setup.rheology, setup.stokes, setup.free_surface, dc);
    drawing.initialize(p.z_m, p.radius_m);
    std::vector<DrawingStep> steps = drawing.solve_steady(output_dir);
    if (setup.free_surface.transient)
      {
        *transient_phase = true;
        Log::out() << "  transient run over " << setup.free_surface.end_time_s
                   << " s from the steady state, take-up speed factor "
                   << setup.free_surface.take_up_factor << "\n";
        const std::vector<DrawingStep> t = drawing.run_transient(0.0, output_dir);
        if (!output_dir.empty())
          FEDrawing::write_statistics(t, output_dir + "/time_series.txt",
                                      drawing.flow().n_dofs());
        steps.insert(steps.end(), t.begin(), t.end());
      }
    FEWireResult r;
    r.draw_force_N = steps.back().draw_force_N;
    r.outlet_diameter_m = 2 * steps.back().outlet_radius_m;
    r.take_up_speed_m_per_s = steps.back().take_up_speed_m_per_s;
    r.mass_flux_error = steps.back().mass_flux_error;
    r.shape_iterations = steps.size();
    r.n_dofs = drawing.flow().n_dofs();
    if (drawing.flow().heat_enabled())
      {
        const double Tg = setup.material.glass_transition_K;
        r.heat = true;
        r.peak_temperature_K = drawing.flow().max_temperature();
        const auto axis = drawing.flow().axis_profile();
        const auto surface = drawing.surface();
        r.outlet_temperature_K = std::max(axis.back().T, surface.back().T);
        r.cooling_rate_at_Tg_axis_K_per_s = cooling_rate_at(axis, Tg);
        r.cooling_rate_at_Tg_surface_K_per_s = cooling_rate_at(surface, Tg);
        r.energy_imbalance = drawing.flow().energy_balance().imbalance_relative;
        r.vitrified = r.outlet_temperature_K < Tg - 10;
        if (!r.vitrified)
          {
            // how much longer the domain would need to be, at the outlet cooling rate
            const double q = std::max(axis.back().cooling_rate, 1e-12);
            const double extra = axis.back().u_z * (r.outlet_temperature_K - (Tg - 10)) / q;
            Log::out() << std::setprecision(4) << "Warning: the wire leaves the FE domain at "
                       << r.outlet_temperature_K
                       << " K, above Tg - 10 K = " << Tg - 10
                       << " K: it has not vitrified. At its outlet cooling rate of " << q
                       << " K/s the domain would need to be about " << extra * 1e3
                       << " mm longer ('Geometry and process/Domain end' = "
                       << (setup.process.domain_end_m + extra) * 1e3 << " mm).\n";
          }
      }
    if (!output_dir.empty())
      {
        drawing.write_pvd(output_dir, "flow");
        drawing.write_surface_csv(output_dir + "/surface.csv");
        FEDrawing::write_statistics(steps, output_dir + "/statistics.txt", r.n_dofs);
      }
    r.wall_time_s = timer.wall_time();
    return r;
  }
}  // namespace hotdraw

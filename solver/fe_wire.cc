#include "solver/fe_wire.h"

#include "materials/expression.h"
#include "materials/material.h"
#include "postprocess/log.h"
#include "solver/case_setup.h"
#include "solver/fe/fe_drawing.h"

#include <deal.II/base/timer.h>

#include <algorithm>
#include <memory>

namespace hotdraw
{
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

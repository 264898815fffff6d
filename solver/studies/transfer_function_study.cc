#include "solver/studies/transfer_function_study.h"

#include "postprocess/log.h"
#include "postprocess/plot.h"
#include "postprocess/table.h"
#include "postprocess/timing.h"
#include "solver/case_setup.h"
#include "solver/numerics/errors.h"
#include "solver/stability/draw_resonance.h"
#include "solver/sweep.h"
#include "solver/thin_filament.h"
#include "solver/transfer_function_settings.h"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace hotdraw
{
  TransferFunction compute_transfer_function(const TransferFunctionSettings &settings,
                                             const CaseSetup &setup)
  {
    const double d =
      settings.wire_diameter_m > 0 ? settings.wire_diameter_m : setup.process.wire_diameter_m;
    ThinFilamentSettings quiet = setup.thin_filament;
    quiet.verbosity = 0;
    const ThinFilamentModel model(setup.material, *setup.rheology, *setup.thermal, setup.convection,
                                  setup.process, quiet);
    const FilamentProfile steady =
      model.solve_take_up_speed(setup.process.take_up_speed_for_diameter(d));
    DrawResonanceSettings ds;
    ds.n_grid_points = settings.n_grid_points;
    ds.search_critical_draw_ratio = false;
    const DrawResonanceAnalysis lsa(setup.material, *setup.rheology, *setup.thermal,
                                    setup.convection, setup.process, quiet, ds);
    TransferFunction tf = transfer_function(lsa.linearise(steady), settings.frequencies_Hz);
    tf.growth_rate_per_s = lsa.analyse(steady).growth_rate_per_s;
    return tf;
  }

  Table transfer_function_table(const TransferFunction &tf)
  {
    Table t;
    for (const auto &p : tf.points)
      {
        t.add("frequency_Hz", p.frequency_Hz);
        t.add("angular_frequency_rad_per_s", p.angular_frequency_rad_per_s);
        t.add("amplitude_ratio", p.amplitude_ratio);
        t.add("phase_deg", p.phase_deg);
        t.add("phase_at_neck_end_deg", p.phase_at_outlet_deg);
        t.add("real_part", p.at_take_up.real());
        t.add("imaginary_part", p.at_take_up.imag());
        t.add("delay_s", tf.delay_s);
        t.add("resolved", p.resolved ? 1.0 : 0.0);
        t.end_row();
      }
    return t;
  }

  namespace
  {
    PlotSpec bode_plot(const TransferFunction &tf, double diameter_m)
    {
      Series amplitude, phase, neck, quasi_static;
      amplitude.title = "|G| = |dD/D| / |dv_d/v_d|";
      phase.title = "arg G at the take-up";
      neck.title = "arg G at the end of the neck (without the delay)";
      quasi_static.title = "quasi-static |G(0)|";
      neck.style = "dt 2";
      quasi_static.style = "lc rgb '#7f7f7f' dt 3";
      for (const auto &p : tf.points)
        {
          amplitude.x.push_back(p.frequency_Hz);
          amplitude.y.push_back(p.amplitude_ratio);
          phase.x.push_back(p.frequency_Hz);
          phase.y.push_back(p.phase_deg);
          neck.x.push_back(p.frequency_Hz);
          neck.y.push_back(p.phase_at_outlet_deg);
          quasi_static.x.push_back(p.frequency_Hz);
          quasi_static.y.push_back(std::abs(tf.static_gain));
        }
      Panel a, b;
      a.title = "Amplitude ratio";
      a.x_label = b.x_label = "frequency of the take-up speed (Hz)";
      a.y_label = "|dD/D| / |dv_d/v_d|";
      a.log_x = a.log_y = b.log_x = true;
      a.series = {amplitude, quasi_static};
      b.title = "Phase";
      b.y_label = "phase (deg)";
      b.series = {phase, neck};
      PlotSpec spec;
      std::ostringstream title;
      title << "Diameter response to the take-up speed, " << diameter_m * 1e6 << " um wire (delay "
            << std::setprecision(3) << tf.delay_s << " s)";
      spec.title = title.str();
      spec.columns = 1;
      spec.width_px = 1000;
      spec.height_px = 1000;
      spec.key = "bottom left";
      spec.panels = {a, b};
      return spec;
    }
  }  // namespace

  void run_transfer_function(const TransferFunctionSettings &settings, const CaseSetup &setup)
  {
    const auto scope = timers().scope("transfer function");
    auto &log = Log::out();
    const double d =
      settings.wire_diameter_m > 0 ? settings.wire_diameter_m : setup.process.wire_diameter_m;
    const auto flags = log.flags();
    const auto precision = log.precision();
    log << std::defaultfloat << std::setprecision(4);
    log << "\nTransfer function: take-up speed -> diameter of the " << d * 1e6 << " um wire at "
        << settings.frequencies_Hz.size() << " frequencies ...\n";
    TransferFunction tf;
    try
      {
        tf = compute_transfer_function(settings, setup);
      }
    catch (const SolverError &e)
      {
        // rank 0 alone: the other ranks must not wait for an error they never see
        log << "  Not computed: " << e.what() << "\n";
        log.flags(flags);
        log.precision(precision);
        return;
      }
    const std::string dir = setup.output.directory;
    transfer_function_table(tf).write_csv(dir + "/transfer_function.csv");
    log << "  quasi-static gain G(0) = " << tf.static_gain
        << " (mass conservation: -0.5); corner frequency (|G| = |G(0)|/sqrt 2) "
        << tf.corner_frequency_Hz << " Hz; residence time in the neck " << tf.residence_time_s
        << " s, delay to the take-up " << tf.delay_s << " s; largest |G| "
        << tf.peak_amplitude_ratio << " at " << tf.peak_frequency_Hz << " Hz\n";
    // (only for a stable draw: the response of an unstable one is not a delay)
    if (!tf.points.empty() && tf.static_gain < 0 && tf.growth_rate_per_s < 0)
      log << "  effective dead time (phase lag beyond -180 deg / omega at the lowest frequency) "
          << -(tf.points[0].phase_deg + 180) / (360 * tf.points[0].frequency_Hz) << " s\n";
    if (!(tf.growth_rate_per_s < 0))
      log << "  Note: the draw is not stable (leading growth rate " << tf.growth_rate_per_s
          << " 1/s): a disturbance does not settle into this response.\n";
    // the wire's verdict (solver/feasibility/): a response of a wire that cannot be made says so
    const WireResult verdict = solve_thin_wire(setup, d).first;
    if (!verdict.feasible())
      log << "  Note: the " << d * 1e6 << " um wire cannot be made in this process ("
          << (verdict.status == status::failed ? "its solve failed" : verdict.reasons())
          << "): the response above is the model's, not that of a wire that can be drawn.\n";
    log.flags(flags);
    log.precision(precision);
    std::size_t unresolved = 0;
    for (const auto &p : tf.points)
      unresolved += p.resolved ? 0 : 1;
    if (unresolved > 0)
      log << "  Note: " << unresolved
          << " frequencies are above the grid's resolution (column 'resolved' = 0); raise "
             "'Transfer function/Number of grid points' to trust them.\n";
    if (!setup.output.plot)
      return;
    std::string message;
    if (!plotting_available())
      log << "Note: gnuplot with the pngcairo terminal is not available; no "
             "transfer_function.png.\n";
    else if (!write_plot(bode_plot(tf, d), dir + "/transfer_function.png", message))
      log << "Note: transfer_function.png not written: " << message << "\n";
  }
}  // namespace hotdraw

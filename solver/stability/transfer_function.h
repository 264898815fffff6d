// The transfer function from the take-up speed to the wire diameter, G(i omega) = (dD/D) /
// (dv_d/v_d), of the linearised thin-filament draw (solver/stability/draw_resonance.h): a
// sinusoidal take-up speed v_d (1 + eps exp(i omega t)) makes the diameter at the take-up
// D (1 + eps G(i omega) exp(i omega t)) once transients have decayed (a stable draw).
//
// With the semi-discrete draw dx/dt = f(x; v_d) linearised to dx/dt = J x + b dln v_d, the
// response at the end z_b of the analysis domain is x = (i omega I - J)^-1 b (a dense complex
// LU solve per frequency), dD/D = dA(z_b) / (2 A(z_b)). Downstream of z_b the wire is frozen and
// only carries the perturbation on: to the take-up it is a pure delay, exp(-i omega t_delay),
// t_delay the steady travel time from z_b to the end of the model domain.
//
// Limits: omega -> 0 is the quasi-static draw, D ~ v_d^-1/2 at fixed feed (G(0) = -1/2 up to
// the discretisation error of mass conservation); frequencies whose period the analysis grid
// does not resolve (omega above LinearisedDraw::resolution_limit_per_s) are flagged, their
// numbers are those of the grid, not of the draw.
#pragma once

#include <complex>
#include <limits>
#include <vector>

namespace hotdraw
{
  struct LinearisedDraw;

  struct TransferFunctionPoint
  {
    double frequency_Hz = 0, angular_frequency_rad_per_s = 0;
    std::complex<double> at_outlet;  // at z_b, without the delay
    std::complex<double> at_take_up;
    double amplitude_ratio = 0;      // |G| at the take-up (the delay does not change it)
    double phase_deg = 0;            // arg G at the take-up, unwrapped from (-360, 0]
    double phase_at_outlet_deg = 0;  // the same without the delay
    bool resolved = true;            // omega below the grid's resolution limit
  };

  struct TransferFunction
  {
    std::vector<TransferFunctionPoint> points;                      // ascending frequency
    double static_gain = std::numeric_limits<double>::quiet_NaN();  // G(0), real
    // The lowest frequency where |G| falls to |G(0)| / sqrt(2) (NaN: not in the grid's range).
    double corner_frequency_Hz = std::numeric_limits<double>::quiet_NaN();
    double peak_amplitude_ratio = 0, peak_frequency_Hz = 0;  // the largest |G| on the grid
    double delay_s = 0, residence_time_s = 0;
    // Of the draw's leading mode (set by the caller that knows it; NaN: not known). G is the
    // response a disturbance settles into only where it is negative.
    double growth_rate_per_s = std::numeric_limits<double>::quiet_NaN();
  };

  // G at the end of the analysis domain (no delay) at angular frequency omega >= 0.
  std::complex<double> diameter_response(const LinearisedDraw &draw, double omega_rad_per_s);

  // G at the take-up over the frequencies (Hz, > 0; sorted ascending in the result).
  TransferFunction transfer_function(const LinearisedDraw &draw,
                                     std::vector<double> frequencies_Hz);
}  // namespace hotdraw

#include "solver/stability/transfer_function.h"

#include "materials/parameters.h"
#include "solver/numerics/errors.h"
#include "solver/stability/draw_resonance.h"

#include <deal.II/lac/lapack_full_matrix.h>
#include <deal.II/lac/vector.h>

#include <algorithm>
#include <cmath>

namespace hotdraw
{
  std::complex<double> diameter_response(const LinearisedDraw &draw, double omega)
  {
    const std::size_t n = draw.n_unknowns;
    if (n == 0 || draw.jacobian.size() != n * n || draw.input.size() != n)
      throw SolverError("transfer function: the linearised draw is incomplete");
    dealii::LAPACKFullMatrix<std::complex<double>> M(n, n);
    dealii::Vector<std::complex<double>> x(n);
    for (std::size_t i = 0; i < n; ++i)
      {
        for (std::size_t k = 0; k < n; ++k)
          M(i, k) = -draw.jacobian[i * n + k];
        M(i, i) += std::complex<double>(0.0, omega);
        x[i] = draw.input[i];
      }
    M.compute_lu_factorization();
    M.solve(x);
    return x[draw.outlet_area] / (2 * draw.state[draw.outlet_area]);
  }

  namespace
  {
    constexpr double degrees = 180 / M_PI;

    // The lowest frequency in [f_lo, f_hi] where |G| = target (|G(f_lo)| above it, |G(f_hi)|
    // at or below): bisection in ln f.
    double crossing(const LinearisedDraw &draw, double f_lo, double f_hi, double target)
    {
      for (unsigned int it = 0; it < 50 && f_hi / f_lo - 1 > 1e-8; ++it)
        {
          const double f = std::sqrt(f_lo * f_hi);
          (std::abs(diameter_response(draw, 2 * M_PI * f)) > target ? f_lo : f_hi) = f;
        }
      return std::sqrt(f_lo * f_hi);
    }
  }  // namespace

  TransferFunction transfer_function(const LinearisedDraw &draw, std::vector<double> frequencies)
  {
    std::sort(frequencies.begin(), frequencies.end());
    TransferFunction tf;
    tf.delay_s = draw.delay_s;
    tf.residence_time_s = draw.residence_time_s;
    tf.static_gain = diameter_response(draw, 0.0).real();
    const double corner_target = std::abs(tf.static_gain) / std::sqrt(2.0);
    double unwrapped = 0;
    for (std::size_t k = 0; k < frequencies.size(); ++k)
      {
        const double f = frequencies[k];
        if (!(f > 0))
          throw SolverError("transfer function: frequency " + to_string(f) + " Hz is not positive");
        TransferFunctionPoint p;
        p.frequency_Hz = f;
        p.angular_frequency_rad_per_s = 2 * M_PI * f;
        p.at_outlet = diameter_response(draw, p.angular_frequency_rad_per_s);
        p.at_take_up = p.at_outlet * std::polar(1.0, -p.angular_frequency_rad_per_s * draw.delay_s);
        p.amplitude_ratio = std::abs(p.at_take_up);
        p.resolved = p.angular_frequency_rad_per_s <= draw.resolution_limit_per_s;
        // the outlet phase, continuous along the frequencies, starting in (-360, 0]
        const double arg = std::arg(p.at_outlet) * degrees;
        unwrapped =
          k == 0 ? (arg > 0 ? arg - 360 : arg) : arg + 360 * std::round((unwrapped - arg) / 360);
        p.phase_at_outlet_deg = unwrapped;
        p.phase_deg = unwrapped - p.angular_frequency_rad_per_s * draw.delay_s * degrees;
        if (p.amplitude_ratio > tf.peak_amplitude_ratio)
          {
            tf.peak_amplitude_ratio = p.amplitude_ratio;
            tf.peak_frequency_Hz = f;
          }
        if (k > 0 && std::isnan(tf.corner_frequency_Hz) &&
            tf.points.back().amplitude_ratio > corner_target && p.amplitude_ratio <= corner_target)
          tf.corner_frequency_Hz = crossing(draw, frequencies[k - 1], f, corner_target);
        tf.points.push_back(p);
      }
    return tf;
  }
}  // namespace hotdraw

// Weighted least-squares calibration with NLopt (Debian's libnlopt), and the data sets it fits.
//
// Given observations y_i with standard uncertainties s_i and a model f_i(p) of the chosen
// parameters p (within bounds), minimise chi^2 = sum ((f_i(p) - y_i) / s_i)^2. The fit reports the
// parameter values, their standard uncertainties from the linearised covariance
// (J^T W J)^-1 (J by central differences at the optimum; scaled by chi^2/(n - m) only if
// n > m, as is usual), the normalised residuals and chi^2, the degrees of freedom and which
// parameters ended at a bound.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace hotdraw
{
  struct Observation
  {
    std::string label;  // e.g. "E reduction at 60 um"
    double value = 0;
    double uncertainty = 1;
  };

  struct FitParameter
  {
    std::string name;
    double initial = 0, lower = 0, upper = 0;
  };

  struct FitResult
  {
    bool converged = false;
    std::string message;  // NLopt's result or the reason for failure
    std::vector<std::string> names;
    std::vector<double> values;
    std::vector<double> uncertainties;
    std::vector<std::vector<double>> covariance;
    std::vector<double> predictions;  // f_i at the optimum
    std::vector<double> residuals;    // (f_i - y_i) / s_i
    double chi2 = 0;
    unsigned int evaluations = 0;
    // n - m: 0 or less is an exact fit, whose uncertainties come only from the data errors
    int degrees_of_freedom = 0;
    // per parameter: -1 at its lower bound, +1 at its upper bound, 0 inside (a parameter at a
    // bound is a one-sided limit, not a value with a symmetric uncertainty)
    std::vector<int> at_bound;
  };

  using ModelFunction = std::function<std::vector<double>(const std::vector<double> &)>;

  // Throws std::invalid_argument for an ill-posed problem (no data, non-positive uncertainty,
  // initial value outside bounds). A fit that does not converge returns converged = false.
  FitResult least_squares(const ModelFunction &model, const std::vector<Observation> &data,
                          const std::vector<FitParameter> &parameters, double rel_tolerance = 1e-10,
                          unsigned int max_evaluations = 20000);

  // Measured wire properties, one row per diameter, as read from a calibration data CSV with the
  // columns: diameter_um, modulus_reduction_percent, modulus_uncertainty_percent,
  // hardness_reduction_percent, hardness_uncertainty_percent, enthalpy_increase_percent,
  // enthalpy_uncertainty_percent. An empty cell or "nan" means "not measured".
  struct MeasuredWire
  {
    double diameter_m = 0;
    double modulus_reduction_percent = 0, modulus_uncertainty_percent = 0;
    double hardness_reduction_percent = 0, hardness_uncertainty_percent = 0;
    double enthalpy_increase_percent = 0, enthalpy_uncertainty_percent = 0;
    bool has_modulus = false, has_hardness = false, has_enthalpy = false;
  };
  // Throws std::runtime_error with file, line and column for a malformed file.
  std::vector<MeasuredWire> read_measured_wires(const std::string &filename);
}  // namespace hotdraw

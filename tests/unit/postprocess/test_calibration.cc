// least_squares(): exact and noisy linear fits against the analytic solution, a nonlinear fit
// from a poor start, bounds, degenerate and bad input; read_measured_wires().
#include "postprocess/calibration.h"
#include "temp_dir.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <random>
#include <stdexcept>

using namespace hotdraw;
using hotdraw::test::TempDir;

namespace
{
  // y = a + b x at the given abscissae.
  ModelFunction linear_model(const std::vector<double> &x)
  {
    return [x](const std::vector<double> &p) {
      std::vector<double> y(x.size());
      for (std::size_t i = 0; i < x.size(); ++i)
        y[i] = p[0] + p[1] * x[i];
      return y;
    };
  }

  std::vector<Observation> observations(const std::vector<double> &y, double sigma)
  {
    std::vector<Observation> data;
    for (std::size_t i = 0; i < y.size(); ++i)
      data.push_back({"y" + std::to_string(i), y[i], sigma});
    return data;
  }
}  // namespace

TEST_CASE("least_squares recovers an exact straight line", "[calibration]")
{
  const double a = 2.5, b = -1.25;
  std::vector<double> x, y;
  for (int i = 0; i < 10; ++i)
    {
      x.push_back(i);
      y.push_back(a + b * i);
    }
  const FitResult fit =
    least_squares(linear_model(x), observations(y, 0.1), {{"a", 0, -10, 10}, {"b", 0, -10, 10}});
  INFO(fit.message);
  CHECK(fit.converged);
  REQUIRE(fit.values.size() == 2);
  CHECK(fit.names == std::vector<std::string>{"a", "b"});
  CHECK(std::abs(fit.values[0] - a) < 1e-8);
  CHECK(std::abs(fit.values[1] - b) < 1e-8);
  CHECK(fit.chi2 < 1e-10);
  CHECK(fit.evaluations > 0);
  REQUIRE(fit.predictions.size() == x.size());
  REQUIRE(fit.residuals.size() == x.size());
  for (std::size_t i = 0; i < x.size(); ++i)
    {
      CHECK(std::abs(fit.predictions[i] - y[i]) < 1e-7);
      CHECK(std::abs(fit.residuals[i]) < 1e-6);
    }
}

TEST_CASE("least_squares uncertainties match linear regression standard errors", "[calibration]")
{
  const double a = 1.5, b = -0.7, sigma = 0.5;
  const std::size_t n = 200;
  std::mt19937 generator(20200117);
  std::normal_distribution<double> noise(0.0, sigma);
  std::vector<double> x(n), y(n);
  for (std::size_t i = 0; i < n; ++i)
    {
      x[i] = 10.0 * i / (n - 1);
      y[i] = a + b * x[i] + noise(generator);
    }

  // Ordinary least squares (equal weights) in closed form.
  double x_mean = 0, y_mean = 0;
  for (std::size_t i = 0; i < n; ++i)
    {
      x_mean += x[i] / n;
      y_mean += y[i] / n;
    }
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i)
    {
      sxx += (x[i] - x_mean) * (x[i] - x_mean);
      sxy += (x[i] - x_mean) * (y[i] - y_mean);
    }
  const double b_hat = sxy / sxx, a_hat = y_mean - b_hat * x_mean;
  double ssr = 0;
  for (std::size_t i = 0; i < n; ++i)
    ssr += std::pow(y[i] - a_hat - b_hat * x[i], 2);
  const double s2 = ssr / (n - 2);
  const double se_b = std::sqrt(s2 / sxx);
  const double se_a = std::sqrt(s2 * (1.0 / n + x_mean * x_mean / sxx));

  const FitResult fit =
    least_squares(linear_model(x), observations(y, sigma), {{"a", 0, -10, 10}, {"b", 0, -10, 10}});
  INFO(fit.message);
  CHECK(fit.converged);
  CHECK(fit.values[0] == Approx(a_hat).epsilon(1e-6));
  CHECK(fit.values[1] == Approx(b_hat).epsilon(1e-6));
  CHECK(fit.chi2 == Approx(ssr / (sigma * sigma)).epsilon(1e-8));
  CHECK(fit.uncertainties[0] == Approx(se_a).epsilon(0.01));
  CHECK(fit.uncertainties[1] == Approx(se_b).epsilon(0.01));
  // Covariance of intercept and slope: -x_mean s^2 / Sxx.
  CHECK(fit.covariance[0][1] == Approx(-x_mean * s2 / sxx).epsilon(0.01));
  CHECK(fit.covariance[1][0] == Approx(fit.covariance[0][1]).epsilon(1e-6));
  // The fitted line is within a few standard errors of the truth.
  CHECK(std::abs(fit.values[0] - a) < 4 * se_a);
  CHECK(std::abs(fit.values[1] - b) < 4 * se_b);
}

TEST_CASE("least_squares fits an exponential from a poor start", "[calibration]")
{
  const double A = 5, tau = 2, C = 1;
  std::vector<double> x;
  std::vector<Observation> data;
  for (int i = 0; i <= 30; ++i)
    {
      x.push_back(0.5 * i);
      data.push_back({"y", A * std::exp(-x.back() / tau) + C, 0.01});
    }
  const ModelFunction model = [x](const std::vector<double> &p) {
    std::vector<double> y;
    for (const double xi : x)
      y.push_back(p[0] * std::exp(-xi / p[1]) + p[2]);
    return y;
  };
  const FitResult fit =
    least_squares(model, data, {{"A", 0.5, 0, 20}, {"tau", 20, 0.1, 50}, {"C", -2, -5, 5}});
  INFO(fit.message);
  CHECK(fit.converged);
  CHECK(fit.values[0] == Approx(A).epsilon(1e-6));
  CHECK(fit.values[1] == Approx(tau).epsilon(1e-6));
  CHECK(fit.values[2] == Approx(C).epsilon(1e-6));
  CHECK(fit.chi2 < 1e-8);
}

TEST_CASE("least_squares reports an exhausted evaluation budget as not converged", "[calibration]")
{
  std::vector<double> x;
  std::vector<Observation> data;
  for (int i = 0; i <= 30; ++i)
    {
      x.push_back(0.5 * i);
      data.push_back({"y", 5 * std::exp(-x.back() / 2) + 1, 0.01});
    }
  const ModelFunction model = [x](const std::vector<double> &p) {
    std::vector<double> y;
    for (const double xi : x)
      y.push_back(p[0] * std::exp(-xi / p[1]) + p[2]);
    return y;
  };
  const FitResult fit =
    least_squares(model, data, {{"A", 0.5, 0, 20}, {"tau", 20, 0.1, 50}, {"C", -2, -5, 5}}, 1e-10,
                  12);
  INFO(fit.message);
  CHECK_FALSE(fit.converged);
  CHECK(fit.evaluations <= 12);
  CHECK(fit.message.find("MAXEVAL_REACHED") != std::string::npos);
  CHECK(fit.values.size() == 3);
}

TEST_CASE("least_squares respects the bounds", "[calibration]")
{
  // True slope 2 lies above the upper bound 1.5: the fit must stop exactly at the bound, with
  // the intercept that is optimal for that slope.
  std::vector<double> x, y;
  for (int i = 0; i < 8; ++i)
    {
      x.push_back(i);
      y.push_back(1 + 2.0 * i);
    }
  const FitResult fit =
    least_squares(linear_model(x), observations(y, 1.0), {{"a", 0, -20, 20}, {"b", 0.5, 0, 1.5}});
  INFO(fit.message);
  CHECK(fit.values[1] == 1.5);
  double a_best = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    a_best += (y[i] - 1.5 * x[i]) / x.size();
  CHECK(fit.values[0] == Approx(a_best).epsilon(1e-7));
  CHECK(fit.message.find("'b' is at its upper bound") != std::string::npos);
  CHECK(fit.at_bound == std::vector<int>{0, 1});
  CHECK(fit.degrees_of_freedom == 6);
  CHECK(fit.chi2 > 1);
}

TEST_CASE("least_squares: an exact fit has no degrees of freedom", "[calibration]")
{
  // two points, two parameters: n - m = 0, chi2 = 0, the uncertainties only propagate the data
  // errors (for y = a + b x through (0, 1) and (1, 3) with errors 0.1: sigma_a = 0.1,
  // sigma_b = sqrt(2) 0.1)
  const FitResult fit = least_squares(linear_model({0.0, 1.0}), observations({1.0, 3.0}, 0.1),
                                      {{"a", 0, -10, 10}, {"b", 0, -10, 10}});
  INFO(fit.message);
  CHECK(fit.degrees_of_freedom == 0);
  CHECK(fit.at_bound == std::vector<int>{0, 0});
  CHECK(fit.chi2 < 1e-12);
  CHECK(fit.uncertainties[0] == Approx(0.1).epsilon(1e-5));
  CHECK(fit.uncertainties[1] == Approx(std::sqrt(2.0) * 0.1).epsilon(1e-5));
}

TEST_CASE("least_squares reports a parameter the data do not determine", "[calibration]")
{
  const ModelFunction model = [](const std::vector<double> &p) {
    return std::vector<double>{p[0], 2 * p[0]};  // p[1] has no effect
  };
  const FitResult fit =
    least_squares(model, {{"y1", 1, 0.1}, {"y2", 2, 0.1}}, {{"p", 0, -5, 5}, {"unused", 1, 0, 2}});
  INFO(fit.message);
  CHECK(fit.values[0] == Approx(1).epsilon(1e-7));
  CHECK(std::isinf(fit.uncertainties[0]));
  CHECK(std::isinf(fit.uncertainties[1]));
  CHECK(fit.message.find("singular") != std::string::npos);
}

TEST_CASE("least_squares rejects ill-posed problems", "[calibration]")
{
  const ModelFunction model = [](const std::vector<double> &p) {
    return std::vector<double>{p[0]};
  };
  const std::vector<Observation> one = {{"y", 1, 0.1}};
  const std::vector<FitParameter> p = {{"p", 0, -1, 2}};

  CHECK_THROWS_AS(least_squares(model, {}, p), std::invalid_argument);
  CHECK_THROWS_AS(least_squares(model, one, {}), std::invalid_argument);
  CHECK_THROWS_WITH(least_squares(model, {{"bad", 1, 0}}, p),
                    Catch::Contains("'bad'") && Catch::Contains("uncertainty"));
  CHECK_THROWS_AS(least_squares(model, {{"neg", 1, -0.1}}, p), std::invalid_argument);
  CHECK_THROWS_WITH(least_squares(model, one, {{"p", 3, -1, 2}}),
                    Catch::Contains("'p'") && Catch::Contains("outside"));
  CHECK_THROWS_WITH(least_squares(model, one, {{"p", 1, 1, 1}}), Catch::Contains("lower bound"));
  CHECK_THROWS_AS(least_squares(model, one, {{"p", 1, 2, 0}}), std::invalid_argument);

  // A model returning the wrong number of values, and a model that throws.
  const ModelFunction wrong = [](const std::vector<double> &) { return std::vector<double>(3); };
  CHECK_THROWS_WITH(least_squares(wrong, one, p), Catch::Contains("returned 3 values"));
  const ModelFunction failing = [](const std::vector<double> &) -> std::vector<double> {
    throw std::runtime_error("solver diverged");
  };
  CHECK_THROWS_WITH(least_squares(failing, one, p), "solver diverged");
}

TEST_CASE("read_measured_wires reads a calibration data file", "[calibration]")
{
  TempDir dir;
  const std::string file = dir.file("wires.csv");
  hotdraw::test::write_file(
    file, "# test data\n"
          "diameter_um,modulus_reduction_percent,modulus_uncertainty_percent,"
          "hardness_reduction_percent,hardness_uncertainty_percent,enthalpy_increase_percent,"
          "enthalpy_uncertainty_percent\n"
          "60,26,2,17,2,28,4\n"
          "# a wire with hardness only\n"
          "120,nan,,10,1.5,,\n");
  const std::vector<MeasuredWire> wires = read_measured_wires(file);
  REQUIRE(wires.size() == 2);
  CHECK(wires[0].diameter_m == Approx(60e-6).epsilon(1e-14));
  CHECK(wires[0].has_modulus);
  CHECK(wires[0].modulus_reduction_percent == 26);
  CHECK(wires[0].modulus_uncertainty_percent == 2);
  CHECK(wires[0].has_hardness);
  CHECK(wires[0].hardness_reduction_percent == 17);
  CHECK(wires[0].hardness_uncertainty_percent == 2);
  CHECK(wires[0].has_enthalpy);
  CHECK(wires[0].enthalpy_increase_percent == 28);
  CHECK(wires[0].enthalpy_uncertainty_percent == 4);
  CHECK(wires[1].diameter_m == Approx(120e-6).epsilon(1e-14));
  CHECK_FALSE(wires[1].has_modulus);
  CHECK(wires[1].has_hardness);
  CHECK(wires[1].hardness_reduction_percent == 10);
  CHECK(wires[1].hardness_uncertainty_percent == 1.5);
  CHECK_FALSE(wires[1].has_enthalpy);
}

TEST_CASE("read_measured_wires names file, column and line of errors", "[calibration]")
{
  TempDir dir;
  const std::string file = dir.file("bad.csv");
  // hardness_uncertainty_percent is missing.
  hotdraw::test::write_file(file, "diameter_um,modulus_reduction_percent,"
                                  "modulus_uncertainty_percent,hardness_reduction_percent,"
                                  "enthalpy_increase_percent,enthalpy_uncertainty_percent\n"
                                  "60,26,2,17,28,4\n");
  try
    {
      read_measured_wires(file);
      FAIL("no exception for a missing column");
    }
  catch (const std::runtime_error &e)
    {
      const std::string what = e.what();
      INFO(what);
      CHECK(what.find(file) != std::string::npos);
      CHECK(what.find("'hardness_uncertainty_percent' is missing") != std::string::npos);
    }

  const std::string header = "diameter_um,modulus_reduction_percent,modulus_uncertainty_percent,"
                             "hardness_reduction_percent,hardness_uncertainty_percent,"
                             "enthalpy_increase_percent,enthalpy_uncertainty_percent\n";
  hotdraw::test::write_file(file, header + "60,26,2,17,2,28,4\n60,abc,2,17,2,28,4\n");
  CHECK_THROWS_WITH(read_measured_wires(file),
                    Catch::Contains(file + ":3") && Catch::Contains("modulus_reduction_percent"));
  hotdraw::test::write_file(file, header + "60,26,0,17,2,28,4\n");
  CHECK_THROWS_WITH(read_measured_wires(file), Catch::Contains("modulus_uncertainty_percent"));
  hotdraw::test::write_file(file, header + "-5,26,2,17,2,28,4\n");
  CHECK_THROWS_WITH(read_measured_wires(file), Catch::Contains("diameter"));
}

TEST_CASE("The shipped seed calibration data set reads as documented", "[calibration]")
{
  const std::string file = HOTDRAW_SOURCE_DIR "/parameters/data/seed-pd40cu30ni10p20.csv";
  REQUIRE(std::filesystem::exists(file));
  const std::vector<MeasuredWire> wires = read_measured_wires(file);
  REQUIRE(wires.size() == 1);
  CHECK(wires[0].diameter_m == Approx(60e-6).epsilon(1e-14));
  CHECK(wires[0].modulus_reduction_percent == 26);
  CHECK(wires[0].modulus_uncertainty_percent == 2);
  CHECK(wires[0].hardness_reduction_percent == 17);
  CHECK(wires[0].hardness_uncertainty_percent == 2);
  CHECK(wires[0].enthalpy_increase_percent == 28);
  CHECK(wires[0].enthalpy_uncertainty_percent == 4);
  CHECK(wires[0].has_modulus);
  CHECK(wires[0].has_hardness);
  CHECK(wires[0].has_enthalpy);
}

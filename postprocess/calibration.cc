#include "postprocess/calibration.h"

#include "postprocess/table.h"

#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace hotdraw
{
  namespace
  {
    const double infinity = std::numeric_limits<double>::infinity();

    std::string number(double v)
    {
      std::ostringstream s;
      s.precision(6);
      s << v;
      return s.str();
    }

    bool converged_code(nlopt::result r)
    {
      return r == nlopt::SUCCESS || r == nlopt::STOPVAL_REACHED || r == nlopt::FTOL_REACHED ||
             r == nlopt::XTOL_REACHED;
    }

    std::string result_name(nlopt::result r)
    {
      const char *name = nlopt_result_to_string(static_cast<nlopt_result>(r));
      return name ? name : "result " + std::to_string(static_cast<int>(r));
    }

    void validate(const std::vector<Observation> &data, const std::vector<FitParameter> &parameters,
                  double rel_tolerance, unsigned int max_evaluations)
    {
      if (data.empty())
        throw std::invalid_argument("least_squares: there are no observations to fit.");
      if (parameters.empty())
        throw std::invalid_argument("least_squares: there are no parameters to fit.");
      for (const auto &o : data)
        {
          if (!std::isfinite(o.value))
            throw std::invalid_argument("least_squares: observation '" + o.label +
                                        "' has a non-finite value.");
          if (!(o.uncertainty > 0) || !std::isfinite(o.uncertainty))
            throw std::invalid_argument("least_squares: observation '" + o.label +
                                        "' has uncertainty " + number(o.uncertainty) +
                                        "; it must be finite and > 0.");
        }
      for (std::size_t j = 0; j < parameters.size(); ++j)
        {
          const FitParameter &p = parameters[j];
          const std::string name = "least_squares: parameter '" + p.name + "'";
          for (std::size_t k = 0; k < j; ++k)
            if (parameters[k].name == p.name)
              throw std::invalid_argument(name + " is given twice.");
          if (!std::isfinite(p.lower) || !std::isfinite(p.upper))
            throw std::invalid_argument(name + " needs finite bounds.");
          if (!(p.lower < p.upper))
            throw std::invalid_argument(name + ": lower bound " + number(p.lower) +
                                        " must be below the upper bound " + number(p.upper) + ".");
          if (!(p.initial >= p.lower && p.initial <= p.upper))
            throw std::invalid_argument(name + ": initial value " + number(p.initial) +
                                        " is outside its bounds [" + number(p.lower) + ", " +
                                        number(p.upper) + "].");
        }
      if (!(rel_tolerance > 0) || !(rel_tolerance < 1))
        throw std::invalid_argument(
          "least_squares: the relative tolerance must be in (0, 1), got " + number(rel_tolerance) +
          ".");
      if (max_evaluations == 0)
        throw std::invalid_argument("least_squares: the evaluation budget must be at least 1.");
    }

    // The fit problem as NLopt sees it: parameters scaled to u in [0, 1] by their bounds.
    struct Problem
    {
      Problem(const ModelFunction &model, const std::vector<Observation> &data,
              const std::vector<FitParameter> &parameters)
        : model(model), data(data), parameters(parameters)
      {}

      const ModelFunction &model;
      const std::vector<Observation> &data;
      const std::vector<FitParameter> &parameters;

      unsigned int evaluations = 0;
      std::vector<double> best_u;
      double best_chi2 = infinity;
      std::exception_ptr error;  // an exception thrown by the model, rethrown after NLopt

      std::vector<double> physical(const std::vector<double> &u) const
      {
        std::vector<double> p(u.size());
        for (std::size_t j = 0; j < u.size(); ++j)
          {
            const FitParameter &q = parameters[j];
            // Exact bounds at u = 0 and u = 1, and never outside them through rounding.
            p[j] = u[j] <= 0   ? q.lower
                   : u[j] >= 1 ? q.upper
                               : std::clamp(q.lower + u[j] * (q.upper - q.lower), q.lower, q.upper);
          }
        return p;
      }

      std::vector<double> predict(const std::vector<double> &p) const
      {
        std::vector<double> f = model(p);
        if (f.size() != data.size())
          throw std::invalid_argument("least_squares: the model returned " +
                                      std::to_string(f.size()) + " values for " +
                                      std::to_string(data.size()) + " observations.");
        return f;
      }

      double chi2(const std::vector<double> &f) const
      {
        double sum = 0;
        for (std::size_t i = 0; i < f.size(); ++i)
          {
            const double r = (f[i] - data[i].value) / data[i].uncertainty;
            sum += r * r;
          }
        return sum;
      }
    };

    double objective(const std::vector<double> &u, std::vector<double> & /*gradient*/, void *data)
    {
      Problem &problem = *static_cast<Problem *>(data);
      try
        {
          ++problem.evaluations;
          const double c = problem.chi2(problem.predict(problem.physical(u)));
          if (!std::isfinite(c))
            return HUGE_VAL;  // a model that fails here makes the point unattractive
          if (c < problem.best_chi2)
            {
              problem.best_chi2 = c;
              problem.best_u = u;
            }
          return c;
        }
      catch (...)
        {
          problem.error = std::current_exception();
          throw nlopt::forced_stop();
        }
    }

    // One NLopt run from u (updated to the best point seen so far). Returns NLopt's result code;
    // 'failure' gets NLopt's explanation for a failure code.
    nlopt::result run_nlopt(nlopt::algorithm algorithm, Problem &problem, std::vector<double> &u,
                            double rel_tolerance, unsigned int max_evaluations,
                            std::string &failure)
    {
      const unsigned int m = u.size();
      nlopt::opt opt(algorithm, m);
      opt.set_lower_bounds(std::vector<double>(m, 0.0));
      opt.set_upper_bounds(std::vector<double>(m, 1.0));
      opt.set_min_objective(objective, &problem);
      opt.set_xtol_rel(rel_tolerance);
      opt.set_ftol_rel(rel_tolerance);
      opt.set_maxeval(static_cast<int>(max_evaluations));
      // A tenth of the bound range: a first look around the start that fits inside [0, 1].
      opt.set_initial_step(std::vector<double>(m, 0.1));

      nlopt::result result;
      double f = 0;
      try
        {
          result = opt.optimize(u, f);
        }
      catch (const std::bad_alloc &)
        {
          throw;
        }
      catch (const std::exception &e)
        {
          if (problem.error)
            std::rethrow_exception(problem.error);
          result = opt.last_optimize_result();
          failure = e.what();
        }
      if (!problem.best_u.empty())
        u = problem.best_u;
      return result;
    }

    // Inverse of a small symmetric positive (semi)definite matrix by Gauss-Jordan elimination
    // with partial pivoting, after scaling to unit diagonal so that parameters of very different
    // magnitudes do not fake a singularity. Returns false if the matrix is numerically singular.
    bool invert_normal_matrix(std::vector<std::vector<double>> a,
                              std::vector<std::vector<double>> &inverse)
    {
      const std::size_t m = a.size();
      for (const auto &row : a)
        for (const double v : row)
          if (!std::isfinite(v))
            return false;
      std::vector<double> d(m);
      for (std::size_t j = 0; j < m; ++j)
        {
          if (!(a[j][j] > 0))
            return false;
          d[j] = 1 / std::sqrt(a[j][j]);
        }
      for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < m; ++j)
          a[i][j] *= d[i] * d[j];

      inverse.assign(m, std::vector<double>(m, 0.0));
      for (std::size_t i = 0; i < m; ++i)
        inverse[i][i] = 1;

      const double singular = 1e-12;  // relative to the unit diagonal
      for (std::size_t c = 0; c < m; ++c)
        {
          std::size_t pivot = c;
          for (std::size_t r = c + 1; r < m; ++r)
            if (std::abs(a[r][c]) > std::abs(a[pivot][c]))
              pivot = r;
          if (!(std::abs(a[pivot][c]) > singular))
            return false;
          std::swap(a[c], a[pivot]);
          std::swap(inverse[c], inverse[pivot]);
          const double scale = 1 / a[c][c];
          for (std::size_t k = 0; k < m; ++k)
            {
              a[c][k] *= scale;
              inverse[c][k] *= scale;
            }
          for (std::size_t r = 0; r < m; ++r)
            if (r != c && a[r][c] != 0)
              {
                const double factor = a[r][c];
                for (std::size_t k = 0; k < m; ++k)
                  {
                    a[r][k] -= factor * a[c][k];
                    inverse[r][k] -= factor * inverse[c][k];
                  }
              }
        }
      for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < m; ++j)
          inverse[i][j] *= d[i] * d[j];
      return true;
    }
  }  // namespace

  FitResult least_squares(const ModelFunction &model, const std::vector<Observation> &data,
                          const std::vector<FitParameter> &parameters, double rel_tolerance,
                          unsigned int max_evaluations)
  {
    validate(data, parameters, rel_tolerance, max_evaluations);
    const std::size_t n = data.size(), m = parameters.size();

    Problem problem(model, data, parameters);
    std::vector<double> u(m);
    for (std::size_t j = 0; j < m; ++j)
      {
        const FitParameter &p = parameters[j];
        u[j] = std::clamp((p.initial - p.lower) / (p.upper - p.lower), 0.0, 1.0);
      }

    // --- minimise chi^2: BOBYQA, and Nelder-Mead only if BOBYQA fails -------------------------
    std::string failure;
    std::string algorithm = "LN_BOBYQA";
    nlopt::result result =
      run_nlopt(nlopt::LN_BOBYQA, problem, u, rel_tolerance, max_evaluations, failure);
    std::string history;
    if (result < 0 && problem.evaluations < max_evaluations)
      {
        history = "LN_BOBYQA stopped with " + result_name(result) +
                  (failure.empty() ? "" : " (" + failure + ")") +
                  "; continued with LN_NELDERMEAD. ";
        failure.clear();
        algorithm = "LN_NELDERMEAD";
        result = run_nlopt(nlopt::LN_NELDERMEAD, problem, u, rel_tolerance,
                           max_evaluations - problem.evaluations, failure);
      }

    FitResult fit;
    fit.evaluations = problem.evaluations;
    fit.converged = converged_code(result) && std::isfinite(problem.best_chi2);
    for (const auto &p : parameters)
      fit.names.push_back(p.name);

    std::ostringstream message;
    message << history << algorithm << ": " << result_name(result);
    if (!failure.empty())
      message << " (" << failure << ")";
    message << " after " << problem.evaluations << " model evaluations";

    if (problem.best_u.empty())
      {
        // Not a single finite chi^2: nothing to report but the failure.
        fit.converged = false;
        fit.values = problem.physical(u);
        fit.uncertainties.assign(m, infinity);
        fit.covariance.assign(m, std::vector<double>(m, infinity));
        fit.chi2 = infinity;
        message << "; the model gave no finite chi^2 at any point tried.";
        fit.message = message.str();
        return fit;
      }

    // --- the optimum ---------------------------------------------------------------------------
    fit.values = problem.physical(problem.best_u);
    fit.predictions = problem.predict(fit.values);
    fit.chi2 = problem.chi2(fit.predictions);
    fit.residuals.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      fit.residuals[i] = (fit.predictions[i] - data[i].value) / data[i].uncertainty;
    message << "; chi2 = " << number(fit.chi2) << " for " << n << " observations and " << m
            << " parameters";

    fit.degrees_of_freedom = static_cast<int>(n) - static_cast<int>(m);
    fit.at_bound.assign(m, 0);
    for (std::size_t j = 0; j < m; ++j)
      {
        const FitParameter &p = parameters[j];
        const double tolerance = 1e-9 * (p.upper - p.lower);
        if (fit.values[j] - p.lower <= tolerance)
          {
            fit.at_bound[j] = -1;
            message << "; '" << p.name << "' is at its lower bound";
          }
        else if (p.upper - fit.values[j] <= tolerance)
          {
            fit.at_bound[j] = 1;
            message << "; '" << p.name << "' is at its upper bound";
          }
      }

    // --- Jacobian by central differences (one-sided where a bound clips the step) -------------
    std::vector<std::vector<double>> weighted_jacobian(n, std::vector<double>(m));
    for (std::size_t j = 0; j < m; ++j)
      {
        const FitParameter &p = parameters[j];
        const double h = 1e-6 * (p.upper - p.lower);
        std::vector<double> plus = fit.values, minus = fit.values;
        plus[j] = std::min(p.upper, fit.values[j] + h);
        minus[j] = std::max(p.lower, fit.values[j] - h);
        const std::vector<double> f_plus = problem.predict(plus);
        const std::vector<double> f_minus = problem.predict(minus);
        const double step = plus[j] - minus[j];
        for (std::size_t i = 0; i < n; ++i)
          weighted_jacobian[i][j] = (f_plus[i] - f_minus[i]) / step / data[i].uncertainty;
      }

    // --- covariance (J^T W J)^-1, scaled by chi^2/(n - m) if n > m ----------------------------
    std::vector<std::vector<double>> normal(m, std::vector<double>(m, 0.0));
    for (std::size_t a = 0; a < m; ++a)
      for (std::size_t b = 0; b < m; ++b)
        for (std::size_t i = 0; i < n; ++i)
          normal[a][b] += weighted_jacobian[i][a] * weighted_jacobian[i][b];

    if (invert_normal_matrix(normal, fit.covariance))
      {
        if (n > m)
          {
            const double scale = fit.chi2 / static_cast<double>(n - m);
            for (auto &row : fit.covariance)
              for (auto &c : row)
                c *= scale;
            message << "; covariance scaled by chi2/(n - m) = " << number(scale);
          }
        else
          message << "; covariance not scaled (n <= m)";
        fit.uncertainties.resize(m);
        for (std::size_t j = 0; j < m; ++j)
          fit.uncertainties[j] = std::sqrt(std::max(0.0, fit.covariance[j][j]));
      }
    else
      {
        fit.covariance.assign(m, std::vector<double>(m, infinity));
        fit.uncertainties.assign(m, infinity);
        message << "; J^T W J is singular or not finite (a parameter has no effect on the data, "
                   "parameters are degenerate, or the model is not finite next to the optimum): "
                   "uncertainties are infinite";
      }
    message << ".";
    fit.message = message.str();
    return fit;
  }

  std::vector<MeasuredWire> read_measured_wires(const std::string &filename)
  {
    const Table table = Table::read_csv(filename);
    const char *diameter = "diameter_um";
    const char *required[] = {diameter,
                              "modulus_reduction_percent",
                              "modulus_uncertainty_percent",
                              "hardness_reduction_percent",
                              "hardness_uncertainty_percent",
                              "enthalpy_increase_percent",
                              "enthalpy_uncertainty_percent"};
    const auto &columns = table.columns();
    for (const char *name : required)
      if (std::find(columns.begin(), columns.end(), name) == columns.end())
        throw std::runtime_error(filename + ": the required column '" + name +
                                 "' is missing (columns needed: diameter_um, "
                                 "modulus_reduction_percent, modulus_uncertainty_percent, "
                                 "hardness_reduction_percent, hardness_uncertainty_percent, "
                                 "enthalpy_increase_percent, enthalpy_uncertainty_percent).");

    std::vector<MeasuredWire> wires;
    for (std::size_t row = 0; row < table.n_rows(); ++row)
      {
        const std::string where = filename + ":" + std::to_string(table.line_number(row));
        // A cell that is neither a number nor empty/"nan" is an error.
        auto cell = [&](const char *column) {
          const double v = table.value(row, column);
          if (std::isnan(v) && !table.text(row, column).empty() && table.text(row, column) != "nan")
            throw std::runtime_error(where + ": column '" + column + "': '" +
                                     table.text(row, column) + "' is not a number.");
          return v;
        };
        // A measured value needs a positive uncertainty.
        auto measured = [&](const char *value_column, const char *uncertainty_column, double &value,
                            double &uncertainty) {
          value = cell(value_column);
          uncertainty = cell(uncertainty_column);
          if (!std::isfinite(value))
            {
              if (std::isinf(value))
                throw std::runtime_error(where + ": column '" + value_column +
                                         "': the value must be finite.");
              value = uncertainty = 0;
              return false;
            }
          if (!(uncertainty > 0) || !std::isfinite(uncertainty))
            throw std::runtime_error(where + ": column '" + uncertainty_column +
                                     "': a measured value needs a finite uncertainty > 0, got '" +
                                     table.text(row, uncertainty_column) + "'.");
          return true;
        };

        MeasuredWire w;
        const double d = cell(diameter);
        if (!(d > 0) || !std::isfinite(d))
          throw std::runtime_error(where +
                                   ": column 'diameter_um': the diameter must be a finite "
                                   "number > 0, got '" +
                                   table.text(row, diameter) + "'.");
        w.diameter_m = d * 1e-6;
        w.has_modulus = measured("modulus_reduction_percent", "modulus_uncertainty_percent",
                                 w.modulus_reduction_percent, w.modulus_uncertainty_percent);
        w.has_hardness = measured("hardness_reduction_percent", "hardness_uncertainty_percent",
                                  w.hardness_reduction_percent, w.hardness_uncertainty_percent);
        w.has_enthalpy = measured("enthalpy_increase_percent", "enthalpy_uncertainty_percent",
                                  w.enthalpy_increase_percent, w.enthalpy_uncertainty_percent);
        wires.push_back(w);
      }
    return wires;
  }
}  // namespace hotdraw

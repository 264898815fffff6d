#include "solver/studies/design.h"

#include "materials/parameters.h"
#include "postprocess/log.h"
#include "postprocess/results/columns.h"
#include "postprocess/table.h"
#include "postprocess/timing.h"
#include "solver/case_setup.h"
#include "solver/studies/point.h"
#include "solver/sweep.h"

#include <deal.II/base/mpi.h>

#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <nlopt.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <limits>

namespace hotdraw
{
  namespace
  {
    // One evaluation of the design: the parameters, the wire and the constraints.
    struct Evaluation
    {
      std::vector<double> x;
      WireRecord record;
      double objective = 0;             // the objective column (NaN: none)
      std::vector<double> constraints;  // one per check, <= 0 where it passes
    };

    class Design
    {
    public:
      Design(const std::string &text, const std::string &directory, const CaseSetup &nominal)
        : text_(text), directory_(directory), nominal_(nominal), d_(nominal.design)
      {}

      DesignResult run()
      {
        const std::size_t n = d_.parameters.size();
        nlopt::opt opt(nlopt::LN_COBYLA, n);
        opt.set_lower_bounds(std::vector<double>(n, 0.0));
        opt.set_upper_bounds(std::vector<double>(n, 1.0));
        opt.set_min_objective(&Design::objective_callback, this);
        constraint_data_.reserve(nominal_.feasibility.checks.size());  // pointers to them
        for (std::size_t k = 0; k < nominal_.feasibility.checks.size(); ++k)
          {
            constraint_data_.push_back({this, k});
            opt.add_inequality_constraint(&Design::constraint_callback, &constraint_data_.back(),
                                          1e-3);
          }
        // a coarse scan first: COBYLA starts from its best point (a process window is
        // often small, and an infeasible or failed start gives it nothing to follow)
        const unsigned int m = n <= 2 ? 5 : 3;
        std::vector<double> u = scan(m);
        opt.set_xtol_rel(d_.relative_tolerance);
        opt.set_maxeval(std::max<int>(2, d_.max_evaluations - evaluations_.size()));
        opt.set_initial_step(0.5 / (m - 1));
        double f = 0;
        DesignResult result;
        try
          {
            result.stop_reason = stop_reason(opt.optimize(u, f));
          }
        catch (const nlopt::roundoff_limited &)
          {
            result.stop_reason = "roundoff limited";
          }
        catch (const nlopt::forced_stop &)
          {
            result.stop_reason = "forced stop";
          }
        catch (const std::exception &e)
          {
            result.stop_reason = std::string("stopped: ") + e.what();
          }
        result.evaluations = evaluations_.size();
        // the optimum: the best feasible evaluation
        const Evaluation *best = nullptr;
        for (const auto &e : evaluations_)
          if (e.record.wire.status == status::ok && std::isfinite(e.objective) &&
              (!best || score(e.objective) < score(best->objective)))
            best = &e;
        if (best)
          {
            result.found = true;
            result.optimum = best->x;
            result.objective_value = best->objective;
            for (std::size_t k = 0; k < best->constraints.size(); ++k)
              if (best->constraints[k] > -0.05)
                result.active.push_back("feasibility check '" +
                                        nominal_.feasibility.check_names[k] + "'");
            for (std::size_t k = 0; k < n; ++k)
              {
                const double s = (best->x[k] - d_.lower[k]) / (d_.upper[k] - d_.lower[k]);
                if (s < 1e-3 || s > 1 - 1e-3)
                  result.active.push_back((s < 0.5 ? "lower" : "upper") +
                                          std::string(" bound of '") + d_.parameters[k] + "'");
              }
          }
        return result;
      }

      const std::vector<Evaluation> &evaluations() const { return evaluations_; }

    private:
      // Evaluates the m^n points of a grid over the bounds; returns the scaled coordinates of
      // the best: the best feasible objective, else the smallest largest constraint of a
      // solved wire, else the centre.
      std::vector<double> scan(unsigned int m)
      {
        const std::size_t n = d_.parameters.size();
        std::vector<double> best(n, 0.5);
        double best_key = std::numeric_limits<double>::infinity();
        std::size_t total = 1;
        for (std::size_t k = 0; k < n; ++k)
          total *= m;
        for (std::size_t i = 0; i < total; ++i)
          {
            std::vector<double> u(n);
            for (std::size_t k = 0, j = i; k < n; ++k, j /= m)
              u[k] = static_cast<double>(j % m) / (m - 1);
            const Evaluation &e = evaluate(u);
            double key = 1e12;
            if (e.record.wire.status == status::ok && std::isfinite(e.objective))
              key = score(e.objective) - 1e9;  // any feasible point beats every other
            else if (e.record.wire.status != status::failed && !e.constraints.empty())
              key = *std::max_element(e.constraints.begin(), e.constraints.end());
            if (key < best_key)
              {
                best_key = key;
                best = u;
              }
          }
        return best;
      }

      struct ConstraintData
      {
        Design *design;
        std::size_t check;
      };

      static double objective_callback(const std::vector<double> &u, std::vector<double> &,
                                       void *data)
      {
        Design &d = *static_cast<Design *>(data);
        const Evaluation &e = d.evaluate(u);
        return std::isfinite(e.objective) && e.record.wire.status != status::failed
                 ? d.score(e.objective)
                 : 1e6;
      }

      static double constraint_callback(const std::vector<double> &u, std::vector<double> &,
                                        void *data)
      {
        const ConstraintData &c = *static_cast<ConstraintData *>(data);
        return c.design->evaluate(u).constraints[c.check];
      }

      // What NLopt minimises.
      double score(double value) const
      {
        switch (d_.goal)
          {
            case DesignSettings::Goal::maximise:
              return -value;
            case DesignSettings::Goal::minimise:
              return value;
            default:
              {
                const double scale = std::max(std::abs(d_.target), 1e-30);
                return std::pow((value - d_.target) / scale, 2);
              }
          }
      }

      // The evaluation at scaled coordinates u (cached: NLopt asks for the objective and
      // every constraint at the same point).
      const Evaluation &evaluate(const std::vector<double> &u)
      {
        std::vector<double> x(u.size());
        for (std::size_t k = 0; k < u.size(); ++k)
          x[k] = d_.lower[k] + std::min(1.0, std::max(0.0, u[k])) * (d_.upper[k] - d_.lower[k]);
        if (!evaluations_.empty() && evaluations_.back().x == x)
          return evaluations_.back();
        Evaluation e;
        e.x = x;
        e.record =
          evaluate_study_point(text_, directory_, nominal_, d_.parameters, x, d_.wire_diameter_m);
        const bool failed = e.record.wire.status == status::failed;
        e.objective = failed ? std::nan("") : sweep_value(d_.objective, e.record);
        const FeasibilityContext context = feasibility_context(nominal_);
        for (const auto &check : nominal_.feasibility.checks)
          e.constraints.push_back(failed ? 1.0 : check->constraint(e.record.wire, context));
        Log::out() << "  design " << std::setw(3) << evaluations_.size() + 1 << ":";
        for (std::size_t k = 0; k < x.size(); ++k)
          Log::out() << " " << to_string(x[k], 5);
        Log::out() << " -> " << d_.objective << " = " << to_string(e.objective, 5) << ", "
                   << e.record.wire.status
                   << (e.record.wire.feasible() ? "" : " (" + e.record.wire.reasons() + ")")
                   << "\n";
        evaluations_.push_back(std::move(e));
        return evaluations_.back();
      }

      static std::string stop_reason(nlopt::result r)
      {
        switch (r)
          {
            case nlopt::XTOL_REACHED:
              return "parameter tolerance reached";
            case nlopt::FTOL_REACHED:
              return "objective tolerance reached";
            case nlopt::MAXEVAL_REACHED:
              return "maximum evaluations reached";
            case nlopt::SUCCESS:
              return "success";
            default:
              return "NLopt result " + std::to_string(static_cast<int>(r));
          }
      }

      const std::string &text_, &directory_;
      const CaseSetup &nominal_;
      const DesignSettings &d_;
      std::vector<Evaluation> evaluations_;
      std::vector<ConstraintData> constraint_data_;
    };

    void write_design_table(const CaseSetup &nominal, const std::vector<Evaluation> &evaluations,
                            const std::string &file)
    {
      const DesignSettings &d = nominal.design;
      Table t;
      t.declare_column("evaluation");
      for (const auto &p : d.parameters)
        t.declare_column(p);
      for (const char *c : {"diameter_um", "status", "reasons"})
        t.declare_column(c);
      t.declare_column(d.objective);
      for (const auto &name : nominal.feasibility.check_names)
        t.declare_column("constraint_" + name);
      for (std::size_t i = 0; i < evaluations.size(); ++i)
        {
          const Evaluation &e = evaluations[i];
          t.add("evaluation", static_cast<double>(i + 1));
          for (std::size_t k = 0; k < e.x.size(); ++k)
            t.add(d.parameters[k], e.x[k]);
          t.add("diameter_um", e.record.wire.diameter_m * 1e6);
          t.add("status", e.record.wire.status);
          t.add("reasons", e.record.wire.reasons());
          t.add(d.objective, e.objective);
          for (std::size_t k = 0; k < e.constraints.size(); ++k)
            t.add("constraint_" + nominal.feasibility.check_names[k], e.constraints[k]);
          t.end_row();
        }
      t.write_csv(file);  // atomically (postprocess/atomic_file.h)
    }
  }  // namespace

  void check_design(const CaseSetup &setup)
  {
    if (!setup.design.enabled())
      return;
    for (const char *fitted :
         {"enthalpy_increase_percent", "modulus_reduction_percent", "hardness_reduction_percent",
          "layer_thickness_um", "layer_fraction"})
      if (setup.design.objective == fitted)
        throw InputError("Parameter 'Design/Objective' = '" + setup.design.objective +
                         "': a prediction of the calibrated mapping, which is fitted only in "
                         "the full run after the design. Allowed: a column that needs no fit, "
                         "e.g. " +
                         setup.design.objective +
                         "_literature, fictive_temperature_K, "
                         "free_volume_x, relaxation_enthalpy_J_per_g, draw_force_N.");
    WireRecord probe;
    try
      {
        sweep_value(setup.design.objective, probe);
      }
    catch (const std::invalid_argument &)
      {
        throw InputError("Parameter 'Design/Objective' = '" + setup.design.objective +
                         "': not a numeric column of sweep.csv. Allowed: a column that "
                         "--print-columns lists with a number (e.g. "
                         "enthalpy_increase_percent_literature, draw_force_N).");
      }
  }

  DesignResult run_design(const std::string &text, const std::string &directory,
                          const CaseSetup &nominal, MPI_Comm comm)
  {
    const auto scope = timers().scope("design");
    DesignResult r;
    const bool root = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
    if (root)
      {
        Log::out() << "\nDesign: " << nominal.design.objective << " ("
                   << (nominal.design.goal == DesignSettings::Goal::target
                         ? "target " + to_string(nominal.design.target)
                       : nominal.design.goal == DesignSettings::Goal::maximise ? "maximise"
                                                                               : "minimise")
                   << ") over";
        for (const auto &p : nominal.design.parameters)
          Log::out() << " '" << p << "'";
        Log::out() << ", with the " << nominal.feasibility.checks.size()
                   << " feasibility check(s) as constraints (NLopt COBYLA)\n";
        Design design(text, directory, nominal);
        r = design.run();
        write_design_table(nominal, design.evaluations(), nominal.output.directory + "/design.csv");
        Log::out() << "Design: " << r.evaluations << " evaluations (" << r.stop_reason << "); ";
        if (!r.found)
          Log::out() << "NO feasible process found within the bounds.\n";
        else
          {
            Log::out() << "optimum";
            for (std::size_t k = 0; k < r.optimum.size(); ++k)
              Log::out() << (k ? ", " : " ") << nominal.design.parameters[k] << " = "
                         << to_string(r.optimum[k], 6);
            Log::out() << ": " << nominal.design.objective << " = "
                       << to_string(r.objective_value, 5)
                       << "; active: " << (r.active.empty() ? std::string("none") : "");
            for (std::size_t k = 0; k < r.active.size(); ++k)
              Log::out() << (k ? ", " : "") << r.active[k];
            Log::out() << ". The full run of the optimum follows.\n";
          }
      }
    r.found = dealii::Utilities::MPI::broadcast(comm, r.found, 0);
    r.optimum = dealii::Utilities::MPI::broadcast(comm, r.optimum, 0);
    return r;
  }
}  // namespace hotdraw

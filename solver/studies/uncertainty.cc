#include "solver/studies/uncertainty.h"

#include "materials/parameters.h"
#include "materials/structural_state.h"
#include "postprocess/log.h"
#include "postprocess/results/calibrate.h"
#include "postprocess/results/columns.h"
#include "postprocess/table.h"
#include "postprocess/timing.h"
#include "solver/case_setup.h"
#include "solver/parallel/work_queue.h"
#include "solver/sweep.h"

#include <deal.II/base/mpi.h>
#include <deal.II/base/timer.h>

#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace hotdraw
{
  namespace
  {

    // The case of one sample: the input file with the sampled values, evaluated as the samples
    // are (the samples' grid and tolerances, the chosen state model only).
    CaseSetup sample_case(const std::string &text, const std::string &directory,
                          const std::vector<std::pair<std::string, double>> &values)
    {
      ParameterSet prm;
      declare_all_parameters(prm);
      prm.parse_string(text, "sample");
      const CaseSetup nominal = parse_case(prm, directory);
      prm.set("Structural state/Integration/Relative tolerance",
              nominal.uncertainty.sample_relative_tolerance);
      prm.set("Structural state/Integration/Absolute tolerance",
              nominal.uncertainty.sample_absolute_tolerance_K);
      for (const auto &[path, value] : values)
        prm.set(path, value);
      CaseSetup c = parse_case(prm, directory);
      c.thin_filament.n_cells = c.uncertainty.sample_cells;
      c.thin_filament.n_cells_coarse = std::max(20u, c.uncertainty.sample_cells / 2);
      c.thin_filament.adaptation_cycles = 0;
      c.thin_filament.verbosity = 0;
      c.feasibility.in_study = true;
      c.feasibility.skip_stability = true;
      c.other_state_models.clear();
      c.evaluate_decomposition = false;
      return c;
    }

    // One sample: every wire (from 'start', the nominal solutions on the samples' grid, if
    // given), the reference rod, the calibration and both mappings; the banded quantities per
    // wire. Throws SolverError or InputError if a solve fails. 'feasible' (if given) receives
    // 1 or 0 per wire as soon as it is solved (0 also for a failed solve), so that a sample
    // that fails later still counts its wires' verdicts.
    struct SampleResult
    {
      std::vector<std::vector<double>> values;  // [wire][quantity]
      std::vector<FilamentProfile> profiles;
    };

    SampleResult evaluate_sample(CaseSetup &c, const std::vector<double> &diameters,
                                 const std::vector<FilamentProfile> *start,
                                 std::vector<double> *feasible = nullptr)
    {
      SampleResult s;
      std::vector<WireResult> wires;
      for (std::size_t i = 0; i < diameters.size(); ++i)
        {
          auto [w, p] = solve_thin_wire(c, diameters[i], start ? &(*start)[i] : nullptr);
          if (feasible)
            feasible->push_back(w.feasible() ? 1.0 : 0.0);
          if (!w.error.empty())
            throw SolverError(w.error);
          wires.push_back(w);
          s.profiles.push_back(std::move(p));
        }
      const WireState reference = evaluate_reference_rod(c).mapping_input();
      if (c.calibration.enabled)
        {
          std::vector<const WireResult *> pointers;
          for (const auto &w : wires)
            pointers.push_back(&w);
          const CalibrationReport report =
            fit_calibration(c, pointers, reference, false, *c.calibrated);
          if (!report.not_calibrated_because.empty())
            throw SolverError("calibration: " + report.not_calibrated_because);
        }
      for (const auto &w : wires)
        {
          WireRecord r;
          r.wire = w;
          const WireState state = w.mapping_input(c.indentation_radii_relative);
          r.predictions = {c.calibrated->predict(state, reference),
                           c.literature->predict(state, reference)};
          std::vector<double> v;
          for (const auto &name : banded_columns())
            v.push_back(sweep_value(name, r));
          s.values.push_back(v);
        }
      return s;
    }

    // The nominal numbers each banded quantity is centred on: the records' own.
    std::vector<std::vector<double>> reported_values(const SweepResult &result,
                                                     const std::vector<std::size_t> &wires)
    {
      std::vector<std::vector<double>> v;
      for (const std::size_t w : wires)
        {
          const WireRecord &r = result.wires[w];
          std::vector<double> row;
          for (const auto &name : banded_columns())
            row.push_back(sweep_value(name, r));
          v.push_back(row);
        }
      return v;
    }

    // The inputs the nominal case reads (an input that no parse reads has no effect).
    std::vector<UncertainInput> effective_inputs(const std::string &text,
                                                 const std::string &directory,
                                                 const UncertaintySettings &settings,
                                                 std::vector<std::string> &skipped)
    {
      ParameterSet prm;
      declare_all_parameters(prm);
      prm.parse_string(text, "nominal");
      const CaseSetup nominal = parse_case(prm, directory);
      const auto unread = prm.entries_never_read();
      // the parameters of the state models that are not chosen: the nominal run reads them
      // (it reports every model's state), the samples do not
      std::vector<std::string> other_models;
      for (const auto &name : structural_state_models().names())
        if (name != nominal.state_model->name())
          other_models.push_back("Structural state/" + StructuralStateRegistry::section_of(name) +
                                 "/");
      std::vector<UncertainInput> used;
      for (const auto &input : settings.inputs)
        {
          bool other = false;
          for (const auto &prefix : other_models)
            other = other || input.path.rfind(prefix, 0) == 0;
          (unread.count(input.path) || other ? skipped.push_back(input.path)
                                             : used.push_back(input));
        }
      return used;
    }
  }  // namespace

  namespace
  {
    using Gathered = std::vector<std::pair<unsigned int, std::vector<std::vector<double>>>>;
    // per sample: one value per wire (the feasibility verdicts; fewer if the sample failed)
    using Gathered1 = std::vector<std::pair<unsigned int, std::vector<double>>>;

    // The samples this rank took from the shared queue (solver/parallel/work_queue.h), each
    // (index, values), and the failures.
    Gathered run_samples(const std::string &text, const std::string &directory,
                         const std::vector<UncertainInput> &inputs,
                         const std::vector<std::vector<double>> &design,
                         const std::vector<double> &diameters,
                         const std::vector<FilamentProfile> &start, MPI_Comm comm,
                         std::vector<std::pair<unsigned int, std::string>> &failures,
                         double &failed_time_s, Gathered1 &feasible)
    {
      Gathered mine;
      WorkQueue queue(comm, 1);
      for (long next = queue.next(); next < static_cast<long>(design.size()); next = queue.next())
        {
          const auto i = static_cast<unsigned int>(next);
          std::vector<std::pair<std::string, double>> values;
          for (std::size_t j = 0; j < inputs.size(); ++j)
            values.emplace_back(inputs[j].path, inputs[j].distribution.quantile(design[i][j]));
          dealii::Timer timer;
          try
            {
              CaseSetup c = sample_case(text, directory, values);
              feasible.emplace_back(i, std::vector<double>());
              mine.emplace_back(
                i, evaluate_sample(c, diameters, &start, &feasible.back().second).values);
            }
          catch (const std::exception &e)
            {
              failures.emplace_back(i, e.what());
              failed_time_s += timer.wall_time();
            }
        }
      return mine;
    }

    void summarize_wire(const std::vector<std::vector<double>> &x, const Gathered &samples,
                        const std::vector<double> &reported, const std::vector<double> &nominal,
                        std::size_t w, WireRecord &record, UncertaintyStudy &study);

    // Bands of every record and the sensitivity rows from the gathered samples (rank 0).
    void summarize(const std::vector<UncertainInput> &inputs,
                   const std::vector<std::vector<double>> &design, const Gathered &samples,
                   const std::vector<std::vector<double>> &nominal_coarse,
                   const std::vector<std::size_t> &wires, const Gathered1 &feasible,
                   SweepResult &result, UncertaintyStudy &study)
    {
      const auto reported = reported_values(result, wires);
      // the regression's inputs: the sampled values (ln for log-distributed ones)
      std::vector<std::vector<double>> x;
      for (const auto &[i, values] : samples)
        {
          std::vector<double> row;
          for (std::size_t j = 0; j < inputs.size(); ++j)
            {
              const double v = inputs[j].distribution.quantile(design[i][j]);
              row.push_back(inputs[j].distribution.logarithmic() ? std::log(v) : v);
            }
          x.push_back(row);
        }
      for (std::size_t w = 0; w < wires.size(); ++w)
        {
          // the fraction of the samples in which the wire can be made (over the samples that
          // got as far as this wire, the failed ones included)
          double ok = 0, n = 0;
          for (const auto &sample : feasible)
            if (w < sample.second.size())
              {
                ok += sample.second[w];
                n += 1;
              }
          if (n > 0)
            result.wires[wires[w]].feasible_fraction = ok / n;
          summarize_wire(x, samples, reported[w], nominal_coarse[w], w, result.wires[wires[w]],
                         study);
        }
    }

    // The bands and sensitivity rows of one wire (index w in the samples).
    void summarize_wire(const std::vector<std::vector<double>> &x, const Gathered &samples,
                        const std::vector<double> &reported, const std::vector<double> &nominal,
                        std::size_t w, WireRecord &record, UncertaintyStudy &study)
    {
      const auto &columns = banded_columns();
      for (std::size_t q = 0; q < columns.size(); ++q)
        {
          // the samples with a value (a wire may not cross Tg in some samples)
          std::vector<double> y;
          std::vector<std::vector<double>> xs;
          for (std::size_t k = 0; k < samples.size(); ++k)
            {
              const double v = samples[k].second[w][q];
              if (std::isfinite(v))
                {
                  y.push_back(v + reported[q] - nominal[q]);
                  xs.push_back(x[k]);
                }
            }
          // no band where the nominal value does not exist or most samples have none
          if (!std::isfinite(reported[q]) || !std::isfinite(nominal[q]) ||
              2 * y.size() < samples.size())
            continue;
          const std::string &column = columns[q];
          record.bands[column] = {{numerics::percentile(y, 0.05), numerics::percentile(y, 0.5),
                                   numerics::percentile(y, 0.95)}};
          const auto r = numerics::standardized_regression(xs, y);
          study.sensitivity.push_back({record.wire.diameter_m, column, r.coefficients, r.r_squared,
                                       static_cast<unsigned int>(y.size())});
        }
    }
  }  // namespace

  UncertaintyStudy propagate_uncertainty(const std::string &text, const std::string &directory,
                                         const CaseSetup &setup, SweepResult &result, MPI_Comm comm)
  {
    const auto scope = timers().scope("uncertainty");
    dealii::Timer timer;
    const bool root = dealii::Utilities::MPI::this_mpi_process(comm) == 0;
    UncertaintyStudy study;
    const UncertaintySettings &settings = setup.uncertainty;
    const std::vector<UncertainInput> inputs =
      effective_inputs(text, directory, settings, study.skipped);
    for (const auto &i : inputs)
      {
        study.inputs.push_back(i.path);
        study.distributions.push_back(i.distribution.text());
      }
    // the diameters, known on rank 0, and the nominal solutions on the samples' grid
    // (the wires whose solve failed have no numbers to band)
    std::vector<double> diameters;
    std::vector<std::size_t> wires;
    for (std::size_t w = 0; w < result.wires.size(); ++w)
      if (result.wires[w].wire.status != status::failed)
        {
          diameters.push_back(result.wires[w].wire.diameter_m);
          wires.push_back(w);
        }
    diameters = dealii::Utilities::MPI::broadcast(comm, diameters, 0);
    CaseSetup nominal = sample_case(text, directory, {});
    SampleResult start;
    try
      {
        start = evaluate_sample(nominal, diameters, nullptr);
      }
    catch (const std::exception &e)
      {
        // no bands, but the nominal results stand (every rank fails alike: same case)
        study.not_run_because = e.what();
        study.wall_time_s = timer.wall_time();
        return study;
      }

    const auto design = numerics::latin_hypercube(settings.samples, inputs.size(), settings.seed);
    std::vector<std::pair<unsigned int, std::string>> failures;
    double failed_time_s = 0;
    Gathered1 my_feasible;
    const Gathered mine = run_samples(text, directory, inputs, design, diameters, start.profiles,
                                      comm, failures, failed_time_s, my_feasible);
    Gathered1 feasible;
    for (const auto &from : dealii::Utilities::MPI::gather(comm, my_feasible, 0))
      feasible.insert(feasible.end(), from.begin(), from.end());
    study.failed_time_s = dealii::Utilities::MPI::sum(failed_time_s, comm);
    const auto all = dealii::Utilities::MPI::gather(comm, mine, 0);
    const auto all_failures = dealii::Utilities::MPI::gather(comm, failures, 0);
    study.samples = settings.samples;
    if (!root)
      return study;
    Gathered samples;
    for (const auto &from : all)
      samples.insert(samples.end(), from.begin(), from.end());
    std::sort(samples.begin(), samples.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    // in sample order, whichever rank took a sample from the queue
    std::vector<std::pair<unsigned int, std::string>> failed;
    for (const auto &from : all_failures)
      failed.insert(failed.end(), from.begin(), from.end());
    std::sort(failed.begin(), failed.end());
    study.failure_mean_quantile.assign(inputs.size(), 0.0);
    for (const auto &[i, why] : failed)
      {
        ++study.failed;
        if (study.failures.size() < 3)
          study.failures.push_back("sample " + std::to_string(i) + ": " + why);
        for (std::size_t j = 0; j < inputs.size(); ++j)
          study.failure_mean_quantile[j] += design[i][j];
      }
    for (double &u : study.failure_mean_quantile)
      u = study.failed > 0 ? u / study.failed : 0.5;
    summarize(inputs, design, samples, start.values, wires, feasible, result, study);
    study.wall_time_s = timer.wall_time();
    return study;
  }

  namespace
  {
    // The inputs of one sensitivity row by decreasing |coefficient|.
    std::vector<std::size_t> ranking(const SensitivityRow &row)
    {
      std::vector<std::size_t> order(row.coefficients.size());
      for (std::size_t j = 0; j < order.size(); ++j)
        order[j] = j;
      std::stable_sort(order.begin(), order.end(), [&row](std::size_t a, std::size_t b) {
        return std::abs(row.coefficients[a]) > std::abs(row.coefficients[b]);
      });
      return order;
    }
  }  // namespace

  void write_sensitivity(const UncertaintyStudy &study, const std::string &filename)
  {
    Table table;
    for (const char *c : {"diameter_um", "quantity", "input", "distribution",
                          "standardized_regression_coefficient", "rank", "r_squared", "samples"})
      table.declare_column(c);
    for (const auto &row : study.sensitivity)
      {
        const auto order = ranking(row);
        for (std::size_t k = 0; k < order.size(); ++k)
          {
            const std::size_t j = order[k];
            table.add("diameter_um", row.diameter_m * 1e6);
            table.add("quantity", row.quantity);
            table.add("input", study.inputs[j]);
            table.add("distribution", study.distributions[j]);
            table.add("standardized_regression_coefficient", row.coefficients[j]);
            table.add("rank", static_cast<double>(k + 1));
            table.add("r_squared", row.r_squared);
            table.add("samples", static_cast<double>(row.samples));
            table.end_row();
          }
      }
    table.write_csv(filename);
  }

  void print_uncertainty_summary(const UncertaintyStudy &study, std::ostream &out)
  {
    if (!study.not_run_because.empty())
      {
        out << "\nUncertainty: NOT run, so there are no bands: the nominal case fails on the "
               "samples' grid ("
            << study.not_run_because << ").\n";
        return;
      }
    out << "\nUncertainty: " << study.samples << " Latin-hypercube samples of "
        << study.inputs.size() << " inputs (" << study.failed << " failed), "
        << std::setprecision(3) << study.wall_time_s << " s\n";
    for (std::size_t j = 0; j < study.inputs.size(); ++j)
      out << "  " << study.inputs[j] << " ~ " << study.distributions[j] << "\n";
    for (const auto &path : study.skipped)
      out << "  (not sampled: the chosen models do not use " << path << ")\n";
    for (const auto &why : study.failures)
      out << "  failed: " << why << "\n";
    if (study.failed > 0)
      {
        out << "  " << study.failed << " of " << study.samples
            << " samples failed: within the stated uncertainty the process itself may not "
               "work. The bands are over the samples that did not fail (conditional on a "
               "feasible process). The failed samples lie at";
        bool any = false;
        for (std::size_t j = 0; j < study.inputs.size(); ++j)
          {
            const double u = study.failure_mean_quantile[j];
            if (std::abs(u - 0.5) < 0.1)
              continue;
            const std::string &path = study.inputs[j];
            out << (any ? "," : "") << " " << (u < 0.5 ? "low " : "high ")
                << path.substr(path.rfind('/') + 1) << " (mean quantile " << std::setprecision(2)
                << u << ")";
            any = true;
          }
        out << (any ? "" : " no particular input's extremes") << ".\n";
      }
    if (study.sensitivity.empty())
      return;
    const double d_min = study.sensitivity.front().diameter_m,
                 d_max = study.sensitivity.back().diameter_m;
    out << "Sensitivity (standardized regression coefficients; sensitivity.csv has all):\n";
    for (const char *quantity :
         {"enthalpy_increase_percent_literature", "modulus_reduction_percent_literature"})
      for (const auto &row : study.sensitivity)
        if (row.quantity == quantity && (row.diameter_m == d_min || row.diameter_m == d_max))
          {
            out << "  " << quantity << " at " << std::setprecision(4) << row.diameter_m * 1e6
                << " um (R^2 " << std::setprecision(2) << row.r_squared << "):";
            const auto order = ranking(row);
            for (std::size_t k = 0; k < std::min<std::size_t>(4, order.size()); ++k)
              {
                const std::string &path = study.inputs[order[k]];
                out << (k ? ", " : " ") << path.substr(path.rfind('/') + 1) << " " << std::showpos
                    << std::setprecision(2) << row.coefficients[order[k]] << std::noshowpos;
              }
            out << "\n";
          }
  }
}  // namespace hotdraw

// Stage timings of a run through deal.II's TimerOutput: the solver stages enter named sections
// (TimerOutput::Scope), the log prints the summary table at the end of a run, and benchmarks and
// result records read the accumulated wall time of a section.
//
// One process-wide instance (timers()) that never prints by itself and never synchronises MPI
// ranks (ranks may work on different wires at the same time). Times are this process's own.
#pragma once

#include <deal.II/base/timer.h>

#include <map>
#include <memory>
#include <ostream>
#include <string>

namespace hotdraw
{
  class StageTimer
  {
  public:
    StageTimer();
    ~StageTimer();

    // Time the enclosing scope under 'section' (sections may nest and repeat).
    dealii::TimerOutput::Scope scope(const std::string &section);
    // Accumulated wall time (s) of a section so far; 0 if it was never entered.
    double seconds(const std::string &section) const;
    // All sections with their accumulated wall times.
    std::map<std::string, double> all_seconds() const;
    // deal.II's summary table (wall times) of every section so far.
    void print_summary(std::ostream &out) const;
    // Forget every section (start of a new run, benchmarks).
    void reset();

  private:
    std::unique_ptr<std::ostream> sink_;
    std::unique_ptr<dealii::TimerOutput> timer_;
  };

  // The process-wide stage timer.
  StageTimer &timers();

  // Wall time a section accumulates between construction and seconds(): for per-wire stage
  // times read from the process-wide timer.
  class SectionDelta
  {
  public:
    explicit SectionDelta(const std::string &section)
      : section_(section), start_(timers().seconds(section))
    {}
    double seconds() const { return timers().seconds(section_) - start_; }

  private:
    std::string section_;
    double start_;
  };
}  // namespace hotdraw

#include "postprocess/timing.h"

#include <sstream>

namespace hotdraw
{
  StageTimer::StageTimer()
  {
    reset();
  }
  StageTimer::~StageTimer() = default;

  void StageTimer::reset()
  {
    timer_.reset();
    sink_ = std::make_unique<std::ostringstream>();
    timer_ = std::make_unique<dealii::TimerOutput>(*sink_, dealii::TimerOutput::never,
                                                   dealii::TimerOutput::wall_times);
  }

  dealii::TimerOutput::Scope StageTimer::scope(const std::string &section)
  {
    return dealii::TimerOutput::Scope(*timer_, section);
  }

  double StageTimer::seconds(const std::string &section) const
  {
    const auto all = all_seconds();
    const auto it = all.find(section);
    return it == all.end() ? 0.0 : it->second;
  }

  std::map<std::string, double> StageTimer::all_seconds() const
  {
    return timer_->get_summary_data(dealii::TimerOutput::total_wall_time);
  }

  void StageTimer::print_summary(std::ostream &out) const
  {
    // TimerOutput prints to the stream it was built with; print into that sink and copy.
    auto &sink = static_cast<std::ostringstream &>(*sink_);
    sink.str("");
    timer_->print_summary();
    out << sink.str();
    sink.str("");
  }

  StageTimer &timers()
  {
    static StageTimer t;
    return t;
  }
}  // namespace hotdraw

#include "core/clock.hpp"

#include <stdexcept>

namespace reonomy::mock {

namespace {
TimePoint real_now() {
  return std::chrono::time_point_cast<Micros>(std::chrono::system_clock::now());
}
} // namespace

Clock::Clock(ClockMode mode)
    : mode_(mode), manual_us_(real_now().time_since_epoch().count()) {}

Clock::Clock(ClockMode mode, TimePoint manual_start)
    : mode_(mode), manual_us_(manual_start.time_since_epoch().count()) {}

TimePoint Clock::now() const {
  if (mode_ == ClockMode::real) return real_now();
  return TimePoint(Micros(manual_us_.load(std::memory_order_acquire)));
}

void Clock::advance(Micros by) {
  if (mode_ != ClockMode::manual) throw std::logic_error("advance() needs a manual clock");
  if (by.count() < 0) throw std::invalid_argument("a clock cannot move backwards");
  manual_us_.fetch_add(by.count(), std::memory_order_acq_rel);
}

} // namespace reonomy::mock

#include "core/clock.hpp"

#include <cmath>
#include <stdexcept>

namespace reonomy::mock {

namespace {
TimePoint real_now() {
  return std::chrono::time_point_cast<Micros>(std::chrono::system_clock::now());
}

std::int64_t checked_start(TimePoint start) {
  if (start < kEarliestTime || start > kLatestTime)
    throw std::out_of_range("a clock's time must lie within the years 1 to 9999");
  return start.time_since_epoch().count();
}
} // namespace

Micros micros_from_seconds(double seconds) {
  const double us = seconds * 1e6;
  if (!(us > 0))
    return Micros(0);
  if (us >= static_cast<double>(kLongestDuration.count()))
    return kLongestDuration;
  return Micros(std::llround(us));
}

Clock::Clock(ClockMode mode) : mode_(mode), manual_us_(real_now().time_since_epoch().count()) {}

Clock::Clock(ClockMode mode, TimePoint manual_start)
    : mode_(mode), manual_us_(checked_start(manual_start)) {}

TimePoint Clock::now() const {
  if (mode_ == ClockMode::real)
    return real_now();
  return TimePoint(Micros(manual_us_.load(std::memory_order_acquire)));
}

bool Clock::advance(Micros by) {
  if (mode_ != ClockMode::manual)
    throw std::logic_error("advance() needs a manual clock");
  if (by.count() < 0)
    throw std::invalid_argument("a clock cannot move backwards");
  const std::int64_t latest = kLatestTime.time_since_epoch().count();
  std::int64_t current = manual_us_.load(std::memory_order_acquire);
  // Compared as a distance, so nothing is added before it is known to fit.
  do {
    if (by.count() > latest - current)
      return false;
  } while (
      !manual_us_.compare_exchange_weak(current, current + by.count(), std::memory_order_acq_rel));
  return true;
}

bool Clock::advance_to(TimePoint to) {
  if (mode_ != ClockMode::manual)
    throw std::logic_error("advance_to() needs a manual clock");
  if (to > kLatestTime)
    return false;
  std::int64_t current = manual_us_.load(std::memory_order_acquire);
  do {
    if (to.time_since_epoch().count() < current)
      return false;
  } while (!manual_us_.compare_exchange_weak(current, to.time_since_epoch().count(),
                                             std::memory_order_acq_rel));
  return true;
}

} // namespace reonomy::mock

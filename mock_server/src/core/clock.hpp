#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "reonomy_mock/options.hpp"

namespace reonomy::mock {

using Micros = std::chrono::microseconds;
using TimePoint = std::chrono::sys_time<Micros>;

// The times the mock can be at: those of Python's datetime (years 1 to 9999), since the API
// writes its times with isoformat(). Within them a microsecond count is about 2^58, so adding any
// duration the mock accepts (at most a century) cannot overflow.
inline constexpr TimePoint kEarliestTime{std::chrono::sys_days{std::chrono::year{1} / 1 / 1}};
inline constexpr TimePoint kLatestTime{std::chrono::sys_days{std::chrono::year{9999} / 12 / 31} +
                                       std::chrono::days{1} - Micros{1}};

// The longest duration the mock adds to a time: the whole span of the years 1 to 9999. A time
// within that span plus a few such durations stays far inside a 64-bit microsecond count.
inline constexpr Micros kLongestDuration = kLatestTime - kEarliestTime;

// `seconds` (a flag or a stored setting) as microseconds, clamped to [0, kLongestDuration]; NaN
// gives 0. Every duration added to a time goes through here, so no sum can overflow.
Micros micros_from_seconds(double seconds);

// The one source of "now" for every time-dependent decision the API makes (job phases, URL
// expiry, object lifetime). A manual clock starts at the real time of its creation and moves only
// through advance(), so a test can walk a job through its lifecycle in microseconds. Its time
// stays within [kEarliestTime, kLatestTime]. Thread-safe.
class Clock {
public:
  explicit Clock(ClockMode mode);
  // A manual clock that starts at `manual_start` (a restored state's time) rather than now.
  // Throws std::out_of_range when `manual_start` is outside [kEarliestTime, kLatestTime].
  Clock(ClockMode mode, TimePoint manual_start);

  TimePoint now() const;
  ClockMode mode() const noexcept { return mode_; }

  // Moves a manual clock forward by `by` and returns true; returns false, leaving the clock
  // unchanged, when that would pass kLatestTime. Throws std::logic_error on a real clock and
  // std::invalid_argument for a negative `by`.
  bool advance(Micros by);

  // Moves a manual clock forward to `to`; false, leaving it unchanged, when `to` is before now
  // (a clock never goes back) or after kLatestTime. Throws std::logic_error on a real clock.
  bool advance_to(TimePoint to);

private:
  ClockMode mode_;
  std::atomic<std::int64_t> manual_us_;
};

} // namespace reonomy::mock

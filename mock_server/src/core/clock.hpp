#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "reonomy_mock/options.hpp"

namespace reonomy::mock {

using Micros = std::chrono::microseconds;
using TimePoint = std::chrono::sys_time<Micros>;

// The one source of "now" for every time-dependent decision the API makes (job phases, URL
// expiry, object lifetime). A manual clock starts at the real time of its creation and moves only
// through advance(), so a test can walk a job through its lifecycle in microseconds.
// Thread-safe.
class Clock {
public:
  explicit Clock(ClockMode mode);
  // A manual clock that starts at `manual_start` (a restored state's time) rather than now.
  Clock(ClockMode mode, TimePoint manual_start);

  TimePoint now() const;
  ClockMode mode() const noexcept { return mode_; }

  // Moves a manual clock forward. Precondition: mode() == manual and by >= 0.
  void advance(Micros by);

private:
  ClockMode mode_;
  std::atomic<std::int64_t> manual_us_;
};

} // namespace reonomy::mock

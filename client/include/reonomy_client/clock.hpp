#pragma once

#include <chrono>

namespace reonomy::client {

// Time as the client sees it: when to retry, how long to wait between polls. Tests substitute a
// clock whose sleep_for moves virtual time (or a mock server's manual clock) instead of waiting.
class Clock {
public:
  using Duration = std::chrono::steady_clock::duration;
  using TimePoint = std::chrono::steady_clock::time_point;

  virtual ~Clock() = default;
  virtual TimePoint now() = 0;
  virtual void sleep_for(Duration duration) = 0;
};

// The machine's steady clock and real sleeps.
class SystemClock : public Clock {
public:
  TimePoint now() override { return std::chrono::steady_clock::now(); }
  void sleep_for(Duration duration) override;
};

} // namespace reonomy::client

#pragma once

#include <deque>

#include "reonomy_client/clock.hpp"

namespace reonomy::client::detail {

// The client-side rate limit: at most `per_second` requests in any window of one second (plus a
// margin, because the server counts arrivals and the network may bunch them up). acquire()
// sleeps on `clock` until the next request may go, then records it.
class Pacer {
public:
  // per_second 0: no limit.
  Pacer(unsigned per_second, Clock& clock, Clock::Duration margin = std::chrono::milliseconds(50));

  void acquire();
  // Records a request sent now without waiting (a deliberate burst), so later ones keep pace.
  void note();
  // Forgets every recorded request (the server forgot them too).
  void forget();

private:
  unsigned per_second_;
  Clock& clock_;
  Clock::Duration window_;
  std::deque<Clock::TimePoint> sent_; // the last per_second_ send times, oldest first
};

} // namespace reonomy::client::detail

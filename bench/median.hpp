#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace reonomy::mock::bench {

// The median wall time of five runs of `run`, in seconds: one figure robust to a stray stall.
template <class F> double median_seconds(F&& run) {
  using Clock = std::chrono::steady_clock;
  std::vector<double> times;
  for (int i = 0; i < 5; ++i) {
    const auto start = Clock::now();
    run();
    times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[2];
}

} // namespace reonomy::mock::bench

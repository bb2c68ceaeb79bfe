#pragma once

#include <chrono>
#include <optional>
#include <random>
#include <string_view>

#include "reonomy_client/options.hpp"

namespace reonomy::client::detail {

// Delays between retries of a failing request: exponential, capped, with jitter so that many
// clients failing together do not come back together.
class Backoff {
public:
  explicit Backoff(const RetryPolicy& policy);
  // The delay before retry `retry` (1 for the first): uniform in [d/2, d] with
  // d = min(max_delay, base_delay * 2^(retry-1)).
  std::chrono::milliseconds delay(int retry);

private:
  std::chrono::milliseconds base_;
  std::chrono::milliseconds max_;
  std::mt19937_64 rng_;
};

// A Retry-After value: delay-seconds or an HTTP-date (RFC 9110 10.2.3), relative to `now`.
// nullopt when it is neither; a date in the past gives zero.
std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

} // namespace reonomy::client::detail

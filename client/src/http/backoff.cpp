#include "http/backoff.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>

namespace reonomy::client::detail {

Backoff::Backoff(const RetryPolicy& policy)
    : base_(policy.base_delay), max_(policy.max_delay),
      rng_(policy.jitter_seed != 0 ? policy.jitter_seed : std::random_device{}()) {}

std::chrono::milliseconds Backoff::delay(int retry) {
  auto ceiling = base_;
  for (int i = 1; i < retry && ceiling < max_; ++i)
    ceiling *= 2;
  ceiling = std::min(ceiling, max_);
  const auto count = ceiling.count();
  std::uniform_int_distribution<long long> pick(count / 2, count);
  return std::chrono::milliseconds(pick(rng_));
}

std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ')
    value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ')
    value.remove_suffix(1);
  if (value.empty())
    return std::nullopt;
  long long seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size())
    return seconds < 0 ? std::nullopt : std::optional(std::chrono::milliseconds(seconds * 1000));
  // IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  const std::string text(value);
  const char* parsed = ::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (parsed == nullptr || *parsed != '\0')
    return std::nullopt;
  const auto when = std::chrono::system_clock::from_time_t(::timegm(&tm));
  return std::max(std::chrono::milliseconds(0),
                  std::chrono::duration_cast<std::chrono::milliseconds>(when - now));
}

} // namespace reonomy::client::detail

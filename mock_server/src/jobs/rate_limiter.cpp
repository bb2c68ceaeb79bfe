#include "jobs/rate_limiter.hpp"

namespace reonomy::mock {

RateLimiter::RateLimiter(unsigned limit, NowFn now) : limit_(limit), now_(std::move(now)) {}

std::optional<std::chrono::microseconds> RateLimiter::admit(std::string_view account) {
  if (limit_ == 0)
    return std::nullopt;
  constexpr auto kWindow = std::chrono::seconds(1);
  const auto now = now_();
  std::lock_guard lock(mutex_);
  auto it = admitted_.find(account);
  if (it == admitted_.end())
    it = admitted_.emplace(std::string(account), std::deque<SteadyClock::time_point>{}).first;
  auto& times = it->second;
  if (times.size() >= limit_) {
    const auto frees_at = times.front() + kWindow;
    if (now < frees_at)
      return std::chrono::duration_cast<std::chrono::microseconds>(frees_at - now);
    times.pop_front();
  }
  times.push_back(now);
  return std::nullopt;
}

void RateLimiter::reset() {
  std::lock_guard lock(mutex_);
  admitted_.clear();
}

void RateLimiter::reset(std::string_view account) {
  std::lock_guard lock(mutex_);
  if (const auto it = admitted_.find(account); it != admitted_.end())
    admitted_.erase(it);
}

} // namespace reonomy::mock

#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace reonomy::mock {

// At most `limit` admitted requests per account in any one-second window: a request is admitted
// when fewer than `limit` of the account's admitted requests lie in the second before it.
// Refused requests do not count, so a client that backs off is not punished for having asked.
//
// ours: the limiter measures real (steady) time even when the API's clock is manual. The limit
// is about how fast a client really sends; a frozen clock would refuse everything after the
// first `limit` requests of a test.
class RateLimiter {
public:
  using SteadyClock = std::chrono::steady_clock;
  using NowFn = std::function<SteadyClock::time_point()>;

  // limit 0: no limit.
  explicit RateLimiter(unsigned limit, NowFn now = SteadyClock::now);

  // nullopt when the request is admitted (and counted); otherwise how long until it would be.
  std::optional<std::chrono::microseconds> admit(std::string_view account);

  void reset();
  void reset(std::string_view account);
  unsigned limit() const noexcept { return limit_; }

private:
  unsigned limit_;
  NowFn now_;
  std::mutex mutex_;
  // The times of each account's last `limit_` admitted requests, oldest first.
  std::map<std::string, std::deque<SteadyClock::time_point>, std::less<>> admitted_;
};

} // namespace reonomy::mock

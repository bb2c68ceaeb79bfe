#include <catch2/catch.hpp>

#include "jobs/rate_limiter.hpp"

using namespace reonomy::mock;
using namespace std::chrono_literals;

namespace {
struct FakeTime {
  RateLimiter::SteadyClock::time_point now{};
  RateLimiter::NowFn fn() {
    return [this] { return now; };
  }
};
} // namespace

TEST_CASE("the limit's requests in one second pass and the next is refused", "[rate_limiter]") {
  FakeTime t;
  RateLimiter limiter(5, t.fn());
  for (int i = 0; i < 5; ++i) {
    CHECK_FALSE(limiter.admit("a"));
    t.now += 100ms;
  }
  // Five requests at 0..400 ms; a sixth at 500 ms would make six within one second.
  const auto wait = limiter.admit("a");
  REQUIRE(wait);
  CHECK(*wait == 500ms); // the request at 0 ms leaves the window at 1000 ms
}

TEST_CASE("a request exactly one second after the oldest is admitted", "[rate_limiter]") {
  FakeTime t;
  RateLimiter limiter(5, t.fn());
  for (int i = 0; i < 5; ++i)
    CHECK_FALSE(limiter.admit("a"));
  t.now += 999999us;
  CHECK(limiter.admit("a") == std::chrono::microseconds(1));
  t.now += 1us;
  CHECK_FALSE(limiter.admit("a"));
  // The window is half-open: at 1 s the requests made at 0 no longer count, so four more fit.
  for (int i = 0; i < 4; ++i)
    CHECK_FALSE(limiter.admit("a"));
  CHECK(limiter.admit("a") == std::chrono::microseconds(1'000'000));
}

TEST_CASE("refused requests do not count against the account", "[rate_limiter]") {
  FakeTime t;
  RateLimiter limiter(2, t.fn());
  CHECK_FALSE(limiter.admit("a"));
  CHECK_FALSE(limiter.admit("a"));
  for (int i = 0; i < 10; ++i)
    CHECK(limiter.admit("a"));
  t.now += 1s;
  CHECK_FALSE(limiter.admit("a"));
  CHECK_FALSE(limiter.admit("a"));
}

TEST_CASE("accounts are limited separately", "[rate_limiter]") {
  FakeTime t;
  RateLimiter limiter(1, t.fn());
  CHECK_FALSE(limiter.admit("a"));
  CHECK(limiter.admit("a"));
  CHECK_FALSE(limiter.admit("b"));
  limiter.reset("a");
  CHECK_FALSE(limiter.admit("a"));
}

TEST_CASE("a limit of zero admits everything", "[rate_limiter]") {
  FakeTime t;
  RateLimiter limiter(0, t.fn());
  for (int i = 0; i < 1000; ++i)
    CHECK_FALSE(limiter.admit("a"));
}

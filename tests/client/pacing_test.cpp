#include <catch2/catch.hpp>

#include "client_fixture.hpp"
#include "http/backoff.hpp"
#include "http/pacer.hpp"

using namespace reonomy::client;
using namespace reonomy::client::testing;
using namespace std::chrono_literals;

TEST_CASE("the pacer lets 5 requests through, then holds the 6th until the window passes",
          "[client][pacing]") {
  FakeClock clock;
  detail::Pacer pacer(5, clock, 50ms);
  for (int i = 0; i < 5; ++i)
    pacer.acquire();
  CHECK(clock.sleeps.empty());
  pacer.acquire();
  REQUIRE(clock.sleeps.size() == 1);
  CHECK(clock.sleeps[0] == 1050ms);
  // The rest of the first burst left the window at the same moment: the 7th goes at once.
  pacer.acquire();
  CHECK(clock.sleeps.size() == 1);
}

TEST_CASE("the pacer never lets more than N requests into any one-second window",
          "[client][pacing]") {
  FakeClock clock;
  detail::Pacer pacer(5, clock, 0ms);
  std::vector<Clock::TimePoint> sent;
  for (int i = 0; i < 23; ++i) {
    if (i % 3 == 0)
      clock.sleep_for(170ms); // irregular gaps between bursts
    pacer.acquire();
    sent.push_back(clock.now());
  }
  for (std::size_t i = 5; i < sent.size(); ++i)
    CHECK(sent[i] - sent[i - 5] >= 1s);
}

TEST_CASE("a noted burst counts against the window; forget clears it", "[client][pacing]") {
  FakeClock clock;
  detail::Pacer pacer(2, clock, 0ms);
  pacer.note();
  pacer.note();
  pacer.note(); // a deliberate third: recorded, not delayed
  CHECK(clock.sleeps.empty());
  pacer.acquire();
  CHECK(clock.sleeps == std::vector<Clock::Duration>{1s});
  pacer.forget();
  pacer.acquire();
  pacer.acquire();
  CHECK(clock.sleeps.size() == 1);
}

TEST_CASE("backoff doubles up to the cap and jitters within [d/2, d]", "[client][pacing]") {
  RetryPolicy policy;
  policy.base_delay = 500ms;
  policy.max_delay = 4000ms;
  policy.jitter_seed = 7;
  detail::Backoff backoff(policy);
  const std::chrono::milliseconds ceilings[] = {500ms, 1000ms, 2000ms, 4000ms, 4000ms, 4000ms};
  for (int retry = 1; retry <= 6; ++retry) {
    const auto delay = backoff.delay(retry);
    INFO("retry " << retry << ": " << delay.count() << " ms");
    CHECK(delay >= ceilings[retry - 1] / 2);
    CHECK(delay <= ceilings[retry - 1]);
  }
  // Jitter: two clients seeded differently do not wait the same.
  policy.jitter_seed = 8;
  detail::Backoff other(policy);
  std::vector<long long> a, b;
  for (int i = 0; i < 5; ++i) {
    a.push_back(backoff.delay(6).count());
    b.push_back(other.delay(6).count());
  }
  CHECK(a != b);
}

TEST_CASE("Retry-After is read as seconds or as an HTTP date", "[client][pacing]") {
  const auto now = std::chrono::system_clock::from_time_t(784111777); // Sun, 06 Nov 1994 08:49:37
  CHECK(detail::parse_retry_after("1", now) == 1000ms);
  CHECK(detail::parse_retry_after(" 120 ", now) == 120000ms);
  CHECK(detail::parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now) == 10000ms);
  CHECK(detail::parse_retry_after("Sun, 06 Nov 1994 08:49:30 GMT", now) == 0ms);
  CHECK_FALSE(detail::parse_retry_after("soon", now));
  CHECK_FALSE(detail::parse_retry_after("-5", now));
  CHECK_FALSE(detail::parse_retry_after("", now));
}

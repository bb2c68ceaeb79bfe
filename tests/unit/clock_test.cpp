#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "core/clock.hpp"

using namespace reonomy::mock;
using namespace std::chrono_literals;

TEST_CASE("a manual clock stands still until advanced", "[clock]") {
  Clock clock(ClockMode::manual);
  const auto t0 = clock.now();
  CHECK(clock.now() == t0);
  clock.advance(1500ms);
  CHECK(clock.now() - t0 == 1500ms);
}

TEST_CASE("a manual clock refuses to move backwards", "[clock]") {
  Clock clock(ClockMode::manual);
  CHECK_THROWS_AS(clock.advance(-1us), std::invalid_argument);
}

TEST_CASE("a real clock cannot be advanced by hand", "[clock]") {
  Clock clock(ClockMode::real);
  CHECK_THROWS_AS(clock.advance(1s), std::logic_error);
}

TEST_CASE("a manual clock starts at the real time", "[clock]") {
  const auto before = std::chrono::system_clock::now();
  Clock clock(ClockMode::manual);
  CHECK(clock.now() >= std::chrono::time_point_cast<Micros>(before) - 1s);
  CHECK(clock.now() <= std::chrono::time_point_cast<Micros>(std::chrono::system_clock::now()));
}

TEST_CASE("a manual clock stops at the end of year 9999 and a refused advance moves nothing",
          "[clock]") {
  using namespace std::chrono;
  Clock clock(ClockMode::manual, kLatestTime - 10s);
  CHECK(clock.advance(10s));
  CHECK(clock.now() == kLatestTime);
  CHECK_FALSE(clock.advance(1us));
  CHECK(clock.now() == kLatestTime);
  CHECK(clock.advance(0us));
  // The largest steps there are: nothing is added before it is known to fit, so no overflow.
  CHECK_FALSE(clock.advance(Micros::max()));
  CHECK_FALSE(clock.advance(kLongestDuration));
  CHECK(clock.now() == kLatestTime);
}

TEST_CASE("a manual clock moved a century at a time never wraps around", "[clock]") {
  using namespace std::chrono;
  Clock clock(ClockMode::manual);
  const Micros century = micros_from_seconds(100.0 * 365 * 24 * 3600);
  TimePoint last = clock.now();
  int refused = 0;
  for (int i = 0; i < 200 && refused == 0; ++i) {
    if (clock.advance(century)) {
      CHECK(clock.now() - last == century);
      last = clock.now();
    } else {
      ++refused;
    }
  }
  CHECK(refused == 1);
  CHECK(clock.now() == last);
  CHECK(last <= kLatestTime);
  CHECK(kLatestTime - last < century);
}

TEST_CASE("advance_to moves forward only, and not past year 9999", "[clock]") {
  using namespace std::chrono;
  Clock clock(ClockMode::manual);
  const TimePoint target = sys_days{year{2100} / 1 / 1};
  CHECK(clock.advance_to(target));
  CHECK(clock.now() == target);
  CHECK_FALSE(clock.advance_to(target - 1us));
  CHECK(clock.advance_to(target)); // no move is still forward
  CHECK_FALSE(clock.advance_to(kLatestTime + 1us));
  CHECK(clock.now() == target);
  CHECK(clock.advance_to(kLatestTime));
  CHECK(clock.now() == kLatestTime);
  Clock real(ClockMode::real);
  CHECK_THROWS_AS(real.advance_to(target), std::logic_error);
}

TEST_CASE("a clock cannot start outside the years 1 to 9999", "[clock]") {
  CHECK_THROWS_AS(Clock(ClockMode::manual, kLatestTime + 1us), std::out_of_range);
  CHECK_THROWS_AS(Clock(ClockMode::manual, kEarliestTime - 1us), std::out_of_range);
  CHECK(Clock(ClockMode::manual, kEarliestTime).now() == kEarliestTime);
  CHECK(Clock(ClockMode::manual, kLatestTime).now() == kLatestTime);
}

TEST_CASE("durations in seconds are clamped to what a time can take", "[clock]") {
  CHECK(micros_from_seconds(1.5) == 1500000us);
  CHECK(micros_from_seconds(0) == 0us);
  CHECK(micros_from_seconds(-5) == 0us);
  CHECK(micros_from_seconds(std::numeric_limits<double>::quiet_NaN()) == 0us);
  CHECK(micros_from_seconds(std::numeric_limits<double>::infinity()) == kLongestDuration);
  CHECK(micros_from_seconds(-std::numeric_limits<double>::infinity()) == 0us);
  CHECK(micros_from_seconds(1e300) == kLongestDuration);
  // The latest time plus two of the longest durations still fits a 64-bit microsecond count.
  CHECK(kLongestDuration.count() <
        (std::numeric_limits<std::int64_t>::max() - kLatestTime.time_since_epoch().count()) / 2);
}

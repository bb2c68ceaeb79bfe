#include <catch2/catch.hpp>

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

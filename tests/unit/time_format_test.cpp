#include <catch2/catch.hpp>

#include "core/time_format.hpp"

using namespace reonomy::mock;
using namespace std::chrono;

TEST_CASE("isoformat writes Python's aware isoformat with microseconds", "[time]") {
  // 2020-01-03T16:34:52.104383+00:00, the `created` of the documentation's example job.
  const TimePoint t = sys_days{year{2020} / 1 / 3} + 16h + 34min + 52s + Micros(104383);
  CHECK(isoformat(t) == "2020-01-03T16:34:52.104383+00:00");
  CHECK(isoformat(t + 1us) == "2020-01-03T16:34:52.104384+00:00");
  CHECK(isoformat(sys_days{year{2020} / 1 / 3} + 1us) == "2020-01-03T00:00:00.000001+00:00");
}

TEST_CASE("isoformat leaves the fraction out at a whole second, as Python does", "[time]") {
  // datetime(2026, 1, 1, tzinfo=timezone.utc).isoformat() == '2026-01-01T00:00:00+00:00'
  CHECK(isoformat(sys_days{year{2026} / 1 / 1}) == "2026-01-01T00:00:00+00:00");
  CHECK(isoformat(sys_days{year{2020} / 1 / 3} + 16h + 34min + 52s) == "2020-01-03T16:34:52+00:00");
  // The ends of Python's datetime range.
  CHECK(isoformat(sys_days{year{1} / 1 / 1}) == "0001-01-01T00:00:00+00:00");
  CHECK(isoformat(sys_days{year{9999} / 12 / 31} + 23h + 59min + 59s + Micros(999999)) ==
        "9999-12-31T23:59:59.999999+00:00");
}

TEST_CASE("iso8601_z writes S3's error timestamps", "[time]") {
  const TimePoint t = sys_days{year{2023} / 11 / 19} + 9h + 18min + 50s + Micros(999999);
  CHECK(iso8601_z(t) == "2023-11-19T09:18:50Z");
}

TEST_CASE("parse_date takes only real YYYY-MM-DD dates", "[time]") {
  CHECK(parse_date("2020-02-29").has_value());
  CHECK(format_date(*parse_date("2020-02-01")) == "2020-02-01");
  CHECK_FALSE(parse_date("2021-02-29"));
  CHECK_FALSE(parse_date("2020-13-01"));
  CHECK_FALSE(parse_date("2020-1-01"));
  CHECK_FALSE(parse_date("20200101"));
  CHECK_FALSE(parse_date("2020-01-01T00:00"));
  CHECK_FALSE(parse_date(""));
}

TEST_CASE("parse_isoformat reads what isoformat writes, with or without a fraction", "[time]") {
  const TimePoint t = sys_days{year{2020} / 1 / 3} + 16h + 34min + 52s + Micros(104383);
  CHECK(parse_isoformat(isoformat(t)) == t);
  CHECK(parse_isoformat("2026-01-01T00:00:00+00:00") == TimePoint(sys_days{year{2026} / 1 / 1}));
  CHECK(parse_isoformat("2026-01-01T00:00:00Z") == TimePoint(sys_days{year{2026} / 1 / 1}));
  CHECK(parse_isoformat("2026-01-01T00:00:00.5+00:00") ==
        TimePoint(sys_days{year{2026} / 1 / 1}) + 500ms);
  CHECK(parse_isoformat("9999-12-31T23:59:59.999999+00:00") ==
        TimePoint(sys_days{year{9999} / 12 / 31} + 23h + 59min + 59s + Micros(999999)));
  CHECK_FALSE(parse_isoformat("2026-01-01T00:00:00"));       // no zone
  CHECK_FALSE(parse_isoformat("2026-01-01T00:00:00+01:00")); // not UTC
  CHECK_FALSE(parse_isoformat("2026-01-01T24:00:00+00:00"));
  CHECK_FALSE(parse_isoformat("2026-02-30T00:00:00+00:00"));
  CHECK_FALSE(parse_isoformat("2026-01-01T00:00:00.+00:00"));
  CHECK_FALSE(parse_isoformat("2026-01-01T00:00:00.1234567+00:00"));
  CHECK_FALSE(parse_isoformat("2026-01-01 00:00:00+00:00"));
}

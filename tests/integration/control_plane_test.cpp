#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <optional>

#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

TEST_CASE("health answers without credentials and names the capabilities", "[control]") {
  MockFixture mock;
  const auto health = body_of(mock.client().Get("/_mock/health"));
  CHECK(health["status"] == "ok");
  CHECK(health["capabilities"] ==
        nlohmann::json{"mock-control", "faults", "journal", "manual-clock"});
  CHECK(health["clock"]["mode"] == "manual");
}

TEST_CASE("advancing the manual clock moves now by exactly that much", "[control]") {
  MockFixture mock;
  const auto before = body_of(mock.client().Get("/_mock/clock"));
  mock.advance(600.5);
  const auto after = body_of(mock.client().Get("/_mock/clock"));
  CHECK(after["epoch_microseconds"].get<long long>() -
            before["epoch_microseconds"].get<long long>() ==
        600'500'000);
}

TEST_CASE("advance rejects bodies that are not a non-negative number of seconds", "[control]") {
  MockFixture mock;
  for (const char* body : {"", "[]", "{}", R"({"seconds": -1})", R"({"seconds": "10"})",
                           R"({"seconds": 10, "minutes": 1})", R"({"seconds": 1e300})"}) {
    const auto res = mock.client().Post("/_mock/clock/advance", body, "application/json");
    REQUIRE(res);
    INFO(body);
    CHECK(res->status == 400);
    CHECK(body_of(res)["type"] == "ValidationError");
  }
}

namespace {
long long clock_us(const MockFixture& mock) {
  return body_of(mock.client().Get("/_mock/clock"))["epoch_microseconds"].get<long long>();
}

httplib::Result advance_body(const MockFixture& mock, const std::string& body) {
  return mock.client().Post("/_mock/clock/advance", body, "application/json");
}
} // namespace

TEST_CASE("a refused advance names its limit and leaves the clock where it was", "[control]") {
  MockFixture mock;
  const long long before = clock_us(mock);
  // Negative, huge, beyond a double (1e999: not valid JSON for nlohmann), and the NaN and
  // infinities Python's json would read.
  for (const char* body :
       {R"({"seconds": -1})", R"({"seconds": -1e-9})", R"({"seconds": 3153600000.000001})",
        R"({"seconds": 1e300})", R"({"seconds": 1.7976931348623157e308})", R"({"seconds": 1e999})",
        R"({"seconds": NaN})", R"({"seconds": Infinity})", R"({"seconds": -Infinity})",
        R"({"seconds": 9223372036854775807})", R"({"seconds": 18446744073709551615})"}) {
    const auto res = advance_body(mock, body);
    REQUIRE(res);
    INFO(body);
    CHECK(res->status == 400);
    CHECK(body_of(res)["type"] == "ValidationError");
    CHECK(clock_us(mock) == before);
  }
  const auto huge = advance_body(mock, R"({"seconds": 1e300})");
  CHECK_THAT(body_of(huge)["message"].get<std::string>(),
             Catch::StartsWith("seconds: must be a number from 0 to 3153600000 (a century)"));
}

TEST_CASE("the manual clock stops at year 9999 and jobs never go back to PENDING", "[control]") {
  MockFixture mock;
  const auto created = mock.submit("property-details", property_details_spec());
  REQUIRE(created->status == 201);
  const std::string id = body_of(created)["id"];
  mock.advance(3600);
  REQUIRE(body_of(mock.get("/v2/jobs/file/" + id))["status"] == "SUCCESS");
  // A century at a time: about 80 steps from today reach the end; each must be taken whole or not
  // at all (before the limit, the microsecond count overflowed after ~2,900 steps).
  int accepted = 0;
  std::optional<httplib::Result> refused;
  for (int i = 0; i < 200; ++i) {
    const long long before = clock_us(mock);
    auto res = advance_body(mock, R"({"seconds": 3153600000})");
    REQUIRE(res);
    if (res->status == 200) {
      ++accepted;
      CHECK(clock_us(mock) - before == 3'153'600'000'000'000LL);
      continue;
    }
    CHECK(clock_us(mock) == before);
    refused.emplace(std::move(res));
    break;
  }
  REQUIRE(refused);
  CHECK(accepted > 70);
  CHECK((*refused)->status == 400);
  const std::string message = body_of(*refused)["message"];
  CHECK_THAT(message, Catch::StartsWith("seconds: 3153600000 is too far: the clock stops at "
                                        "9999-12-31T23:59:59.999999+00:00"));
  CHECK_THAT(message, Catch::Contains("year 9999"));
  const auto job = body_of(mock.get("/v2/jobs/file/" + id));
  CHECK(job["status"] == "SUCCESS");
  CHECK(job["result_urls"].size() == 1);

  // The rest of the way is allowed exactly; then not a microsecond more.
  const auto to_end = advance_body(mock, R"({"to": "9999-12-31T23:59:59.999999+00:00"})");
  REQUIRE(to_end);
  CHECK(to_end->status == 200);
  CHECK(body_of(to_end)["now"] == "9999-12-31T23:59:59.999999+00:00");
  const long long end = clock_us(mock);
  const auto past = advance_body(mock, R"({"seconds": 0.000001})");
  CHECK(past->status == 400);
  CHECK_THAT(body_of(past)["message"].get<std::string>(), Catch::Contains("0 seconds before that"));
  CHECK(clock_us(mock) == end);
  CHECK(body_of(mock.get("/v2/jobs/file/" + id))["status"] == "SUCCESS");
  CHECK(body_of(mock.get("/v2/jobs/file?limit=1"))["items"][0]["status"] == "SUCCESS");
}

TEST_CASE("advance to a time moves the clock there, forward only", "[control]") {
  MockFixture mock;
  const auto res = advance_body(mock, R"({"to": "2100-01-01T00:00:00+00:00"})");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(body_of(res)["now"] == "2100-01-01T00:00:00+00:00");
  // A job accepted at a whole second prints its times as Python does: without the fraction.
  const auto created = mock.submit("property-details", property_details_spec());
  REQUIRE(created->status == 201);
  CHECK(body_of(created)["created"] == "2100-01-01T00:00:00+00:00");
  CHECK(body_of(created)["modified"] == "2100-01-01T00:00:00+00:00");
  mock.advance(0.25);
  const std::string id = body_of(created)["id"];
  CHECK(body_of(mock.get("/v2/jobs/file/" + id))["created"] == "2100-01-01T00:00:00+00:00");
  mock.advance(2); // into STARTED: modified is created + 2 s
  CHECK(body_of(mock.get("/v2/jobs/file/" + id))["modified"] == "2100-01-01T00:00:02+00:00");

  const long long now = clock_us(mock);
  for (const char* body :
       {R"({"to": "2099-12-31T23:59:59+00:00"})", R"({"to": "10000-01-01T00:00:00+00:00"})",
        R"({"to": "2100-01-01T00:00:00+02:00"})", R"({"to": 4102444800})",
        R"({"to": "2200-01-01T00:00:00Z", "seconds": 1})"}) {
    const auto bad = advance_body(mock, body);
    REQUIRE(bad);
    INFO(body);
    CHECK(bad->status == 400);
    CHECK(clock_us(mock) == now);
  }
  CHECK_THAT(body_of(advance_body(mock, R"({"to": "2099-12-31T23:59:59+00:00"})"))["message"]
                 .get<std::string>(),
             Catch::Contains("the clock only moves forward"));
}

TEST_CASE("control-plane bodies that repeat a key are refused", "[control]") {
  MockFixture mock;
  const long long before = clock_us(mock);
  const auto res = advance_body(mock, R"({"seconds": 1, "seconds": 2})");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(body_of(res)["message"] == "seconds: duplicate key; give each key once");
  CHECK(clock_us(mock) == before);
  const auto faults = mock.client().Post(
      "/_mock/faults", R"({"access_key": "demo-access-key", "action": "close", "action": "reset"})",
      "application/json");
  REQUIRE(faults);
  CHECK(faults->status == 400);
  CHECK(body_of(faults)["message"] == "action: duplicate key; give each key once");
  CHECK(body_of(mock.client().Get("/_mock/faults"))["rules"].empty());
}

TEST_CASE("a real clock cannot be advanced", "[control]") {
  Options options = test_options();
  options.clock = ClockMode::real;
  MockFixture mock(options);
  const auto res =
      mock.client().Post("/_mock/clock/advance", R"({"seconds": 1})", "application/json");
  REQUIRE(res);
  CHECK(res->status == 409);
  CHECK_THAT(body_of(res)["message"].get<std::string>(), Catch::Contains("--clock manual"));
  CHECK(body_of(mock.client().Get("/_mock/health"))["capabilities"] ==
        nlohmann::json{"mock-control", "faults", "journal"});
}

TEST_CASE("reset forgets one account's jobs or everyone's", "[control]") {
  MockFixture mock;
  REQUIRE(mock.submit("property-details", property_details_spec())->status == 201);
  REQUIRE(mock.submit("property-details", property_details_spec(), "s", "", kOtherKey, kOtherSecret)
              ->status == 201);
  auto res = mock.client().Post("/_mock/reset?access_key=demo-access-key", "", "text/plain");
  REQUIRE(res);
  CHECK(body_of(res)["removed_jobs"] == 1);
  CHECK(body_of(mock.get("/v2/jobs/file"))["count"] == 0);
  CHECK(body_of(mock.get("/v2/jobs/file", kOtherKey, kOtherSecret))["count"] == 1);
  // The reset account may submit at once: its running job is gone.
  CHECK(mock.submit("property-details", property_details_spec())->status == 201);

  CHECK(mock.client().Post("/_mock/reset?access_key=nobody", "", "text/plain")->status == 404);
  CHECK(body_of(mock.client().Post("/_mock/reset", "", "text/plain"))["removed_jobs"] == 2);
  CHECK(body_of(mock.client().Get("/_mock/health"))["jobs"] == 0);
}

TEST_CASE("the port file names the port once the server listens", "[control]") {
  Options options = test_options();
  options.port_file = "reonomy-mock-port-file-test.json";
  std::remove(options.port_file.c_str());
  {
    MockFixture mock(options);
    std::ifstream in(options.port_file);
    REQUIRE(in);
    const auto ports = nlohmann::json::parse(in);
    CHECK(ports["http"] == mock.port());
    CHECK(ports["sftp"].is_null()); // the test options turn SFTP off
  }
  std::remove(options.port_file.c_str());
}

TEST_CASE("reset answers a bare POST without a body length", "[control]") {
  MockFixture mock;
  REQUIRE(mock.submit("property-details", property_details_spec())->status == 201);
  const auto res = mock.raw("POST /_mock/reset HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(res.status == 200);
  CHECK(nlohmann::json::parse(res.body)["removed_jobs"] == 1);
}

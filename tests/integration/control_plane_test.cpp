#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

TEST_CASE("health answers without credentials and names the capabilities", "[control]") {
  MockFixture mock;
  const auto health = body_of(mock.client().Get("/_mock/health"));
  CHECK(health["status"] == "ok");
  CHECK(health["capabilities"] == nlohmann::json{"mock-control", "faults", "journal", "manual-clock"});
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

TEST_CASE("a real clock cannot be advanced", "[control]") {
  Options options = test_options();
  options.clock = ClockMode::real;
  MockFixture mock(options);
  const auto res = mock.client().Post("/_mock/clock/advance", R"({"seconds": 1})", "application/json");
  REQUIRE(res);
  CHECK(res->status == 409);
  CHECK_THAT(body_of(res)["message"].get<std::string>(), Catch::Contains("--clock manual"));
  CHECK(body_of(mock.client().Get("/_mock/health"))["capabilities"] ==
        nlohmann::json{"mock-control", "faults", "journal"});
}

TEST_CASE("reset forgets one account's jobs or everyone's", "[control]") {
  MockFixture mock;
  REQUIRE(mock.submit("property-details", property_details_spec())->status == 201);
  REQUIRE(mock.submit("property-details", property_details_spec(), "s", "", kOtherKey,
                      kOtherSecret)->status == 201);
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

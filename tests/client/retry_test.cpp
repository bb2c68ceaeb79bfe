#include <catch2/catch.hpp>

#include <atomic>

#include "client_fixture.hpp"

using namespace reonomy::client;
using namespace reonomy::client::testing;
using namespace std::chrono_literals;

namespace {

const std::string kId = "fe9f0c8f-717d-48f7-9974-50430094236c";

// A job endpoint that fails its first `failures` requests the way `fail` says, then answers.
struct FlakyServer {
  explicit FlakyServer(int failures_, std::function<void(httplib::Response&)> fail_)
      : failures(failures_), fail(std::move(fail_)) {
    server.http().Get("/v2/jobs/file/" + kId,
                      [this](const httplib::Request&, httplib::Response& res) {
                        if (++seen <= failures) {
                          fail(res);
                          return;
                        }
                        res.set_content(job_json(kId, "PENDING").dump(), "application/json");
                      });
    server.start();
  }
  LocalServer server;
  int failures;
  std::function<void(httplib::Response&)> fail;
  std::atomic<int> seen{0};
};

} // namespace

TEST_CASE("5xx answers are retried with growing, capped, jittered backoff", "[client][retry]") {
  FlakyServer flaky(3, [](httplib::Response& res) {
    res.status = 503;
    res.set_content(R"({"type": "ServiceUnavailable", "message": "try later"})",
                    "application/json");
  });
  auto clock = std::make_shared<FakeClock>();
  RecordingObserver observer;
  auto options = test_client_options(flaky.server.url(), clock);
  options.observer = &observer;
  Client client(options);

  CHECK(client.get(kId).status_text() == "PENDING");
  CHECK(flaky.seen == 4);
  REQUIRE(observer.retries.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(observer.retries[i].reason == RetryReason::server_error);
    CHECK(observer.retries[i].attempt == i + 1);
    CHECK_THAT(observer.retries[i].what, Catch::Contains("HTTP 503"));
    // base 100 ms: the ceilings are 100, 200, 400 ms; the jitter keeps each in [ceiling/2,
    // ceiling].
    const auto ceiling = 100ms * (1 << i);
    CHECK(observer.retries[i].delay >= ceiling / 2);
    CHECK(observer.retries[i].delay <= ceiling);
  }
  CHECK(clock->sleeps.size() == 3);
}

TEST_CASE("dropped connections are retried until the server answers", "[client][retry]") {
  // Headers go out, then the body is cut: the client sees the connection break mid-response.
  FlakyServer flaky(2, [](httplib::Response& res) {
    res.set_content_provider(1000, "application/json",
                             [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
  });
  auto clock = std::make_shared<FakeClock>();
  RecordingObserver observer;
  auto options = test_client_options(flaky.server.url(), clock);
  options.observer = &observer;
  Client client(options);

  CHECK(client.get(kId).id() == kId);
  CHECK(flaky.seen == 3);
  REQUIRE(observer.retries.size() == 2);
  CHECK(observer.retries[0].reason == RetryReason::connection);
  CHECK(observer.retries[1].reason == RetryReason::connection);
}

TEST_CASE("retries stop after max_attempts with ServiceUnavailable", "[client][retry]") {
  FlakyServer flaky(100, [](httplib::Response& res) {
    res.status = 502;
    res.set_content("bad gateway", "text/plain");
  });
  auto clock = std::make_shared<FakeClock>();
  auto options = test_client_options(flaky.server.url(), clock);
  options.retry.max_attempts = 4;
  Client client(options);
  try {
    client.get(kId);
    FAIL("get succeeded against a server that only fails");
  } catch (const ServiceUnavailable& e) {
    CHECK(e.exit_code() == ExitCode::unavailable);
    CHECK_THAT(e.what(), Catch::Contains("gave up after 4 tries"));
  }
  CHECK(flaky.seen == 4);
  CHECK(clock->sleeps.size() == 3);
}

TEST_CASE("a refused connection is retried too, then reported", "[client][retry]") {
  int port = 0;
  {
    LocalServer closed; // bound, then closed: nothing listens on the port afterwards
    closed.start();
    port = closed.port();
  }
  auto clock = std::make_shared<FakeClock>();
  auto options = test_client_options("http://127.0.0.1:" + std::to_string(port), clock);
  options.retry.max_attempts = 3;
  Client client(options);
  CHECK_THROWS_AS(client.list(), ServiceUnavailable);
  CHECK(clock->sleeps.size() == 2);
}

TEST_CASE("a 429 without a running job waits its Retry-After and retries", "[client][retry]") {
  auto clock = std::make_shared<FakeClock>();
  auto transport = std::make_shared<ScriptedTransport>();
  transport->add(
      {429, {{"Retry-After", "3"}}, R"({"type": "RateLimitExceeded", "message": "slow down"})"});
  transport->add_json(200, {{"count", 0}, {"items", nlohmann::json::array()}});
  RecordingObserver observer;
  auto options = test_client_options("https://api.example", clock);
  options.observer = &observer;
  Client client(options, transport);
  CHECK(client.list(1).count == 0);
  REQUIRE(observer.retries.size() == 1);
  CHECK(observer.retries[0].reason == RetryReason::rate_limited);
  CHECK(observer.retries[0].delay == 3s);
  CHECK(clock->sleeps == std::vector<Clock::Duration>{3s});
}

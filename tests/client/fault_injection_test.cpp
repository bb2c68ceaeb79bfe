// The client against an in-process reonomy-mock whose fault rules (POST /_mock/faults) make the
// rare things happen: the retries, refreshes, restarts and waits of client.hpp, each observed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "client_fixture.hpp"
#include "mock_fixture.hpp"

using namespace reonomy::client;
using namespace reonomy::client::testing;
namespace mock = reonomy::mock;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

// A mock with zero-length phases (jobs finish at once) unless a test wants phases.
mock::Options quick_options() {
  auto o = mock::testing::test_options();
  o.pending_seconds = 0;
  o.started_seconds = 0;
  return o;
}

void add_rule(const mock::testing::MockFixture& fixture, json rule) {
  if (!rule.contains("global"))
    rule["access_key"] = mock::testing::kKey;
  const auto res = fixture.client().Post("/_mock/faults", rule.dump(), "application/json");
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 201);
}

json fired(const mock::testing::MockFixture& fixture) {
  json counts = json::array();
  const json body = mock::testing::body_of(fixture.client().Get("/_mock/faults"));
  for (const auto& r : body["rules"])
    counts.push_back(r["fired"]);
  return counts;
}

// A client that waits on a fake clock moving the mock's manual clock, and records what it does.
struct FaultClient {
  explicit FaultClient(mock::testing::MockFixture& fixture)
      : options(test_client_options(fixture.server().base_url(), std::make_shared<FakeClock>())) {
    auto job_clock = std::make_shared<FakeClock>();
    job_clock->on_sleep = [&fixture](Clock::Duration d) {
      fixture.advance(std::chrono::duration<double>(d).count());
    };
    options.job_clock = job_clock;
    options.observer = &observer;
  }
  RecordingObserver observer;
  ClientOptions options;
};

Submission ids_spec(int ids) {
  return property_details_from_spec("spec.json", mock::testing::property_details_spec(ids));
}

struct TempDir {
  TempDir()
      : path(std::filesystem::temp_directory_path() /
             ("reonomy-faults-" + std::to_string(::getpid()) + "-" + std::to_string(counter++))) {}
  ~TempDir() { std::filesystem::remove_all(path); }
  std::filesystem::path path;
  static inline int counter = 0;
};

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("503 with Retry-After on a poll: the client backs off and carries on",
          "[client][faults]") {
  mock::testing::MockFixture fixture; // 2 s PENDING, 3 s STARTED
  FaultClient fc(fixture);
  Client client(fc.options);
  const Job created = client.submit(ids_spec(2));
  add_rule(fixture, {{"method", "GET"},
                     {"path", "/v2/jobs/file/*"},
                     {"action", "respond"},
                     {"status", 503},
                     {"headers", {{"Retry-After", "1"}}},
                     {"times", 2}});
  const Job done = client.wait(created.id());
  CHECK(done.status_text() == "SUCCESS");
  REQUIRE(fc.observer.retries.size() == 2);
  CHECK(fc.observer.retries[0].reason == RetryReason::server_error);
  CHECK_THAT(fc.observer.retries[0].what, Catch::Contains("503"));
  CHECK(fired(fixture) == json{2});
}

TEST_CASE("a dropped connection on submit is retried", "[client][faults]") {
  mock::testing::MockFixture fixture(quick_options());
  FaultClient fc(fixture);
  Client client(fc.options);
  add_rule(fixture, {{"method", "POST"}, {"action", "close"}, {"times", 1}});
  const Job created = client.submit(ids_spec(2));
  CHECK_FALSE(created.id().empty());
  REQUIRE(fc.observer.retries.size() == 1);
  CHECK(fc.observer.retries[0].reason == RetryReason::connection);
  CHECK(fired(fixture) == json{1});
}

TEST_CASE("a 429 for rate from a fault is waited out with its Retry-After", "[client][faults]") {
  mock::testing::MockFixture fixture(quick_options());
  FaultClient fc(fixture);
  Client client(fc.options);
  add_rule(fixture, {{"path", "/v2/jobs/file"},
                     {"method", "GET"},
                     {"action", "respond"},
                     {"status", 429},
                     {"headers", {{"Retry-After", "2"}}},
                     {"body", {{"type", "RateLimitExceeded"}, {"message", "slow down"}}},
                     {"times", 1}});
  CHECK(client.list().count == 0);
  REQUIRE(fc.observer.retries.size() == 1);
  CHECK(fc.observer.retries[0].reason == RetryReason::rate_limited);
  CHECK(fc.observer.retries[0].delay == 2s);
}

TEST_CASE("an expired URL and a missing object are refreshed by fetching the job again",
          "[client][faults]") {
  auto options = quick_options();
  options.chunk_size = 10;
  mock::testing::MockFixture fixture(options);
  FaultClient fc(fixture);
  Client client(fc.options);
  const Job job = client.wait(client.submit(ids_spec(30)).id());
  add_rule(fixture, {{"path", "/job_cache/*_0.ndjson"}, {"action", "expire_url"}, {"times", 1}});
  add_rule(fixture,
           {{"path", "/job_cache/*_2.ndjson"}, {"action", "missing_object"}, {"times", 1}});
  TempDir dir;
  const DownloadReport report = client.download(job, {dir.path, std::nullopt});
  CHECK(report.records == 30);
  REQUIRE(report.files.size() == 3);
  CHECK(report.files[0].refreshes == 1);
  CHECK(report.files[1].refreshes == 0);
  CHECK(report.files[2].refreshes == 1);
  CHECK(fc.observer.refreshes.size() == 2);
  CHECK(fired(fixture) == json{1, 1});
}

TEST_CASE("a download cut off mid-body is fetched again and ends whole", "[client][faults]") {
  mock::testing::MockFixture fixture(quick_options());
  FaultClient fc(fixture);
  Client client(fc.options);
  const Job job = client.wait(client.submit(ids_spec(40)).id());
  TempDir clean;
  const auto expected = read(client.download(job, {clean.path, std::nullopt}).files[0].path);
  for (const char* action : {"truncate", "reset"}) {
    INFO(action);
    add_rule(fixture,
             {{"path", "/job_cache/*"}, {"action", action}, {"after_bytes", 3000}, {"times", 1}});
    TempDir dir;
    const DownloadReport report = client.download(job, {dir.path, std::nullopt});
    REQUIRE(report.files.size() == 1);
    CHECK(report.records == 40);
    CHECK(read(report.files[0].path) == expected); // byte for byte, whatever broke
    CHECK(report.files[0].resumes + report.files[0].refreshes >= 1);
  }
}

TEST_CASE("a download cut in the middle of a line, short of its Content-Length, is resumed "
          "and ends whole",
          "[client][faults]") {
  mock::testing::MockFixture fixture(quick_options());
  FaultClient fc(fixture);
  Client client(fc.options);
  const Job job = client.wait(client.submit(ids_spec(10)).id());
  TempDir clean;
  const auto expected = read(client.download(job, {clean.path, std::nullopt}).files[0].path);
  // Every answer is cut at its 4th line: each resume gets a few more lines, never a half one
  // kept as if it were the end.
  add_rule(fixture, {{"path", "/job_cache/*"}, {"action", "cut_line"}, {"line", 4}, {"times", 2}});
  TempDir dir;
  const DownloadReport report = client.download(job, {dir.path, std::nullopt});
  REQUIRE(report.files.size() == 1);
  CHECK(report.records == 10);
  CHECK(read(report.files[0].path) == expected);
  CHECK(report.files[0].resumes >= 2);
}

TEST_CASE("a job held STARTED makes a second submission wait until it is released",
          "[client][faults]") {
  mock::testing::MockFixture fixture; // 2 s PENDING, 3 s STARTED
  FaultClient fc(fixture);
  add_rule(fixture, {{"action", "hold_job"}, {"times", 1}});
  Client client(fc.options);
  const Job held = client.submit(ids_spec(2));
  // The job clock releases the held job once the client has waited 30 s for it.
  auto job_clock = std::make_shared<FakeClock>();
  double waited = 0;
  job_clock->on_sleep = [&](Clock::Duration d) {
    const double s = std::chrono::duration<double>(d).count();
    fixture.advance(s);
    waited += s;
    if (waited >= 30 && waited - s < 30)
      fixture.client().Post("/_mock/jobs/" + held.id() + "/release", "", "application/json");
  };
  fc.options.job_clock = job_clock;
  Client waiting(fc.options);
  const Job second = waiting.submit(ids_spec(2));
  CHECK(second.id() != held.id());
  CHECK(fc.observer.waited_for == std::vector<std::string>{held.id()});
  CHECK(waited >= 30);
  CHECK(waiting.get(held.id()).status_text() == "SUCCESS");
}

TEST_CASE("a job the mock fails ends the wait with JobFailed and its message", "[client][faults]") {
  mock::testing::MockFixture fixture;
  FaultClient fc(fixture);
  add_rule(fixture, {{"action", "fail_job"}, {"message", "Injected: out of capacity"}});
  Client client(fc.options);
  const Job created = client.submit(ids_spec(2));
  try {
    client.wait(created.id());
    FAIL("a FAILURE job was waited out");
  } catch (const JobFailed& e) {
    CHECK(e.status() == "FAILURE");
    CHECK(e.exit_code() == ExitCode::job_failed);
    CHECK_THAT(e.what(), Catch::Contains("Injected: out of capacity"));
  }
}

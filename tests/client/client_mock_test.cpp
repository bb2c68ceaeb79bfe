// The client against an in-process reonomy-mock: the documented behaviours it must cope with.
#include <catch2/catch.hpp>

#include "client_fixture.hpp"
#include <filesystem>

#include "conformance/step_params.hpp"
#include "http/raw_http.hpp"
#include "mock_fixture.hpp"

using namespace reonomy::client;
using namespace reonomy::client::testing;
namespace mock = reonomy::mock;
using namespace std::chrono_literals;

namespace {

Submission small_spec(const std::string& filename = "spec.json") {
  return property_details_from_spec(filename, mock::testing::property_details_spec(2));
}

// A job clock that moves the mock's manual clock instead of waiting.
std::shared_ptr<FakeClock> mock_job_clock(const mock::testing::MockFixture& fixture) {
  auto clock = std::make_shared<FakeClock>();
  clock->on_sleep = [&fixture](Clock::Duration d) {
    fixture.advance(std::chrono::duration<double>(d).count());
  };
  return clock;
}

// A client of `fixture` that waits for jobs on the mock's manual clock (no real waits) and
// records what it does.
struct MockClient {
  explicit MockClient(mock::testing::MockFixture& fixture)
      : options(test_client_options(fixture.server().base_url(), std::make_shared<FakeClock>())) {
    options.job_clock = mock_job_clock(fixture);
    options.observer = &observer;
  }
  Client make() const { return Client(options); }
  RecordingObserver observer;
  ClientOptions options;
};

} // namespace

TEST_CASE("submit, get and list against the mock", "[client][mock]") {
  mock::testing::MockFixture fixture;
  Client client(test_client_options(fixture.server().base_url(), std::make_shared<FakeClock>()));
  const Job created = client.submit(small_spec());
  CHECK_FALSE(created.status().has_value());
  CHECK(created.job_type() == "property-details");
  CHECK(client.get(created.id()).status_text() == "PENDING");
  const JobList list = client.list(1);
  CHECK(list.count == 1);
  REQUIRE(list.items.size() == 1);
  CHECK(list.items[0].id() == created.id());
}

TEST_CASE("wait walks the mock's lifecycle on its manual clock", "[client][mock][wait]") {
  mock::testing::MockFixture fixture; // 2 s PENDING, 3 s STARTED
  auto options = test_client_options(fixture.server().base_url(), std::make_shared<FakeClock>());
  auto job_clock = mock_job_clock(fixture);
  options.job_clock = job_clock;
  RecordingObserver observer;
  options.observer = &observer;
  Client client(options);
  const Job created = client.submit(small_spec());
  const Job done = client.wait(created.id());
  CHECK(done.status_text() == "SUCCESS");
  CHECK(observer.statuses == std::vector<std::string>{"PENDING", "STARTED", "SUCCESS"});
  CHECK(job_clock->sleeps == std::vector<Clock::Duration>(5, 1s));
}

TEST_CASE("a submission while another job runs waits for that job, then submits",
          "[client][mock][submit]") {
  mock::testing::MockFixture fixture;
  const auto first = mock::testing::body_of(
      fixture.submit("search", R"({"settings": {"state": ["NY"]}})", "search.json"));
  MockClient mc(fixture);
  Client client = mc.make();
  auto& observer = mc.observer;

  const Job second = client.submit(small_spec());
  CHECK(observer.waited_for == std::vector<std::string>{first["id"].get<std::string>()});
  CHECK(observer.statuses == std::vector<std::string>{"PENDING", "STARTED", "SUCCESS"});
  CHECK(observer.retries.empty());
  CHECK(second.id() != first["id"]);
  CHECK(client.list().count == 2);
  CHECK(client.get(first["id"]).status_text() == "SUCCESS");
}

TEST_CASE("a submission refused for rate waits Retry-After and goes through",
          "[client][mock][submit]") {
  auto mock_options = mock::testing::test_options();
  mock_options.rate_limit = 5;
  mock::testing::MockFixture fixture(mock_options);
  // Another program of the same account used up this second's requests.
  auto other = fixture.client();
  other.set_keep_alive(true);
  for (int i = 0; i < 5; ++i)
    REQUIRE(other.Get("/v2/jobs/file", fixture.auth())->status == 200);

  auto options = test_client_options(fixture.server().base_url(), nullptr);
  options.clock = std::make_shared<SystemClock>(); // the mock's limiter runs on real time
  RecordingObserver observer;
  options.observer = &observer;
  Client client(options);
  const Job job = client.submit(small_spec());
  CHECK_FALSE(job.status().has_value());
  REQUIRE(observer.retries.size() >= 1);
  CHECK(observer.retries[0].reason == RetryReason::rate_limited);
  CHECK(observer.retries[0].delay == 1s);
  CHECK(observer.waited_for.empty()); // it was the rate, not a running job
}

TEST_CASE("the client keeps under the mock's 5 requests a second on its own",
          "[client][mock][pacing]") {
  auto mock_options = mock::testing::test_options();
  mock_options.rate_limit = 5;
  mock::testing::MockFixture fixture(mock_options);
  auto options = test_client_options(fixture.server().base_url(), nullptr);
  options.clock = std::make_shared<SystemClock>();
  RecordingObserver observer;
  options.observer = &observer;
  Client client(options);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 7; ++i)
    CHECK(client.list(1).count == 0);
  CHECK(std::chrono::steady_clock::now() - start >= 1s);
  CHECK(observer.retries.empty()); // never a 429
}

TEST_CASE("refusals carry the API's error type and the matching exit code", "[client][mock]") {
  mock::testing::MockFixture fixture;
  auto options = test_client_options(fixture.server().base_url(), std::make_shared<FakeClock>());
  {
    Client client(options);
    const auto bad = property_details_from_spec(
        "s.json",
        R"({"detail_type": ["basic", "foreclosure"], "property_ids": ["51e2200a-5160-5ab1-8f98-20a17fedbb87"]})");
    try {
      client.submit(bad);
      FAIL("an invalid spec was accepted");
    } catch (const ApiError& e) {
      CHECK(e.status() == 400);
      CHECK(e.type() == "ValidationError");
      CHECK(e.exit_code() == ExitCode::api_refused);
      CHECK_THAT(e.what(), Catch::Contains("detail_type[1]"));
    }
  }
  options.secret_key = "wrong";
  Client client(options);
  try {
    client.list();
    FAIL("a wrong secret was accepted");
  } catch (const ApiError& e) {
    CHECK(e.status() == 401);
    CHECK(e.type() == "AuthorizationException");
    CHECK(e.exit_code() == ExitCode::unauthorized);
  }
}

TEST_CASE("a raw request goes out exactly as written: no User-Agent means 403", "[client][raw]") {
  mock::testing::MockFixture fixture;
  detail::RawRequest request;
  request.url = fixture.server().base_url() + "/v2/jobs/file";
  request.headers = {
      {"Authorization", mock::testing::basic_auth("demo-access-key", "demo-secret-key")}};
  const auto response = detail::send_raw(request, {});
  CHECK(response.status == 403);
  CHECK(nlohmann::json::parse(response.body)["type"] == "ForbiddenException");
  request.headers.emplace_back("User-Agent", "raw-test");
  CHECK(detail::send_raw(request, {}).status == 200);
}

TEST_CASE("results download from the mock in chunks and match the ids asked for",
          "[client][mock][download]") {
  auto mock_options = mock::testing::test_options();
  mock_options.chunk_size = 2;
  mock::testing::MockFixture fixture(mock_options);
  MockClient mc(fixture);
  Client client = mc.make();
  auto& observer = mc.observer;
  const auto spec = property_details_from_spec(
      "spec.json", detail::generated_property_details({"basic", "ownership"}, 5));
  const Job done = client.wait(client.submit(spec).id());
  const auto dir = std::filesystem::temp_directory_path() / ("reonomy-mock-dl-" + done.id());
  const auto report = client.download(done, {dir, spec.expected_records});
  REQUIRE(report.files.size() == 3);
  CHECK(report.records == 5);
  CHECK(report.files[0].records == 2);
  CHECK(report.files[2].records == 1);
  CHECK(report.files[1].name.ends_with("_1.ndjson"));
  CHECK(std::filesystem::exists(dir / report.files[2].name));
  CHECK(observer.refreshes.empty());
  std::filesystem::remove_all(dir);
}

TEST_CASE("an expired result URL of the mock is refreshed by fetching the job again",
          "[client][mock][download]") {
  mock::testing::MockFixture fixture;
  MockClient mc(fixture);
  Client client = mc.make();
  auto& observer = mc.observer;
  const Job done = client.wait(client.submit(small_spec()).id());
  fixture.advance(601); // the URLs in `done` were signed more than 10 minutes ago
  const auto dir = std::filesystem::temp_directory_path() / ("reonomy-mock-dl-" + done.id());
  const auto report = client.download(done, {dir, RecordRange{2, 2}});
  CHECK(report.records == 2);
  REQUIRE(observer.refreshes.size() == 1);
  CHECK_THAT(observer.refreshes[0], Catch::EndsWith("AccessDenied: Request has expired"));
  CHECK(report.files.at(0).refreshes == 1);
  CHECK(report.job.result_urls() != done.result_urls());
  std::filesystem::remove_all(dir);
}

TEST_CASE("a result the mock removed is refetched, and a job that is gone ends the download",
          "[client][mock][download]") {
  mock::testing::MockFixture fixture;
  MockClient mc(fixture);
  Client client = mc.make();
  auto& observer = mc.observer;
  const Job done = client.wait(client.submit(small_spec()).id());
  REQUIRE(fixture.client().Post("/_mock/reset", "", "text/plain")->status == 200);
  const auto dir = std::filesystem::temp_directory_path() / ("reonomy-mock-dl-" + done.id());
  try {
    client.download(done, {dir, std::nullopt});
    FAIL("a removed result was downloaded");
  } catch (const ApiError& e) {
    CHECK(e.status() == 404); // the job went with its results
  }
  REQUIRE(observer.refreshes.size() == 1);
  CHECK_THAT(observer.refreshes[0],
             Catch::Contains("NoSuchKey: The specified key does not exist."));
  std::filesystem::remove_all(dir);
}

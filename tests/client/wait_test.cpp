#include <catch2/catch.hpp>

#include "client_fixture.hpp"

using namespace reonomy::client;
using namespace reonomy::client::testing;
using namespace std::chrono_literals;

namespace {
const std::string kId = "fe9f0c8f-717d-48f7-9974-50430094236c";
const std::string kSpec =
    R"({"detail_type": ["basic"], "property_ids": ["51e2200a-5160-5ab1-8f98-20a17fedbb87"]})";
} // namespace

TEST_CASE("wait polls once a second and reports each status change", "[client][wait]") {
  auto clock = std::make_shared<FakeClock>();
  auto transport = std::make_shared<ScriptedTransport>();
  for (const char* status : {"PENDING", "PENDING", "STARTED", "STARTED", "SUCCESS"})
    transport->add_json(200, job_json(kId, status, {"https://s3.example/job_cache/x_0.ndjson"}));
  RecordingObserver observer;
  auto options = test_client_options("https://api.example", clock);
  options.observer = &observer;
  Client client(options, transport);

  const Job job = client.wait(kId);
  CHECK(job.status_text() == "SUCCESS");
  CHECK(observer.statuses == std::vector<std::string>{"PENDING", "STARTED", "SUCCESS"});
  CHECK(clock->sleeps == std::vector<Clock::Duration>(4, 1s));
  REQUIRE(transport->requests.size() == 5);
  CHECK(transport->requests[0].url == "https://api.example/v2/jobs/file/" + kId);
}

TEST_CASE("a FAILURE job ends the wait with JobFailed and exit code 5", "[client][wait]") {
  auto clock = std::make_shared<FakeClock>();
  auto transport = std::make_shared<ScriptedTransport>();
  transport->add_json(200, job_json(kId, "PENDING"));
  transport->add_json(200, job_json(kId, "STARTED"));
  auto failed_job = job_json(kId, "FAILURE");
  failed_job["message"] = "worker lost";
  transport->add_json(200, failed_job);
  RecordingObserver observer;
  auto options = test_client_options("https://api.example", clock);
  options.observer = &observer;
  Client client(options, transport);

  try {
    client.wait(kId);
    FAIL("wait returned for a FAILURE job");
  } catch (const JobFailed& e) {
    CHECK(e.exit_code() == ExitCode::job_failed);
    CHECK(e.status() == "FAILURE");
    CHECK(e.job_id() == kId);
    CHECK_THAT(e.what(), Catch::Contains("ended with status FAILURE: worker lost"));
  }
  CHECK(observer.statuses == std::vector<std::string>{"PENDING", "STARTED", "FAILURE"});
  CHECK(transport->remaining() == 0);
}

TEST_CASE("wait gives up with WaitTimeout after the timeout on the job clock", "[client][wait]") {
  auto clock = std::make_shared<FakeClock>();
  auto transport = std::make_shared<ScriptedTransport>();
  for (int i = 0; i < 4; ++i)
    transport->add_json(200, job_json(kId, "STARTED"));
  Client client(test_client_options("https://api.example", clock), transport);
  try {
    client.wait(kId, 3s);
    FAIL("wait returned for a job that never finished");
  } catch (const WaitTimeout& e) {
    CHECK(e.exit_code() == ExitCode::timed_out);
    CHECK_THAT(e.what(), Catch::Contains("still STARTED after 3 s"));
  }
  CHECK(transport->requests.size() == 4);
}

TEST_CASE("wait on an unknown job reports the API's 404", "[client][wait]") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->add_json(404, {{"type", "NotFoundException"}, {"message", "No job 'x'."}});
  Client client(test_client_options("https://api.example", std::make_shared<FakeClock>()),
                transport);
  try {
    client.wait("x");
    FAIL("wait returned for an unknown job");
  } catch (const ApiError& e) {
    CHECK(e.status() == 404);
    CHECK(e.type() == "NotFoundException");
    CHECK(e.exit_code() == ExitCode::api_refused);
  }
}

TEST_CASE("submission sends multipart with a User-Agent, Basic auth and no hand-set Content-Type",
          "[client][submit]") {
  auto transport = std::make_shared<ScriptedTransport>();
  transport->add_json(201, job_json(kId, nullptr));
  Client client(test_client_options("https://api.example", std::make_shared<FakeClock>()),
                transport);
  const auto submission =
      match_from_csv("a.csv", "Address1,City,State,Zip\n1 Main St,Town,NY,10001\n", {});
  const Job job = client.submit(submission);
  CHECK(job.id() == kId);
  CHECK_FALSE(job.status().has_value());
  REQUIRE(transport->requests.size() == 1);
  const auto& request = transport->requests[0];
  CHECK(request.method == "POST");
  CHECK(request.url == "https://api.example/v2/jobs/file");
  CHECK(header_value(request.headers, "User-Agent") == "reonomy-client/0.1.0");
  CHECK(header_value(request.headers, "Authorization") ==
        "Basic ZGVtby1hY2Nlc3Mta2V5OmRlbW8tc2VjcmV0LWtleQ==");
  CHECK_FALSE(has_header(request.headers, "Content-Type"));
  REQUIRE(request.multipart);
  REQUIRE(request.multipart->size() == 3);
  CHECK((*request.multipart)[0].name == "job_type");
  CHECK((*request.multipart)[0].content == "match");
  CHECK((*request.multipart)[0].filename.empty());
  CHECK((*request.multipart)[1].name == "metadata");
  CHECK((*request.multipart)[2].name == "file");
  CHECK((*request.multipart)[2].filename == "a.csv");
}

TEST_CASE("a submission whose answer was lost adopts the job it created instead of a second one",
          "[client][submit]") {
  auto clock = std::make_shared<FakeClock>();
  auto transport = std::make_shared<ScriptedTransport>();
  transport->drop("connection reset by peer");
  auto created = job_json(kId, "PENDING");
  created["filename"] = "spec.json";
  transport->add_json(200, {{"count", 1}, {"items", {created}}});
  RecordingObserver observer;
  auto options = test_client_options("https://api.example", clock);
  options.observer = &observer;
  Client client(options, transport);
  const auto spec = property_details_from_spec("spec.json", kSpec);
  CHECK(client.submit(spec).id() == kId);
  REQUIRE(transport->requests.size() == 2);
  CHECK(transport->requests[1].url == "https://api.example/v2/jobs/file?limit=1");
  CHECK(observer.retries.empty());
}

TEST_CASE("a submission that failed before creating a job is sent again after a backoff",
          "[client][submit]") {
  auto clock = std::make_shared<FakeClock>();
  auto transport = std::make_shared<ScriptedTransport>();
  transport->add_json(503, {{"type", "ServiceUnavailable"}, {"message", "busy"}});
  transport->add_json(200, {{"count", 0}, {"items", nlohmann::json::array()}});
  transport->add_json(201, job_json(kId, nullptr));
  RecordingObserver observer;
  auto options = test_client_options("https://api.example", clock);
  options.observer = &observer;
  Client client(options, transport);
  const auto spec = property_details_from_spec("spec.json", kSpec);
  CHECK(client.submit(spec).id() == kId);
  REQUIRE(observer.retries.size() == 1);
  CHECK(observer.retries[0].reason == RetryReason::server_error);
  CHECK(transport->requests.size() == 3);
  CHECK(transport->requests[2].method == "POST");
}

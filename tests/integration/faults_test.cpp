#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>

#include "mock_fixture.hpp"
#include "sftp_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;
using Catch::Contains;
using Catch::StartsWith;
using nlohmann::json;

namespace {

httplib::Result add_rule(const MockFixture& mock, const json& rule) {
  return mock.client().Post("/_mock/faults", rule.dump(), "application/json");
}

json rules_of(const MockFixture& mock) {
  return body_of(mock.client().Get("/_mock/faults"))["rules"];
}

std::string submit_id(const MockFixture& mock, const std::string& key = kKey,
                      const std::string& secret = kSecret) {
  const auto res =
      mock.submit("property-details", property_details_spec(), "spec.json", "", key, secret);
  REQUIRE(res);
  REQUIRE(res->status == 201);
  return body_of(res)["id"];
}

json job(const MockFixture& mock, const std::string& id) {
  return body_of(mock.get("/v2/jobs/file/" + id));
}

// A finished property-details job of `ids` ids in files of `chunk` records: its result URLs.
std::vector<std::string> finished_urls(MockFixture& mock, int ids) {
  const auto finished = mock.finished_job("property-details", property_details_spec(ids));
  return finished["result_urls"].get<std::vector<std::string>>();
}

// GET of `url`'s path on its own connection: the body bytes as sent (chunk framing and all)
// before the server closed, for responses a client library would reject.
// The Content-Length header's value in a raw head.
std::uint64_t content_length_of(const std::string& head) {
  const auto at = head.find("Content-Length: ");
  REQUIRE(at != std::string::npos);
  return std::stoull(head.substr(at + 16));
}

} // namespace

TEST_CASE("a respond rule answers with its status, headers and body, then expires", "[faults]") {
  MockFixture mock;
  const std::string id = submit_id(mock);
  const auto added =
      add_rule(mock, {{"access_key", kKey},
                      {"method", "GET"},
                      {"path", "/v2/jobs/file/*"},
                      {"action", "respond"},
                      {"status", 503},
                      {"headers", {{"Retry-After", "3"}}},
                      {"body", {{"type", "ServiceUnavailable"}, {"message", "later"}}},
                      {"times", 1}});
  REQUIRE(added->status == 201);
  CHECK(body_of(added)["rules"][0]["id"] == "f1");

  const auto faulted = mock.get("/v2/jobs/file/" + id);
  REQUIRE(faulted);
  CHECK(faulted->status == 503);
  CHECK(faulted->get_header_value("Retry-After") == "3");
  CHECK(body_of(faulted)["type"] == "ServiceUnavailable");
  CHECK(mock.get("/v2/jobs/file/" + id)->status == 200); // times: 1
  const auto rule = body_of(mock.client().Get("/_mock/faults/f1"));
  CHECK(rule["fired"] == 1);
  CHECK(rule["expired"] == true);
}

TEST_CASE("a rule for one account leaves the other's requests alone", "[faults]") {
  MockFixture mock;
  REQUIRE(
      add_rule(mock, {{"access_key", kOtherKey}, {"action", "respond"}, {"status", 500}})->status ==
      201);
  CHECK(mock.get("/v2/jobs/file")->status == 200);
  CHECK(mock.get("/v2/jobs/file", kOtherKey, kOtherSecret)->status == 500);
}

TEST_CASE("a job_type rule fires on that type's submissions only", "[faults]") {
  MockFixture mock(instant_test_options());
  REQUIRE(add_rule(mock, {{"access_key", kKey},
                          {"method", "POST"},
                          {"path", "/v2/jobs/file"},
                          {"job_type", "search"},
                          {"action", "respond"},
                          {"status", 502}})
              ->status == 201);
  CHECK(mock.submit("property-details", property_details_spec())->status == 201);
  CHECK(mock.submit("search", R"({"settings": {"state": ["NY"]}})")->status == 502);
}

TEST_CASE("close and reset end the connection without a response", "[faults]") {
  MockFixture mock;
  for (const char* action : {"close", "reset"}) {
    INFO(action);
    REQUIRE(add_rule(mock, {{"access_key", kKey}, {"action", action}, {"times", 1}})->status ==
            201);
    const auto res = mock.get("/v2/jobs/file");
    CHECK_FALSE(res);                                // no HTTP answer at all
    CHECK(mock.get("/v2/jobs/file")->status == 200); // and the server goes on
  }
  const auto closed = mock.raw("GET /v2/jobs/file HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\n"
                               "Authorization: " +
                               basic_auth(kKey, kSecret) + "\r\n\r\n");
  CHECK(closed.status == 200); // rules expired: normal again
}

TEST_CASE("a delay rule holds the answer, then answers as usual", "[faults]") {
  MockFixture mock;
  REQUIRE(add_rule(mock, {{"access_key", kKey}, {"action", "delay"}, {"delay_ms", 300}})->status ==
          201);
  const auto start = std::chrono::steady_clock::now();
  const auto res = mock.get("/v2/jobs/file");
  const auto waited = std::chrono::steady_clock::now() - start;
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(waited >= std::chrono::milliseconds(300)); // a lower bound: the delay itself
}

TEST_CASE("truncate sends after_bytes of a download announced whole, then closes", "[faults]") {
  MockFixture mock(instant_test_options());
  const auto urls = finished_urls(mock, 50);
  const std::string whole = mock.download(urls[0])->body;
  REQUIRE(whole.size() > 5000);
  REQUIRE(add_rule(mock, {{"access_key", kKey}, {"action", "truncate"}, {"after_bytes", 1000}})
              ->status == 201);
  CHECK_FALSE(mock.download(urls[0])); // a client library sees a broken body
  const auto rule = rules_of(mock)[0];
  CHECK(rule["fired"] == 1);
  // On the wire, as from S3: the whole object's Content-Length, exactly 1000 bytes, then the
  // connection closes.
  REQUIRE(add_rule(mock, {{"access_key", kKey}, {"action", "truncate"}, {"after_bytes", 1000}})
              ->status == 201);
  const auto cut = mock.raw("GET " + urls[0].substr(urls[0].find("/job_cache/")) +
                            " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  CHECK(cut.status == 200);
  CHECK(content_length_of(cut.headers) == whole.size());
  CHECK(cut.headers.find("Transfer-Encoding") == std::string::npos);
  CHECK(cut.body == whole.substr(0, 1000));
}

TEST_CASE("cut_line ends a download in the middle of a line, short of its Content-Length",
          "[faults]") {
  MockFixture mock(instant_test_options());
  const auto urls = finished_urls(mock, 20);
  const std::string whole = mock.download(urls[0])->body;
  REQUIRE(add_rule(mock, {{"access_key", kKey}, {"action", "cut_line"}, {"line", 3}})->status ==
          201);
  CHECK_FALSE(mock.download(urls[0])); // a client library sees fewer bytes than announced
  REQUIRE(add_rule(mock, {{"access_key", kKey}, {"action", "cut_line"}, {"line", 3}})->status ==
          201);
  const auto res = mock.raw("GET " + urls[0].substr(urls[0].find("/job_cache/")) +
                            " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  CHECK(res.status == 200);
  CHECK(content_length_of(res.headers) == whole.size());
  const std::string& body = res.body;
  CHECK(whole.rfind(body, 0) == 0);
  CHECK(std::count(body.begin(), body.end(), '\n') == 2); // two whole lines
  CHECK(body.back() != '\n');                             // and half of the third
  const auto third = body.substr(body.rfind('\n') + 1);
  CHECK_FALSE(json::accept(third));
}

TEST_CASE("expire_url and missing_object refuse one download as S3 would", "[faults]") {
  Options options = instant_test_options();
  options.chunk_size = 10;
  MockFixture mock(options);
  const auto urls = finished_urls(mock, 30); // three files
  REQUIRE(urls.size() == 3);
  REQUIRE(add_rule(mock, {{"access_key", kKey}, {"action", "expire_url"}, {"times", 1}})->status ==
          201);
  const auto expired = mock.download(urls[0]);
  CHECK(expired->status == 403);
  CHECK_THAT(expired->body, Contains("<Message>Request has expired</Message>"));
  CHECK(mock.download(urls[0])->status == 200);

  REQUIRE(add_rule(mock, {{"access_key", kKey},
                          {"path", "/job_cache/*_1.ndjson"}, // the 2nd
                          {"action", "missing_object"}})
              ->status == 201);
  CHECK(mock.download(urls[0])->status == 200);
  const auto missing = mock.download(urls[1]);
  CHECK(missing->status == 404);
  CHECK_THAT(missing->body, Contains("<Code>NoSuchKey</Code>"));
  CHECK(mock.download(urls[2])->status == 200);
}

TEST_CASE("fail_job makes a job end in FAILURE, after which a new job is accepted", "[faults]") {
  MockFixture mock; // 2 s PENDING, 3 s STARTED
  REQUIRE(add_rule(mock, {{"access_key", kKey},
                          {"action", "fail_job"},
                          {"phase", "started"},
                          {"message", "Out of capacity"},
                          {"times", 1}})
              ->status == 201);
  const std::string id = submit_id(mock);
  CHECK(job(mock, id)["status"] == "PENDING");
  mock.advance(2);
  CHECK(job(mock, id)["status"] == "STARTED");
  CHECK(mock.submit("property-details", property_details_spec())->status == 429);
  mock.advance(3);
  const auto failed = job(mock, id);
  CHECK(failed["status"] == "FAILURE");
  CHECK(failed["message"] == "Out of capacity");
  CHECK(failed["result_url"].is_null());
  CHECK(failed["result_urls"].is_null());
  // doc: "until the first one either completes or fails": the next job goes in.
  const std::string next = submit_id(mock);
  mock.advance(5);
  CHECK(job(mock, next)["status"] == "SUCCESS");
}

TEST_CASE("fail_job in the pending phase never starts the job", "[faults]") {
  MockFixture mock;
  REQUIRE(add_rule(mock, {{"access_key", kKey}, {"action", "fail_job"}, {"phase", "pending"}})
              ->status == 201);
  const std::string id = submit_id(mock);
  mock.advance(2);
  const auto failed = job(mock, id);
  CHECK(failed["status"] == "FAILURE");
  CHECK_THAT(failed["message"].get<std::string>(), Contains("f1"));
}

TEST_CASE("hold_job keeps a job STARTED until it is released", "[faults]") {
  MockFixture mock;
  REQUIRE(add_rule(mock, {{"access_key", kKey}, {"action", "hold_job"}, {"times", 1}})->status ==
          201);
  const std::string id = submit_id(mock);
  mock.advance(1000);
  CHECK(job(mock, id)["status"] == "STARTED");
  const auto busy = mock.submit("property-details", property_details_spec());
  CHECK(busy->status == 429);
  CHECK(busy->get_header_value("Retry-After") == "1");

  auto client = mock.client();
  const auto released = client.Post("/_mock/jobs/" + id + "/release", "", "application/json");
  REQUIRE(released->status == 200);
  CHECK(body_of(released)["status"] == "SUCCESS");
  CHECK(job(mock, id)["status"] == "SUCCESS");
  CHECK(client.Post("/_mock/jobs/" + id + "/release", "", "application/json")->status == 409);
  const std::string free_job = submit_id(mock);
  CHECK(client.Post("/_mock/jobs/" + free_job + "/release", "", "application/json")->status == 409);
  CHECK(client.Post("/_mock/jobs/nope/release", "", "application/json")->status == 404);
}

TEST_CASE("a bad rule is refused with the field named; nothing is added", "[faults]") {
  MockFixture mock;
  const auto res = add_rule(mock, {{"rules",
                                    {{{"global", true}, {"action", "close"}},
                                     {{"global", true}, {"action", "respond"}}}}});
  REQUIRE(res->status == 400);
  CHECK(body_of(res)["type"] == "ValidationError");
  CHECK_THAT(body_of(res)["message"].get<std::string>(), StartsWith("rules[1].status: missing"));
  CHECK(rules_of(mock).empty());
}

TEST_CASE("rules are deleted one by one, per account, all, and by a reset", "[faults]") {
  MockFixture mock;
  auto client = mock.client();
  add_rule(mock, {{"rules",
                   {{{"access_key", kKey}, {"action", "close"}},
                    {{"access_key", kOtherKey}, {"action", "close"}},
                    {{"global", true}, {"action", "hold_job"}}}}});
  CHECK(client.Delete("/_mock/faults/f9")->status == 404);
  CHECK(body_of(client.Delete("/_mock/faults/f1"))["removed"] == 1);
  CHECK(body_of(client.Delete("/_mock/faults?access_key=other-access-key"))["removed"] == 1);
  CHECK(rules_of(mock).size() == 1);
  CHECK(body_of(client.Post("/_mock/reset", "", "text/plain"))["removed_faults"] == 1);
  CHECK(rules_of(mock).empty());
}

TEST_CASE(
    "fault rules load at start from --faults, and a bad file stops the start naming file and field",
    "[faults]") {
  TempDir dir;
  const auto path = dir.path() / "faults.json";
  std::ofstream(path) << R"({"rules": [{"access_key": "demo-access-key", "action": "respond",
                            "status": 418}]})";
  Options options = test_options();
  options.faults_file = path.string();
  {
    MockFixture mock(options);
    CHECK(mock.get("/v2/jobs/file")->status == 418);
  }
  std::ofstream(path, std::ios::trunc)
      << R"([{"global": true, "action": "respond", "status": "x"}])";
  try {
    Server server(options);
    FAIL("started with a bad rules file");
  } catch (const std::invalid_argument& e) {
    CHECK_THAT(e.what(), Contains("faults.json") && Contains("[0].status"));
  }
}

TEST_CASE("the journal tells each request's account, status, reason, job and fault", "[journal]") {
  MockFixture mock;
  const std::string id = submit_id(mock);
  mock.get("/v2/jobs/file/" + id, kKey, "s3cr3t-typo");
  add_rule(mock, {{"access_key", kKey}, {"action", "respond"}, {"status", 500}, {"times", 1}});
  mock.get("/v2/jobs/file/" + id);
  mock.submit("property-details", property_details_spec()); // 429: job in progress

  auto client = mock.client();
  const auto all = body_of(client.Get("/_mock/requests"));
  const auto& items = all["items"];
  REQUIRE(items.size() == 4); // the control plane's own calls are not journaled
  CHECK(items[0]["status"] == 429);
  CHECK(items[0]["error_type"] == "JobInProgress");
  CHECK_THAT(items[0]["reason"].get<std::string>(), Contains(id));
  CHECK(items[1]["status"] == 500);
  CHECK(items[1]["fault_id"] == "f1");
  CHECK(items[1]["job_id"] == id);
  CHECK(items[2]["status"] == 401);
  CHECK(items[2]["error_type"] == "AuthorizationException");
  CHECK(items[3]["status"] == 201);
  CHECK(items[3]["job_id"] == id);
  CHECK(items[3]["access_key"] == kKey);
  CHECK(items[3]["request_bytes"].get<int>() > 0);
  CHECK(items[3]["response_bytes"].get<int>() > 0);

  CHECK(body_of(client.Get("/_mock/requests?status=4xx"))["items"].size() == 2);
  CHECK(body_of(client.Get("/_mock/requests?path=/v2/jobs/file/*"))["items"].size() == 2);
  CHECK(body_of(client.Get("/_mock/requests?access_key=other-access-key"))["items"].empty());
  CHECK(client.Get("/_mock/requests?status=abc")->status == 400);
  // Secrets never reach it.
  CHECK(all.dump().find(kSecret) == std::string::npos);
  INFO(all.dump());
  CHECK(all.dump().find("s3cr3t-typo") == std::string::npos);
}

TEST_CASE("the journal records downloads with their owner and streamed size", "[journal]") {
  MockFixture mock(instant_test_options());
  const auto urls = finished_urls(mock, 10);
  const auto body = mock.download(urls[0])->body;
  const auto items = body_of(mock.client().Get("/_mock/requests?path=/job_cache/*"))["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["access_key"] == kKey);
  CHECK(items[0]["response_bytes"] == body.size());
  CHECK(items[0]["job_id"].is_string());
}

TEST_CASE("the journal is a bounded ring", "[journal]") {
  Options options = test_options();
  options.journal_size = 5;
  MockFixture mock(options);
  for (int i = 0; i < 20; ++i)
    mock.get("/v2/jobs/file?limit=" + std::to_string(i));
  const auto all = body_of(mock.client().Get("/_mock/requests"));
  CHECK(all["capacity"] == 5);
  CHECK(all["recorded"] == 20);
  CHECK(all["items"].size() == 5);
  CHECK(all["items"][0]["seq"] == 20);
}

TEST_CASE("sftp_late delivers a match output late; sftp_drop cuts the transfer", "[faults][sftp]") {
  Options options = test_options();
  options.sftp_port = 0;
  options.pending_seconds = 0;
  options.started_seconds = 0;
  MockFixture mock(options);
  TempDir dir;
  const std::string csv = "Address,City,State,Zip\n767 3rd Ave,New York,NY,10017\n";
  const std::string metadata = R"({"headers": ["Address", "City", "State", "Zip"], "mapping":
      {"address_line_1": "Address", "address_city": "City", "address_state": "State",
       "address_postal": "Zip"}})";
  REQUIRE(
      add_rule(mock,
               {{"access_key", kKey}, {"action", "sftp_late"}, {"delay_seconds", 60}, {"times", 1}})
          ->status == 201);
  const auto created = body_of(mock.submit("match", csv, "late.csv", metadata));
  const std::string name = created["id"].get<std::string>() + "_late.csv";
  const auto listing = [&] {
    return run_sftp(mock.server().sftp_port(), kKey, kSecret, "ls -1 jobs/match\n", dir.path());
  };
  CHECK(job(mock, created["id"])["status"] == "SUCCESS");
  CHECK_THAT(listing().output, !Contains(name));
  mock.advance(60);
  CHECK_THAT(listing().output, Contains(name));

  REQUIRE(
      add_rule(mock,
               {{"access_key", kKey}, {"action", "sftp_drop"}, {"after_bytes", 0}, {"times", 1}})
          ->status == 201);
  const std::string get = "get jobs/match/" + name + " " + (dir.path() / "out.csv").string() + "\n";
  const auto dropped = run_sftp(mock.server().sftp_port(), kKey, kSecret, get, dir.path());
  CHECK(dropped.status != 0);
  CHECK(rules_of(mock)[1]["fired"] == 1);
  const auto again = run_sftp(mock.server().sftp_port(), kKey, kSecret, get, dir.path());
  INFO(again.output);
  CHECK(again.status == 0);
}

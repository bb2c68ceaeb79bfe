#include <catch2/catch.hpp>

#include <regex>

#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {
const std::regex kIsoformat(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00)");
const std::regex kUuid(R"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
const std::regex kHex32(R"([0-9a-f]{32})");

std::string status_of(const MockFixture& mock, const std::string& id) {
  const auto res = mock.get("/v2/jobs/file/" + id);
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const auto job = body_of(res);
  return job["status"].is_null() ? "null" : job["status"].get<std::string>();
}
} // namespace

TEST_CASE("a property-details submission answers 201 with the documented job object", "[jobs]") {
  MockFixture mock;
  const auto res = mock.submit("property-details", property_details_spec(), "payload.json");
  REQUIRE(res);
  REQUIRE(res->status == 201);
  const auto job = body_of(res);
  for (const char* field :
       {"created", "filename", "group_path", "id", "job_type", "message", "metadata", "modified",
        "progress", "result_url", "result_urls", "status", "user"})
    CHECK(job.contains(field));
  CHECK(job.size() == 13);
  CHECK(job["status"].is_null());
  CHECK(job["job_type"] == "property-details");
  CHECK(job["filename"] == "payload.json");
  CHECK(job["message"].is_null());
  CHECK(job["progress"].is_null());
  CHECK(job["result_url"].is_null());
  CHECK(job["result_urls"].is_null());
  CHECK(job["metadata"] ==
        nlohmann::json{{"headers", nlohmann::json::array()}, {"labels", nlohmann::json::array()}});
  CHECK(std::regex_match(job["created"].get<std::string>(), kIsoformat));
  CHECK(job["modified"] == job["created"]);
  CHECK(std::regex_match(job["id"].get<std::string>(), kUuid));
  CHECK(std::regex_match(job["user"].get<std::string>(), kUuid));
  CHECK(std::regex_match(job["group_path"].get<std::string>(), kHex32));
}

TEST_CASE("a job walks null, PENDING, STARTED, SUCCESS on the manual clock", "[jobs]") {
  MockFixture mock; // 2 s PENDING, 3 s STARTED
  const auto created = body_of(mock.submit("property-details", property_details_spec()));
  CHECK(created["status"].is_null());
  const std::string id = created["id"];

  CHECK(status_of(mock, id) == "PENDING");
  mock.advance(1.999);
  CHECK(status_of(mock, id) == "PENDING");
  mock.advance(0.001);
  CHECK(status_of(mock, id) == "STARTED");
  mock.advance(2.999999);
  CHECK(status_of(mock, id) == "STARTED");
  mock.advance(0.000001);
  const auto done = body_of(mock.get("/v2/jobs/file/" + id));
  CHECK(done["status"] == "SUCCESS");
  CHECK(done["created"] == created["created"]);
  CHECK(done["modified"] != done["created"]);
  CHECK(done["user"] == created["user"]);
  REQUIRE(done["result_urls"].size() == 1);
  CHECK(done["result_url"] == done["result_urls"][0]);
}

TEST_CASE("the job fetched by id has the same structure as the creation response", "[jobs]") {
  MockFixture mock;
  const auto created = body_of(mock.submit("property-details", property_details_spec()));
  const auto fetched = body_of(mock.get("/v2/jobs/file/" + created["id"].get<std::string>()));
  for (const auto& [key, value] : created.items())
    CHECK(fetched.contains(key));
  CHECK(fetched.size() == created.size());
  CHECK(fetched["status"] == "PENDING");
}

TEST_CASE("second submission while a job runs gets 429 naming the running job", "[jobs]") {
  MockFixture mock;
  const auto first = body_of(mock.submit("property-details", property_details_spec()));
  for (double step : {0.0, 2.5}) { // PENDING, then STARTED
    mock.advance(step);
    const auto res = mock.submit("search", R"({"settings": {"state": ["NY"]}})");
    REQUIRE(res);
    CHECK(res->status == 429);
    const auto error = body_of(res);
    CHECK(error["type"] == "JobInProgress");
    CHECK_THAT(error["message"].get<std::string>(),
               Catch::Contains(first["id"].get<std::string>()));
    CHECK(res->has_header("Retry-After"));
  }
  // Another account is not held up.
  const auto other = mock.submit("property-details", property_details_spec(), "spec.json", "",
                                 kOtherKey, kOtherSecret);
  REQUIRE(other);
  CHECK(other->status == 201);
  // Once the first job is done, the account may submit again.
  mock.advance(3);
  const auto next = mock.submit("search", R"({"settings": {"state": ["NY"]}})");
  REQUIRE(next);
  CHECK(next->status == 201);
  CHECK(body_of(mock.get("/v2/jobs/file?limit=100"))["count"] == 2);
}

TEST_CASE("a refused submission leaves the account's jobs as they were", "[jobs]") {
  MockFixture mock;
  const auto res = mock.submit("property-details", R"({"detail_type": ["basic"]})");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(body_of(mock.get("/v2/jobs/file"))["count"] == 0);
  // Nothing is held: a valid job goes straight in.
  CHECK(mock.submit("property-details", property_details_spec())->status == 201);
}

TEST_CASE("a job is invisible to other accounts and unknown ids get 404", "[jobs]") {
  MockFixture mock;
  const std::string id = body_of(mock.submit("property-details", property_details_spec()))["id"];
  const auto foreign = mock.get("/v2/jobs/file/" + id, kOtherKey, kOtherSecret);
  REQUIRE(foreign);
  CHECK(foreign->status == 404);
  CHECK(body_of(foreign)["type"] == "NotFoundException");
  CHECK(mock.get("/v2/jobs/file/6ba7b810-9dad-11d1-80b4-00c04fd430c8")->status == 404);
  CHECK(mock.get("/v2/jobs/file/not-a-uuid")->status == 404);
  CHECK(body_of(mock.get("/v2/jobs/file", kOtherKey, kOtherSecret))["count"] == 0);
}

TEST_CASE("the job list is newest first and honours limit and offset", "[jobs]") {
  MockFixture mock;
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    ids.push_back(body_of(mock.submit("property-details", property_details_spec()))["id"]);
    mock.advance(5);
  }
  const auto all = body_of(mock.get("/v2/jobs/file"));
  CHECK(all["count"] == 4);
  REQUIRE(all["items"].size() == 4);
  CHECK(all["items"][0]["id"] == ids[3]);
  CHECK(all["items"][3]["id"] == ids[0]);
  CHECK(all["items"][0]["status"] == "SUCCESS");

  const auto latest = body_of(mock.get("/v2/jobs/file?limit=1"));
  REQUIRE(latest["items"].size() == 1);
  CHECK(latest["items"][0]["id"] == ids[3]);
  CHECK(latest["count"] == 4);

  const auto page = body_of(mock.get("/v2/jobs/file?limit=2&offset=1"));
  REQUIRE(page["items"].size() == 2);
  CHECK(page["items"][0]["id"] == ids[2]);
  CHECK(page["items"][1]["id"] == ids[1]);
  CHECK(body_of(mock.get("/v2/jobs/file?offset=10"))["items"].empty());
}

TEST_CASE("the job list rejects limit and offset that are not counts", "[jobs]") {
  MockFixture mock;
  for (const char* query : {"limit=-1", "limit=abc", "limit=", "offset=1.5", "offset=2x"}) {
    const auto res = mock.get(std::string("/v2/jobs/file?") + query);
    REQUIRE(res);
    INFO(query);
    CHECK(res->status == 400);
    CHECK(body_of(res)["type"] == "ValidationError");
  }
}

TEST_CASE("the default list limit is 100", "[jobs]") {
  Options options = test_options();
  options.pending_seconds = options.started_seconds = 0;
  MockFixture mock(options);
  for (int i = 0; i < 101; ++i)
    REQUIRE(mock.submit("search", R"({"settings": {"state": ["NY"]}})")->status == 201);
  const auto list = body_of(mock.get("/v2/jobs/file"));
  CHECK(list["count"] == 101);
  CHECK(list["items"].size() == 100);
}

TEST_CASE("search and match jobs are accepted with their metadata", "[jobs]") {
  MockFixture mock;
  const auto search = mock.submit("search", R"({"settings": {"city": ["New York"],
      "state": ["NY"], "building_area": {"min": 100000}}})",
                                  "search.json");
  REQUIRE(search);
  REQUIRE(search->status == 201);
  CHECK(body_of(search)["job_type"] == "search");
  mock.advance(5);

  const std::string csv = "Address1,City,State,Zip\n767 3rd Ave,New York,NY,10017\n"
                          "20 W 34th St,New York,NY,10001\n767 3rd Ave,New York,NY,10017\n";
  const std::string metadata =
      "{'headers':['Address1','City','State','Zip'],'mapping':{'address_line_1':'Address1',"
      "'address_city':'City','address_state':'State','address_postal':'Zip'}}";
  const auto match = mock.submit("match", csv, "addresses.csv", metadata);
  REQUIRE(match);
  INFO(match->body);
  REQUIRE(match->status == 201);
  const auto job = body_of(match);
  CHECK(job["job_type"] == "match");
  CHECK(job["filename"] == "addresses.csv");
  CHECK(job["metadata"]["count"] == 3);
  CHECK(job["metadata"]["duplicate"] == 1);
  CHECK(job["metadata"]["error_decoding_lines"] == nlohmann::json::array());
  CHECK(job["metadata"]["headers"] == nlohmann::json{"Address1", "City", "State", "Zip"});
  CHECK(job["metadata"]["labels"] == nlohmann::json::array());
  CHECK(job["metadata"]["mapping"]["address_city"] == "City");
}

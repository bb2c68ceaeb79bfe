// What the API does because it is a Python service: a search file is a summaries body, the last
// of two equal JSON keys wins, times print as isoformat() does; and the messages and limits of
// the inputs around them.
#include <catch2/catch.hpp>

#include <string>

#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {

httplib::Result summaries(const MockFixture& mock, const std::string& body) {
  return mock.client().Post("/v2/search/summaries", mock.auth(), body, "application/json");
}

std::size_t lines_of(const std::string& body) {
  return static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
}

} // namespace

TEST_CASE("a search file copied from a summaries body, limit and all, returns every match",
          "[python]") {
  MockFixture mock(instant_test_options());
  const std::string body = R"({"settings": {"state": ["NY"]}, "limit": 5})";
  const auto page = summaries(mock, body);
  REQUIRE(page->status == 200);
  const std::size_t count = body_of(page)["count"];
  CHECK(body_of(page)["items"].size() == 5);
  REQUIRE(count > 5);
  // doc: "copy the request body into a file"; the job is for searches too large for one page.
  const auto job = mock.finished_job("search", body, "search.json");
  REQUIRE(job["status"] == "SUCCESS");
  CHECK(lines_of(mock.download(job["result_urls"][0])->body) == count);
  // A limit summaries refuses, the job refuses with the same message.
  const auto bad_page = summaries(mock, R"({"settings": {"state": ["NY"]}, "limit": 0})");
  const auto bad_job = mock.submit("search", R"({"settings": {"state": ["NY"]}, "limit": 0})");
  CHECK(bad_page->status == 400);
  CHECK(bad_job->status == 400);
  CHECK(body_of(bad_job)["message"] == body_of(bad_page)["message"]);
}

TEST_CASE("mortgage_origination_date filters summaries and search jobs alike", "[python]") {
  MockFixture mock(instant_test_options());
  const std::string settings =
      R"({"settings": {"mortgage_origination_date": {"min": "2016-01-01", "max": "2018-12-31"}},
          "limit": 10000})";
  const auto page = summaries(mock, settings);
  REQUIRE(page->status == 200);
  const std::size_t count = body_of(page)["count"];
  const std::size_t all = body_of(summaries(mock, R"({"limit": 1})"))["count"];
  CHECK(count > 0);
  CHECK(count < all);
  // Every property found has its latest mortgage originated within the range.
  const auto found = body_of(page); // kept: a range-for over a temporary's member dangles
  for (const auto& item : found["items"]) {
    const auto record = body_of(
        mock.get("/v2/property/" + item["id"].get<std::string>() + "?detail_type=mortgages"));
    REQUIRE_FALSE(record["mortgages"].empty());
    const std::string date = record["mortgages"][0]["origination_date"];
    CHECK(date >= "2016-01-01");
    CHECK(date <= "2018-12-31");
  }
  const auto job = mock.finished_job("search", settings, "search.json");
  CHECK(lines_of(mock.download(job["result_urls"][0])->body) == count);
}

TEST_CASE("of two equal keys in public JSON the last wins", "[python]") {
  MockFixture mock(instant_test_options());
  // Summaries body: the first settings (unknown filter) and limit (0) are dropped.
  const auto page =
      summaries(mock, R"({"settings": {"county": ["Kings"]}, "limit": 0, "settings": {"state": )"
                      R"(["NY"]}, "limit": 3})");
  REQUIRE(page->status == 200);
  CHECK(body_of(page)["items"].size() == 3);
  CHECK(body_of(page)["count"] ==
        body_of(summaries(mock, R"({"settings": {"state": ["NY"]}})"))["count"]);

  // Property-details spec: the later detail_type and filters hold.
  const auto job = mock.finished_job(
      "property-details",
      R"({"detail_type": ["foreclosure"], "property_ids": ["19cd94b6-0b51-543d-bfc1-3ed3205d13ae"],
          "detail_type": ["basic", "ownership"], "filters": {"filter_pii": false},
          "filters": {"filter_pii": true}})");
  REQUIRE(job["status"] == "SUCCESS");
  const auto record = nlohmann::json::parse(mock.download(job["result_urls"][0])->body);
  CHECK(record["property_id"] == "19cd94b6-0b51-543d-bfc1-3ed3205d13ae");
  CHECK(record.contains("ownership"));
  for (const auto& contact : record["ownership"]["contacts"])
    CHECK_FALSE(contact.contains("persons"));

  // Match metadata: the later mapping holds.
  const std::string csv = "Address1,City,State,Zip\r\n767 3rd Ave,New York,NY,10017\r\n";
  const std::string metadata =
      R"({"headers": ["Address1","City","State","Zip"], "mapping": {"latitude": "City"},
          "mapping": {"address_line_1": "Address1", "address_city": "City",
          "address_state": "State", "address_postal": "Zip"}})";
  const auto match = mock.finished_job("match", csv, "one.csv", metadata);
  REQUIRE(match["status"] == "SUCCESS");
  CHECK(match["metadata"]["mapping"]["address_line_1"] == "Address1");
  CHECK_FALSE(match["metadata"]["mapping"].contains("latitude"));
}

TEST_CASE("a whitespace-only upload is called whitespace, not empty", "[python]") {
  MockFixture mock(instant_test_options());
  std::string blank(5'000'000, ' ');
  for (std::size_t i = 0; i < blank.size(); i += 80)
    blank[i] = '\n';
  for (const char* type : {"property-details", "search"}) {
    const auto res = mock.submit(type, blank);
    REQUIRE(res);
    INFO(type);
    CHECK(res->status == 400);
    CHECK_THAT(body_of(res)["message"].get<std::string>(),
               Catch::StartsWith("(file): the file holds only whitespace (5,000,000 bytes of "
                                 "spaces, tabs or line breaks)"));
  }
  const auto csv = mock.submit(
      "match", "\r\n\r\n\n", "blank.csv",
      R"({"headers": ["lat", "lon"], "mapping": {"latitude": "lat", "longitude": "lon"}})");
  REQUIRE(csv);
  CHECK(csv->status == 400);
  CHECK_THAT(body_of(csv)["message"].get<std::string>(),
             Catch::StartsWith("file: the CSV file holds only whitespace (5 bytes of"));
  const auto empty = mock.submit("property-details", "");
  CHECK_THAT(body_of(empty)["message"].get<std::string>(),
             Catch::StartsWith("(file): the file is empty"));
}

TEST_CASE("a list limit past the largest count says it is too large", "[python]") {
  MockFixture mock(instant_test_options());
  const auto res = mock.get("/v2/jobs/file?limit=99999999999999999999");
  REQUIRE(res);
  CHECK(res->status == 400);
  CHECK(body_of(res)["message"] ==
        "limit: \"99999999999999999999\" is too large; the largest limit is "
        "18446744073709551615");
  const auto offset = mock.get("/v2/jobs/file?offset=18446744073709551616");
  CHECK(body_of(offset)["message"] == "offset: \"18446744073709551616\" is too large; the largest "
                                      "offset is 18446744073709551615");
  CHECK(mock.get("/v2/jobs/file?limit=18446744073709551615")->status == 200);
  CHECK(body_of(mock.get("/v2/jobs/file?limit=-1"))["message"] ==
        "limit: \"-1\" is not a non-negative integer");
}

TEST_CASE("a job id with a NUL or bytes that are not UTF-8 is shown escaped", "[python]") {
  MockFixture mock(instant_test_options());
  const auto nul = mock.get("/v2/jobs/file/abc%00def");
  REQUIRE(nul);
  CHECK(nul->status == 404);
  const std::string message = body_of(nul)["message"];
  CHECK_THAT(message, Catch::StartsWith(R"(No job "abc\x00def" for this access key.)"));
  CHECK(message.find('\0') == std::string::npos);
  const auto latin1 = mock.get("/v2/jobs/file/caf%E9");
  REQUIRE(latin1);
  CHECK(latin1->status == 404);
  CHECK_THAT(body_of(latin1)["message"].get<std::string>(),
             Catch::StartsWith(R"(No job "caf\xE9" for this access key.)"));
  const auto property = mock.get("/v2/property/abc%00def");
  CHECK(property->status == 404);
  CHECK_THAT(body_of(property)["message"].get<std::string>(),
             Catch::StartsWith(R"(No property "abc\x00def")"));
}

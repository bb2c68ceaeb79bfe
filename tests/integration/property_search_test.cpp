#include <catch2/catch.hpp>

#include <set>

#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {
const std::string kDocOffice = "19cd94b6-0b51-543d-bfc1-3ed3205d13ae";

httplib::Result summaries(const MockFixture& mock, const nlohmann::json& body,
                          const std::string& token = "") {
  std::string path = "/v2/search/summaries";
  if (!token.empty())
    path += "?search_token=" + token;
  return mock.client().Post(path.c_str(), mock.auth(), body.dump(), "application/json");
}
} // namespace

TEST_CASE("GET /v2/property/{id} returns the documented office at 767 3rd Ave", "[property]") {
  MockFixture mock;
  const auto record = body_of(mock.get("/v2/property/" + kDocOffice));
  CHECK(record["property_id"] == kDocOffice);
  CHECK(record["address_line1"] == "767 3RD AVE");
  CHECK(record["city"] == "NEW YORK");
  CHECK(record["state"] == "NY");
  CHECK(record["zip5"] == "10017");
  CHECK(record["asset_category"] == "Office");
  CHECK_FALSE(record.contains("ownership"));
}

TEST_CASE("the property endpoint and a job return the same record", "[property]") {
  Options options = test_options();
  options.pending_seconds = options.started_seconds = 0;
  MockFixture mock(options);
  const auto direct = mock.get("/v2/property/" + kDocOffice +
                               "?detail_type=basic&detail_type=ownership&filter_pii=true");
  REQUIRE(direct->status == 200);
  const auto job = mock.finished_job(
      "property-details", R"({"detail_type": ["basic", "ownership"], "property_ids": [")" +
                              kDocOffice + R"("], "filters": {"filter_pii": true}})");
  const auto file = mock.download(job["result_urls"][0]);
  REQUIRE(file->status == 200);
  CHECK(file->body == direct->body + "\n");
}

TEST_CASE("the property endpoint rejects bad ids and detail types", "[property]") {
  MockFixture mock;
  CHECK(mock.get("/v2/property/nope")->status == 404);
  const auto bad = mock.get("/v2/property/" + kDocOffice + "?detail_type=foreclosure");
  CHECK(bad->status == 400);
  CHECK_THAT(body_of(bad)["message"].get<std::string>(), Catch::Contains("foreclosure"));
  CHECK(mock.get("/v2/property/" + kDocOffice + "?filter_pii=maybe")->status == 400);
  // Authentication applies as everywhere.
  CHECK(mock.client().Get(("/v2/property/" + kDocOffice).c_str())->status == 401);
}

TEST_CASE("search summaries page through every match exactly once", "[search]") {
  MockFixture mock;
  const nlohmann::json settings = {{"state", {"NY", "NJ"}}};
  const auto first = body_of(summaries(mock, {{"settings", settings}, {"limit", 10000}}));
  const std::size_t count = first["count"];
  REQUIRE(count > 250);
  std::set<std::string> all;
  for (const auto& item : first["items"])
    all.insert(item["id"].get<std::string>());
  CHECK(all.size() == count); // fits one page of 10,000
  CHECK(first["search_token"].is_null());

  std::set<std::string> paged;
  std::string token;
  std::size_t pages = 0;
  do {
    const auto page = body_of(summaries(mock, {{"settings", settings}, {"limit", 100}}, token));
    CHECK(page["count"] == count);
    CHECK(page["items"].size() <= 100);
    for (const auto& item : page["items"])
      CHECK(paged.insert(item["id"].get<std::string>()).second);
    token = page["search_token"].is_null() ? "" : page["search_token"].get<std::string>();
    ++pages;
  } while (!token.empty() && pages < 1000);
  CHECK(pages == (count + 99) / 100);
  CHECK(paged == all);
}

TEST_CASE("search summaries refuse a token of another search and bad limits", "[search]") {
  MockFixture mock;
  const auto page = body_of(summaries(mock, {{"settings", {{"state", {"NY"}}}}, {"limit", 1}}));
  REQUIRE(page["search_token"].is_string());
  const auto other = summaries(mock, {{"settings", {{"state", {"CA"}}}}, {"limit", 1}},
                               page["search_token"].get<std::string>());
  CHECK(other->status == 400);
  CHECK_THAT(body_of(other)["message"].get<std::string>(), Catch::Contains("search_token"));
  for (const auto& limit : {nlohmann::json(0), nlohmann::json(10001), nlohmann::json("5")})
    CHECK(summaries(mock, {{"settings", nlohmann::json::object()}, {"limit", limit}})->status ==
          400);
  CHECK(summaries(mock, {{"settings", {{"colour", {"red"}}}}})->status == 400);
  // Default page size is 10.
  CHECK(body_of(summaries(mock, {{"settings", {{"state", {"NY"}}}}}))["items"].size() == 10);
}

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>

#include "data/corpus.hpp"
#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {

std::string spec_with_ids(std::size_t n, const std::vector<std::string>& types = {"basic"},
                          const nlohmann::json& extra = nlohmann::json::object()) {
  std::string out = "{\"detail_type\": " + nlohmann::json(types).dump() + ", \"property_ids\": [";
  for (std::size_t i = 0; i < n; ++i) {
    if (i)
      out += ',';
    out += '"' + to_string(uuid_v5(mock_namespace(), "results-test/" + std::to_string(i))) + '"';
  }
  out += "]";
  for (const auto& [key, value] : extra.items())
    out += ", \"" + key + "\": " + value.dump();
  return out + "}";
}

std::vector<nlohmann::json> lines_of(const std::string& body) {
  std::vector<nlohmann::json> out;
  std::istringstream in(body);
  for (std::string line; std::getline(in, line);) {
    auto json = nlohmann::json::parse(line, nullptr, false);
    REQUIRE_FALSE(json.is_discarded());
    out.push_back(std::move(json));
  }
  return out;
}

std::string xml_element(const std::string& body, const std::string& name) {
  const std::regex re("<" + name + ">([^<]*)</" + name + ">");
  std::smatch m;
  return std::regex_search(body, m, re) ? m[1].str() : "";
}

std::string replace_param(const std::string& url, const std::string& name,
                          const std::string& value) {
  auto start = url.find("?" + name + "=");
  if (start == std::string::npos)
    start = url.find("&" + name + "=");
  REQUIRE(start != std::string::npos);
  start += name.size() + 2;
  const auto end = url.find('&', start);
  return url.substr(0, start) + value + (end == std::string::npos ? "" : url.substr(end));
}

} // namespace

TEST_CASE("property-details results split into files of 25,000 records at the boundaries",
          "[results]") {
  MockFixture mock(instant_test_options());
  for (auto [ids, files] : std::vector<std::pair<std::size_t, std::size_t>>{
           {24999, 1}, {25000, 1}, {25001, 2}, {50001, 3}}) {
    INFO(ids << " ids");
    const auto job = mock.finished_job("property-details", spec_with_ids(ids));
    REQUIRE(job["result_urls"].size() == files);
    std::string joined;
    std::size_t total = 0;
    for (std::size_t n = 0; n < files; ++n) {
      const std::string url = job["result_urls"][n];
      CHECK_THAT(url, Catch::Contains("/job_cache/"));
      const std::string suffix = std::to_string(n) + ".ndjson?AWSAccessKeyId=ASIA";
      CHECK_THAT(url, Catch::Contains(suffix));
      if (n)
        joined += ',';
      joined += url;
      const auto res = mock.download(url);
      REQUIRE(res);
      REQUIRE(res->status == 200);
      const std::size_t lines = std::size_t(std::count(res->body.begin(), res->body.end(), '\n'));
      CHECK(lines == std::min<std::size_t>(25000, ids - 25000 * n));
      total += lines;
    }
    CHECK(total == ids);
    CHECK(job["result_url"] == joined); // doc: a comma-separated string of the URLs
  }
}

TEST_CASE("records come in the order of property_ids with the requested types", "[results]") {
  MockFixture mock(instant_test_options());
  const std::string spec = spec_with_ids(30, {"basic", "ownership", "taxes"});
  const auto job = mock.finished_job("property-details", spec);
  const auto records = lines_of(mock.download(job["result_urls"][0])->body);
  const auto ids = nlohmann::json::parse(spec)["property_ids"];
  REQUIRE(records.size() == 30);
  for (std::size_t i = 0; i < records.size(); ++i) {
    CHECK(records[i]["property_id"] == ids[i]);
    CHECK(records[i].contains("address_line1")); // basic at the top level
    CHECK(records[i]["ownership"].contains("contacts"));
    CHECK(records[i]["taxes"].is_array());
    CHECK_FALSE(records[i].contains("sales"));
    CHECK_FALSE(records[i].contains("basic"));
  }
}

TEST_CASE("the same ids give the same bytes across servers with the same seed", "[results]") {
  std::string first;
  for (int run = 0; run < 2; ++run) {
    MockFixture mock(instant_test_options());
    const auto job = mock.finished_job(
        "property-details", spec_with_ids(200, {"basic", "mortgages", "ownership", "reported_owner",
                                                "sales", "taxes", "tenants"}));
    const std::string body = mock.download(job["result_urls"][0])->body;
    if (run == 0)
      first = body;
    else
      CHECK(body == first);
  }
}

TEST_CASE("filter_pii removes the people from ownership contacts", "[results]") {
  MockFixture mock(instant_test_options());
  const auto plain = mock.finished_job("property-details", spec_with_ids(50, {"ownership"}));
  const auto with = lines_of(mock.download(plain["result_urls"][0])->body);
  std::size_t persons = 0;
  for (const auto& r : with)
    for (const auto& c : r["ownership"]["contacts"])
      persons += c.contains("persons");
  REQUIRE(persons > 0);

  const auto filtered = mock.finished_job(
      "property-details", spec_with_ids(50, {"ownership"}, {{"filters", {{"filter_pii", true}}}}));
  const auto without = lines_of(mock.download(filtered["result_urls"][0])->body);
  REQUIRE(without.size() == with.size());
  for (std::size_t i = 0; i < without.size(); ++i) {
    for (const auto& c : without[i]["ownership"]["contacts"])
      CHECK_FALSE(c.contains("persons"));
    CHECK(without[i]["ownership"]["contacts"].size() == with[i]["ownership"]["contacts"].size());
  }
}

TEST_CASE("updated keeps only properties changed on or after the date", "[results]") {
  MockFixture mock(instant_test_options());
  const std::size_t n = 500;
  const auto all = mock.finished_job(
      "property-details", spec_with_ids(n, {"basic", "sales"}, {{"updated", "1970-01-01"}}));
  CHECK(lines_of(mock.download(all["result_urls"][0])->body).size() == n);

  const auto none = mock.finished_job(
      "property-details", spec_with_ids(n, {"basic", "sales"}, {{"updated", "2999-01-01"}}));
  REQUIRE(none["result_urls"].size() == 1);
  CHECK(mock.download(none["result_urls"][0])->body.empty());

  // A date between: every record returned has a building, shape or sale date on or after it.
  const auto some = mock.finished_job(
      "property-details",
      spec_with_ids(n, {"basic", "sales"}, {{"updated", {{"sales", "2021-01-01"}}}}));
  const auto records = lines_of(mock.download(some["result_urls"][0])->body);
  CHECK(records.size() > 0);
  CHECK(records.size() < n);
  for (const auto& r : records)
    CHECK(r["sale_update_time"].get<std::string>() >= "2021-01-01");
}

TEST_CASE("a result URL expires exactly at its Expires second on the manual clock", "[results]") {
  Options options = instant_test_options();
  options.object_ttl_seconds = 3600; // so the URL, not the object, is what runs out
  MockFixture mock(options);
  const auto job = mock.finished_job("property-details", spec_with_ids(3));
  const std::string url = job["result_urls"][0];
  const long long expires =
      std::stoll(std::regex_replace(url, std::regex(".*Expires=(\\d+).*"), "$1"));
  const long long now_us =
      body_of(mock.client().Get("/_mock/clock"))["epoch_microseconds"].get<long long>();
  CHECK(expires * 1'000'000 - now_us >= 600'000'000); // valid 10 minutes
  CHECK(expires * 1'000'000 - now_us < 601'000'000);

  mock.advance(double(expires * 1'000'000 - now_us - 1) / 1e6);
  CHECK(mock.download(url)->status == 200);
  mock.advance(1e-6);
  const auto expired = mock.download(url);
  REQUIRE(expired);
  CHECK(expired->status == 403);
  CHECK(xml_element(expired->body, "Code") == "AccessDenied");
  CHECK(xml_element(expired->body, "Message") == "Request has expired");
  CHECK_FALSE(xml_element(expired->body, "Expires").empty());
  CHECK_FALSE(xml_element(expired->body, "ServerTime").empty());
  CHECK(xml_element(expired->body, "RequestId").size() == 16);
  CHECK_FALSE(xml_element(expired->body, "HostId").empty());
  CHECK(expired->get_header_value("Content-Type") == "application/xml");

  // Fetching the job again gives a new URL that works.
  const auto again = body_of(mock.get("/v2/jobs/file/" + job["id"].get<std::string>()));
  CHECK(again["result_urls"][0] != url);
  CHECK(mock.download(again["result_urls"][0])->status == 200);
}

TEST_CASE("changing any query parameter of a result URL is refused", "[results]") {
  MockFixture mock(instant_test_options());
  const auto job = mock.finished_job("property-details", spec_with_ids(30000));
  const std::string url = job["result_urls"][0];
  struct Case {
    std::string url;
    const char* code;
  };
  const Case cases[] = {
      {replace_param(url, "Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA%3D"), "SignatureDoesNotMatch"},
      {replace_param(url, "Expires", "9999999999"), "SignatureDoesNotMatch"},
      {replace_param(url, "x-amz-security-token", "abc"), "SignatureDoesNotMatch"},
      {replace_param(url, "AWSAccessKeyId", "ASIAAAAAAAAAAAAAAAAA"), "InvalidAccessKeyId"},
      {std::regex_replace(url, std::regex("_0\\.ndjson"), "_1.ndjson"), "SignatureDoesNotMatch"},
      {url.substr(0, url.find('?')), "AccessDenied"},
  };
  for (const auto& c : cases) {
    const auto res = mock.download(c.url);
    REQUIRE(res);
    INFO(c.url);
    CHECK(res->status == 403);
    CHECK(xml_element(res->body, "Code") == c.code);
  }
  CHECK(mock.download(url)->status == 200);
}

TEST_CASE("an object past its TTL is NoSuchKey until the job is fetched again", "[results]") {
  Options options = instant_test_options();
  options.object_ttl_seconds = 60;
  MockFixture mock(options);
  const auto job = mock.finished_job("property-details", spec_with_ids(5));
  const std::string id = job["id"];
  mock.advance(60);
  // The URL is still valid (600 s) but the object is gone.
  const auto gone = mock.download(job["result_urls"][0]);
  REQUIRE(gone);
  CHECK(gone->status == 404);
  CHECK(xml_element(gone->body, "Code") == "NoSuchKey");
  CHECK(xml_element(gone->body, "Message") == "The specified key does not exist.");
  const std::string url = job["result_urls"][0];
  CHECK(xml_element(gone->body, "Key") ==
        url.substr(url.find("job_cache/"), url.find('?') - url.find("job_cache/")));

  const auto again = body_of(mock.get("/v2/jobs/file/" + id));
  const auto res = mock.download(again["result_urls"][0]);
  CHECK(res->status == 200);
  CHECK(lines_of(res->body).size() == 5);
}

TEST_CASE("list items carry the URLs signed when the job finished", "[results]") {
  MockFixture mock(instant_test_options());
  const auto job = mock.finished_job("property-details", spec_with_ids(5));
  mock.advance(601);
  const auto listed = body_of(mock.get("/v2/jobs/file?limit=1"))["items"][0];
  REQUIRE(listed["result_urls"].size() == 1);
  const auto res = mock.download(listed["result_urls"][0]);
  CHECK(res->status == 403);
  CHECK(xml_element(res->body, "Message") == "Request has expired");
  const auto fresh = body_of(mock.get("/v2/jobs/file/" + job["id"].get<std::string>()));
  CHECK(mock.download(fresh["result_urls"][0])->status == 200);
}

TEST_CASE("a reset removes a job's objects", "[results]") {
  MockFixture mock(instant_test_options());
  const auto job = mock.finished_job("property-details", spec_with_ids(5));
  REQUIRE(mock.client().Post("/_mock/reset", "", "text/plain")->status == 200);
  const auto res = mock.download(job["result_urls"][0]);
  CHECK(res->status == 404);
  CHECK(xml_element(res->body, "Code") == "NoSuchKey");
}

TEST_CASE("a search job returns every matching commercial property once, as a brute force finds",
          "[results]") {
  const Options options = instant_test_options();
  MockFixture mock(options);
  const auto job = mock.finished_job(
      "search", R"({"settings": {"state": ["ny"], "building_area": {"min": 20000}}})");
  REQUIRE(job["result_urls"].size() == 1);
  CHECK(job["result_url"] == job["result_urls"][0]);
  CHECK_THAT(job["result_url"].get<std::string>(), Catch::Contains("/job_results/"));
  const auto lines = lines_of(mock.download(job["result_urls"][0])->body);

  const Corpus corpus = Corpus::generate(options.seed, options.corpus_size);
  std::vector<std::string> expected;
  for (const auto& e : corpus.entries()) {
    std::string state(corpus.address(e).state);
    std::transform(state.begin(), state.end(), state.begin(), ::toupper);
    if (e.kind == PropertyKind::commercial && state == "NY" && e.building_area >= 20000)
      expected.push_back(to_string(e.id));
  }
  REQUIRE(expected.size() > 0);
  std::vector<std::string> got;
  for (const auto& line : lines) {
    got.push_back(line["id"]);
    CHECK(line.size() == 8);
    for (const char* field :
         {"master_update_time", "sale_update_time", "mtg_update_time", "owner_update_time",
          "tax_update_time", "building_update_time", "shape_update_time"})
      CHECK(std::regex_match(line[field].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\d)")));
  }
  std::sort(got.begin(), got.end());
  std::sort(expected.begin(), expected.end());
  CHECK(std::adjacent_find(got.begin(), got.end()) == got.end());
  CHECK(got == expected);
}

TEST_CASE("result URLs are null until the job succeeds", "[results]") {
  MockFixture mock; // 2 s PENDING, 3 s STARTED
  const std::string id = body_of(mock.submit("property-details", spec_with_ids(2)))["id"];
  for (double step : {0.0, 2.0}) {
    mock.advance(step);
    const auto job = body_of(mock.get("/v2/jobs/file/" + id));
    CHECK(job["result_url"].is_null());
    CHECK(job["result_urls"].is_null());
  }
}

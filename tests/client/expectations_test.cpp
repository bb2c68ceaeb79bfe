#include <catch2/catch.hpp>

#include "conformance/expectations.hpp"
#include "conformance/variables.hpp"

using namespace reonomy::client;
using namespace reonomy::client::detail;
using nlohmann::json;

namespace {

Expectations parse(const json& expect, const std::string& action = "raw") {
  return parse_expectations(expect, action, "test.json", "steps[0].expect");
}

Observation response(int status, const std::string& body, Headers headers = {}) {
  Observation seen;
  seen.response = HttpResponse{status, std::move(headers), body};
  const auto doc = json::parse(body, nullptr, false);
  if (!doc.is_discarded())
    seen.document = doc;
  seen.statuses = {status};
  return seen;
}

// The mismatch's "expectation: expected X, actual Y", or "" when it passes.
std::string verdict(const json& expect, const Observation& seen,
                    const std::string& action = "raw") {
  const auto mismatch = first_mismatch(parse(expect, action), seen);
  if (!mismatch)
    return "";
  return mismatch->expectation + ": expected " + mismatch->expected + ", actual " +
         mismatch->actual;
}

const std::string kJob = R"({"id": "abc", "status": null, "count": 3, "items": [1, 2],
                             "created": "2020-01-03T16:34:52.104383+00:00", "metadata": {"labels": []}})";

} // namespace

TEST_CASE("status: one code or any of several", "[scenarios][expect]") {
  const auto seen = response(429, R"({"type": "JobInProgress"})");
  CHECK(verdict({{"status", 429}}, seen).empty());
  CHECK(verdict({{"status", {400, 429}}}, seen).empty());
  CHECK(verdict({{"status", 201}}, seen) ==
        R"(status: expected 201, actual 429 (body: {"type": "JobInProgress"}))");
}

TEST_CASE("error_type compares the JSON body's type", "[scenarios][expect]") {
  CHECK(verdict({{"error_type", "JobInProgress"}}, response(429, R"({"type": "JobInProgress"})"))
            .empty());
  CHECK(verdict({{"error_type", "RateLimitExceeded"}},
                response(429, R"({"type": "JobInProgress"})")) ==
        "error_type: expected RateLimitExceeded, actual JobInProgress");
  CHECK_THAT(verdict({{"error_type", "X"}}, response(400, "<html>")),
             Catch::Contains("no JSON `type`"));
}

TEST_CASE("json pointer equals", "[scenarios][expect]") {
  const auto seen = response(200, kJob);
  CHECK(verdict({{"json", {{{"pointer", "/status"}, {"equals", nullptr}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/count"}, {"equals", 3}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/items"}, {"equals", {1, 2}}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/id"}, {"equals", "abd"}}}}}, seen) ==
        R"(json /id equals: expected "abd", actual "abc")");
  CHECK_THAT(verdict({{"json", {{{"pointer", "/nope"}, {"equals", 1}}}}}, seen),
             Catch::StartsWith("json /nope: expected 1, actual absent in"));
}

TEST_CASE("json pointer equals_json compares with JSON text, whatever its key order",
          "[scenarios][expect]") {
  const auto seen = response(200, R"({"record": {"a": 1, "b": [true, null]}})");
  CHECK(verdict({{"json",
                  {{{"pointer", "/record"}, {"equals_json", R"({"b": [true, null], "a": 1})"}}}}},
                seen)
            .empty());
  CHECK(verdict(
            {{"json", {{{"pointer", "/record"}, {"equals_json", R"({"a": 1, "b": [true, 1]})"}}}}},
            seen) ==
        "json /record equals (first difference at /record/b/1): expected 1, actual null");
  CHECK(verdict({{"json", {{{"pointer", "/record"}, {"equals_json", R"({"a": 1})"}}}}}, seen) ==
        "json /record equals (first difference at /record/b): expected \"(absent)\", actual "
        "[true,null]");
  CHECK_THROWS_WITH(parse({{"json", {{{"pointer", "/record"}, {"equals_json", "{nope"}}}}}),
                    Catch::Contains("not valid JSON text"));
  // With a variable the text is checked only once the variable is filled in.
  CHECK_NOTHROW(parse({{"json", {{{"pointer", "/record"}, {"equals_json", "${record}"}}}}}));
}

TEST_CASE("json pointer contains: an element of an array, or text in a string",
          "[scenarios][expect]") {
  const auto seen = response(200, R"({"names": ["a_1.csv", "b_2.csv"], "message": "no job 'x'"})");
  CHECK(verdict({{"json", {{{"pointer", "/names"}, {"contains", "b_2.csv"}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/message"}, {"contains", "job 'x'"}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/names"}, {"contains", "c.csv"}}}}}, seen) ==
        R"(json /names contains: expected "c.csv", actual ["a_1.csv","b_2.csv"])");
}

TEST_CASE("json pointer matches a regular expression", "[scenarios][expect]") {
  const auto seen = response(200, kJob);
  const json iso = {{"pointer", "/created"},
                    {"matches", R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$)"}};
  CHECK(verdict({{"json", {iso}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/id"}, {"matches", "^x"}}}}}, seen) ==
        R"(json /id matches: expected /^x/, actual "abc")");
  CHECK_THAT(verdict({{"json", {{{"pointer", "/count"}, {"matches", "3"}}}}}, seen),
             Catch::Contains("actual 3")); // not a string: no match
}

TEST_CASE("json pointer type", "[scenarios][expect]") {
  const auto seen = response(200, kJob);
  CHECK(verdict({{"json", {{{"pointer", "/status"}, {"type", "null"}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/count"}, {"type", "integer"}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/count"}, {"type", "number"}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/metadata"}, {"type", "object"}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/id"}, {"type", "array"}}}}}, seen) ==
        R"(json /id type: expected array, actual string: "abc")");
}

TEST_CASE("json pointer exists and length", "[scenarios][expect]") {
  const auto seen = response(200, kJob);
  CHECK(verdict({{"json", {{{"pointer", "/metadata/labels"}, {"exists", true}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/result_url"}, {"exists", false}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/id"}, {"exists", false}}}}}, seen) ==
        R"(json /id exists: expected false, actual present: "abc")");
  CHECK(verdict({{"json", {{{"pointer", "/items"}, {"length", 2}}}}}, seen).empty());
  CHECK(verdict({{"json", {{{"pointer", "/items"}, {"length", 1}}}}}, seen) ==
        "json /items length: expected 1, actual 2");
  CHECK_THAT(verdict({{"json", {{{"pointer", "/count"}, {"length", 1}}}}}, seen),
             Catch::Contains("no length"));
  CHECK_THAT(
      verdict({{"json", {{{"pointer", "/a"}, {"exists", true}}}}}, response(200, "not json")),
      Catch::Contains("the body is not JSON"));
}

TEST_CASE("xml element text (S3 errors)", "[scenarios][expect]") {
  const auto seen =
      response(403, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied"
                    "</Code><Message>Request has expired</Message></Error>");
  CHECK(verdict({{"xml", {{"Code", "AccessDenied"}, {"Message", "Request has expired"}}}}, seen)
            .empty());
  CHECK(verdict({{"xml", {{"Code", "NoSuchKey"}}}}, seen) ==
        "xml <Code>: expected NoSuchKey, actual AccessDenied");
  CHECK_THAT(verdict({{"xml", {{"Key", "x"}}}}, seen), Catch::Contains("no <Key> element"));
}

TEST_CASE("headers present and matching", "[scenarios][expect]") {
  const auto seen = response(429, "{}", {{"Retry-After", "1"}});
  CHECK(verdict({{"header_present", {"retry-after"}}}, seen).empty());
  CHECK(verdict({{"header_matches", {{"Retry-After", "^[0-9]+$"}}}}, seen).empty());
  CHECK(verdict({{"header_present", {"X-Amz-Request-Id"}}}, seen) ==
        "header X-Amz-Request-Id: expected present, actual absent");
  CHECK(verdict({{"header_matches", {{"Retry-After", "^[2-9]$"}}}}, seen) ==
        "header Retry-After matches: expected /^[2-9]$/, actual 1");
}

TEST_CASE("status_seen looks at every response of a burst", "[scenarios][expect]") {
  auto seen = response(429, "{}");
  seen.statuses = {200, 200, 200, 200, 200, 429};
  CHECK(verdict({{"status_seen", 429}}, seen).empty());
  seen.statuses = {200, 200};
  CHECK(verdict({{"status_seen", 429}}, seen) == "status_seen: expected 429, actual [200, 200]");
}

TEST_CASE("statuses seen exactly, or in the documented order", "[scenarios][expect]") {
  auto seen = response(200, R"({"status": "SUCCESS"})");
  seen.statuses_seen = {"PENDING", "STARTED", "SUCCESS"};
  CHECK(verdict({{"statuses_seen", {"PENDING", "STARTED", "SUCCESS"}}}, seen, "poll").empty());
  CHECK(verdict({{"statuses_within", {"PENDING", "STARTED", "SUCCESS"}}}, seen, "poll").empty());
  seen.statuses_seen = {"PENDING", "SUCCESS"}; // a real server may skip one between polls
  CHECK(verdict({{"statuses_within", {"PENDING", "STARTED", "SUCCESS"}}}, seen, "poll").empty());
  CHECK(verdict({{"statuses_seen", {"PENDING", "STARTED", "SUCCESS"}}}, seen, "poll") ==
        "statuses_seen: expected [PENDING, STARTED, SUCCESS], actual [PENDING, SUCCESS]");
  seen.statuses_seen = {"STARTED", "PENDING", "SUCCESS"};
  CHECK_THAT(verdict({{"statuses_within", {"PENDING", "STARTED", "SUCCESS"}}}, seen, "poll"),
             Catch::StartsWith("statuses_within: expected a subsequence of"));
  seen.statuses_seen = {"PENDING", "RUNNING"};
  CHECK_FALSE(
      verdict({{"statuses_within", {"PENDING", "STARTED", "SUCCESS"}}}, seen, "poll").empty());
}

TEST_CASE("file and record counts of a download", "[scenarios][expect]") {
  Observation seen;
  seen.records_per_file = {25000, 1};
  CHECK(verdict({{"file_count", 2}, {"record_count", 25001}, {"records_per_file", {25000, 1}}},
                seen, "download")
            .empty());
  CHECK(verdict({{"file_count", 1}}, seen, "download") == "file_count: expected 1, actual 2");
  CHECK(verdict({{"record_count", 25000}}, seen, "download") ==
        "record_count: expected 25000, actual 25001");
  CHECK(verdict({{"records_per_file", {25001}}}, seen, "download") ==
        "records_per_file: expected [25001], actual [25000, 1]");
}

TEST_CASE("every record has the named fields", "[scenarios][expect]") {
  Observation seen;
  seen.records = {R"({"id": "a", "ownership": {"contacts": []}})",
                  R"({"id": "b", "ownership": {}})"};
  CHECK(verdict({{"every_record_has", {"/id", "/ownership"}}}, seen, "download").empty());
  CHECK_THAT(verdict({{"every_record_has", {"/ownership/contacts"}}}, seen, "download"),
             Catch::StartsWith("every_record_has /ownership/contacts: expected present in every "
                               "record, actual absent in record 1"));
}

TEST_CASE("CSV columns and row values", "[scenarios][expect]") {
  Observation seen;
  seen.csv = {{"reonomy_id", "status", "miss_reason", "Address1"},
              {"19cd94b6", "OK", "", "767 3rd Ave"},
              {"", "MISS", "SFR", "1 Elm St"}};
  CHECK(verdict({{"csv_columns", {"reonomy_id", "status", "miss_reason", "Address1"}}}, seen,
                "download")
            .empty());
  CHECK(verdict({{"csv_rows",
                  {{{"row", 1}, {"values", {{"status", "MISS"}, {"miss_reason", "SFR"}}}}}}},
                seen, "download")
            .empty());
  CHECK(verdict({{"csv_columns", {"Address1"}}}, seen, "download") ==
        "csv_columns: expected [Address1], actual [reonomy_id, status, miss_reason, Address1]");
  CHECK(verdict({{"csv_rows", {{{"row", 0}, {"values", {{"status", "MISS"}}}}}}}, seen,
                "download") == "csv row 0 status: expected MISS, actual OK");
  CHECK_THAT(
      verdict({{"csv_rows", {{{"row", 5}, {"values", {{"status", "OK"}}}}}}}, seen, "download"),
      Catch::Contains("2 data rows"));
  CHECK_THAT(verdict({{"csv_rows", {{{"row", 0}, {"values", {{"Zip", "1"}}}}}}}, seen, "download"),
             Catch::Contains("no such column"));
}

TEST_CASE("the first failing expectation is the one reported", "[scenarios][expect]") {
  const auto seen = response(400, R"({"type": "ValidationError"})");
  CHECK_THAT(verdict({{"status", 201}, {"error_type", "X"}}, seen), Catch::StartsWith("status:"));
  CHECK_THAT(verdict({{"status", 400}, {"error_type", "X"}}, seen),
             Catch::StartsWith("error_type:"));
}

TEST_CASE("variables expand in strings, deep in JSON, and unknown ones are named", "[scenarios]") {
  Variables vars;
  vars.set("job_id", "abc");
  vars.set("n", "2");
  CHECK(vars.expand(std::string("/v2/jobs/file/${job_id}?limit=${n}")) ==
        "/v2/jobs/file/abc?limit=2");
  CHECK(vars.expand(std::string("$${job_id} stays")) == "${job_id} stays");
  const json expanded = vars.expand(json{{"a", {"${job_id}", 1}}, {"${n}", "x"}});
  CHECK(expanded == json{{"a", {"abc", 1}}, {"${n}", "x"}});
  CHECK_THROWS_WITH(vars.expand(std::string("${nope}")),
                    Catch::Contains("unknown variable ${nope} (defined: job_id, n)"));
}

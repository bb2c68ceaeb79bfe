#include <catch2/catch.hpp>

#include "core/api_error.hpp"
#include "faults/fault_rules.hpp"

using namespace reonomy::mock;

namespace {

bool known(std::string_view key) {
  return key == "demo-access-key" || key == "other";
}

std::vector<FaultRule> parse(const std::string& text) {
  return parse_fault_rules(text, known);
}

// The message of the ValidationError parsing `text` throws.
std::string rejection(const std::string& text) {
  try {
    parse(text);
  } catch (const ApiError& e) {
    CHECK(e.status() == 400);
    CHECK(e.type() == "ValidationError");
    return e.what();
  }
  FAIL("accepted: " << text);
  return "";
}

FaultFacts get(std::string_view path, std::string_view key = "demo-access-key") {
  return {FaultSite::request, "GET", path, key, std::nullopt};
}

} // namespace

TEST_CASE("glob patterns match paths with * and ?") {
  CHECK(glob_match("/v2/jobs/file/*", "/v2/jobs/file/abc"));
  CHECK(glob_match("/v2/jobs/file/*", "/v2/jobs/file/"));
  CHECK_FALSE(glob_match("/v2/jobs/file/*", "/v2/jobs/file"));
  CHECK(glob_match("/job_cache/*_2.ndjson", "/job_cache/5f1c_2.ndjson"));
  CHECK_FALSE(glob_match("/job_cache/*_2.ndjson", "/job_cache/5f1c_12.ndjson_"));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("/a?c", "/abc"));
  CHECK_FALSE(glob_match("/a?c", "/ac"));
  CHECK(glob_match("*a*a*a*a*b", std::string(40, 'a') + "b"));
  CHECK_FALSE(glob_match("*a*a*a*a*b", std::string(5000, 'a'))); // no exponential backtracking
}

TEST_CASE("a rule parses with defaults and shows what it will do") {
  const auto rules = parse(R"({"access_key": "demo-access-key", "path": "/v2/jobs/file/*",
                               "action": "respond", "status": 503,
                               "headers": {"Retry-After": "2"}, "body": "busy"})");
  REQUIRE(rules.size() == 1);
  const FaultRule& r = rules[0];
  CHECK(r.action == FaultAction::respond);
  CHECK(r.status == 503);
  CHECK(r.body == "busy");
  CHECK(r.content_type == "text/plain");
  CHECK(r.nth == 1);
  CHECK_FALSE(r.times);
  const auto shown = r.to_json();
  CHECK(shown["headers"]["Retry-After"] == "2");
  CHECK(shown["times"].is_null());
  CHECK(shown["access_key"] == "demo-access-key");
}

TEST_CASE("rule bodies: one rule, an array, or {rules: [...]}") {
  CHECK(parse(R"([{"global": true, "action": "close"}, {"global": true, "action": "close"}])")
            .size() == 2);
  CHECK(parse(R"({"rules": [{"global": true, "action": "hold_job"}]})").size() == 1);
  CHECK(parse(R"({"global": true, "action": "fail_job", "phase": "pending"})")[0].phase ==
        FailPhase::pending);
}

TEST_CASE("a bad rule is refused with the field that is wrong") {
  CHECK_THAT(rejection("not json"), Catch::Contains("(body)"));
  CHECK_THAT(rejection(R"({"global": true})"), Catch::StartsWith("action: missing"));
  CHECK_THAT(rejection(R"({"global": true, "action": "explode"})"),
             Catch::Contains("unknown action 'explode'"));
  CHECK_THAT(rejection(R"({"action": "close"})"), Catch::StartsWith("access_key: missing"));
  CHECK_THAT(rejection(R"({"access_key": "nobody", "action": "close"})"),
             Catch::Contains("no account with access key 'nobody'"));
  CHECK_THAT(rejection(R"({"access_key": "other", "global": true, "action": "close"})"),
             Catch::Contains("not both"));
  CHECK_THAT(rejection(R"({"global": true, "action": "respond"})"),
             Catch::StartsWith("status: missing"));
  CHECK_THAT(rejection(R"({"global": true, "action": "respond", "status": 700})"),
             Catch::StartsWith("status: must be from 100 to 599"));
  CHECK_THAT(rejection(R"({"global": true, "action": "close", "status": 500})"),
             Catch::StartsWith("status: does not apply to action close"));
  CHECK_THAT(rejection(R"({"global": true, "action": "close", "stauts": 500})"),
             Catch::StartsWith("stauts: unknown field"));
  CHECK_THAT(rejection(R"({"global": true, "action": "fail_job", "path": "/x"})"),
             Catch::StartsWith("path: does not apply to action fail_job"));
  CHECK_THAT(rejection(R"({"global": true, "action": "respond", "status": 500,
                           "headers": {"X-A": "a\r\nSet-Cookie: b"}})"),
             Catch::StartsWith("headers.X-A: must be one line"));
  CHECK_THAT(rejection(R"({"global": true, "action": "close", "probability": 0})"),
             Catch::StartsWith("probability: must be a number above 0"));
  CHECK_THAT(rejection(R"({"global": true, "action": "close", "nth": 0})"),
             Catch::StartsWith("nth: must be from 1"));
  CHECK_THAT(rejection(R"({"global": true, "action": "close", "path": "v2/jobs"})"),
             Catch::StartsWith("path: must start with '/'"));
  CHECK_THAT(rejection(R"({"global": true, "action": "sftp_late", "job_type": "search",
                           "delay_seconds": 5})"),
             Catch::StartsWith("job_type: sftp_late applies to match jobs only"));
  CHECK_THAT(rejection(R"({"rules": [{"global": true, "action": "close"}, {"global": 1,
                           "action": "close"}]})"),
             Catch::StartsWith("rules[1].global: must be true or false"));
  CHECK_THAT(rejection(R"([])"), Catch::Contains("holds no rule"));
}

TEST_CASE("a control-plane body that repeats a key is refused, naming it") {
  // The public API keeps the last of equal keys (Python's json); the mock's own settings do not
  // guess which one was meant.
  CHECK(rejection(R"({"action": "close", "action": "reset"})") ==
        "action: duplicate key; give each key once");
  CHECK(rejection(R"({"rules": [{"action": "close"}, {"action": "respond", "status": 503, )"
                  R"("status": 500}]})") == "rules[1].status: duplicate key; give each key once");
  CHECK(rejection(R"([{"action": "respond", "status": 503, "headers": {"A": "1", "A": "2"}}])") ==
        "[0].headers.A: duplicate key; give each key once");
  CHECK(parse(R"({"access_key": "demo-access-key", "action": "close", "times": 2})").size() == 1);
}

TEST_CASE("nth and times choose which matching requests a rule fires on") {
  FaultRules rules;
  rules.add(parse(R"({"access_key": "demo-access-key", "path": "/v2/jobs/file/*",
                      "action": "close", "nth": 2, "times": 2})"));
  CHECK_FALSE(rules.fire(get("/v2/jobs/file/a"))); // 1st: not yet
  CHECK_FALSE(rules.fire(get("/v2/jobs/file")));   // no match: not counted
  CHECK(rules.fire(get("/v2/jobs/file/b")));       // 2nd
  CHECK(rules.fire(get("/v2/jobs/file/c")));       // 3rd
  CHECK_FALSE(rules.fire(get("/v2/jobs/file/d"))); // expired
  const auto view = rules.list()[0];
  CHECK(view["id"] == "f1");
  CHECK(view["matched"] == 3);
  CHECK(view["fired"] == 2);
  CHECK(view["remaining"] == 0);
  CHECK(view["expired"] == true);
}

TEST_CASE("nth alone means that one request") {
  FaultRules rules;
  rules.add(parse(R"({"access_key": "demo-access-key", "action": "close", "nth": 3})"));
  int fired = 0;
  for (int i = 0; i < 10; ++i)
    fired += rules.fire(get("/v2/jobs/file")) ? 1 : 0;
  CHECK(fired == 1);
}

TEST_CASE("rules are per account unless global") {
  FaultRules rules;
  rules.add(parse(R"({"access_key": "other", "action": "close"})"));
  CHECK_FALSE(rules.fire(get("/v2/jobs/file", "demo-access-key")));
  CHECK(rules.fire(get("/v2/jobs/file", "other")));
  rules.add(parse(R"({"global": true, "action": "close", "method": "get"})"));
  CHECK(rules.fire(get("/v2/jobs/file", "demo-access-key"))->id == "f2");
  CHECK(rules.clear("other") == 1);
  CHECK(rules.list().size() == 1);
}

TEST_CASE("the first rule that fires acts; later ones do not count that request") {
  FaultRules rules;
  rules.add(parse(R"([{"global": true, "action": "close", "times": 1},
                      {"global": true, "action": "reset"}])"));
  CHECK(rules.fire(get("/x"))->action == FaultAction::close);
  CHECK(rules.fire(get("/x"))->action == FaultAction::reset);
  const auto views = rules.list();
  CHECK(views[1]["matched"] == 1);
}

TEST_CASE("sites keep download, submission and SFTP rules apart") {
  FaultRules rules;
  rules.add(parse(R"([{"global": true, "action": "truncate", "after_bytes": 10},
                      {"global": true, "action": "fail_job"},
                      {"global": true, "action": "sftp_drop"}])"));
  CHECK_FALSE(rules.fire(get("/v2/jobs/file")));
  CHECK(rules.fire({FaultSite::download, "GET", "/job_cache/x_1.ndjson", "", JobType::search})
            ->action == FaultAction::truncate);
  CHECK(rules.fire_all({FaultSite::submission, "POST", "/v2/jobs/file", "k", JobType::match})
            .size() == 1);
  CHECK(rules.fire({FaultSite::sftp, "", "/jobs/match/a.csv", "k", JobType::match})->action ==
        FaultAction::sftp_drop);
}

TEST_CASE("a probability with a seed fires the same way every run") {
  const auto pattern = [] {
    FaultRules rules;
    rules.add(parse(R"({"global": true, "action": "close", "probability": 0.3, "seed": 42})"));
    std::string fired;
    for (int i = 0; i < 200; ++i)
      fired += rules.fire(get("/x")) ? '1' : '0';
    return fired;
  };
  const std::string first = pattern();
  CHECK(first == pattern());
  const auto ones = std::count(first.begin(), first.end(), '1');
  CHECK(ones > 30);
  CHECK(ones < 90);
}

TEST_CASE("rules can be listed, fetched and removed by id") {
  FaultRules rules;
  const auto added = rules.add(parse(R"([{"global": true, "action": "close"},
                                          {"global": true, "action": "hold_job"}])"));
  CHECK(added[1]["id"] == "f2");
  CHECK(rules.view("f2")["action"] == "hold_job");
  CHECK(rules.view("f9").is_null());
  CHECK(rules.remove("f1"));
  CHECK_FALSE(rules.remove("f1"));
  CHECK(rules.clear() == 1);
  CHECK_FALSE(rules.fire(get("/x")));
}

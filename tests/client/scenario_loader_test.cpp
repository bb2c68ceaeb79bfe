#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "reonomy_client/scenario.hpp"

using namespace reonomy::client;
namespace fs = std::filesystem;

namespace {

// A folder of scenario files for one test, removed afterwards.
struct ScenarioDir {
  ScenarioDir()
      : root(fs::temp_directory_path() / ("reonomy-loader-test-" + std::to_string(::getpid()))) {
    fs::remove_all(root);
    fs::create_directories(root / "jobs");
  }
  ~ScenarioDir() { fs::remove_all(root); }
  fs::path write(const std::string& relative, const std::string& text) const {
    const auto path = root / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }
  fs::path root;
};

const std::string kValid = R"({
  "name": "a job is created",
  "description": "submits and looks",
  "covers": ["J3", "J4"],
  "tags": ["smoke"],
  "requires": ["mock-control"],
  "steps": [
    {"submit": {"job_type": "property-details",
                "file": {"name": "spec.json", "json": {"detail_type": ["basic"], "property_ids": ["51e2200a-5160-5ab1-8f98-20a17fedbb87"]}}},
     "expect": {"status": 201, "json": [{"pointer": "/status", "equals": null}]},
     "capture": {"job_id": "/id"}},
    {"get_job": {"id": "${job_id}"}, "expect": {"status": 200}},
    {"raw": {"method": "GET", "path": "/v2/jobs/file", "user_agent": false},
     "expect": {"status": 403, "error_type": "ForbiddenException"}, "name": "no UA"}
  ]
})";

// The error load_scenario gives for `text`, with `{STEP}` standing for a valid submit step.
std::string error_of(const std::string& text) {
  ScenarioDir dir;
  const auto file = dir.write("jobs/x.json", text);
  try {
    load_scenario(file, "jobs");
  } catch (const ScenarioError& e) {
    CHECK(e.file() == file.string());
    return e.where() + ": " +
           std::string(e.what()).substr(file.string().size() + 2 + e.where().size() + 2);
  }
  FAIL("the file was accepted: " << text);
  return "";
}

std::string with_step(const std::string& step, const std::string& extra_top = "",
                      const std::string& requires_ = "[]") {
  return R"({"name": "n", "covers": ["J1"], "requires": )" + requires_ + extra_top +
         R"(, "steps": [)" + step + "]}";
}

} // namespace

TEST_CASE("a valid scenario file loads with its steps, tags and captures", "[scenarios][loader]") {
  ScenarioDir dir;
  const auto file = dir.write("jobs/created.json", kValid);
  const Scenario s = load_scenario(file, "jobs");
  CHECK(s.name == "a job is created");
  CHECK(s.area == "jobs");
  CHECK(s.covers == std::vector<std::string>{"J3", "J4"});
  CHECK(s.tags == std::vector<std::string>{"smoke", "jobs"});
  CHECK(s.requires_ == std::vector<std::string>{"mock-control"});
  REQUIRE(s.steps.size() == 3);
  CHECK(s.steps[0].action == "submit");
  CHECK(s.steps[0].capture.at("job_id") == "/id");
  CHECK(s.steps[1].params["id"] == "${job_id}");
  CHECK(s.steps[2].name == "no UA");
}

TEST_CASE("load_scenarios reads every file, sorted, with the folder as area",
          "[scenarios][loader]") {
  ScenarioDir dir;
  dir.write("jobs/b.json", kValid);
  std::string other = kValid;
  other.replace(other.find("a job is created"), 16, "another scenario");
  dir.write("upload/a.json", other);
  const auto all = load_scenarios(dir.root);
  REQUIRE(all.size() == 2);
  CHECK(all[0].area == "jobs");
  CHECK(all[1].area == "upload");
  CHECK(all[1].name == "another scenario");
}

TEST_CASE("load_scenarios lists every invalid file at once", "[scenarios][loader]") {
  ScenarioDir dir;
  dir.write("jobs/ok.json", kValid);
  dir.write("jobs/bad1.json", "{\"name\": ");
  dir.write("jobs/bad2.json", with_step(R"({"sleep": {"seconds": 1}})", R"(, "colour": "red")"));
  try {
    load_scenarios(dir.root);
    FAIL("invalid files were accepted");
  } catch (const ScenarioError& e) {
    CHECK_THAT(e.what(), Catch::Contains("bad1.json: (file): not valid JSON"));
    CHECK_THAT(e.what(), Catch::Contains("bad2.json: colour: unknown key"));
  }
}

TEST_CASE("two scenarios with the same name are refused", "[scenarios][loader]") {
  ScenarioDir dir;
  dir.write("jobs/a.json", kValid);
  dir.write("jobs/b.json", kValid);
  CHECK_THROWS_WITH(load_scenarios(dir.root), Catch::Contains("is the name of another scenario"));
}

TEST_CASE("unknown keys are refused with the file and the key's path", "[scenarios][loader]") {
  CHECK_THAT(error_of(with_step(R"({"sleep": {"seconds": 1}})", R"(, "colour": "red")")),
             Catch::StartsWith("colour: unknown key"));
  CHECK_THAT(error_of(with_step(R"({"get_job": {"id": "x"}, "expect": {"statuss": 200}})")),
             Catch::StartsWith("steps[0].expect.statuss: unknown key"));
  CHECK_THAT(error_of(with_step(R"({"get_job": {"id": "x", "job": "y"}})")),
             Catch::StartsWith("steps[0].get_job.job: unknown key"));
  CHECK_THAT(error_of(with_step(R"({"get_job": {"id": "x"}, "note": "hi"})")),
             Catch::StartsWith("steps[0].note: unknown key"));
  CHECK_THAT(error_of(with_step(R"({"raw": {"path": "/", "headers": {"A": 1}}})")),
             Catch::StartsWith("steps[0].raw.headers.A: header values are strings"));
  CHECK_THAT(
      error_of(with_step(
          R"({"get_job": {"id": "x"}, "expect": {"json": [{"pointer": "/a", "equal": 1}]}})")),
      Catch::StartsWith("steps[0].expect.json[0].equal: unknown key"));
}

TEST_CASE("a number too large for a double is refused as invalid JSON, not thrown through",
          "[scenarios][loader]") {
  // Found by fuzz/scenario_loader: an unquoted id such as 51e2200a-... starts with the number
  // 51e2200, which nlohmann reports as out_of_range, not as a parse error.
  CHECK_THAT(
      error_of(R"({"name": "n", "covers": ["J1"], "steps": [{"sleep": {"seconds": 1e999}}]})"),
      Catch::StartsWith("(file): not valid JSON"));
  CHECK_THAT(error_of(R"({"property_ids": [51e2200a-5160-5ab1-8f98-20a17fedbb87"]})"),
             Catch::StartsWith("(file): not valid JSON"));
}

TEST_CASE("malformed scenarios are refused with what is wrong", "[scenarios][loader]") {
  CHECK_THAT(error_of("[1, 2]"), Catch::Contains("expected a JSON object"));
  CHECK_THAT(error_of(R"({"covers": ["J1"], "steps": [{"sleep": {"seconds": 1}}]})"),
             Catch::StartsWith("name: missing"));
  CHECK_THAT(error_of(R"({"name": "n", "covers": [], "steps": [{"sleep": {"seconds": 1}}]})"),
             Catch::StartsWith("covers: name the statements"));
  CHECK_THAT(error_of(R"({"name": "n", "covers": ["J-1"], "steps": [{"sleep": {"seconds": 1}}]})"),
             Catch::Contains("'J-1' is not a statement id"));
  CHECK_THAT(error_of(R"({"name": "n", "covers": ["J1"], "steps": []})"),
             Catch::StartsWith("steps: expected a non-empty list"));
  CHECK_THAT(error_of(with_step(R"({"sleep": {"seconds": 1}})", "", R"(["time-travel"])")),
             Catch::Contains("'time-travel' is not a capability"));
  CHECK_THAT(error_of(with_step(R"({"get_job": {"id": "x"}, "sleep": {"seconds": 1}})")),
             Catch::Contains("a step does one thing"));
  CHECK_THAT(error_of(with_step(R"({"expect": {"status": 200}})")), Catch::Contains("no action"));
  CHECK_THAT(error_of(with_step(R"({"advance_clock": {"seconds": 601}})")),
             Catch::Contains("must list \"manual-clock\" in requires"));
  CHECK_THAT(error_of(with_step(R"({"download": {"id": "x"}, "expect": {"status": 200}})")),
             Catch::Contains("status: does not apply to a download step"));
  CHECK_THAT(error_of(with_step(R"({"get_job": {"id": "x"}, "expect": {"record_count": 3}})")),
             Catch::Contains("record_count: does not apply to a get_job step"));
  CHECK_THAT(error_of(with_step(R"({"raw": {"path": "/", "url": "http://x/"}})")),
             Catch::Contains("exactly one of path"));
  CHECK_THAT(error_of(with_step(R"({"raw": {"path": "/", "body": "a", "body_json": {}}})")),
             Catch::Contains("at most one of body"));
  CHECK_THAT(error_of(with_step(R"({"submit": {"job_type": "search", "file": {"name": "a"}}})")),
             Catch::Contains("exactly one of content"));
  CHECK_THAT(
      error_of(with_step(
          R"({"submit": {"job_type": "search", "file": {"name": "a", "path": "nope.json"}}})")),
      Catch::Contains("cannot read"));
  CHECK_THAT(error_of(with_step(R"({"poll": {"id": "x", "until": []}})")),
             Catch::Contains("until: name the status"));
  CHECK_THAT(
      error_of(with_step(
          R"({"get_job": {"id": "x"}, "expect": {"json": [{"pointer": "a", "exists": true}]}})")),
      Catch::Contains("is not a JSON pointer"));
  CHECK_THAT(
      error_of(with_step(
          R"({"get_job": {"id": "x"}, "expect": {"json": [{"pointer": "/a", "matches": "("}]}})")),
      Catch::Contains("expected a regular expression"));
  CHECK_THAT(
      error_of(with_step(
          R"({"get_job": {"id": "x"}, "expect": {"json": [{"pointer": "/a", "type": "float"}]}})")),
      Catch::Contains("expected null, boolean"));
  CHECK_THAT(error_of(with_step(R"({"get_job": {"id": "x"}, "capture": {"1x": "/id"}})")),
             Catch::Contains("variable names are letters"));
  CHECK_THAT(error_of(with_step(R"({"sleep": {"seconds": 1}, "expect": {"status": 200}})")),
             Catch::Contains("has nothing to expect"));
  CHECK_THAT(error_of(with_step(R"({"sftp_list": {"path": "jobs/match"}})")),
             Catch::Contains("must list \"sftp\" in requires"));
  CHECK_THAT(error_of(with_step(R"({"sftp_get": {"path": "x", "port": 22}})", "", R"(["sftp"])")),
             Catch::Contains("steps[0].sftp_get.port: unknown key"));
  CHECK_THAT(error_of(with_step(R"({"raw": {"path": "/", "repeat": 0}})")),
             Catch::Contains("repeat: must be 1 to 100"));
}

TEST_CASE("a submit step may read its file next to the scenario or generate ids",
          "[scenarios][loader]") {
  ScenarioDir dir;
  dir.write("jobs/fixtures/a.csv", "Address1,City,State,Zip\n1 Main St,Town,NY,10001\n");
  const auto file = dir.write("jobs/m.json", with_step(R"({"submit": {"job_type": "match",
      "file": {"name": "a.csv", "path": "fixtures/a.csv"}, "metadata": {"headers": []}}},
      {"submit": {"job_type": "property-details", "file": {"name": "big.json",
      "generated": {"detail_type": ["basic"], "property_ids": 3}}}})"));
  const auto s = load_scenario(file, "jobs");
  CHECK(s.steps.size() == 2);
}

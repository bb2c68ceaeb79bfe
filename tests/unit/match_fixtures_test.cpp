#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "match/match_writer.hpp"
#include "match_test_support.hpp"

// The sample match jobs under fixtures/match/ against the default corpus (seed 1, 200,000
// entries). Each <name>.csv is an upload, <name>.metadata its metadata form field and
// <name>.expected.csv the result file. With REONOMY_UPDATE_MATCH_FIXTURES=1 in the environment
// the expected files are rewritten instead of compared (after a deliberate change to the corpus
// or the matcher; review the diff, the Expected columns are still checked).

using namespace reonomy::mock;
using namespace reonomy::mock::test;

namespace {

const std::filesystem::path kDir = std::filesystem::path(REONOMY_FIXTURES_DIR) / "match";

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

// The result of fixture `name`, checked against (or written to) its expected file.
std::vector<CsvRecord> run_fixture(const std::string& name) {
  INFO("fixtures/match/" << name);
  const MatchSpec spec =
      parse_match_spec(read_text(kDir / (name + ".metadata")), read_text(kDir / (name + ".csv")));
  const std::string result = write_match_result(spec, default_matcher());
  const auto expected_file = kDir / (name + ".expected.csv");
  if (std::getenv("REONOMY_UPDATE_MATCH_FIXTURES")) {
    std::ofstream(expected_file, std::ios::binary) << result;
  }
  CHECK(result == read_text(expected_file));

  CsvReader reader(result);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.next(record))
    records.push_back(record);
  REQUIRE(records.size() == spec.count + 1);
  return records;
}

std::string outcome(const CsvRecord& row) {
  return row.fields[2].empty() ? row.fields[1] : row.fields[1] + "/" + row.fields[2];
}

// Checks every row's status against the fixture's Expected column; returns the outcomes seen.
std::set<std::string> check_expected_column(const std::vector<CsvRecord>& records) {
  const auto& header = records.front().fields;
  const auto column = std::find(header.begin(), header.end(), "Expected");
  REQUIRE(column != header.end());
  const auto expected = static_cast<std::size_t>(column - header.begin());
  std::set<std::string> seen;
  for (std::size_t i = 1; i < records.size(); ++i) {
    INFO("line " << records[i].line << ": " << records[i].fields[4]);
    CHECK(outcome(records[i]) == records[i].fields[expected]);
    CHECK(records[i].fields[0].empty() == (records[i].fields[1] == "MISS"));
    seen.insert(records[i].fields[expected]);
  }
  return seen;
}

} // namespace

TEST_CASE("the documentation's address examples resolve to the documented ids",
          "[match_fixtures]") {
  for (const std::string name : {"documentation_addresses", "documentation_extra_columns"}) {
    const auto records = run_fixture(name);
    REQUIRE(records.size() == 3);
    CHECK(records[1].fields[0] == "19cd94b6-0b51-543d-bfc1-3ed3205d13ae");
    CHECK(records[2].fields[0] == "66258e65-0022-5af5-831e-22443f6dd854");
    for (std::size_t i = 1; i < records.size(); ++i) {
      CHECK(records[i].fields[1] == "OK");
      CHECK(records[i].fields[2].empty());
    }
  }
}

TEST_CASE("the documentation's coordinate example: the second point is 20 W 34th St",
          "[match_fixtures]") {
  const auto records = run_fixture("documentation_coordinates");
  REQUIRE(records.size() == 3);
  // The first point lies 188 m from the fixture's 767 3rd Ave, beyond the 50 m radius; the
  // default corpus has a generated property 2 m from it.
  CHECK(records[1].fields[0] != "19cd94b6-0b51-543d-bfc1-3ed3205d13ae");
  CHECK(records[1].fields[1] == "OK");
  CHECK(records[2].fields[0] == "66258e65-0022-5af5-831e-22443f6dd854");
  CHECK(records[2].fields[1] == "OK");
}

TEST_CASE("the address outcome fixture gives every status and miss reason it expects",
          "[match_fixtures]") {
  const auto seen = check_expected_column(run_fixture("every_address_outcome"));
  CHECK(seen == std::set<std::string>{"OK", "PARTIAL", "MISS/SFR", "MISS/Condo Property (SFR)",
                                      "MISS/MISSING", "MISS/Unrecognized address"});
}

TEST_CASE("the coordinate outcome fixture gives every status and miss reason it expects",
          "[match_fixtures]") {
  const auto seen = check_expected_column(run_fixture("every_coordinate_outcome"));
  CHECK(seen == std::set<std::string>{"OK", "MISS/SFR", "MISS/Condo Property (SFR)", "MISS/MISSING",
                                      "MISS/Unrecognized address"});
}

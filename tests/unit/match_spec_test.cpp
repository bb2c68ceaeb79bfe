#include <catch2/catch.hpp>

#include <string>

#include "core/api_error.hpp"
#include "specs/match_spec.hpp"

using namespace reonomy::mock;
using Json = nlohmann::json;

namespace {

// The metadata form field of the documentation's httpbin example, verbatim.
const std::string kDocMetadata =
    "{'headers':['Address1','City','State','Zip'],'mapping':{'address_line_1':'Address1',"
    "'address_city':'City','address_state':'State','address_postal':'Zip'}}";
// The file of the same example (no final line break).
const std::string kDocCsv =
    "Address1,City,State,Zip\n767 3rd Ave,New York,NY,10017\n20 W 34th St,New York,NY,10001";

const std::string kExtraColumnsMetadata =
    R"({"headers": ["FirstName", "LastName", "PhoneNumber", "Address1", "City", "State", "Zip",
                    "Country"],
        "mapping": {"address_line_1": "Address1", "address_city": "City",
                    "address_state": "State", "address_postal": "Zip"}})";
const std::string kExtraColumnsCsv =
    "FirstName,LastName,PhoneNumber,Address1,City,State,Zip,Country\n"
    "John,Doe,212-555-1212,767 3rd Ave,New York,NY,10017,USA\n"
    "Jane,Doe,212-555-1213,20 W 34th St,New York,NY,10001,USA\n";

const std::string kCoordinateMetadata =
    R"({"headers": ["Latitude", "Longitude"],
        "mapping": {"latitude": "Latitude", "longitude": "Longitude"}})";

ApiError rejection(const std::function<void()>& call) {
  try {
    call();
  } catch (const ApiError& e) {
    return e;
  }
  FAIL("accepted");
  throw std::logic_error("unreachable");
}

void check_metadata_rejected(const std::string& metadata, const std::string& path,
                             const std::string& detail) {
  INFO(metadata);
  const ApiError e = rejection([&] { parse_match_metadata(metadata); });
  CHECK(e.status() == 400);
  CHECK(e.type() == "ValidationError");
  CHECK_THAT(e.what(), Catch::StartsWith(path + ": ") && Catch::Contains(detail));
}

void check_csv_rejected(const std::string& csv, const std::string& detail,
                        const std::string& metadata = kDocMetadata) {
  INFO(csv.substr(0, 200));
  const ApiError e = rejection([&] { parse_match_spec(metadata, csv); });
  CHECK(e.status() == 400);
  CHECK(e.type() == "ValidationError");
  CHECK_THAT(e.what(), Catch::StartsWith("file: ") && Catch::Contains(detail));
}

std::string address_rows(std::size_t count) {
  std::string csv = "Address1,City,State,Zip\n";
  for (std::size_t i = 0; i < count; ++i)
    csv += std::to_string(i + 1) + " Broadway,New York,NY,10004\n";
  return csv;
}

} // namespace

TEST_CASE("the documentation's single-quoted metadata maps the four address columns",
          "[match_spec]") {
  const MatchMetadata m = parse_match_metadata(kDocMetadata);
  CHECK(m.headers == std::vector<std::string>{"Address1", "City", "State", "Zip"});
  CHECK(m.mapping.kind == MatchKind::address);
  CHECK(m.mapping.columns ==
        std::vector<std::pair<std::string, std::string>>{{"address_line_1", "Address1"},
                                                         {"address_city", "City"},
                                                         {"address_state", "State"},
                                                         {"address_postal", "Zip"}});
}

TEST_CASE("coordinate metadata maps latitude and longitude", "[match_spec]") {
  const MatchMetadata m = parse_match_metadata(kCoordinateMetadata);
  CHECK(m.mapping.kind == MatchKind::coordinates);
  CHECK(m.mapping.columns == std::vector<std::pair<std::string, std::string>>{
                                 {"latitude", "Latitude"}, {"longitude", "Longitude"}});
}

TEST_CASE("a column name with an apostrophe survives the Python form", "[match_spec]") {
  const MatchMetadata m = parse_match_metadata(
      "{'headers': [\"O'Brien St\", 'City', 'State', 'Zip'], 'mapping': {'address_line_1': "
      "'O\\'Brien St', 'address_city': 'City', 'address_state': 'State', 'address_postal': "
      "'Zip'}, 'labels': ['batch 1']}");
  CHECK(m.headers[0] == "O'Brien St");
  CHECK(m.mapping.columns[0].second == "O'Brien St");
}

TEST_CASE("metadata must be an object with only headers, mapping and labels", "[match_spec]") {
  check_metadata_rejected("", "metadata", "empty");
  check_metadata_rejected("['Address1']", "metadata", "expected an object");
  check_metadata_rejected("{'headers': ['a'}", "metadata", "not valid JSON or Python literal");
  check_metadata_rejected(
      R"({"headers": ["a"], "mapping": {}, "header": [], "columns": 1})", "metadata",
      R"(unknown keys "columns", "header"; allowed keys: headers, mapping, labels)");
  check_metadata_rejected(R"({"headers": ["Latitude", "Longitude"], "labels": "x",
                              "mapping": {"latitude": "Latitude", "longitude": "Longitude"}})",
                          "metadata.labels", "expected an array");
}

TEST_CASE("headers must be a non-empty array of distinct non-empty names", "[match_spec]") {
  const std::string mapping = R"("mapping": {"latitude": "a", "longitude": "b"})";
  check_metadata_rejected("{" + mapping + "}", "metadata.headers", "missing");
  check_metadata_rejected(R"({"headers": "a,b", )" + mapping + "}", "metadata.headers",
                          "expected an array of column names, got the string \"a,b\"");
  check_metadata_rejected(R"({"headers": [], )" + mapping + "}", "metadata.headers", "empty");
  check_metadata_rejected(R"({"headers": ["a", ""], )" + mapping + "}", "metadata.headers[1]",
                          "expected a non-empty column name");
  check_metadata_rejected(R"({"headers": ["a", 2], )" + mapping + "}", "metadata.headers[1]",
                          "got the number 2");
  check_metadata_rejected(R"({"headers": ["a", "b", "c", "b"], )" + mapping + "}",
                          "metadata.headers[3]", "\"b\" repeats metadata.headers[1]");
}

TEST_CASE("mapping must be exactly the address keys or latitude and longitude", "[match_spec]") {
  const std::string headers = R"({"headers": ["A", "C", "S", "Z", "Lat", "Lon"], )";
  check_metadata_rejected(headers + "}", "metadata.mapping", "missing");
  check_metadata_rejected(headers + R"("mapping": ["A"]})", "metadata.mapping",
                          "expected an object");
  check_metadata_rejected(headers + R"("mapping": {"address_line_1": "A", "address_city": "C",
                                       "state": "S", "address_postal": "Z"}})",
                          "metadata.mapping", "missing address_state; unexpected \"state\"");
  check_metadata_rejected(headers + R"("mapping": {"latitude": "Lat"}})", "metadata.mapping",
                          "missing longitude");
  check_metadata_rejected(headers + R"("mapping": {"latitude": "Lat", "longitude": "Lon",
                                       "address_line_1": "A"}})",
                          "metadata.mapping", "mixes address and coordinate keys");
  check_metadata_rejected(headers + R"("mapping": {}})", "metadata.mapping",
                          "missing address_line_1, address_city, address_state, address_postal");
}

TEST_CASE("every mapped column must be one of the headers", "[match_spec]") {
  check_metadata_rejected(
      R"({"headers": ["Address1", "City", "State", "Zip"],
          "mapping": {"address_line_1": "Address1", "address_city": "Town",
                      "address_state": "State", "address_postal": "Zip"}})",
      "metadata.mapping.address_city",
      R"("Town" is not one of metadata.headers ["Address1", "City", "State", "Zip"])");
  check_metadata_rejected(R"({"headers": ["Lat", "Lon"],
                              "mapping": {"latitude": "Lat", "longitude": 2}})",
                          "metadata.mapping.longitude", "expected a column name");
}

TEST_CASE("of two equal keys in the metadata the last wins, as in Python", "[match_spec]") {
  // Both the JSON and the single-quoted form: json.loads and a dict literal keep the last.
  const MatchSpec spec =
      parse_match_spec("{'headers': ['x'], 'headers': ['Latitude', 'Longitude'], "
                       "'mapping': {'address_line_1': 'x'}, 'mapping': {'latitude': 'Latitude', "
                       "'longitude': 'Longitude'}}",
                       "Latitude,Longitude\n40.7541,-73.9713\n");
  CHECK(spec.metadata.headers == std::vector<std::string>{"Latitude", "Longitude"});
  CHECK(metadata_json(spec)["mapping"] ==
        nlohmann::json::parse(R"({"latitude": "Latitude", "longitude": "Longitude"})"));
  // The later value is checked as any other.
  check_metadata_rejected(R"({"headers": ["a"], "headers": []})", "metadata.headers", "empty");
}

TEST_CASE("the documentation's address CSV is accepted and counted", "[match_spec]") {
  const MatchSpec spec = parse_match_spec(kDocMetadata, kDocCsv);
  CHECK(spec.count == 2);
  CHECK(spec.duplicate == 0);
  CHECK(spec.error_decoding_lines.empty());
  CHECK(spec.csv == kDocCsv);
}

TEST_CASE("the documentation's CSV with extra columns is accepted when headers list them all",
          "[match_spec]") {
  const MatchSpec spec = parse_match_spec(kExtraColumnsMetadata, kExtraColumnsCsv);
  CHECK(spec.count == 2);
  CHECK(spec.metadata.headers.size() == 8);
  CHECK(spec.metadata.mapping.columns[0] ==
        std::pair<std::string, std::string>{"address_line_1", "Address1"});
}

TEST_CASE("the documentation's coordinate CSV is accepted", "[match_spec]") {
  const MatchSpec spec = parse_match_spec(
      kCoordinateMetadata, "Latitude,Longitude\n40.7541851,-73.9735753\n40.748562,-73.9879465\n");
  CHECK(spec.count == 2);
  CHECK(spec.metadata.mapping.kind == MatchKind::coordinates);
}

TEST_CASE("a header row that differs from metadata.headers shows both", "[match_spec]") {
  check_csv_rejected("City,Address1,State,Zip\nNew York,767 3rd Ave,NY,10017\n",
                     R"(line 1: the header row ["City", "Address1", "State", "Zip"] does not )"
                     R"(match metadata.headers ["Address1", "City", "State", "Zip"])");
  check_csv_rejected(kExtraColumnsCsv, "does not match metadata.headers");
}

TEST_CASE("a byte order mark, CRLF and trailing blank lines are fine", "[match_spec]") {
  const MatchSpec spec = parse_match_spec(
      kDocMetadata, "\xEF\xBB\xBF"
                    "Address1,City,State,Zip\r\n767 3rd Ave,New York,NY,10017\r\n\r\n\r\n");
  CHECK(spec.count == 1);
}

TEST_CASE("a row with the wrong number of fields names its line and both counts", "[match_spec]") {
  check_csv_rejected("Address1,City,State,Zip\n"
                     "767 3rd Ave,New York,NY,10017\n"
                     "20 W 34th St,New York,NY\n",
                     "line 3 has 3 fields but the header row has 4");
  // Unquoted comma inside a value.
  check_csv_rejected("Address1,City,State,Zip\n"
                     "\"Suite 1\n767 3rd Ave\",New York,NY,10017\n"
                     "20 W 34th St, Floor 2,New York,NY,10001\n",
                     "line 4 has 5 fields but the header row has 4");
}

TEST_CASE("identical rows are counted as duplicates", "[match_spec]") {
  const MatchSpec spec =
      parse_match_spec(kDocMetadata, "Address1,City,State,Zip\n"
                                     "767 3rd Ave,New York,NY,10017\n"
                                     "20 W 34th St,New York,NY,10001\n"
                                     "767 3rd Ave,New York,NY,10017\n"
                                     "\"767 3rd Ave\",New York,NY,10017\n" // same values, quoted
                                     "767 3rd Ave,New York,NY,10018\n");
  CHECK(spec.count == 5);
  CHECK(spec.duplicate == 2);
}

TEST_CASE("rows that are not UTF-8 are counted and listed by line", "[match_spec]") {
  const MatchSpec spec = parse_match_spec(kDocMetadata, "Address1,City,State,Zip\n"
                                                        "1 Caf\xC3\xA9 Pl,New York,NY,10001\n"
                                                        "1 Caf\xE9 Pl,New York,NY,10001\n"
                                                        "\"2\nMain\",New York,NY,10002\n"
                                                        "3 Main\xFF,New York,NY,10003\n");
  CHECK(spec.count == 4);
  CHECK(spec.error_decoding_lines == std::vector<std::size_t>{3, 6});
}

TEST_CASE("a file without data rows is rejected", "[match_spec]") {
  check_csv_rejected("", "the CSV file is empty");
  check_csv_rejected("Address1,City,State,Zip\n\n", "no data rows after the header row");
}

TEST_CASE("a malformed CSV is rejected naming the line", "[match_spec]") {
  check_csv_rejected("Address1,City,State,Zip\n767 3rd Ave,New \"York\",NY,10017\n",
                     "line 2: malformed CSV");
  check_csv_rejected("Address1,City,State,Zip\n\"767 3rd Ave,New York,NY,10017\n",
                     "line 2: a quoted field is still open");
}

TEST_CASE("metadata errors come before CSV errors", "[match_spec]") {
  const ApiError e = rejection([] { parse_match_spec("{}", "garbage\"\n"); });
  CHECK_THAT(e.what(), Catch::StartsWith("metadata.headers: missing"));
}

TEST_CASE("100,000 data rows are accepted", "[match_spec][large]") {
  const MatchSpec spec = parse_match_spec(kDocMetadata, address_rows(100'000));
  CHECK(spec.count == 100'000);
  CHECK(spec.duplicate == 0);
}

TEST_CASE("100,001 data rows are rejected with the count", "[match_spec][large]") {
  check_csv_rejected(address_rows(100'001), "100,001 data rows; a match job takes at most 100,000");
}

TEST_CASE("metadata_json renders the job's metadata object", "[match_spec]") {
  const MatchSpec spec = parse_match_spec(
      kDocMetadata, kDocCsv + "\n767 3rd Ave,New York,NY,10017\n1 Caf\xE9,New York,NY,10001\n");
  const Json expected = Json::parse(R"({
    "count": 4, "duplicate": 1, "error_decoding_lines": [5],
    "headers": ["Address1", "City", "State", "Zip"], "labels": [],
    "mapping": {"address_line_1": "Address1", "address_city": "City",
                "address_state": "State", "address_postal": "Zip"}})");
  CHECK(metadata_json(spec) == expected);
}

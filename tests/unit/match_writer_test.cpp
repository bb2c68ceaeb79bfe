#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "match/match_writer.hpp"
#include "match_test_support.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::test;

namespace {

const std::string kAddressMetadata =
    R"({"headers": ["Address1", "City", "State", "Zip"], "mapping": {"address_line_1": "Address1",
    "address_city": "City", "address_state": "State", "address_postal": "Zip"}})";

const std::string kNotedMetadata =
    R"({"headers": ["Note", "Address1", "City", "State", "Zip"], "mapping": {"address_line_1":
    "Address1", "address_city": "City", "address_state": "State", "address_postal": "Zip"}})";

std::string result_of(const MatchSpec& spec) {
  return write_match_result(spec, small_matcher());
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

std::vector<CsvRecord> records_of(const std::string& text) {
  CsvReader reader(text);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.next(record))
    records.push_back(record);
  return records;
}

} // namespace

TEST_CASE("the result's header is reonomy_id, status, miss_reason, then every original header",
          "[match_writer]") {
  const MatchSpec spec = parse_match_spec(
      R"({"headers": ["FirstName", "LastName", "PhoneNumber", "Address1", "City", "State", "Zip",
      "Country"], "mapping": {"address_line_1": "Address1", "address_city": "City",
      "address_state": "State", "address_postal": "Zip"}})",
      "FirstName,LastName,PhoneNumber,Address1,City,State,Zip,Country\n"
      "John,Doe,212-555-1212,767 3rd Ave,New York,NY,10017,USA\n"
      "Jane,Doe,212-555-1213,20 W 34th St,New York,NY,10001,USA\n");
  const auto lines = lines_of(result_of(spec));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] ==
        "reonomy_id,status,miss_reason,FirstName,LastName,PhoneNumber,Address1,City,State,Zip,"
        "Country");
  CHECK(lines[1] == "19cd94b6-0b51-543d-bfc1-3ed3205d13ae,OK,,John,Doe,212-555-1212,767 3rd Ave,"
                    "New York,NY,10017,USA");
  CHECK(lines[2] == "66258e65-0022-5af5-831e-22443f6dd854,OK,,Jane,Doe,212-555-1213,20 W 34th St,"
                    "New York,NY,10001,USA");
}

TEST_CASE("MISS rows have no reonomy_id and OK or PARTIAL rows no miss_reason", "[match_writer]") {
  const MatchSpec spec = parse_match_spec(kAddressMetadata, "Address1,City,State,Zip\n"
                                                            "767 3rd Ave,New York,NY,\n"
                                                            "???,New York,NY,10017\n"
                                                            "1 Imaginary Ln,New York,NY,10017\n");
  const auto lines = lines_of(result_of(spec));
  REQUIRE(lines.size() == 4);
  CHECK(lines[1] == "19cd94b6-0b51-543d-bfc1-3ed3205d13ae,PARTIAL,,767 3rd Ave,New York,NY,");
  CHECK(lines[2] == ",MISS,Unrecognized address,???,New York,NY,10017");
  CHECK(lines[3] == ",MISS,MISSING,1 Imaginary Ln,New York,NY,10017");
}

TEST_CASE("original values come back byte for byte, quoted where they need it", "[match_writer]") {
  const std::string csv = "Note,Address1,City,State,Zip\r\n"
                          "\"Doe, Jane \"\"JD\"\"\",767 3rd Ave,New York,NY,10017\r\n"
                          "\"two\nlines\",\"20 W 34th St\",New York,NY,10001\r\n"
                          "\" padded \",767 3rd Ave,New York,NY,10017\r\n"
                          "caf\xC3\xA9,767 3rd Ave,,,10017\r\n";
  const MatchSpec spec = parse_match_spec(kNotedMetadata, csv);
  const std::string result = result_of(spec);
  CHECK(result.find("\"Doe, Jane \"\"JD\"\"\",767 3rd Ave,") != std::string::npos);
  CHECK(result.find(",\"two\nlines\",20 W 34th St,") != std::string::npos);
  CHECK(result.find(",\" padded \",") != std::string::npos);

  const auto input = records_of(csv);
  const auto output = records_of(result);
  REQUIRE(output.size() == input.size());
  for (std::size_t i = 0; i < input.size(); ++i) {
    INFO("record " << i);
    REQUIRE(output[i].fields.size() == input[i].fields.size() + 3);
    CHECK(std::vector<std::string>(output[i].fields.begin() + 3, output[i].fields.end()) ==
          input[i].fields);
  }
  CHECK(output[2].fields[1] == "OK");
  CHECK(output[4].fields[1] == "OK");
}

TEST_CASE("rows that are not valid UTF-8 are left out of the result", "[match_writer]") {
  const MatchSpec spec = parse_match_spec(kAddressMetadata, "Address1,City,State,Zip\n"
                                                            "767 3rd Ave,New York,NY,10017\n"
                                                            "767 3rd Ave,New York\xFF,NY,10017\n"
                                                            "20 W 34th St,New York,NY,10001\n");
  REQUIRE(spec.error_decoding_lines == std::vector<std::size_t>{3});
  const auto lines = lines_of(result_of(spec));
  REQUIRE(lines.size() == 3);
  CHECK(lines[1].starts_with("19cd94b6-0b51-543d-bfc1-3ed3205d13ae,OK,"));
  CHECK(lines[2].starts_with("66258e65-0022-5af5-831e-22443f6dd854,OK,"));
}

TEST_CASE("every line ends in CRLF whatever the upload used, and a BOM is not copied",
          "[match_writer]") {
  const MatchSpec spec = parse_match_spec(kAddressMetadata, "\xEF\xBB\xBF"
                                                            "Address1,City,State,Zip\n"
                                                            "767 3rd Ave,New York,NY,10017\r"
                                                            "20 W 34th St,New York,NY,10001");
  const std::string result = result_of(spec);
  CHECK(result.starts_with("reonomy_id,status,miss_reason,Address1,"));
  CHECK(result.ends_with("\r\n"));
  std::size_t breaks = 0;
  for (std::size_t i = 0; i < result.size(); ++i) {
    if (result[i] == '\n') {
      CHECK(result[i - 1] == '\r');
      ++breaks;
    }
  }
  CHECK(breaks == 3);
}

TEST_CASE("coordinate jobs are written the same way", "[match_writer]") {
  const MatchSpec spec =
      parse_match_spec("{'headers': ['Latitude', 'Longitude'], 'mapping': {'latitude': 'Latitude', "
                       "'longitude': 'Longitude'}}",
                       "Latitude,Longitude\n40.748562,-73.9879465\n91,0\n0,0\n");
  const auto lines = lines_of(result_of(spec));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "reonomy_id,status,miss_reason,Latitude,Longitude");
  CHECK(lines[1] == "66258e65-0022-5af5-831e-22443f6dd854,OK,,40.748562,-73.9879465");
  CHECK(lines[2] == ",MISS,Unrecognized address,91,0");
  CHECK(lines[3] == ",MISS,MISSING,0,0");
}

TEST_CASE("the same upload gives the same bytes, in any piece size", "[match_writer]") {
  std::string csv = "Note,Address1,City,State,Zip\n";
  const Corpus& corpus = small_corpus();
  for (std::size_t i = 0; i < 300; ++i) {
    const AddressView a = corpus.address(corpus.at(i * 61));
    csv += "\"row " + std::to_string(i) + ", quoted\"," + line_of(a) + "," + std::string(a.city) +
           "," + std::string(a.state) + "," + (i % 3 ? std::string(a.zip5) : "") + "\n";
  }
  const MatchSpec spec = parse_match_spec(kNotedMetadata, csv);
  const std::string whole = result_of(spec);
  CHECK(result_of(spec) == whole);
  CHECK(lines_of(whole).size() == 301);

  for (const std::size_t piece : {std::size_t{1}, std::size_t{100}, std::size_t{4096}}) {
    INFO("piece " << piece);
    MatchWriter writer(spec, small_matcher());
    std::string joined, buffer;
    std::size_t pieces = 0;
    while (true) {
      buffer.clear();
      if (!writer.fill(buffer, piece))
        break;
      ++pieces;
      joined += buffer;
      if (joined.size() < whole.size())
        CHECK(buffer.size() >= piece);
    }
    CHECK(joined == whole);
    CHECK(pieces > 0);
    buffer.clear();
    CHECK_FALSE(writer.fill(buffer, piece));
    CHECK(buffer.empty());
  }

  MatchWriter owning(spec, corpus);
  std::string buffer;
  while (owning.fill(buffer, buffer.size() + 1000)) {
  }
  CHECK(buffer == whole);
}

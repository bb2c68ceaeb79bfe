#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "match/csv_reader.hpp"

using namespace reonomy::mock;

namespace {

using Fields = std::vector<std::string>;

std::vector<CsvRecord> read_all(std::string_view text) {
  CsvReader reader(text);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.next(record))
    records.push_back(record);
  return records;
}

CsvError csv_error(std::string_view text) {
  try {
    read_all(text);
  } catch (const CsvError& e) {
    return e;
  }
  FAIL("the CSV was accepted");
  throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("records come with their fields and starting line", "[csv]") {
  const auto records = read_all("Address1,City,State,Zip\n"
                                "767 3rd Ave,New York,NY,10017\n"
                                "20 W 34th St,New York,NY,10001\n");
  REQUIRE(records.size() == 3);
  CHECK(records[0].fields == Fields{"Address1", "City", "State", "Zip"});
  CHECK(records[1].fields == Fields{"767 3rd Ave", "New York", "NY", "10017"});
  CHECK(records[2].fields == Fields{"20 W 34th St", "New York", "NY", "10001"});
  CHECK(records[0].line == 1);
  CHECK(records[1].line == 2);
  CHECK(records[2].line == 3);
  CHECK(records[2].valid_utf8);
}

TEST_CASE("quoted fields keep commas and doubled quotes", "[csv]") {
  const auto records = read_all("a,b\n\"Suite 5, Floor 2\",\"the \"\"Flatiron\"\"\"\n");
  REQUIRE(records.size() == 2);
  CHECK(records[1].fields == Fields{"Suite 5, Floor 2", "the \"Flatiron\""});
}

TEST_CASE("line numbers of later records count the line breaks inside quoted fields", "[csv]") {
  const auto records = read_all("name,note\n"
                                "a,\"one\ntwo\nthree\"\n"
                                "b,plain\n"
                                "\"multi\nline first\",x\n"
                                "c,y");
  REQUIRE(records.size() == 5);
  CHECK(records[1].fields == Fields{"a", "one\ntwo\nthree"});
  CHECK(records[1].line == 2);
  CHECK(records[2].line == 5);
  CHECK(records[3].fields == Fields{"multi\nline first", "x"});
  CHECK(records[3].line == 6);
  CHECK(records[4].fields == Fields{"c", "y"}); // no final line break
  CHECK(records[4].line == 8);
}

TEST_CASE("CRLF line ends are read like LF, and CRLF inside quotes is kept", "[csv]") {
  const auto records = read_all("a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n");
  REQUIRE(records.size() == 3);
  CHECK(records[0].fields == Fields{"a", "b"});
  CHECK(records[1].fields == Fields{"1", "x\r\ny"});
  CHECK(records[2].fields == Fields{"2", "z"});
  CHECK(records[2].line == 4);
}

TEST_CASE("a lone CR also ends a line", "[csv]") {
  const auto records = read_all("a,b\r1,2\r3,4");
  REQUIRE(records.size() == 3);
  CHECK(records[2].fields == Fields{"3", "4"});
  CHECK(records[2].line == 3);
}

TEST_CASE("a UTF-8 byte order mark at the start is skipped", "[csv]") {
  const auto records = read_all("\xEF\xBB\xBF"
                                "Latitude,Longitude\n40.7541851,-73.9735753\n");
  REQUIRE(records.size() == 2);
  CHECK(records[0].fields == Fields{"Latitude", "Longitude"});
  CHECK(records[0].line == 1);
  CHECK(records[0].valid_utf8);
}

TEST_CASE("empty lines are skipped but counted, including at the end", "[csv]") {
  const auto records = read_all("a,b\n\n1,2\r\n\r\n\n3,4\n\n\n");
  REQUIRE(records.size() == 3);
  CHECK(records[1].fields == Fields{"1", "2"});
  CHECK(records[1].line == 3);
  CHECK(records[2].line == 6);
}

TEST_CASE("spaces and empty fields are kept as written", "[csv]") {
  const auto records = read_all(" a , b ,\n,,\n\"\"\n");
  REQUIRE(records.size() == 3);
  CHECK(records[0].fields == Fields{" a ", " b ", ""});
  CHECK(records[1].fields == Fields{"", "", ""});
  CHECK(records[2].fields == Fields{""});
}

TEST_CASE("a record with bytes that are not UTF-8 is flagged, the others are not", "[csv]") {
  const auto records = read_all("a,b\n"
                                "Caf\xC3\xA9,1\n"
                                "Caf\xE9,2\n"             // Latin-1
                                "\"x\n\xED\xA0\x80\",3\n" // a surrogate, on the record's 2nd line
                                "ok,4\n");
  REQUIRE(records.size() == 5);
  CHECK(records[1].valid_utf8);
  CHECK_FALSE(records[2].valid_utf8);
  CHECK(records[2].fields[0] == "Caf\xE9");
  CHECK_FALSE(records[3].valid_utf8);
  CHECK(records[3].line == 4);
  CHECK(records[4].valid_utf8);
  CHECK(records[4].line == 6);
}

TEST_CASE("a stray quote in an unquoted field is an error naming its line", "[csv]") {
  const CsvError e = csv_error("a,b\n1,2\n3,4\"5\n");
  CHECK(e.line() == 3);
  CHECK_THAT(e.what(),
             Catch::StartsWith("line 3: malformed CSV") && Catch::Contains("double any quote"));
}

TEST_CASE("text after a closing quote is an error naming its line", "[csv]") {
  const CsvError e = csv_error("a,b\n\"x\ny\"z,2\n");
  CHECK(e.line() == 3);
  CHECK_THAT(e.what(), Catch::Contains("after a closing quote"));
}

TEST_CASE("a quote left open at the end names the line where its record starts", "[csv]") {
  const CsvError e = csv_error("a,b\n1,2\n3,\"open\nmore\nlines\n");
  CHECK(e.line() == 3);
  CHECK_THAT(e.what(), Catch::StartsWith("line 3: a quoted field is still open"));
}

TEST_CASE("the reader hands out one record at a time and then stays at the end", "[csv]") {
  CsvReader reader("x\n1\n");
  CsvRecord record;
  REQUIRE(reader.next(record));
  CHECK(record.fields == Fields{"x"});
  REQUIRE(reader.next(record));
  CHECK(record.fields == Fields{"1"});
  CHECK(record.line == 2);
  CHECK_FALSE(reader.next(record));
  CHECK_FALSE(reader.next(record));
  CsvReader empty("");
  CHECK_FALSE(empty.next(record));
}

TEST_CASE("write_csv_field quotes only when a value needs it", "[csv]") {
  const auto written = [](std::string_view value) {
    std::string out;
    write_csv_field(out, value);
    return out;
  };
  CHECK(written("767 3rd Ave") == "767 3rd Ave");
  CHECK(written("") == "");
  CHECK(written("New York, NY") == "\"New York, NY\"");
  CHECK(written("the \"Flatiron\"") == "\"the \"\"Flatiron\"\"\"");
  CHECK(written("a\nb") == "\"a\nb\"");
  CHECK(written("a\rb") == "\"a\rb\"");
  CHECK(written(" lead") == "\" lead\"");
  CHECK(written("trail ") == "\"trail \"");
  CHECK(written("O'Brien St") == "O'Brien St");
}

TEST_CASE("written fields read back unchanged", "[csv]") {
  const Fields values = {"plain", "with, comma", "\"quoted\"", "two\r\nlines", " padded ", ""};
  std::string csv;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0)
      csv.push_back(',');
    write_csv_field(csv, values[i]);
  }
  csv += "\r\n";
  const auto records = read_all(csv);
  REQUIRE(records.size() == 1);
  CHECK(records[0].fields == values);
}

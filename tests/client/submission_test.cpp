#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "reonomy_client/errors.hpp"
#include "reonomy_client/submission.hpp"

using namespace reonomy::client;
using nlohmann::json;

namespace {
const std::string kA = "51e2200a-5160-5ab1-8f98-20a17fedbb87";
const std::string kB = "60a041c1-06e9-5b56-9468-2d398b07de75";

json metadata_of(const Submission& s) {
  return json::parse(s.metadata.value());
}
} // namespace

TEST_CASE("an ids file becomes a property-details spec with the options given",
          "[client][submission]") {
  IdsSpecOptions options;
  options.detail_types = {"basic", "ownership"};
  add_updated(options, "ownership=2020-02-01");
  options.filter_pii = true;
  const auto s = property_details_from_ids("  " + kA + "\n\n" + kB + "\r\n", options);
  CHECK(s.job_type == "property-details");
  CHECK(s.filename == "property_ids.json");
  const auto spec = json::parse(s.content);
  CHECK(spec["detail_type"] == json{"basic", "ownership"});
  CHECK(spec["property_ids"] == json{kA, kB});
  CHECK(spec["updated"] == json{{"ownership", "2020-02-01"}});
  CHECK(spec["filters"] == json{{"filter_pii", true}});
  // `updated` filters: anything from none to all of them may come back.
  REQUIRE(s.expected_records);
  CHECK(s.expected_records->min == 0);
  CHECK(s.expected_records->max == 2);
}

TEST_CASE("without updated, exactly the distinct ids asked for are expected",
          "[client][submission]") {
  const auto s = property_details_from_spec(
      "spec.json", json{{"detail_type", {"basic"}}, {"property_ids", {kA, kB, kA}}}.dump());
  REQUIRE(s.expected_records);
  CHECK(s.expected_records->min == 2);
  CHECK(s.expected_records->max == 3);
  CHECK(s.filename == "spec.json");
}

TEST_CASE("one --updated date applies to every type", "[client][submission]") {
  IdsSpecOptions options;
  options.detail_types = {"basic"};
  add_updated(options, "2020-01-01");
  CHECK(json::parse(property_details_from_ids(kA, options).content)["updated"] == "2020-01-01");
}

TEST_CASE("bad ids, types and dates are usage errors naming the culprit", "[client][submission]") {
  IdsSpecOptions options;
  options.detail_types = {"basic"};
  CHECK_THROWS_WITH(property_details_from_ids(kA + "\nnot-an-id\n", options),
                    Catch::Contains("ids line 2: 'not-an-id' is not a property id"));
  CHECK_THROWS_WITH(property_details_from_ids("\n \n", options),
                    Catch::Contains("lists no property id"));
  options.detail_types = {"foreclosure"};
  CHECK_THROWS_WITH(property_details_from_ids(kA, options), Catch::Contains("not a detail type"));
  options.detail_types = {"basic"};
  options.updated = {{"sales", "2020-01-01"}};
  CHECK_THROWS_WITH(property_details_from_ids(kA, options),
                    Catch::Contains("sales is not among the --detail-type values"));
  CHECK_THROWS_AS(add_updated(options, "basic=2020/01/01"), UsageError);
  CHECK_THROWS_WITH(property_details_from_spec("s.json", "{\"detail_type\": [\"basic\"]}"),
                    Catch::Contains("property_ids must be a non-empty list"));
  CHECK_THROWS_WITH(property_details_from_spec("s.json", "{nope"),
                    Catch::Contains("not valid JSON"));
}

TEST_CASE("match columns are mapped from the documentation's names",
          "[client][submission][match]") {
  const auto s = match_from_csv("people.csv",
                                "FirstName,LastName,PhoneNumber,Address1,City,State,Zip,"
                                "Country\nJohn,Doe,1,767 3rd Ave,New York,NY,10017,USA\n",
                                {});
  CHECK(s.job_type == "match");
  const auto metadata = metadata_of(s);
  CHECK(metadata["headers"] == json{"FirstName", "LastName", "PhoneNumber", "Address1", "City",
                                    "State", "Zip", "Country"});
  CHECK(metadata["mapping"] == json{{"address_line_1", "Address1"},
                                    {"address_city", "City"},
                                    {"address_state", "State"},
                                    {"address_postal", "Zip"}});
}

TEST_CASE("match columns are mapped from common spellings and coordinates",
          "[client][submission][match]") {
  auto metadata = metadata_of(
      match_from_csv("a.csv", "\xEF\xBB\xBF\"Street Address\",town,ST,Postal Code\n", {}));
  CHECK(metadata["mapping"] == json{{"address_line_1", "Street Address"},
                                    {"address_city", "town"},
                                    {"address_state", "ST"},
                                    {"address_postal", "Postal Code"}});
  metadata = metadata_of(match_from_csv("l.csv", "Name,Lat,Lng\nA,40.7,-73.9\n", {}));
  CHECK(metadata["mapping"] == json{{"latitude", "Lat"}, {"longitude", "Lng"}});
}

TEST_CASE("explicit --map pairs override and complete the guess", "[client][submission][match]") {
  const auto metadata = metadata_of(
      match_from_csv("a.csv", "Address,Street,City,State,Zip\n", {{"address_line_1", "Street"}}));
  CHECK(metadata["mapping"]["address_line_1"] == "Street");
  CHECK(metadata["mapping"]["address_city"] == "City");
}

TEST_CASE("ambiguous or impossible mappings are clear usage errors",
          "[client][submission][match]") {
  CHECK_THROWS_WITH(
      match_from_csv("a.csv", "Address,Street,City,State,Zip\n", {}),
      Catch::Contains("address_line_1 is ambiguous: columns 'Address', 'Street' all fit"));
  CHECK_THROWS_WITH(match_from_csv("a.csv", "Address1,City,State,Zip,Latitude,Longitude\n", {}),
                    Catch::Contains("both address columns and latitude/longitude columns"));
  CHECK_THROWS_WITH(match_from_csv("a.csv", "Address1,City,Zip\n", {}),
                    Catch::Contains("no column for address_state"));
  CHECK_THROWS_WITH(
      match_from_csv("a.csv", "Address1,City,State,Zip\n", {{"address_city", "Town"}}),
      Catch::Contains("no column 'Town'"));
  CHECK_THROWS_WITH(match_from_csv("a.csv", "Address1,City,State,Zip\n", {{"street", "City"}}),
                    Catch::Contains("street is not an API parameter"));
  CHECK_THROWS_WITH(match_from_csv("a.csv", "Address1,City,State,Zip,Lat,Lon\n",
                                   {{"latitude", "Lat"}, {"address_city", "City"}}),
                    Catch::Contains("mixes address and latitude/longitude"));
  CHECK_THROWS_WITH(match_from_csv("a.csv", "Address1,City,State,Zip\n", {{"address_city", "Zip"}}),
                    Catch::Contains("'Zip' is mapped to two parameters"));
  CHECK_THROWS_WITH(match_from_csv("a.csv", "", {}), Catch::Contains("no header row"));
}

TEST_CASE("a search settings file must be {\"settings\": {...}}", "[client][submission]") {
  const auto s = search_from_settings("s.json", R"({"settings": {"state": ["NY"]}})");
  CHECK(s.job_type == "search");
  CHECK_FALSE(s.metadata);
  CHECK_THROWS_WITH(search_from_settings("s.json", R"({"state": ["NY"]})"),
                    Catch::Contains("expected {\"settings\": {...}}"));
}

TEST_CASE("csv_header reads quoted names", "[client][submission][match]") {
  CHECK(csv_header("\"a,b\",\"say \"\"hi\"\"\",c\r\n1,2,3") ==
        std::vector<std::string>{"a,b", "say \"hi\"", "c"});
}

#include <catch2/catch.hpp>

#include "core/api_error.hpp"
#include "specs/search_spec.hpp"

using namespace reonomy::mock;

namespace {

void check_rejected(const std::string& json, const std::string& path, const std::string& detail) {
  INFO(json);
  try {
    parse_search_spec(json);
    FAIL("accepted");
  } catch (const ApiError& e) {
    CHECK(e.status() == 400);
    CHECK(e.type() == "ValidationError");
    CHECK_THAT(e.what(), Catch::StartsWith(path + ": ") && Catch::Contains(detail));
  }
}

} // namespace

TEST_CASE("the documentation's search spec reads as two list filters and a range",
          "[search_spec]") {
  const SearchSpec spec = parse_search_spec(R"({
    "settings": {
      "city": [
        "New York"
      ],
      "state": [
        "NY"
      ],
      "building_area": {
        "min": 100000
      }
    }
  })");
  CHECK(spec.list_filters.size() == 2);
  CHECK(spec.list_filters.at("city") == std::vector<std::string>{"New York"});
  CHECK(spec.list_filters.at("state") == std::vector<std::string>{"NY"});
  REQUIRE(spec.range_filters.count("building_area") == 1);
  CHECK(spec.range_filters.at("building_area").min == 100000.0);
  CHECK_FALSE(spec.range_filters.at("building_area").max.has_value());
}

TEST_CASE("every supported filter is read", "[search_spec]") {
  const SearchSpec spec = parse_search_spec(R"({"settings": {
    "city": ["New York", "Brooklyn"], "state": ["NY"], "zip_codes": ["10017", "10001"],
    "asset_category": ["office"], "building_area": {"min": 1000, "max": 5000.5},
    "year_built": {"max": 1950}, "lot_size_sqft": {"min": 0}, "total_units": {"min": 2, "max": 2},
    "sales_price": {"min": -1e3}}})");
  CHECK(spec.list_filters.at("city") == std::vector<std::string>{"New York", "Brooklyn"});
  CHECK(spec.list_filters.at("zip_codes").size() == 2);
  CHECK(spec.list_filters.at("asset_category") == std::vector<std::string>{"office"});
  CHECK(spec.range_filters.at("building_area").max == 5000.5);
  CHECK(spec.range_filters.at("year_built").max == 1950.0);
  CHECK_FALSE(spec.range_filters.at("year_built").min.has_value());
  CHECK(spec.range_filters.at("total_units").min == 2.0);
  CHECK(spec.range_filters.at("sales_price").min == -1000.0);
  CHECK(spec.range_filters.size() == 5);
}

TEST_CASE("empty settings select everything", "[search_spec]") {
  const SearchSpec spec = parse_search_spec(R"({"settings": {}})");
  CHECK(spec.list_filters.empty());
  CHECK(spec.range_filters.empty());
}

TEST_CASE("a file that is not a JSON object with settings is rejected", "[search_spec]") {
  check_rejected("", "(file)", "the file is empty");
  check_rejected(R"({"settings": )", "(file)", "not valid JSON");
  check_rejected(R"({'settings': {}})", "(file)", "json.dumps");
  check_rejected(R"([{"settings": {}}])", "(file)", "expected a JSON object with settings");
  check_rejected(R"({"city": ["New York"]})", "(file)",
                 R"(unknown key "city"; the body takes settings and limit (filters go under )"
                 R"(settings)");
  check_rejected(R"({"settings": ["city"]})", "settings", "expected an object of filters");
  check_rejected(R"({"settings": {"building_area": {"min": 1e999}}})", "(file)", "overflow");
}

TEST_CASE("a search file of only whitespace is called that, not empty", "[search_spec]") {
  check_rejected(std::string(200'000, ' ') + "\n\r\n\t", "(file)",
                 "the file holds only whitespace (200,004 bytes of spaces, tabs or line breaks)");
  check_rejected(" ", "(file)", "the file holds only whitespace (1 byte of");
}

TEST_CASE("a search file takes what POST /v2/search/summaries takes, limit included",
          "[search_spec]") {
  // doc: the file "is exactly the same as ... the POST /v2/search/summaries request body ... copy
  // the request body into a file". The job returns every match, so limit is checked and ignored.
  const std::string copied =
      R"({"settings": {"city": ["New York"], "state": ["NY"]}, "limit": 100})";
  const SearchSpec spec = parse_search_spec(copied);
  CHECK(spec.list_filters.at("city") == std::vector<std::string>{"New York"});
  CHECK(spec.list_filters.at("state") == std::vector<std::string>{"NY"});
  const SearchRequest request = parse_search_request(copied, "(body)");
  CHECK(request.limit == 100u);
  CHECK(request.settings == nlohmann::json::parse(R"({"city": ["New York"], "state": ["NY"]})"));
  CHECK(parse_search_spec(R"({"limit": 10000})").list_filters.empty()); // no settings: everything
  CHECK(parse_search_spec(R"({})").range_filters.empty());
  CHECK_FALSE(parse_search_request(R"({"settings": {}})", "(body)").limit.has_value());
  // What summaries refuses, a job refuses, with the same message.
  for (const char* bad :
       {R"({"settings": {}, "limit": 0})", R"({"settings": {}, "limit": 10001})",
        R"({"settings": {}, "limit": "10"})", R"({"settings": {}, "limit": 1.5})"})
    check_rejected(bad, "limit", "must be an integer from 1 to 10000");
}

TEST_CASE("mortgage_origination_date takes a range of YYYY-MM-DD dates", "[search_spec]") {
  using namespace std::chrono;
  const SearchSpec spec = parse_search_spec(
      R"({"settings": {"mortgage_origination_date": {"min": "2015-01-01", "max": "2019-12-31"}}})");
  const DateRangeFilter& range = spec.date_filters.at("mortgage_origination_date");
  CHECK(range.min == sys_days{year{2015} / 1 / 1});
  CHECK(range.max == sys_days{year{2019} / 12 / 31});
  CHECK_FALSE(
      parse_search_spec(R"({"settings": {"mortgage_origination_date": {"max": "2020-02-29"}}})")
          .date_filters.at("mortgage_origination_date")
          .min.has_value());
  check_rejected(R"({"settings": {"mortgage_origination_date": "2015-01-01"}})",
                 "settings.mortgage_origination_date", "expected an object with min and/or max");
  check_rejected(R"({"settings": {"mortgage_origination_date": {"min": 2015}}})",
                 "settings.mortgage_origination_date.min",
                 "expected a real YYYY-MM-DD date, got the number 2015");
  check_rejected(R"({"settings": {"mortgage_origination_date": {"min": "2021-02-29"}}})",
                 "settings.mortgage_origination_date.min", "expected a real YYYY-MM-DD date");
  check_rejected(R"({"settings": {"mortgage_origination_date": {}}})",
                 "settings.mortgage_origination_date", "give min, max or both");
  check_rejected(
      R"({"settings": {"mortgage_origination_date": {"min": "2020-01-02", "max": "2020-01-01"}}})",
      "settings.mortgage_origination_date", "is later than max");
}

TEST_CASE("an unknown filter lists the supported ones", "[search_spec]") {
  check_rejected(R"({"settings": {"city": ["New York"], "county": ["Kings"]}})", "settings.county",
                 "unknown filter; supported filters: city, state, zip_codes, asset_category "
                 "(lists of strings); building_area, year_built, lot_size_sqft, total_units, "
                 "sales_price (ranges with min and/or max); mortgage_origination_date (ranges "
                 "of YYYY-MM-DD dates)");
}

TEST_CASE("list filters take at least one non-empty string", "[search_spec]") {
  check_rejected(R"({"settings": {"city": "New York"}})", "settings.city",
                 "expected an array of strings");
  check_rejected(R"({"settings": {"state": []}})", "settings.state",
                 "empty; give at least one value");
  check_rejected(R"({"settings": {"state": ["NY", ""]}})", "settings.state[1]",
                 "expected a non-empty string, got the string \"\"");
  check_rejected(R"({"settings": {"zip_codes": [10017]}})", "settings.zip_codes[0]",
                 "got the number 10017");
  check_rejected(R"({"settings": {"city": [null]}})", "settings.city[0]", "got null");
}

TEST_CASE("range filters take finite min and/or max with min <= max", "[search_spec]") {
  check_rejected(R"({"settings": {"building_area": 100000}})", "settings.building_area",
                 "expected an object with min and/or max");
  check_rejected(R"({"settings": {"building_area": {}}})", "settings.building_area",
                 "give min, max or both");
  check_rejected(R"({"settings": {"building_area": {"minimum": 5}}})", "settings.building_area",
                 R"("minimum" is not a range bound)");
  check_rejected(R"({"settings": {"year_built": {"min": "1950"}}})", "settings.year_built.min",
                 "expected a finite number, got the string \"1950\"");
  check_rejected(R"({"settings": {"year_built": {"max": true}}})", "settings.year_built.max",
                 "got true");
  check_rejected(R"({"settings": {"total_units": {"min": 10, "max": 2}}})", "settings.total_units",
                 "min 10 is greater than max 2");
}

TEST_CASE("of two equal keys in a search file the last wins, as in Python's json",
          "[search_spec]") {
  CHECK(parse_search_spec(R"({"settings": {"city": ["A"], "city": ["B"]}})")
            .list_filters.at("city") == std::vector<std::string>{"B"});
  CHECK(parse_search_spec(R"({"settings": {"building_area": {"min": 1, "min": 2}}})")
            .range_filters.at("building_area")
            .min == 2.0);
  // The earlier value is dropped whole, so its errors do not count.
  const SearchSpec spec = parse_search_spec(
      R"({"settings": {"county": ["Kings"]}, "limit": 0, "settings": {"state": ["NY"]}, "limit": 5})");
  CHECK(spec.list_filters.at("state") == std::vector<std::string>{"NY"});
  CHECK(spec.list_filters.size() == 1);
  // And the later value's errors do.
  check_rejected(R"({"settings": {"state": ["NY"]}, "settings": {"state": []}})", "settings.state",
                 "empty");
}

TEST_CASE("a file nested 100,000 deep is refused at 32 levels, in linear time", "[search_spec]") {
  // Found by the abuse tests: a path string was built for every level, so the cost grew with
  // the square of the depth (a 100,000-deep file took minutes and gigabytes).
  const std::size_t depth = 100'000;
  const std::string deep =
      "{\"settings\": " + std::string(depth, '[') + std::string(depth, ']') + "}";
  try {
    parse_search_spec(deep);
    FAIL("accepted");
  } catch (const ApiError& e) {
    CHECK(e.type() == "ValidationError");
    CHECK_THAT(e.what(), Catch::StartsWith("(file): nested more than 32 levels deep"));
  }
}

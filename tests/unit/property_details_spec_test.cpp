#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "core/api_error.hpp"
#include "core/time_format.hpp"
#include "specs/property_details_spec.hpp"

using namespace reonomy::mock;
using namespace std::chrono;

namespace {

// The documentation's sample job spec: basic and ownership for 10 properties.
const std::string kDocSample = R"({
"detail_type": [
"basic",
"ownership"
],
"property_ids": [
"51e2200a-5160-5ab1-8f98-20a17fedbb87",
"60a041c1-06e9-5b56-9468-2d398b07de75",
"6ea9347d-5cff-59db-81ef-3713478b510f",
"e8381345-31be-5d87-b397-e3f9e72106a6",
"8cded838-df59-5d20-aef0-f1841dcbc757",
"1998456b-0a01-50b5-864e-6147f755c2a3",
"c41df528-67af-5555-8778-438c78b3bd08",
"0665d470-30e0-5f28-aee7-4a96fa2128bb",
"39af0b74-cf53-52d6-bc9b-8748890c3141",
"5eb81ab6-a086-5d78-a94a-8d2dd89f9955"
],
"updated": {
"basic": "2020-01-01",
"ownership": "2020-02-01"
},
"filters": {
"filter_pii": true
}
})";

constexpr const char* kId0 = "51e2200a-5160-5ab1-8f98-20a17fedbb87";
constexpr const char* kId1 = "60a041c1-06e9-5b56-9468-2d398b07de75";

std::string ids_json(std::size_t count) {
  std::string out = R"({"detail_type": ["basic"], "property_ids": [)";
  out.reserve(out.size() + count * 39 + 8);
  char id[48]; // room for any size_t: GCC checks the bound in sanitizer builds
  for (std::size_t i = 0; i < count; ++i) {
    std::snprintf(id, sizeof id, "\"00000000-0000-4000-8000-%012zu\"", i);
    if (i > 0)
      out.push_back(',');
    out += id;
  }
  return out + "]}";
}

ApiError spec_error(const std::string& json) {
  try {
    parse_property_details_spec(json);
  } catch (const ApiError& e) {
    return e;
  }
  FAIL("the spec was accepted: " << json.substr(0, 200));
  throw std::logic_error("unreachable");
}

// Every rejection is a 400 ValidationError whose message starts with the field's path.
void check_rejected(const std::string& json, const std::string& path, const std::string& detail) {
  INFO(json.substr(0, 300));
  const ApiError e = spec_error(json);
  CHECK(e.status() == 400);
  CHECK(e.type() == "ValidationError");
  CHECK_THAT(e.what(), Catch::StartsWith(path + ": ") && Catch::Contains(detail));
}

std::string with_ids(const std::string& rest) {
  return R"({"property_ids": [")" + std::string(kId0) + R"("], )" + rest + "}";
}

} // namespace

TEST_CASE("the documentation's 10-id sample with updated and filters is accepted", "[pd_spec]") {
  const PropertyDetailsSpec spec = parse_property_details_spec(kDocSample);
  CHECK(spec.detail_types == std::vector<DetailType>{DetailType::basic, DetailType::ownership});
  REQUIRE(spec.property_ids.size() == 10);
  CHECK(to_string(spec.property_ids[0]) == kId0);
  CHECK(to_string(spec.property_ids[9]) == "5eb81ab6-a086-5d78-a94a-8d2dd89f9955");
  CHECK(spec.updated[std::size_t(DetailType::basic)] == year{2020} / 1 / 1);
  CHECK(spec.updated[std::size_t(DetailType::ownership)] == year{2020} / 2 / 1);
  CHECK_FALSE(spec.updated[std::size_t(DetailType::sales)].has_value());
  CHECK(spec.has_updated_filter());
  CHECK(spec.filter_pii);
}

TEST_CASE("the Python sample without updated and filters has neither", "[pd_spec]") {
  const PropertyDetailsSpec spec =
      parse_property_details_spec(R"({"detail_type": ["basic", "ownership"], "property_ids": [")" +
                                  std::string(kId0) + R"(", ")" + kId1 + R"("]})");
  CHECK(spec.property_ids.size() == 2);
  CHECK(to_string(spec.property_ids[1]) == kId1);
  CHECK_FALSE(spec.has_updated_filter());
  CHECK_FALSE(spec.filter_pii);
}

TEST_CASE("updated as one date applies to every requested type and no other", "[pd_spec]") {
  const PropertyDetailsSpec spec = parse_property_details_spec(
      with_ids(R"("updated": "2018-01-01", "detail_type": ["sales", "taxes"])"));
  CHECK(spec.updated[std::size_t(DetailType::sales)] == year{2018} / 1 / 1);
  CHECK(spec.updated[std::size_t(DetailType::taxes)] == year{2018} / 1 / 1);
  CHECK_FALSE(spec.updated[std::size_t(DetailType::basic)].has_value());
}

TEST_CASE("detail types keep their order and key order does not matter", "[pd_spec]") {
  const PropertyDetailsSpec spec = parse_property_details_spec(with_ids(
      R"("filters": {"filter_pii": false}, "updated": {"tenants": "2021-12-31"},
         "detail_type": ["tenants", "reported_owner", "mortgages"])"));
  CHECK(spec.detail_types == std::vector<DetailType>{DetailType::tenants,
                                                     DetailType::reported_owner,
                                                     DetailType::mortgages});
  CHECK(spec.updated[std::size_t(DetailType::tenants)] == year{2021} / 12 / 31);
  CHECK_FALSE(spec.filter_pii);
}

TEST_CASE("detail type names round-trip and unknown names do not parse", "[pd_spec]") {
  for (std::string_view name : kDetailTypeNames) {
    const auto type = parse_detail_type(name);
    REQUIRE(type.has_value());
    CHECK(to_string(*type) == name);
  }
  CHECK(to_string(DetailType::reported_owner) == "reported_owner");
  CHECK_FALSE(parse_detail_type("Basic"));
  CHECK_FALSE(parse_detail_type("owner"));
}

TEST_CASE("exactly 1,000,000 ids are accepted", "[pd_spec][large]") {
  const PropertyDetailsSpec spec = parse_property_details_spec(ids_json(1'000'000));
  REQUIRE(spec.property_ids.size() == 1'000'000);
  CHECK(to_string(spec.property_ids.back()) == "00000000-0000-4000-8000-000000999999");
  // The upper-bound reservation must not have overshot by more than the JSON's slack.
  CHECK(spec.property_ids.capacity() < 1'100'000);
}

TEST_CASE("1,000,001 ids are rejected with the count sent", "[pd_spec][large]") {
  check_rejected(ids_json(1'000'001), "property_ids", "1,000,001 ids sent");
}

TEST_CASE("a file that is not a JSON object is rejected as (file)", "[pd_spec]") {
  check_rejected("", "(file)", "empty");
  check_rejected("  \n", "(file)", "the file holds only whitespace (3 bytes");
  check_rejected(R"({"detail_type": ["basic"])", "(file)", "not valid JSON");
  check_rejected(R"(["basic"])", "(file)", "expected a JSON object");
  check_rejected("42", "(file)", "got the number 42");
  check_rejected(kDocSample + " x", "(file)", "not valid JSON");
  check_rejected(kDocSample + "{}", "(file)", "not valid JSON");
}

TEST_CASE("a single-quoted Python dict, as the httpbin example shows, gets a json.dumps hint",
          "[pd_spec]") {
  check_rejected("{'detail_type': ['basic'],'property_ids': "
                 "['1372eae1-228e-5901-9eb6-919cf676731c'],'updated': '2018-01-01'}",
                 "(file)", "json.dumps");
}

TEST_CASE("unknown top-level keys are all named with the allowed keys", "[pd_spec]") {
  check_rejected(
      with_ids(R"("detail_types": ["basic"], "limit": {"a": [1, 2]}, "detail_type": ["basic"])"),
      "(file)",
      R"(unknown keys "detail_types", "limit"; allowed keys: detail_type, )"
      "property_ids, updated, filters");
  check_rejected(with_ids(R"("detail_type": ["basic"], "job_type": "property-details")"), "(file)",
                 R"(unknown key "job_type")");
}

TEST_CASE("missing detail_type or property_ids is named", "[pd_spec]") {
  check_rejected(with_ids(R"("filters": {})"), "detail_type", "missing");
  check_rejected(R"({"detail_type": ["basic"]})", "property_ids", "missing");
}

TEST_CASE("detail_type must be a non-empty array of distinct known names", "[pd_spec]") {
  check_rejected(with_ids(R"("detail_type": "basic")"), "detail_type",
                 R"(expected an array of detail type names)");
  check_rejected(with_ids(R"("detail_type": null)"), "detail_type", "got null");
  check_rejected(with_ids(R"("detail_type": [])"), "detail_type", "empty");
  check_rejected(with_ids(R"("detail_type": ["basic", "owners"])"), "detail_type[1]",
                 R"("owners" is not a detail type; use one of basic, mortgages, ownership, )"
                 "reported_owner, sales, taxes, tenants");
  check_rejected(with_ids(R"("detail_type": ["basic", "sales", "basic"])"), "detail_type[2]",
                 R"("basic" is listed twice (also at detail_type[0]))");
  check_rejected(with_ids(R"("detail_type": ["basic", 7])"), "detail_type[1]", "got the number 7");
  check_rejected(with_ids(R"("detail_type": [["basic"]])"), "detail_type[0]", "got an array");
}

TEST_CASE("property_ids must be a non-empty array of UUID strings", "[pd_spec]") {
  const std::string types = R"({"detail_type": ["basic"], )";
  check_rejected(types + R"("property_ids": ")" + kId0 + R"("})", "property_ids",
                 "expected an array of property id strings, got the string");
  check_rejected(types + R"("property_ids": []})", "property_ids", "empty");
  check_rejected(types + R"("property_ids": [")" + kId0 + R"(", "not-a-uuid"]})", "property_ids[1]",
                 R"("not-a-uuid" is not a property id)");
  check_rejected(types + R"("property_ids": [")" + kId0 + R"(", ")" + kId1 + R"(", {"id": 1}]})",
                 "property_ids[2]", "got an object");
  check_rejected(types + R"("property_ids": [12345]})", "property_ids[0]", "got the number 12345");
  check_rejected(types + R"("property_ids": ["51e2200a51605ab18f9820a17fedbb87"]})",
                 "property_ids[0]", "51e2200a51605ab18f9820a17fedbb87");
}

TEST_CASE("a long bad value is cut short in the message", "[pd_spec]") {
  const std::string junk(5000, 'x');
  const ApiError e =
      spec_error(R"({"detail_type": ["basic"], "property_ids": [")" + junk + R"("]})");
  CHECK_THAT(e.what(),
             Catch::StartsWith("property_ids[0]: \"xxxx") && Catch::Contains("... (5,000 bytes)"));
  CHECK(std::string(e.what()).size() < 250);
}

TEST_CASE("updated types must be requested and dates real", "[pd_spec]") {
  const std::string types = R"("detail_type": ["basic", "ownership"], )";
  check_rejected(with_ids(types + R"("updated": {"basic": "2020-01-01", "sales": "2020-01-01"})"),
                 "updated.sales", "sales is not in detail_type");
  check_rejected(with_ids(types + R"("updated": {"owner": "2020-01-01"})"), "updated",
                 R"("owner" is not a detail type)");
  check_rejected(with_ids(types + R"("updated": {"basic": "2021-02-29"})"), "updated.basic",
                 R"("2021-02-29" is not a real date in YYYY-MM-DD form)");
  check_rejected(with_ids(types + R"("updated": {"basic": "01/02/2020"})"), "updated.basic",
                 "01/02/2020");
  check_rejected(with_ids(types + R"("updated": {"basic": 20200101})"), "updated.basic",
                 "expected a YYYY-MM-DD date string, got the number 20200101");
  check_rejected(with_ids(types + R"("updated": "2020-1-1")"), "updated", "\"2020-1-1\"");
  check_rejected(with_ids(types + R"("updated": ["2020-01-01"])"), "updated", "got an array");
}

TEST_CASE("filters takes only a boolean filter_pii", "[pd_spec]") {
  const std::string types = R"("detail_type": ["basic"], )";
  check_rejected(with_ids(types + R"("filters": {"filter_pii": "true"})"), "filters.filter_pii",
                 R"(expected true or false, got the string "true")");
  check_rejected(with_ids(types + R"("filters": {"filter_pii": 1})"), "filters.filter_pii",
                 "got the number 1");
  check_rejected(with_ids(types + R"("filters": {"exclude_pii": true})"), "filters",
                 R"("exclude_pii" is not a filter; the only filter is filter_pii)");
  check_rejected(with_ids(types + R"("filters": true)"), "filters", "expected an object");
}

TEST_CASE("of two equal keys in a property-details file the last wins, as in Python's json",
          "[pd_spec]") {
  // The API is a Python service: json.loads keeps the last of two equal keys.
  const auto types = [](const PropertyDetailsSpec& spec) { return spec.detail_types; };
  CHECK(types(parse_property_details_spec(
            with_ids(R"("detail_type": ["basic"], "detail_type": ["sales", "taxes"])"))) ==
        std::vector<DetailType>{DetailType::sales, DetailType::taxes});
  const PropertyDetailsSpec updated = parse_property_details_spec(with_ids(
      R"("detail_type": ["basic"], "updated": {"basic": "2020-01-01", "basic": "2020-01-02"})"));
  CHECK(updated.updated[0] == year{2020} / 1 / 2);
  CHECK(
      parse_property_details_spec(
          with_ids(
              R"("detail_type": ["basic"], "filters": {"filter_pii": true, "filter_pii": false})"))
          .filter_pii == false);
  CHECK(
      parse_property_details_spec(
          with_ids(
              R"("detail_type": ["basic"], "filters": {"filter_pii": false}, "filters": {"filter_pii": true})"))
          .filter_pii == true);
  const PropertyDetailsSpec ids = parse_property_details_spec(
      R"({"detail_type": ["basic"], "property_ids": [")" + std::string(kId0) +
      R"("], "property_ids": [")" + kId1 + R"("]})");
  REQUIRE(ids.property_ids.size() == 1);
  CHECK(to_string(ids.property_ids[0]) == kId1);
  // A date string given before an object no longer applies.
  const PropertyDetailsSpec replaced = parse_property_details_spec(with_ids(
      R"("detail_type": ["basic", "sales"], "updated": "2019-01-01", "updated": {"sales": "2020-03-04"})"));
  CHECK_FALSE(replaced.updated[0].has_value());
  CHECK(replaced.updated[4] == year{2020} / 3 / 4);
}

TEST_CASE("an earlier value's errors are dropped with it, a later one's reported", "[pd_spec]") {
  // Python validates the dict json.loads built, in which only the last value is left.
  CHECK(parse_property_details_spec(
            with_ids(R"("detail_type": ["foreclosure", 5, {"a": [1]}], "detail_type": ["basic"])"))
            .detail_types == std::vector<DetailType>{DetailType::basic});
  CHECK(parse_property_details_spec(with_ids(R"("detail_type": [], "detail_type": ["basic"])"))
            .detail_types.size() == 1);
  CHECK(parse_property_details_spec(
            R"({"detail_type": ["basic"], "property_ids": ["nope", [1, {}]], "property_ids": [")" +
            std::string(kId0) + R"("]})")
            .property_ids.size() == 1);
  CHECK(
      parse_property_details_spec(
          with_ids(
              R"("detail_type": ["basic"], "updated": {"basic": "someday", "basic": "2020-01-01"})"))
          .updated[0] == year{2020} / 1 / 1);
  CHECK(
      parse_property_details_spec(
          with_ids(R"("detail_type": ["basic"], "updated": {"tax": "2020-01-01"}, "updated": {})"))
          .has_updated_filter() == false);
  CHECK(
      parse_property_details_spec(
          with_ids(
              R"("detail_type": ["basic"], "filters": {"filter_pii": "yes"}, "filters": {"filter_pii": true})"))
          .filter_pii);
  check_rejected(with_ids(R"("detail_type": ["basic"], "detail_type": ["foreclosure"])"),
                 "detail_type[0]", R"("foreclosure" is not a detail type)");
  check_rejected(
      with_ids(R"("detail_type": ["basic"], "updated": {"basic": "2020-01-01", "basic": "soon"})"),
      "updated.basic", R"("soon" is not a real date)");
  check_rejected(with_ids(R"("detail_type": ["basic"], "filters": {"filter_pii": true}, )"
                          R"("filters": {"filter_pii": 1})"),
                 "filters.filter_pii", "got the number 1");
  // The first standing problem in the file is the one reported, whatever came after it.
  check_rejected(with_ids(R"("detail_type": ["nope"], "updated": 5)"), "detail_type[0]",
                 R"("nope" is not a detail type)");
  // A syntax error wins: json.loads fails before any field is looked at.
  check_rejected(with_ids(R"("detail_type": ["nope"], "updated": )"), "(file)", "not valid JSON");
}

TEST_CASE("a property-details file of only whitespace is called that, not empty", "[pd_spec]") {
  check_rejected("", "(file)", "the file is empty");
  check_rejected(std::string(3'000'000, ' ') + "\n\n", "(file)",
                 "the file holds only whitespace (3,000,002 bytes of spaces, tabs or line breaks)");
}

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/time_format.hpp"
#include "data/search_match.hpp"
#include "data_test_support.hpp"

using namespace reonomy::mock;
using nlohmann::json;
using test::record_json;
using test::small_corpus;

namespace {
std::string upper(std::string s) {
  for (auto& ch : s)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

// The spec evaluated the slow way, on the property's parsed record alone.
bool brute_force(const json& r, const SearchSpec& spec) {
  static const std::map<std::string, std::string> kListField = {
      {"city", "city"},
      {"state", "state"},
      {"zip_codes", "zip5"},
      {"asset_category", "asset_category"}};
  static const std::set<std::string> kResidential = {"SINGLE FAMILY RESIDENCE",
                                                     "RESIDENTIAL CONDOMINIUM"};
  if (kResidential.count(upper(r.at("asset_category"))))
    return false;
  for (const auto& [name, values] : spec.list_filters) {
    const std::string value = upper(r.at(kListField.at(name)).get<std::string>());
    if (std::none_of(values.begin(), values.end(),
                     [&](const std::string& v) { return upper(v) == value; })) {
      return false;
    }
  }
  for (const auto& [name, range] : spec.range_filters) {
    json value;
    if (name == "sales_price") {
      if (r.at("sales").empty())
        return false;
      value = r.at("sales")[0].at("sale_amount");
    } else {
      value = r.at(name);
    }
    if (value.is_null())
      return false;
    const double v = value.get<double>();
    if ((range.min && v < *range.min) || (range.max && v > *range.max))
      return false;
  }
  for (const auto& [name, range] : spec.date_filters) {
    REQUIRE(name == "mortgage_origination_date");
    // The latest mortgage is listed first; YYYY-MM-DD strings compare as dates.
    if (r.at("mortgages").empty())
      return false;
    const std::string date = r.at("mortgages")[0].at("origination_date");
    if ((range.min && date < format_date(std::chrono::year_month_day{*range.min})) ||
        (range.max && date > format_date(std::chrono::year_month_day{*range.max})))
      return false;
  }
  return true;
}

std::chrono::sys_days day(const char* text) {
  return std::chrono::sys_days{*parse_date(text)};
}

std::vector<SearchSpec> specs() {
  std::vector<SearchSpec> out;
  SearchSpec doc; // the documentation's search job example
  doc.list_filters["city"] = {"New York"};
  doc.list_filters["state"] = {"NY"};
  doc.range_filters["building_area"] = {100000, std::nullopt};
  out.push_back(doc);
  SearchSpec texas;
  texas.list_filters["state"] = {"tx", "Ok"};
  texas.list_filters["asset_category"] = {"industrial", "RETAIL"};
  texas.range_filters["year_built"] = {1990, 2010};
  texas.range_filters["sales_price"] = {std::nullopt, 2'000'000};
  out.push_back(texas);
  SearchSpec units;
  units.range_filters["total_units"] = {20, 200};
  units.range_filters["lot_size_sqft"] = {5000, 50000};
  out.push_back(units);
  SearchSpec zips;
  zips.list_filters["zip_codes"] = {"10017", "10001", "60601", "77002", "90012"};
  out.push_back(zips);
  SearchSpec land;
  land.list_filters["asset_category"] = {"Land"};
  land.range_filters["building_area"] = {std::nullopt, 0};
  land.range_filters["sales_price"] = {0, 500'000};
  out.push_back(land);
  // doc (search guide): mortgage_origination_date is filterable; alone, and with the documented
  // filters and sales_price.
  SearchSpec originated;
  originated.date_filters["mortgage_origination_date"] = {day("2015-01-01"), day("2019-12-31")};
  out.push_back(originated);
  SearchSpec since;
  since.list_filters["state"] = {"NY", "CA", "TX"};
  since.range_filters["building_area"] = {20000, std::nullopt};
  since.range_filters["sales_price"] = {1'000'000, std::nullopt};
  since.date_filters["mortgage_origination_date"] = {day("2018-06-01"), std::nullopt};
  out.push_back(since);
  SearchSpec before;
  before.date_filters["mortgage_origination_date"] = {std::nullopt, day("2009-12-31")};
  out.push_back(before);
  return out;
}
} // namespace

TEST_CASE("search matching agrees with a brute-force evaluation of the records", "[search]") {
  const Corpus& c = small_corpus();
  const std::vector<DetailType> types = {DetailType::basic, DetailType::mortgages,
                                         DetailType::sales};
  std::vector<json> records;
  for (std::size_t i = 0; i < 6000; ++i)
    records.push_back(record_json(c, c.at(i).id, types));
  for (const auto& spec : specs()) {
    const SearchFilter filter(c, spec);
    std::size_t hits = 0;
    for (std::size_t i = 0; i < records.size(); ++i) {
      const bool expected = brute_force(records[i], spec);
      INFO("entry " << i);
      REQUIRE(filter.matches(c.at(i)) == expected);
      CHECK(matches(c, c.at(i), spec) == expected);
      hits += expected;
    }
    CHECK(hits > 0);
    CHECK(hits < records.size());
  }
}

TEST_CASE("the documentation's search example finds its documented result", "[search]") {
  const SearchSpec doc = specs().front();
  const PropertyEntry* e = small_corpus().find(*parse_uuid("f5736c8b-2802-52b5-94a6-7e5283c9b084"));
  REQUIRE(e != nullptr);
  CHECK(matches(small_corpus(), *e, doc));
  const PropertyEntry* office =
      small_corpus().find(*parse_uuid("19cd94b6-0b51-543d-bfc1-3ed3205d13ae"));
  CHECK(matches(small_corpus(), *office, doc));
}

TEST_CASE("an empty search matches every commercial entry and no residential one", "[search]") {
  const SearchFilter all(small_corpus(), SearchSpec{});
  std::size_t residential = 0;
  for (const auto& e : small_corpus().entries()) {
    CHECK(all.matches(e) == (e.kind == PropertyKind::commercial));
    residential += e.kind != PropertyKind::commercial;
  }
  CHECK(residential > 0);
}

TEST_CASE("list filters ignore case and match any value", "[search]") {
  const Corpus& c = small_corpus();
  const PropertyEntry& e = *c.find(*parse_uuid("19cd94b6-0b51-543d-bfc1-3ed3205d13ae"));
  SearchSpec spec;
  spec.list_filters["city"] = {"Chicago", "new york"};
  spec.list_filters["asset_category"] = {"oFFice"};
  CHECK(matches(c, e, spec));
  spec.list_filters["state"] = {"NJ"};
  CHECK_FALSE(matches(c, e, spec));
}

TEST_CASE("range bounds are inclusive", "[search]") {
  const Corpus& c = small_corpus();
  const PropertyEntry& e = *c.find(*parse_uuid("19cd94b6-0b51-543d-bfc1-3ed3205d13ae"));
  SearchSpec spec;
  spec.range_filters["building_area"] = {286212, 286212};
  spec.range_filters["year_built"] = {1980, 1980};
  CHECK(matches(c, e, spec));
  spec.range_filters["building_area"] = {286213, std::nullopt};
  CHECK_FALSE(matches(c, e, spec));
}

TEST_CASE("mortgage_origination_date bounds are inclusive days of the latest mortgage",
          "[search]") {
  const Corpus& c = small_corpus();
  const std::vector<DetailType> types = {DetailType::mortgages};
  std::size_t checked = 0;
  for (std::size_t i = 14; i < 2000 && checked < 20; ++i) {
    const json r = record_json(c, c.at(i).id, types);
    if (c.at(i).kind != PropertyKind::commercial || r.at("mortgages").empty())
      continue;
    const auto origination =
        day(r.at("mortgages")[0].at("origination_date").get_ref<const std::string&>().c_str());
    SearchSpec spec;
    spec.date_filters["mortgage_origination_date"] = {origination, origination};
    INFO("entry " << i);
    CHECK(matches(c, c.at(i), spec));
    spec.date_filters["mortgage_origination_date"] = {origination + std::chrono::days{1},
                                                      std::nullopt};
    CHECK_FALSE(matches(c, c.at(i), spec));
    spec.date_filters["mortgage_origination_date"] = {std::nullopt,
                                                      origination - std::chrono::days{1}};
    CHECK_FALSE(matches(c, c.at(i), spec));
    ++checked;
  }
  CHECK(checked == 20);
}

TEST_CASE("a property without a mortgage fails a mortgage_origination_date filter", "[search]") {
  const Corpus& c = small_corpus();
  SearchSpec spec;
  spec.date_filters["mortgage_origination_date"] = {day("1900-01-01"), day("2100-01-01")};
  const std::vector<DetailType> types = {DetailType::mortgages};
  std::size_t without = 0;
  for (std::size_t i = 14; i < 2000; ++i) {
    if (c.at(i).kind != PropertyKind::commercial)
      continue;
    const bool has_mortgage = !record_json(c, c.at(i).id, types).at("mortgages").empty();
    CHECK(matches(c, c.at(i), spec) == has_mortgage);
    without += !has_mortgage;
  }
  CHECK(without > 0);
}

TEST_CASE("an unknown filter name is refused", "[search]") {
  SearchSpec spec;
  spec.range_filters["floors"] = {1, 2};
  CHECK_THROWS_AS(SearchFilter(small_corpus(), spec), std::invalid_argument);
}

TEST_CASE("a search line has the id and the seven update times only", "[search]") {
  std::string line;
  write_search_line(line, small_corpus(), small_corpus().at(5000));
  CHECK(line.find('\n') == std::string::npos);
  const json s = json::parse(line);
  CHECK(s.size() == 8);
  CHECK(s.at("id") == to_string(small_corpus().at(5000).id));
  for (const auto& name : kUpdateTimeNames)
    CHECK(s.at(std::string(name)).get<std::string>().size() == 10);
  CHECK(line.rfind(R"({"id":")", 0) == 0);
}

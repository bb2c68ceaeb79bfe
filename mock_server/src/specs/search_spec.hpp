#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace reonomy::mock {

// ours: the settings the mock can evaluate. List filters match any of their values
// (case-insensitive); range filters take `min` and/or `max`, both inclusive.
inline constexpr std::string_view kSearchListFilters[] = {"city", "state", "zip_codes",
                                                          "asset_category"};
inline constexpr std::string_view kSearchRangeFilters[] = {
    "building_area", "year_built", "lot_size_sqft", "total_units", "sales_price"};
// Ranges of YYYY-MM-DD dates, both bounds inclusive.
inline constexpr std::string_view kSearchDateFilters[] = {"mortgage_origination_date"};

struct RangeFilter {
  std::optional<double> min, max;
};

struct DateRangeFilter {
  std::optional<std::chrono::sys_days> min, max;
};

// A validated search job spec ({"settings": {...}}, the POST /v2/search/summaries body).
struct SearchSpec {
  std::map<std::string, std::vector<std::string>> list_filters;
  std::map<std::string, RangeFilter> range_filters;
  std::map<std::string, DateRangeFilter> date_filters;
};

// doc: "At most 10,000 property IDs" per POST /v2/search/summaries response; `limit` runs up to it.
inline constexpr std::size_t kMaxSearchLimit = 10'000;

// A POST /v2/search/summaries body, and so a search job's file: doc: the file's format "is
// exactly the same as that used by the POST /v2/search/summaries request body ... copy the request
// body into a file". Both are read by parse_search_request, so they accept exactly the same.
struct SearchRequest {
  SearchSpec spec;
  std::optional<std::size_t> limit; // as given, 1..kMaxSearchLimit
  nlohmann::json settings;          // the settings object as given ({} when absent)
};

// Throws ApiError 400 ValidationError naming the field (`settings`, `settings.city[0]`,
// `settings.building_area.min`, `limit`, or `root` for the document as a whole): the text must be
// a JSON object with only `settings` and `limit`; `settings`, when given, an object of filters
// (absent: every property); `limit` an integer from 1 to 10,000. List filters are non-empty arrays
// of strings; range filters objects with numeric min and/or max, min <= max; date ranges
// (mortgage_origination_date) the same with YYYY-MM-DD strings; an unknown filter name is rejected
// with the list of supported ones. Of two equal keys the last wins, as Python's json.loads keeps
// it (the API is a Python service). Nesting deeper than 32 levels is refused.
SearchRequest parse_search_request(std::string_view json_text, std::string_view root);

// A search job's file: parse_search_request(json_text, "(file)").spec. ours: a `limit` copied
// from a summaries body is checked as summaries checks it and then ignored: the documentation
// offers the job for searches too large for one summaries response ("Use it when you expect the
// number of properties meeting the search criteria to be large"), so a job returns every match.
SearchSpec parse_search_spec(std::string_view json_text);

// The `settings` object alone, as POST /v2/search/summaries carries it; same rules and errors.
SearchSpec parse_search_settings(const nlohmann::json& settings);

} // namespace reonomy::mock

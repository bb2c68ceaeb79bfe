#pragma once

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

struct RangeFilter {
  std::optional<double> min, max;
};

// A validated search job spec ({"settings": {...}}, the POST /v2/search/summaries body).
struct SearchSpec {
  std::map<std::string, std::vector<std::string>> list_filters;
  std::map<std::string, RangeFilter> range_filters;
};

// Throws ApiError 400 ValidationError naming the field (`settings`, `settings.city[0]`,
// `settings.building_area.min`): the file must be a JSON object with an object `settings`; list
// filters are non-empty arrays of strings; range filters objects with numeric min and/or max,
// min <= max; an unknown filter name is rejected with the list of supported ones. Top-level keys
// other than `settings` are rejected (a job returns every match, so `limit` does not apply).
SearchSpec parse_search_spec(std::string_view json_text);

// The `settings` object alone, as POST /v2/search/summaries carries it; same rules and errors.
SearchSpec parse_search_settings(const nlohmann::json& settings);

} // namespace reonomy::mock

#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/ids.hpp"

namespace reonomy::mock {

// The seven detail types, in the documentation's order.
enum class DetailType : std::uint8_t {
  basic,
  mortgages,
  ownership,
  reported_owner,
  sales,
  taxes,
  tenants
};
inline constexpr std::size_t kDetailTypeCount = 7;
inline constexpr std::array<std::string_view, kDetailTypeCount> kDetailTypeNames = {
    "basic", "mortgages", "ownership", "reported_owner", "sales", "taxes", "tenants"};

std::string_view to_string(DetailType type);
std::optional<DetailType> parse_detail_type(std::string_view name);

inline constexpr std::size_t kMaxPropertyIds = 1'000'000; // doc

// A validated property-details job spec (the uploaded JSON file), stored compactly.
struct PropertyDetailsSpec {
  std::vector<DetailType> detail_types; // non-empty, no duplicates, in the order given
  std::vector<Uuid> property_ids;       // 1..kMaxPropertyIds, in the order given
  // updated[type]: only properties whose `type` data changed on or after the date (OR across
  // the types that have one). Set only for requested types.
  std::array<std::optional<std::chrono::year_month_day>, kDetailTypeCount> updated{};
  bool filter_pii = false;

  bool has_updated_filter() const;
};

// Parses and fully validates the spec file. Throws ApiError 400 ValidationError whose message
// begins with the offending field's path (`detail_type[2]`, `property_ids[17]`, `updated.sales`,
// `filters.filter_pii`, or `(file)` when the file is not a JSON object) and says what is allowed.
// Rules: top-level keys only detail_type, property_ids, updated, filters; detail_type a non-empty
// array of distinct known type names; property_ids an array of 1..1,000,000 UUID strings;
// updated either one YYYY-MM-DD date string (applies to every requested type) or an object whose
// keys are requested types and whose values are real YYYY-MM-DD dates; filters an object with only
// the boolean filter_pii.
// Of two equal keys (at the top, in updated, in filters) the last wins and the earlier value is
// ignored, errors and all, as Python's json.loads keeps the last (the API is a Python service).
PropertyDetailsSpec parse_property_details_spec(std::string_view json_text);

} // namespace reonomy::mock

#pragma once

#include <array>
#include <cstdint>

#include "data/gazetteer.hpp"
#include "data/property_entry.hpp"
#include "data/update_times.hpp"

namespace reonomy::mock::detail {

// The dated events of a property that several parts of its record must agree on: the update
// dates (search lines, basic, the `updated` filter) and the recording dates of the latest sale and
// of the mortgages. Every event precedes the update date that reports it. A pure function of
// (seed, entry); cheap, so every writer recomputes it instead of sharing state.
struct Timeline {
  UpdateDays updates{};
  std::int32_t sale_recorded = 0; // recording day of the latest sale; 0 without a sale
  std::array<std::int32_t, 3> mortgage_recorded{}; // newest first
  // The day each of those loans was originated (mortgages[].origination_date, what search's
  // mortgage_origination_date filters on): up to two weeks before its recording.
  std::array<std::int32_t, 3> mortgage_originated{};
  std::uint8_t mortgage_count = 0;
};

Timeline make_timeline(std::uint64_t seed, const PropertyEntry& entry, const KnownProperty* known);

} // namespace reonomy::mock::detail

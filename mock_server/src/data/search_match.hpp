#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/corpus.hpp"
#include "specs/search_spec.hpp"

namespace reonomy::mock {

// A SearchSpec compiled against a corpus, so that testing an entry is a few lookups (a search
// job tests every entry). Semantics (ours, see search_spec.hpp for the accepted settings):
//   - only commercial entries match;
//   - list filters (city, state, zip_codes, asset_category) match when the entry's value equals
//     any listed value, ignoring case;
//   - range filters (building_area, year_built, lot_size_sqft, total_units, sales_price) match
//     when the value lies within min and max, both inclusive; sales_price is the amount of the
//     latest sale (which may be 0); a property never sold, or of unknown year_built (vacant
//     land), fails a filter on that value;
//   - mortgage_origination_date (YYYY-MM-DD bounds, both inclusive) tests the origination_date
//     of the latest mortgage (mortgages[0]); a property without a mortgage fails it;
//   - all filters must match (AND). An empty spec matches every commercial entry.
// The values tested are exactly those the entry's record shows (basic fields, sales[0],
// mortgages[0]).
class SearchFilter {
public:
  // Throws std::invalid_argument for a filter name the mock does not know.
  SearchFilter(const Corpus& corpus, const SearchSpec& spec);

  bool matches(const PropertyEntry& e) const;

private:
  std::vector<bool> zip_ok_; // by ZIP index; empty when no place filter is set
  std::uint64_t category_mask_ = ~0ULL;
  const Corpus* corpus_;
  std::optional<RangeFilter> building_area_, year_built_, lot_size_sqft_, total_units_,
      sales_price_;
  std::optional<DateRangeFilter> mortgage_origination_;
};

// One-off form of SearchFilter(corpus, spec).matches(e).
bool matches(const Corpus& corpus, const PropertyEntry& e, const SearchSpec& spec);

// Appends the search job's result line of `e` (no trailing newline):
// {"id": ..., "master_update_time": "YYYY-MM-DD", "sale_update_time": ..., "mtg_update_time": ...,
//  "owner_update_time": ..., "tax_update_time": ..., "building_update_time": ...,
//  "shape_update_time": ...}, the same dates as the property's record.
void write_search_line(std::string& out, const Corpus& corpus, const PropertyEntry& e);

} // namespace reonomy::mock

#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "data/property_entry.hpp"

namespace reonomy::mock::detail {

// Entries bucketed in a grid of 0.01-degree cells (about 1.1 km north-south), sorted by cell, so
// a nearest-neighbour query reads only the cells within its radius.
class SpatialIndex {
public:
  SpatialIndex() = default;
  explicit SpatialIndex(std::span<const PropertyEntry> entries);

  // The index of the entry nearest to (lat, lon) within max_metres, if any; ties go to the
  // lower index.
  std::optional<std::uint32_t> nearest(std::span<const PropertyEntry> entries, double lat,
                                       double lon, double max_metres) const;

private:
  std::vector<std::pair<std::uint32_t, std::uint32_t>> cells_; // (cell key, entry index)
};

// Great-circle distance in metres.
double distance_metres(double lat1, double lon1, double lat2, double lon2);

} // namespace reonomy::mock::detail

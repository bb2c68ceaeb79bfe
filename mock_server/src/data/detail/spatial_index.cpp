#include "data/detail/spatial_index.hpp"

#include <algorithm>
#include <cmath>

namespace reonomy::mock::detail {

namespace {
constexpr double kCellDegrees = 0.01;
constexpr double kMetresPerDegree = 111'320.0;
constexpr double kRadians = 3.141592653589793 / 180;
constexpr std::int64_t kLonCells = 36'000; // 360 / kCellDegrees

std::int64_t cell_of(double degrees) {
  return static_cast<std::int64_t>(std::floor(degrees / kCellDegrees));
}

std::uint32_t key(std::int64_t lat_cell, std::int64_t lon_cell) {
  return static_cast<std::uint32_t>((lat_cell + 9'000) * kLonCells + (lon_cell + 18'000));
}
} // namespace

double distance_metres(double lat1, double lon1, double lat2, double lon2) {
  const double dlat = (lat2 - lat1) * kRadians, dlon = (lon2 - lon1) * kRadians;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * 6'371'008.8 * std::asin(std::min(1.0, std::sqrt(a)));
}

SpatialIndex::SpatialIndex(std::span<const PropertyEntry> entries) {
  cells_.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    cells_.emplace_back(key(cell_of(e.lat()), cell_of(e.lon())), static_cast<std::uint32_t>(i));
  }
  std::sort(cells_.begin(), cells_.end());
}

std::optional<std::uint32_t> SpatialIndex::nearest(std::span<const PropertyEntry> entries,
                                                   double lat, double lon,
                                                   double max_metres) const {
  if (!(max_metres >= 0) || std::abs(lat) > 89 || std::abs(lon) > 180)
    return std::nullopt;
  const double lat_span = max_metres / kMetresPerDegree;
  const double lon_span =
      lat_span / std::max(0.01, std::cos((std::abs(lat) + lat_span) * kRadians));
  std::optional<std::uint32_t> best;
  double best_distance = max_metres;
  for (auto lat_cell = cell_of(lat - lat_span); lat_cell <= cell_of(lat + lat_span); ++lat_cell) {
    for (auto lon_cell = cell_of(lon - lon_span); lon_cell <= cell_of(lon + lon_span); ++lon_cell) {
      const std::uint32_t k = key(lat_cell, lon_cell);
      auto it = std::lower_bound(cells_.begin(), cells_.end(), std::make_pair(k, 0U));
      for (; it != cells_.end() && it->first == k; ++it) {
        const auto& e = entries[it->second];
        const double d = distance_metres(lat, lon, e.lat(), e.lon());
        if (d < best_distance || (d == best_distance && best && it->second < *best) ||
            (d == best_distance && !best)) {
          best = it->second;
          best_distance = d;
        }
      }
    }
  }
  return best;
}

} // namespace reonomy::mock::detail

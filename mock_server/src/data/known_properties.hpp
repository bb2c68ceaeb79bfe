#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/ids.hpp"
#include "data/update_times.hpp"

namespace reonomy::mock {

// A property of fixtures/known_properties.json: an id the documentation shows, always in the
// corpus whatever the seed. Set fields override what the generator would derive; the rest is
// generated from the id alone (with kKnownSeed), so documented ids look the same in every corpus.
struct KnownProperty {
  Uuid id{};
  std::string source; // where the documentation shows the id
  std::optional<std::uint32_t> house_number;
  std::optional<std::uint8_t> direction_left, direction_right, mode;
  std::optional<std::uint16_t> street; // index into Gazetteer::street_names()
  std::optional<std::uint16_t> zip;    // index into Gazetteer::zips()
  std::optional<double> latitude, longitude;
  std::optional<std::uint8_t> category;
  std::optional<std::string> apn;
  std::optional<std::uint32_t> building_area, lot_size_sqft;
  std::optional<std::uint16_t> year_built, total_units;
  std::optional<UpdateDays> update_days;
};

// The seed documented ids are generated with, whatever the corpus seed.
inline constexpr std::uint64_t kKnownSeed = 0;

} // namespace reonomy::mock

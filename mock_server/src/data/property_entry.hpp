#pragma once

#include <cstdint>
#include <string_view>

#include "core/ids.hpp"

namespace reonomy::mock {

// What a property is, for the match feature's answers: only commercial properties have records
// in search results; sfr and condo entries exist so a match can answer MISS with reason `SFR` or
// `Condo Property (SFR)`.
enum class PropertyKind : std::uint8_t { commercial, sfr, condo };

inline constexpr std::string_view to_string(PropertyKind kind) {
  switch (kind) {
  case PropertyKind::commercial:
    return "commercial";
  case PropertyKind::sfr:
    return "sfr";
  case PropertyKind::condo:
    return "condo";
  }
  return "commercial";
}

// A street direction (direction_left / direction_right), index 0 meaning none.
inline constexpr std::string_view kDirections[] = {"", "N", "S", "E", "W", "NE", "NW", "SE", "SW"};
inline constexpr std::uint8_t kNoDirection = 0;

inline constexpr std::uint16_t kNotKnown = 0xFFFF;
inline constexpr std::uint8_t kNoMode = 0xFF;

// One property of the corpus, compact: small integers and indexes into the Gazetteer's shared
// tables (see Gazetteer and Corpus for the accessors that turn them into text). Everything a
// record, a search or an address match needs to agree on lives here; the rest of a record is
// derived from (seed, id) when it is written.
struct PropertyEntry {
  Uuid id;                            // UUID v5
  std::int32_t lat_e7 = 0;            // latitude in 1e-7 degrees (about 1 cm)
  std::int32_t lon_e7 = 0;            // longitude in 1e-7 degrees
  std::uint32_t house_number = 0;     // 0: the property has no street number (vacant land)
  std::uint32_t building_area = 0;    // sq ft; 0 for land
  std::uint32_t lot_size_sqft = 0;    // sq ft
  std::uint32_t last_sale_amount = 0; // dollars of the latest sale; 0 when never sold or $0 deed
  std::uint16_t zip = 0;              // index into Gazetteer::zips()
  std::uint16_t street = 0;           // index into Gazetteer::street_names()
  std::uint16_t year_built = 0;       // 0: unknown (land)
  std::uint16_t total_units = 0;
  std::uint16_t last_sale_day = 0; // days since 1970-01-01 of the latest sale; 0 when never sold
  std::uint16_t known = kNotKnown; // index into Gazetteer::known_properties(), or kNotKnown
  std::uint8_t mode = kNoMode;     // index into Gazetteer::suffixes() (the USPS suffix), or none
  std::uint8_t direction_left = kNoDirection;  // index into kDirections
  std::uint8_t direction_right = kNoDirection; // index into kDirections
  PropertyKind kind = PropertyKind::commercial;
  std::uint8_t category = 0; // index into Gazetteer::categories()
  std::uint8_t land_use = 0; // index into Gazetteer::land_uses()
  std::uint8_t floors = 0;   // 0 for land
  std::uint8_t reserved = 0;

  bool has_sale() const { return last_sale_day != 0; }
  bool operator==(const PropertyEntry&) const = default;
  double lat() const { return lat_e7 / 1e7; }
  double lon() const { return lon_e7 / 1e7; }
};

static_assert(sizeof(PropertyEntry) <= 64, "corpus entries must stay compact");

} // namespace reonomy::mock

#include <algorithm>
#include <cmath>

#include "data/detail/calendar.hpp"
#include "data/detail/record_parts.hpp"

namespace reonomy::mock::detail {

namespace {
// NYC borough (1 Manhattan .. 5 Staten Island) of a New York City ZIP, 0 elsewhere: the data
// dictionary tags bins, block_id, borough_id and building_class as NYC-only.
int nyc_borough(const RecordContext& c) {
  if (c.g.state_of(c.zip) != "NY")
    return 0;
  const auto zip3 = c.zip.zip5().substr(0, 3);
  if (zip3 == "100" || zip3 == "101" || zip3 == "102")
    return 1;
  if (zip3 == "104")
    return 2;
  if (zip3 == "112")
    return 3;
  if (zip3 == "111" || zip3 == "113" || zip3 == "114" || zip3 == "116")
    return 4;
  if (zip3 == "103")
    return 5;
  return 0;
}

// The county part of the FIPS code: NYC boroughs are counties of their own; elsewhere a stable
// pick per city (ours: the ZIP fixture carries no county).
int county_fips(const RecordContext& c, int borough) {
  static constexpr int kBoroughCounties[] = {0, 61, 5, 47, 81, 85};
  if (borough != 0)
    return kBoroughCounties[borough];
  const auto h = mix64(static_cast<std::uint64_t>(c.zip.city) * 131 + c.zip.state);
  return static_cast<int>(1 + 2 * (h % 100)); // county FIPS codes are odd
}

char zoning_family(char land_use_digit, Rng& r) {
  switch (land_use_digit) {
  case '3':
    return 'M';
  case '4':
  case '9':
    return 'R';
  case '7':
    return "ACM"[r.below(3)];
  case '8':
    return "PR"[r.below(2)];
  default:
    return 'C';
  }
}

char nyc_building_class_letter(char land_use_digit, Rng& r) {
  switch (land_use_digit) {
  case '1':
    return 'O';
  case '2':
    return 'K';
  case '3':
    return "EF"[r.below(2)];
  case '4':
    return "CD"[r.below(2)];
  case '5':
    return 'S';
  case '6':
    return 'H';
  case '7':
    return 'V';
  case '8':
    return "IMNW"[r.below(4)];
  default:
    return "AR"[r.below(2)];
  }
}
} // namespace

void append_address_line(std::string& out, const RecordContext& c) {
  const auto& e = c.e;
  const auto append_word = [&](std::string_view w) {
    if (w.empty())
      return;
    if (!out.empty() && out.back() != ' ')
      out.push_back(' ');
    out.append(w);
  };
  if (e.house_number != 0)
    append_digits(out, e.house_number, 1);
  append_word(kDirections[e.direction_left]);
  append_word(c.g.street_names()[e.street]);
  if (e.mode != kNoMode)
    append_word(c.g.suffixes()[e.mode].abbr);
  append_word(kDirections[e.direction_right]);
}

// ours: the field names are the data dictionary's and those of Reonomy data mirrors (see
// api-facts.md section 3); which of them a record carries, their value formats, and the order
// (alphabetical, like the dictionary) are ours. NYC-only fields are null elsewhere.
void write_basic_fields(JsonOut& out, const RecordContext& c) {
  Rng r = record_stream(c, DetailType::basic);
  const auto& e = c.e;
  const auto& g = c.g;
  const LandUse& land_use = g.land_uses()[e.land_use];
  const char use_digit = land_use.code.empty() ? '0' : land_use.code.front();
  const int borough = nyc_borough(c);
  const int county = county_fips(c, borough);
  const bool vacant = e.building_area == 0;

  std::string text;
  text.reserve(64);
  // ours: every property is active; the mock has no retired parcels.
  out.field_bool("active", true);
  append_address_line(text, c);
  out.field("address_line1", text);
  // ours: no alternative addresses are generated.
  out.key("alternative_addresses").begin_array();
  out.end_array();

  const std::int64_t block = borough ? r.between(1, borough == 1 ? 2250 : 16000) : 0;
  const std::int64_t lot = r.between(1, r.chance(0.8) ? 150 : 7500);
  text.clear();
  if (c.known && c.known->apn) {
    text = *c.known->apn;
  } else if (borough) { // NYC's borough-block-lot form, as in the documented 1-1321-47
    append_digits(text, static_cast<std::uint64_t>(borough), 1);
    text.push_back('-');
    append_digits(text, static_cast<std::uint64_t>(block), 1);
    text.push_back('-');
    append_digits(text, static_cast<std::uint64_t>(lot), 1);
  } else { // ours: one common county form, book-page-parcel
    append_digits(text, r.below(1000), 3);
    text.push_back('-');
    append_digits(text, r.below(1000), 3);
    text.push_back('-');
    append_digits(text, r.below(1000), 3);
  }
  out.field("apn", text);
  out.field("asset_category", c.category.name);
  if (borough) {
    out.key("bins").begin_array();
    out.integer(borough * 1'000'000 + r.between(0, 99'999));
    out.end_array();
    out.field_int("block_id", block);
    out.field_int("borough_id", borough);
  } else {
    out.field_null("bins");
    out.field_null("block_id");
    out.field_null("borough_id");
  }
  out.field_int("building_area", e.building_area);
  if (borough) {
    text.assign(1, nyc_building_class_letter(use_digit, r));
    append_digits(text, r.between(1, 9), 1);
    out.field("building_class", text);
  } else {
    out.field_null("building_class");
  }
  out.field_date("building_update_time",
                 c.timeline.updates[static_cast<std::size_t>(UpdateTime::building)]);

  std::string fips(g.state_fips(c.zip.state));
  append_digits(fips, static_cast<std::uint64_t>(county), 3);
  text = fips; // census tract: state (2) + county (3) + tract (6)
  append_digits(
      text,
      static_cast<std::uint64_t>(r.between(1, 9899)) * 100 + (r.chance(0.7) ? 0 : r.below(100)), 6);
  out.field("census_tract", text);
  out.field("city", g.city_of(c.zip));
  // ours: NYC commercial overlays are not modelled.
  out.field_null("commercial_overlay_1");
  out.field_null("commercial_overlay_2");

  std::uint32_t residential = 0;
  if (c.e.kind != PropertyKind::commercial || use_digit == '4') {
    residential = e.total_units;
  } else if (use_digit == '5') {
    residential = e.total_units - e.total_units / 3;
  }
  out.field_int("commercial_units", e.total_units - residential);
  out.field_string_or_null("direction_left", kDirections[e.direction_left]);
  out.field_string_or_null("direction_right", kDirections[e.direction_right]);
  out.field_fixed(
      "existing_floor_area_ratio",
      std::llround(100.0 * e.building_area / std::max<std::uint32_t>(e.lot_size_sqft, 1)), 2);
  out.field("fips", fips);
  out.field_int_or_null("floors", e.floors);
  text.clear();
  if (e.house_number != 0)
    append_digits(text, e.house_number, 1);
  // ours: house_nbr is text, since real numbers carry letters and ranges (12A, 10-12).
  out.field_string_or_null("house_nbr", text);

  // ours: `location {lat, lon}` as the example record of the OpenAPI document has it.
  out.key("location").begin_object();
  if (c.known && c.known->latitude && c.known->longitude) {
    out.key("lat").number(*c.known->latitude);
    out.key("lon").number(*c.known->longitude);
  } else {
    out.field_fixed("lat", e.lat_e7, 7);
    out.field_fixed("lon", e.lon_e7, 7);
  }
  out.end_object();

  if (borough)
    out.field_int("lot_id", lot);
  else
    out.field_null("lot_id");
  out.field_fixed("lot_size_acres", std::llround(e.lot_size_sqft / 4.356),
                  4); // 43,560 sq ft an acre
  const double frontage = std::sqrt(e.lot_size_sqft * (0.3 + 0.7 * r.uniform()));
  out.field_int("lot_size_depth_feet", std::llround(e.lot_size_sqft / std::max(frontage, 1.0)));
  out.field_int("lot_size_frontage_feet", std::llround(frontage));
  out.field_int("lot_size_sqft", e.lot_size_sqft);
  // ours: all seven update dates sit with the basic fields (mirrors list them as basic names).
  for (const auto t : {UpdateTime::master, UpdateTime::mtg, UpdateTime::owner, UpdateTime::sale,
                       UpdateTime::shape, UpdateTime::tax}) {
    out.field_date(kUpdateTimeNames[static_cast<std::size_t>(t)],
                   c.timeline.updates[static_cast<std::size_t>(t)]);
  }
  out.field_string_or_null("mode", e.mode == kNoMode ? std::string_view{}
                                                     : std::string_view(g.suffixes()[e.mode].abbr));
  // ours: the municipality is the postal city.
  out.field("municipality", g.city_of(c.zip));
  // ours: about one property in ten lies in an Opportunity Zone.
  out.field_bool("opp_zone", r.chance(0.1));
  // ours: parcel_id as a UUID, Reonomy's id form.
  out.key("parcel_id").uuid(random_uuid(r));
  out.field_int("residential_units", residential);
  out.field("state", g.state_of(c.zip));
  out.field("std_land_use_code", land_use.code);
  out.field("std_land_use_code_description", land_use.description);
  out.field("street", g.street_names()[e.street]);
  out.field_int("sum_buildings_nbr", vacant                                   ? 0
                                     : (use_digit == '3' || use_digit == '8') ? r.between(1, 3)
                                                                              : 1);
  out.field_int("total_units", e.total_units);
  out.field_int_or_null("year_built", e.year_built);
  const bool renovated = e.year_built != 0 && e.year_built < 2005 && r.chance(0.25);
  out.field_int_or_null("year_renovated", renovated ? r.between(e.year_built + 10, 2024) : 0);
  text.clear();
  append_digits(text, r.below(10000), 4);
  out.field("zip4", text); // ours: a random plus-four code
  out.field("zip5", c.zip.zip5());
  text.clear();
  const char family = zoning_family(use_digit, r);
  text.push_back(family);
  if (borough) { // NYC districts read like C5-3, M1-2, R7
    append_digits(text, r.between(1, 8), 1);
    if (family != 'R') {
      text.push_back('-');
      append_digits(text, r.between(1, 6), 1);
    }
  } else {
    text.push_back('-');
    append_digits(text, r.between(1, 4), 1);
  }
  out.field("zoning", text);
}

} // namespace reonomy::mock::detail

#include "data/detail/entry_generator.hpp"

#include <algorithm>
#include <cmath>

#include "data/detail/calendar.hpp"
#include "data/detail/rng.hpp"

namespace reonomy::mock::detail {

namespace {
constexpr double kMetresPerDegree = 111'320.0;
// ours: the share of properties without any recorded sale.
constexpr double kNeverSoldShare = 0.12;
// ours: the share of latest sales recorded for $0 (family transfers, nominal deeds).
constexpr double kNominalSaleShare = 0.04;
// ours: yearly appreciation used to price older sales.
constexpr double kAppreciation = 1.04;
// ours: the share of streets taken from the street-name list rather than built from a surname.
constexpr double kListedStreetShare = 0.6;

std::int32_t to_e7(double degrees) {
  return static_cast<std::int32_t>(std::lround(degrees * 1e7));
}

template <class T> T clamp_to(double value, double lo, double hi) {
  return static_cast<T>(std::lround(std::clamp(value, lo, hi)));
}

// Rounds a price the way sale prices are quoted.
double round_price(double amount) {
  const double step = amount >= 1e6 ? 5000 : amount >= 1e5 ? 1000 : 100;
  return std::round(amount / step) * step;
}

void place(Rng& r, const ZipCode& z, const UrbanityClass& u, PropertyEntry& e) {
  const double north = std::clamp(r.normal(), -2.5, 2.5) * u.jitter_m;
  const double east = std::clamp(r.normal(), -2.5, 2.5) * u.jitter_m;
  const double lat = z.latitude + north / kMetresPerDegree;
  const double lon =
      z.longitude + east / (kMetresPerDegree * std::cos(z.latitude * 3.141592653589793 / 180));
  e.lat_e7 = to_e7(lat);
  e.lon_e7 = to_e7(lon);
}

void name_street(Rng& r, const Gazetteer& g, PropertyEntry& e) {
  const auto& patterns = g.street_patterns();
  const StreetPattern& p = patterns[r.weighted(g.street_pattern_cumulative())];
  if (r.chance(kListedStreetShare)) {
    e.street = p.street;
    e.mode = p.mode;
    e.direction_left = p.direction_left;
    e.direction_right = p.direction_right;
    return;
  }
  // Faker's own pattern: a surname with a suffix ("ABERNATHY RD"); the suffix follows the mix of
  // the listed streets, falling back to the first listed street's when the pick has none.
  e.street = r.pick(g.surname_streets());
  e.mode = p.mode != kNoMode ? p.mode : patterns.front().mode;
}
} // namespace

PropertyEntry derive_entry(const Gazetteer& g, std::uint64_t seed, const Uuid& id,
                           Membership membership, const KnownProperty* known,
                           std::uint16_t known_index) {
  Rng r(seed, id, Stream::entry);
  PropertyEntry e;
  e.id = id;
  e.known = known_index;

  const double kind_draw = r.uniform();
  if (membership == Membership::corpus && !known && kind_draw < kResidentialShare) {
    e.kind = kind_draw < kResidentialShare * kCondoShareOfResidential ? PropertyKind::condo
                                                                      : PropertyKind::sfr;
  }
  const auto drawn_zip = static_cast<std::uint16_t>(r.weighted(g.zip_cumulative()));
  e.zip = known && known->zip ? *known->zip : drawn_zip;
  const ZipCode& z = g.zips()[e.zip];
  const UrbanityClass& u = g.urbanity_classes()[z.urbanity];
  const bool commercial = e.kind == PropertyKind::commercial;

  const auto drawn_category =
      static_cast<std::uint8_t>(r.weighted(g.category_cumulative(z.urbanity)));
  e.category = !commercial                ? g.category_of_kind(e.kind)
               : known && known->category ? *known->category
                                          : drawn_category;
  const AssetCategory& c = g.categories()[e.category];
  e.land_use = static_cast<std::uint8_t>(c.first_land_use + r.weighted(c.land_use_cumulative));

  place(r, z, u, e);
  name_street(r, g, e);
  const bool vacant = c.area_median <= 0;
  // Street numbers are log-uniform: low numbers are common on every street.
  const double number = std::exp(r.uniform() * std::log(static_cast<double>(u.house_number_max)));
  e.house_number = vacant && r.chance(0.3) ? 0 : clamp_to<std::uint32_t>(number, 1, 1e6);

  // Sizes. Residential entries ignore the urbanity factors: a house is a house.
  const double area_factor = commercial ? u.area_factor : 1.0;
  const double far_factor = commercial ? u.far_factor : 1.0;
  double area = vacant ? 0 : r.lognormal(c.area_median * area_factor, c.area_sigma);
  if (known && known->building_area)
    area = *known->building_area;
  e.building_area = clamp_to<std::uint32_t>(area, vacant ? 0 : 300, 4e9);
  double lot = 0;
  if (vacant) {
    lot = r.lognormal(c.lot_median / std::sqrt(u.far_factor), 1.1);
  } else {
    const double far = c.far * far_factor * r.lognormal(1, 0.45);
    lot = std::max(e.building_area / far, 400.0);
  }
  if (known && known->lot_size_sqft)
    lot = *known->lot_size_sqft;
  e.lot_size_sqft = clamp_to<std::uint32_t>(lot, 100, 4e9);
  if (!vacant) {
    const double coverage = 0.35 + 0.4 * r.uniform();
    e.floors =
        clamp_to<std::uint8_t>(std::ceil(e.building_area / (e.lot_size_sqft * coverage)), 1, 110);
    // Newer buildings are more common than old ones.
    const double age_draw = std::pow(r.uniform(), 0.75);
    e.year_built = clamp_to<std::uint16_t>(u.year_min + (2024 - u.year_min) * age_draw, 1700, 2024);
    const double units =
        c.sqft_per_unit > 0 ? e.building_area / (c.sqft_per_unit * r.lognormal(1, 0.25)) : 1.0;
    e.total_units = clamp_to<std::uint16_t>(units, 1, 65535);
  }
  if (known && known->year_built)
    e.year_built = *known->year_built;
  if (known && known->total_units)
    e.total_units = *known->total_units;

  // The latest sale; sales grow more frequent towards the present.
  const bool sold = !r.chance(kNeverSoldShare);
  const double when = std::sqrt(r.uniform());
  const double value_now = (vacant ? e.lot_size_sqft : e.building_area) * c.price_psf *
                           (commercial ? u.price_factor : 1.0) * r.lognormal(1, 0.35);
  const bool nominal = r.chance(kNominalSaleShare);
  if (sold) {
    std::int32_t day =
        kEarliestSaleDay + static_cast<std::int32_t>(when * (kHorizonDay - 90 - kEarliestSaleDay));
    if (known && known->update_days) {
      // A documented sale date must precede the documented sale update.
      day = std::min(day, known->update_days->at(static_cast<std::size_t>(UpdateTime::sale)) - 45);
    }
    e.last_sale_day = static_cast<std::uint16_t>(day);
    const double years_ago = (kHorizonDay - day) / 365.25;
    const double amount = value_now / std::pow(kAppreciation, years_ago);
    e.last_sale_amount = nominal ? 0 : clamp_to<std::uint32_t>(round_price(amount), 1000, 4e9);
  }

  if (known) {
    if (known->house_number)
      e.house_number = *known->house_number;
    if (known->street) {
      // A documented street replaces the generated one whole, directions and suffix included.
      e.street = *known->street;
      e.mode = known->mode.value_or(kNoMode);
      e.direction_left = known->direction_left.value_or(kNoDirection);
      e.direction_right = known->direction_right.value_or(kNoDirection);
    }
    if (known->latitude && known->longitude) {
      e.lat_e7 = to_e7(*known->latitude);
      e.lon_e7 = to_e7(*known->longitude);
    }
  }
  return e;
}

} // namespace reonomy::mock::detail

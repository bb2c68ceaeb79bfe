#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "data/known_properties.hpp"
#include "data/property_entry.hpp"

namespace reonomy::mock {

// A real US ZIP code (fixtures/zipcodes.csv).
struct ZipCode {
  std::array<char, 5> code{};
  std::uint16_t city = 0;    // index into Gazetteer::cities()
  std::uint8_t state = 0;    // index into Gazetteer::states()
  std::uint8_t urbanity = 0; // index into Gazetteer::urbanity_classes()
  double latitude = 0, longitude = 0;
  std::uint32_t city_population = 0; // 0 when unknown
  std::string_view zip5() const { return {code.data(), code.size()}; }
};

// fixtures/urbanity_classes.tsv: how a ZIP's city population shapes its properties.
struct UrbanityClass {
  std::string name;
  std::uint32_t min_city_population = 0;
  double area_factor = 1, far_factor = 1, price_factor = 1;
  int year_min = 1900;
  std::uint32_t house_number_max = 10000;
  double jitter_m = 1000;
};

// fixtures/asset_categories.tsv: one asset category and its size and price model.
struct AssetCategory {
  std::string name;
  PropertyKind kind = PropertyKind::commercial;
  std::array<double, 4> weight{}; // by urbanity class (core, city, suburb, rural)
  double area_median = 0, area_sigma = 0, sqft_per_unit = 0, far = 0, price_psf = 0, lot_median = 0;
  std::uint8_t first_land_use = 0, land_use_count = 0; // rows of Gazetteer::land_uses()
  std::vector<double> land_use_cumulative;             // weights of those rows, cumulative
};

// fixtures/land_use_codes.tsv.
struct LandUse {
  std::uint8_t category = 0;
  std::string code, description;
};

// fixtures/street_suffixes.csv: a USPS suffix, its standard abbreviation and accepted spellings.
struct StreetSuffix {
  std::string suffix, abbr;
  std::vector<std::string> aliases;
};

// fixtures/street_names.tsv: a street as its address fields.
struct StreetPattern {
  std::uint8_t direction_left = kNoDirection, mode = kNoMode, direction_right = kNoDirection;
  std::uint16_t street = 0; // index into Gazetteer::street_names()
};

// The roles of fixtures/company_words.tsv and fixtures/real_estate_words.tsv.
enum class WordRole : std::uint8_t {
  entity,
  trade,
  place_prefix,
  place_suffix,
  job_descriptor,
  job_type,
  email_domain,
  owner_term,
  owner_entity,
  lender_term,
  contact_title,
  sale_document,
  mortgage_document,
};
inline constexpr std::size_t kWordRoleCount = 13;

// Every table the corpus and the records are made from, read once from the fixtures directory
// and immutable afterwards (safe to share between threads). Text is upper case where Reonomy's
// address fields are (cities, streets); names keep their case.
class Gazetteer {
public:
  // Reads every fixture under `dir`. Throws std::runtime_error naming the file and line of
  // anything malformed.
  static Gazetteer load(const std::filesystem::path& dir);
  // The tables under `dir`, loaded on the first call for that directory and shared afterwards.
  static std::shared_ptr<const Gazetteer> shared(const std::filesystem::path& dir);
  // shared(find_fixtures_dir()): the directory the default search finds (data/fixtures_dir.hpp).
  static std::shared_ptr<const Gazetteer> shared_default();

  // The directory the tables were read from; the matcher reads its own tables there too.
  const std::filesystem::path& dir() const { return dir_; }

  const std::vector<ZipCode>& zips() const { return zips_; }
  std::optional<std::uint16_t> find_zip(std::string_view zip5) const;
  const std::vector<std::string>& cities() const { return cities_; }
  const std::vector<std::string>& states() const { return states_; }
  std::string_view city_of(const ZipCode& z) const { return cities_[z.city]; }
  std::string_view state_of(const ZipCode& z) const { return states_[z.state]; }
  std::string_view state_fips(std::uint8_t state) const { return state_fips_[state]; }

  const std::vector<UrbanityClass>& urbanity_classes() const { return urbanity_; }
  const std::vector<AssetCategory>& categories() const { return categories_; }
  const std::vector<LandUse>& land_uses() const { return land_uses_; }
  // Case-insensitive.
  std::optional<std::uint8_t> find_category(std::string_view name) const;
  // The category of sfr and condo entries.
  std::uint8_t category_of_kind(PropertyKind kind) const {
    return kind_category_[static_cast<std::size_t>(kind)];
  }

  const std::vector<std::string>& street_names() const { return street_names_; }
  const std::vector<StreetPattern>& street_patterns() const { return street_patterns_; }
  const std::vector<StreetSuffix>& suffixes() const { return suffixes_; }
  // Exact (upper-case) street name.
  std::optional<std::uint16_t> find_street(std::string_view name) const;
  // A suffix by its standard abbreviation, full name or accepted spelling (case-insensitive).
  std::optional<std::uint8_t> find_suffix(std::string_view text) const;
  // Index of a direction in kDirections (N, S, ..., SW); nullopt when not one.
  static std::optional<std::uint8_t> find_direction(std::string_view text);

  const std::vector<std::string>& first_names() const { return first_names_; }
  const std::vector<std::string>& last_names() const { return last_names_; }
  const std::vector<std::string>& words(WordRole role) const {
    return words_[static_cast<std::size_t>(role)];
  }

  const std::vector<KnownProperty>& known_properties() const { return known_; }

  // Sampling weights, cumulative: ZIPs by population (each city's population shared by its
  // ZIPs), and commercial categories per urbanity class.
  std::span<const double> zip_cumulative() const { return zip_cumulative_; }
  std::span<const double> category_cumulative(std::uint8_t urbanity) const {
    return category_cumulative_[urbanity];
  }
  std::span<const double> street_pattern_cumulative() const { return pattern_cumulative_; }
  // street_names() indexes of the last names, which also serve as street names ("ABBOTT ST").
  std::span<const std::uint16_t> surname_streets() const { return surname_streets_; }

private:
  void load_zipcodes(const std::filesystem::path& file);
  void load_known(const std::filesystem::path& file); // known_properties.cpp
  std::uint16_t intern_street(const std::string& name);

  std::filesystem::path dir_;
  std::vector<ZipCode> zips_;
  std::vector<std::string> cities_, states_, state_fips_;
  std::vector<UrbanityClass> urbanity_;
  std::vector<AssetCategory> categories_;
  std::vector<LandUse> land_uses_;
  std::vector<std::string> street_names_;
  std::unordered_map<std::string, std::uint16_t> street_index_;
  std::vector<StreetPattern> street_patterns_;
  std::vector<StreetSuffix> suffixes_;
  std::vector<std::string> first_names_, last_names_;
  std::array<std::vector<std::string>, kWordRoleCount> words_;
  std::vector<KnownProperty> known_;
  std::vector<std::uint16_t> surname_streets_;
  std::array<std::uint8_t, 3> kind_category_{}; // by PropertyKind
  std::vector<double> zip_cumulative_, pattern_cumulative_;
  std::vector<std::vector<double>> category_cumulative_;
};

} // namespace reonomy::mock

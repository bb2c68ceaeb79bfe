#include "data/gazetteer.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <mutex>
#include <stdexcept>

#include "data/detail/table_reader.hpp"
#include "data/fixtures_dir.hpp"

namespace reonomy::mock {

using detail::parse_double;
using detail::parse_uint;

namespace {
constexpr std::string_view kWordRoleNames[kWordRoleCount] = {
    "entity",        "trade",         "place_prefix",     "place_suffix", "job_descriptor",
    "job_type",      "email_domain",  "owner_term",       "owner_entity", "lender_term",
    "contact_title", "sale_document", "mortgage_document"};

// ours: a ZIP whose city GeoNames does not list counts as a town of this many people, shared by
// the city's ZIPs like any other.
constexpr double kUnlistedCityPopulation = 800;

template <class T> T narrow(std::uint64_t value, std::string_view what) {
  if (value > std::numeric_limits<T>::max()) {
    throw std::invalid_argument(std::string(what) + " out of range");
  }
  return static_cast<T>(value);
}

std::vector<double> cumulative(const std::vector<double>& weights) {
  std::vector<double> out;
  out.reserve(weights.size());
  double total = 0;
  for (double w : weights)
    out.push_back(total += w);
  return out;
}
} // namespace

std::shared_ptr<const Gazetteer> Gazetteer::shared(const std::filesystem::path& dir) {
  static std::mutex mutex;
  static std::map<std::filesystem::path, std::shared_ptr<const Gazetteer>> loaded;
  const std::filesystem::path key = std::filesystem::absolute(dir).lexically_normal();
  const std::lock_guard lock(mutex);
  auto& instance = loaded[key];
  if (!instance)
    instance = std::make_shared<const Gazetteer>(Gazetteer::load(key));
  return instance;
}

std::shared_ptr<const Gazetteer> Gazetteer::shared_default() {
  return shared(find_fixtures_dir());
}

Gazetteer Gazetteer::load(const std::filesystem::path& dir) {
  Gazetteer g;
  g.dir_ = dir;
  detail::read_table(dir / "urbanity_classes.tsv", '\t',
                     "class\tmin_city_population\tarea_factor\tfar_factor\tprice_factor\tyear_min"
                     "\thouse_number_max\tjitter_m",
                     [&](const auto& f) {
                       g.urbanity_.push_back(
                           {std::string(f[0]),
                            narrow<std::uint32_t>(parse_uint(f[1]), "population"),
                            parse_double(f[2]), parse_double(f[3]), parse_double(f[4]),
                            static_cast<int>(parse_uint(f[5])),
                            narrow<std::uint32_t>(parse_uint(f[6]), "number"), parse_double(f[7])});
                     });
  if (g.urbanity_.size() != 4)
    throw std::runtime_error("urbanity_classes.tsv: need 4 classes");

  std::map<std::string, std::string, std::less<>> fips;
  detail::read_table(dir / "state_fips.csv", ',', "state,fips",
                     [&](const auto& f) { fips.emplace(std::string(f[0]), std::string(f[1])); });
  g.load_zipcodes(dir / "zipcodes.csv");
  for (const auto& state : g.states_) {
    const auto it = fips.find(state);
    if (it == fips.end())
      throw std::runtime_error("state_fips.csv: no FIPS code for " + state);
    g.state_fips_.push_back(it->second);
  }

  detail::read_table(
      dir / "asset_categories.tsv", '\t',
      "category\tkind\tweight_core\tweight_city\tweight_suburb\tweight_rural\tarea_median"
      "\tarea_sigma\tsqft_per_unit\tfar\tprice_psf\tlot_median",
      [&](const auto& f) {
        AssetCategory c;
        c.name = std::string(f[0]);
        if (f[1] == "commercial")
          c.kind = PropertyKind::commercial;
        else if (f[1] == "sfr")
          c.kind = PropertyKind::sfr;
        else if (f[1] == "condo")
          c.kind = PropertyKind::condo;
        else
          throw std::invalid_argument("kind must be commercial, sfr or condo");
        for (std::size_t i = 0; i < 4; ++i)
          c.weight[i] = parse_double(f[2 + i]);
        c.area_median = parse_double(f[6]);
        c.area_sigma = parse_double(f[7]);
        c.sqft_per_unit = parse_double(f[8]);
        c.far = parse_double(f[9]);
        c.price_psf = parse_double(f[10]);
        c.lot_median = parse_double(f[11]);
        if (c.area_median <= 0 && c.lot_median <= 0) {
          throw std::invalid_argument("a category needs area_median or lot_median");
        }
        g.categories_.push_back(std::move(c));
      });

  std::vector<std::vector<double>> land_use_weights(g.categories_.size());
  detail::read_table(dir / "land_use_codes.tsv", '\t', "category\tcode\tdescription\tweight",
                     [&](const auto& f) {
                       const auto cat = g.find_category(f[0]);
                       if (!cat)
                         throw std::invalid_argument("unknown category " + std::string(f[0]));
                       auto& c = g.categories_[*cat];
                       if (c.land_use_count == 0) {
                         c.first_land_use = narrow<std::uint8_t>(g.land_uses_.size(), "land use");
                       } else if (c.first_land_use + c.land_use_count != g.land_uses_.size()) {
                         throw std::invalid_argument("a category's land uses must be adjacent");
                       }
                       ++c.land_use_count;
                       land_use_weights[*cat].push_back(parse_double(f[3]));
                       g.land_uses_.push_back({*cat, std::string(f[1]), std::string(f[2])});
                     });
  for (std::size_t i = 0; i < g.categories_.size(); ++i) {
    if (g.categories_[i].land_use_count == 0) {
      throw std::runtime_error("land_use_codes.tsv: no code for " + g.categories_[i].name);
    }
    g.categories_[i].land_use_cumulative = cumulative(land_use_weights[i]);
  }
  for (std::size_t u = 0; u < g.urbanity_.size(); ++u) {
    std::vector<double> weights;
    for (const auto& c : g.categories_) {
      weights.push_back(c.kind == PropertyKind::commercial ? c.weight[u] : 0.0);
    }
    g.category_cumulative_.push_back(cumulative(weights));
  }
  for (const auto kind : {PropertyKind::sfr, PropertyKind::condo}) {
    const auto it = std::find_if(g.categories_.begin(), g.categories_.end(),
                                 [&](const AssetCategory& c) { return c.kind == kind; });
    if (it == g.categories_.end()) {
      throw std::runtime_error("asset_categories.tsv: no category of kind " +
                               std::string(to_string(kind)));
    }
    g.kind_category_[static_cast<std::size_t>(kind)] =
        static_cast<std::uint8_t>(it - g.categories_.begin());
  }

  detail::read_table(dir / "street_suffixes.csv", ',', "suffix,abbr,aliases", [&](const auto& f) {
    StreetSuffix s{std::string(f[0]), std::string(f[1]), {}};
    std::string_view aliases = f[2];
    while (!aliases.empty()) {
      const auto bar = aliases.find('|');
      s.aliases.emplace_back(aliases.substr(0, bar));
      aliases = bar == std::string_view::npos ? std::string_view{} : aliases.substr(bar + 1);
    }
    g.suffixes_.push_back(std::move(s));
  });
  if (g.suffixes_.size() >= kNoMode)
    throw std::runtime_error("street_suffixes.csv: too many rows");

  std::vector<double> pattern_weights;
  detail::read_table(dir / "street_names.tsv", '\t',
                     "direction_left\tstreet\tmode\tdirection_right", [&](const auto& f) {
                       StreetPattern p;
                       if (!f[0].empty()) {
                         const auto d = find_direction(f[0]);
                         if (!d)
                           throw std::invalid_argument("bad direction_left");
                         p.direction_left = *d;
                       }
                       if (!f[3].empty()) {
                         const auto d = find_direction(f[3]);
                         if (!d)
                           throw std::invalid_argument("bad direction_right");
                         p.direction_right = *d;
                       }
                       if (!f[2].empty()) {
                         const auto m = g.find_suffix(f[2]);
                         if (!m)
                           throw std::invalid_argument("unknown suffix " + std::string(f[2]));
                         p.mode = *m;
                       }
                       p.street = g.intern_street(detail::to_upper(f[1]));
                       g.street_patterns_.push_back(p);
                       // ours: plain streets are far more common than directional variants.
                       pattern_weights.push_back(p.direction_left || p.direction_right ? 0.4 : 1.0);
                     });
  g.pattern_cumulative_ = cumulative(pattern_weights);

  g.first_names_ = detail::read_lines(dir / "first_names.txt");
  g.last_names_ = detail::read_lines(dir / "last_names.txt");
  for (const auto& name : g.last_names_) {
    g.surname_streets_.push_back(g.intern_street(detail::to_upper(name)));
  }

  const auto read_words = [&](const char* file) {
    detail::read_table(dir / file, '\t', "role\tword", [&](const auto& f) {
      const auto* it = std::find(std::begin(kWordRoleNames), std::end(kWordRoleNames), f[0]);
      if (it == std::end(kWordRoleNames))
        throw std::invalid_argument("unknown role");
      g.words_[static_cast<std::size_t>(it - std::begin(kWordRoleNames))].emplace_back(f[1]);
    });
  };
  read_words("company_words.tsv");
  read_words("real_estate_words.tsv");
  for (std::size_t i = 0; i < kWordRoleCount; ++i) {
    if (g.words_[i].empty()) {
      throw std::runtime_error("no words of role " + std::string(kWordRoleNames[i]));
    }
  }

  g.load_known(dir / "known_properties.json");
  return g;
}

void Gazetteer::load_zipcodes(const std::filesystem::path& file) {
  std::map<std::string, std::uint16_t, std::less<>> city_index;
  std::map<std::string, std::uint8_t, std::less<>> state_index;
  detail::read_table(
      file, ',', "zip,city,state,latitude,longitude,city_population", [&](const auto& f) {
        if (f[0].size() != 5)
          throw std::invalid_argument("ZIP must have 5 digits");
        ZipCode z;
        std::copy(f[0].begin(), f[0].end(), z.code.begin());
        const std::string city = detail::to_upper(f[1]);
        auto c = city_index.try_emplace(city, narrow<std::uint16_t>(cities_.size(), "cities"));
        if (c.second)
          cities_.push_back(city);
        z.city = c.first->second;
        auto s = state_index.try_emplace(std::string(f[2]),
                                         narrow<std::uint8_t>(states_.size(), "states"));
        if (s.second)
          states_.emplace_back(f[2]);
        z.state = s.first->second;
        z.latitude = parse_double(f[3]);
        z.longitude = parse_double(f[4]);
        z.city_population = narrow<std::uint32_t>(parse_uint(f[5]), "population");
        z.urbanity = static_cast<std::uint8_t>(urbanity_.size() - 1);
        for (std::size_t u = 0; u < urbanity_.size(); ++u) {
          if (z.city_population >= urbanity_[u].min_city_population) {
            z.urbanity = static_cast<std::uint8_t>(u);
            break;
          }
        }
        if (!zips_.empty() && zips_.back().zip5() >= z.zip5()) {
          throw std::invalid_argument("ZIPs must be sorted and unique");
        }
        zips_.push_back(z);
      });
  if (zips_.size() > 0xFFFF)
    throw std::runtime_error("zipcodes.csv: too many ZIPs");
  // A city's population is spread over its ZIPs, so a city with many ZIPs is not counted twice.
  // ZIPs are grouped by the population they were given rather than by name, so that a ZIP whose
  // city name is an alias of a bigger place (10048 "Manhattan" beside "New York") shares it.
  const auto group = [](const ZipCode& z) {
    return std::pair<std::uint8_t, std::uint64_t>(
        z.state, z.city_population > 0 ? z.city_population : 0x100000000ULL + z.city);
  };
  std::map<std::pair<std::uint8_t, std::uint64_t>, double> zips_per_group;
  for (const auto& z : zips_)
    zips_per_group[group(z)] += 1;
  std::vector<double> weights;
  weights.reserve(zips_.size());
  for (const auto& z : zips_) {
    const double population =
        std::max(static_cast<double>(z.city_population), kUnlistedCityPopulation);
    weights.push_back(population / zips_per_group[group(z)]);
  }
  zip_cumulative_ = cumulative(weights);
}

std::optional<std::uint16_t> Gazetteer::find_zip(std::string_view zip5) const {
  const auto it =
      std::lower_bound(zips_.begin(), zips_.end(), zip5,
                       [](const ZipCode& z, std::string_view v) { return z.zip5() < v; });
  if (it == zips_.end() || it->zip5() != zip5)
    return std::nullopt;
  return static_cast<std::uint16_t>(it - zips_.begin());
}

std::optional<std::uint8_t> Gazetteer::find_category(std::string_view name) const {
  for (std::size_t i = 0; i < categories_.size(); ++i) {
    if (detail::iequals(categories_[i].name, name))
      return static_cast<std::uint8_t>(i);
  }
  return std::nullopt;
}

std::optional<std::uint16_t> Gazetteer::find_street(std::string_view name) const {
  const auto it = street_index_.find(std::string(name));
  if (it == street_index_.end())
    return std::nullopt;
  return it->second;
}

std::optional<std::uint8_t> Gazetteer::find_suffix(std::string_view text) const {
  for (std::size_t i = 0; i < suffixes_.size(); ++i) {
    const auto& s = suffixes_[i];
    if (detail::iequals(s.abbr, text) || detail::iequals(s.suffix, text)) {
      return static_cast<std::uint8_t>(i);
    }
  }
  for (std::size_t i = 0; i < suffixes_.size(); ++i) {
    for (const auto& alias : suffixes_[i].aliases) {
      if (detail::iequals(alias, text))
        return static_cast<std::uint8_t>(i);
    }
  }
  return std::nullopt;
}

std::optional<std::uint8_t> Gazetteer::find_direction(std::string_view text) {
  for (std::size_t i = 1; i < std::size(kDirections); ++i) {
    if (detail::iequals(kDirections[i], text))
      return static_cast<std::uint8_t>(i);
  }
  return std::nullopt;
}

std::uint16_t Gazetteer::intern_street(const std::string& name) {
  const auto [it, added] =
      street_index_.try_emplace(name, narrow<std::uint16_t>(street_names_.size(), "streets"));
  if (added)
    street_names_.push_back(name);
  return it->second;
}

} // namespace reonomy::mock

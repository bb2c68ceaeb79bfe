#include "match/matcher.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <tuple>

#include "data/corpus.hpp"

namespace reonomy::mock {

namespace {

constexpr std::uint32_t kNoName = std::numeric_limits<std::uint32_t>::max();

MatchResult miss(MissReason reason) {
  return {MatchStatus::miss, reason, std::nullopt, {}};
}

std::string city_key(std::string_view state, std::string_view city) {
  std::string key;
  key.reserve(state.size() + 1 + city.size());
  key.append(state).push_back('|');
  key.append(city);
  return key;
}

// Whether the directions of two streets can name the same street: both sides equal (exact), or
// on one side only, or sharing one (relaxed); two different ones contradict.
enum class Agreement { exact, relaxed, contradicts };

Agreement directions(const StreetAddress& input, std::string_view left, std::string_view right) {
  if (input.direction_left == left && input.direction_right == right)
    return Agreement::exact;
  const bool input_has = !input.direction_left.empty() || !input.direction_right.empty();
  const bool corpus_has = !left.empty() || !right.empty();
  if (!input_has || !corpus_has)
    return Agreement::relaxed;
  for (const std::string_view given : {input.direction_left, input.direction_right})
    if (!given.empty() && (given == left || given == right))
      return Agreement::relaxed;
  return Agreement::contradicts;
}

std::optional<double> parse_coordinate(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  if (!text.empty() && text.front() == '+')
    text.remove_prefix(1);
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() ||
      !std::isfinite(value))
    return std::nullopt;
  return value;
}

MatchResult by_kind(const PropertyEntry& entry, MatchStatus found) {
  switch (entry.kind) {
  case PropertyKind::sfr:
    return miss(MissReason::sfr);
  case PropertyKind::condo:
    return miss(MissReason::condo);
  case PropertyKind::commercial:
    break;
  }
  return {found, MissReason::none, entry.id, {}};
}

} // namespace

std::string_view to_string(MatchStatus status) {
  switch (status) {
  case MatchStatus::ok:
    return "OK";
  case MatchStatus::partial:
    return "PARTIAL";
  case MatchStatus::miss:
    return "MISS";
  }
  return "MISS";
}

std::string_view to_string(MissReason reason) {
  switch (reason) {
  case MissReason::none:
    return "";
  case MissReason::sfr:
    return "SFR";
  case MissReason::condo:
    return "Condo Property (SFR)";
  case MissReason::missing:
    return "MISSING";
  case MissReason::unrecognized:
    return "Unrecognized address";
  }
  return "";
}

std::size_t Relaxations::count() const {
  std::size_t n = 0;
  for (const bool relaxed : {zip, city, state, house_number, direction, suffix, ambiguous})
    n += relaxed ? 1 : 0;
  return n;
}

Matcher::Matcher(const Corpus& corpus) : corpus_(&corpus), normalizer_(corpus.gazetteer()) {
  const Gazetteer& g = corpus.gazetteer();

  // Corpus streets go through the normaliser like the input does, so that "NORTH SHORE RD"
  // and "N Shore Road" meet in the same parts. Entries share a few thousand street forms.
  std::unordered_map<std::uint64_t, std::uint32_t> form_of;
  const auto entries = corpus.entries();
  zip_offsets_.assign(g.zips().size() + 1, 0);
  std::vector<Slot> numbered; // in corpus order
  numbered.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const PropertyEntry& e = entries[i];
    if (e.house_number == 0)
      continue; // vacant land without a number cannot be named by an address
    const std::uint64_t key = std::uint64_t{e.street} | std::uint64_t{e.mode} << 16 |
                              std::uint64_t{e.direction_left} << 24 |
                              std::uint64_t{e.direction_right} << 32;
    const auto [it, added] = form_of.try_emplace(key, static_cast<std::uint32_t>(forms_.size()));
    if (added) {
      std::string line = "1 ";
      line += kDirections[e.direction_left];
      line += ' ';
      line += g.street_names()[e.street];
      if (e.mode != kNoMode)
        line += " " + g.suffixes()[e.mode].abbr;
      line += ' ';
      line += kDirections[e.direction_right];
      StreetForm form;
      form.name = kNoName;
      if (auto parsed = normalizer_.street(line)) {
        form.name = names_.try_emplace(parsed->street, static_cast<std::uint32_t>(names_.size()))
                        .first->second;
        form.direction_left = std::move(parsed->direction_left);
        form.mode = std::move(parsed->mode);
        form.direction_right = std::move(parsed->direction_right);
      }
      forms_.push_back(std::move(form));
    }
    numbered.push_back({e.house_number, it->second, static_cast<std::uint32_t>(i)});
    ++zip_offsets_[e.zip + 1u];
  }
  for (std::size_t z = 1; z < zip_offsets_.size(); ++z)
    zip_offsets_[z] += zip_offsets_[z - 1];
  // Bucketed by ZIP in corpus order, then each ZIP stably by house number.
  slots_.resize(numbered.size());
  std::vector<std::uint32_t> fill(zip_offsets_.begin(), zip_offsets_.end() - 1);
  for (const Slot& slot : numbered)
    slots_[fill[entries[slot.index].zip]++] = slot;
  for (std::size_t z = 0; z + 1 < zip_offsets_.size(); ++z)
    std::stable_sort(slots_.begin() + zip_offsets_[z], slots_.begin() + zip_offsets_[z + 1],
                     [](const Slot& x, const Slot& y) { return x.house_number < y.house_number; });

  city_names_.reserve(g.cities().size());
  for (const auto& city : g.cities())
    city_names_.push_back(normalizer_.city(city));
  for (std::size_t z = 0; z < g.zips().size(); ++z) {
    const ZipCode& zip = g.zips()[z];
    const std::string_view state = g.state_of(zip);
    const std::string_view city = normalizer_.canonical_city(state, city_names_[zip.city]);
    city_zips_[city_key(state, city)].push_back(static_cast<std::uint16_t>(z));
  }
}

void Matcher::collect(std::uint16_t zip, const StreetAddress& street, std::uint32_t name,
                      const Relaxations& locality, std::vector<Candidate>& out) const {
  const std::uint32_t low = street.house_number;
  const std::uint32_t high = street.house_number_end != 0 ? street.house_number_end : low;
  const auto end = slots_.begin() + zip_offsets_[zip + 1u];
  auto slot = std::lower_bound(slots_.begin() + zip_offsets_[zip], end, low,
                               [](const Slot& s, std::uint32_t n) { return s.house_number < n; });
  for (; slot != end && slot->house_number <= high; ++slot) {
    const StreetForm& form = forms_[slot->form];
    if (form.name != name)
      continue;
    Relaxations r = locality;
    r.house_number = street.house_number_end != 0 || !street.house_suffix.empty();
    switch (directions(street, form.direction_left, form.direction_right)) {
    case Agreement::exact:
      break;
    case Agreement::relaxed:
      r.direction = true;
      break;
    case Agreement::contradicts:
      continue;
    }
    if (street.mode != form.mode) {
      if (!street.mode.empty() && !form.mode.empty())
        continue;
      r.suffix = true;
    }
    out.push_back({slot->index, r, slot->house_number - low});
  }
}

MatchResult Matcher::resolve(std::vector<Candidate>& candidates) const {
  if (candidates.empty())
    return miss(MissReason::missing);
  const auto entries = corpus_->entries();
  const auto rank = [&](const Candidate& c) {
    return std::make_tuple(c.relaxations.count(), entries[c.index].kind != PropertyKind::commercial,
                           c.distance, c.index);
  };
  const auto best =
      std::min_element(candidates.begin(), candidates.end(),
                       [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  Relaxations relaxations = best->relaxations;
  const std::size_t fewest = relaxations.count();
  relaxations.ambiguous = std::count_if(candidates.begin(), candidates.end(), [&](const auto& c) {
                            return c.relaxations.count() == fewest;
                          }) > 1;
  const PropertyEntry& entry = entries[best->index];
  MatchResult result =
      by_kind(entry, relaxations.count() == 0 ? MatchStatus::ok : MatchStatus::partial);
  result.relaxations = relaxations;
  return result;
}

MatchResult Matcher::match_address(std::string_view line, std::string_view city_text,
                                   std::string_view state_text, std::string_view postal) const {
  const auto street = normalizer_.street(line);
  if (!street)
    return miss(MissReason::unrecognized);
  const Gazetteer& g = corpus_->gazetteer();
  const std::string city = normalizer_.city(city_text);
  const std::string state = normalizer_.state(state_text);
  const std::string zip = AddressNormalizer::zip5(postal);
  // An int rather than std::optional: GCC 12 reports optional<uint16_t> here as maybe
  // uninitialised.
  int zip_index = -1;
  if (const auto found = zip.empty() ? std::nullopt : g.find_zip(zip))
    zip_index = *found;
  const std::vector<std::uint16_t>* city_zips = nullptr;
  if (!state.empty() && !city.empty()) {
    const auto it = city_zips_.find(city_key(state, normalizer_.canonical_city(state, city)));
    if (it != city_zips_.end())
      city_zips = &it->second;
  }
  if (zip_index < 0 && !city_zips)
    return miss(MissReason::unrecognized);
  const auto name_it = names_.find(street->street);
  if (name_it == names_.end())
    return miss(MissReason::missing); // no corpus street has this name anywhere

  std::vector<Candidate> candidates;
  if (zip_index >= 0) {
    const auto zip_at = static_cast<std::uint16_t>(zip_index);
    const ZipCode& z = g.zips()[zip_at];
    Relaxations locality;
    locality.city = !city.empty() && city != city_names_[z.city];
    locality.state = !state.empty() && state != g.state_of(z);
    collect(zip_at, *street, name_it->second, locality, candidates);
  }
  if (candidates.empty() && city_zips) {
    for (const std::uint16_t z : *city_zips) {
      if (z == zip_index)
        continue;
      Relaxations locality;
      locality.zip = true;
      locality.city = city != city_names_[g.zips()[z].city];
      collect(z, *street, name_it->second, locality, candidates);
    }
  }
  return resolve(candidates);
}

MatchResult Matcher::match_coordinates(std::string_view latitude,
                                       std::string_view longitude) const {
  const auto lat = parse_coordinate(latitude);
  const auto lon = parse_coordinate(longitude);
  if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180)
    return miss(MissReason::unrecognized);
  const PropertyEntry* nearest = corpus_->nearest(*lat, *lon, kCoordinateRadiusMetres);
  if (!nearest)
    return miss(MissReason::missing);
  return by_kind(*nearest, MatchStatus::ok);
}

MatchColumns::MatchColumns(const MatchMetadata& metadata) : kind(metadata.mapping.kind) {
  const auto& columns = metadata.mapping.columns;
  if (columns.size() > index.size())
    throw std::invalid_argument("a match mapping has at most four columns");
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto it = std::find(metadata.headers.begin(), metadata.headers.end(), columns[i].second);
    if (it == metadata.headers.end())
      throw std::invalid_argument("mapped column " + columns[i].second + " is not a header");
    index[i] = static_cast<std::size_t>(it - metadata.headers.begin());
  }
}

MatchResult match_row(const Matcher& matcher, const MatchColumns& columns,
                      std::span<const std::string> fields) {
  const auto field = [&](std::size_t i) -> std::string_view {
    return columns.index[i] < fields.size() ? std::string_view(fields[columns.index[i]])
                                            : std::string_view{};
  };
  if (columns.kind == MatchKind::coordinates)
    return matcher.match_coordinates(field(0), field(1));
  return matcher.match_address(field(0), field(1), field(2), field(3));
}

} // namespace reonomy::mock

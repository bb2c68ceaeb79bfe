#include "data/corpus.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "data/detail/entry_generator.hpp"
#include "data/detail/rng.hpp"
#include "data/detail/table_reader.hpp"

namespace reonomy::mock {

namespace {
std::size_t slot_of(const Uuid& id, std::size_t mask) {
  std::uint64_t hi = 0, lo = 0;
  std::memcpy(&hi, id.data(), 8);
  std::memcpy(&lo, id.data() + 8, 8);
  // Mixed, because a client may send sequential ids that share their leading bytes.
  return static_cast<std::size_t>(detail::mix64(hi ^ detail::mix64(lo))) & mask;
}
} // namespace

Uuid Corpus::generated_id(std::uint64_t seed, std::size_t index) {
  char digits[24];
  std::string name = "corpus/";
  name.append(digits, std::to_chars(digits, digits + sizeof digits, seed).ptr);
  name.push_back('/');
  name.append(digits, std::to_chars(digits, digits + sizeof digits, index).ptr);
  return uuid_v5(mock_namespace(), name);
}

Corpus Corpus::generate(std::uint64_t seed, std::size_t size,
                        std::shared_ptr<const Gazetteer> gazetteer) {
  Corpus c;
  c.seed_ = seed;
  c.gazetteer_ = std::move(gazetteer);
  const Gazetteer& g = *c.gazetteer_;
  const auto& known = g.known_properties();
  size = std::max(size, known.size());
  if (size >= 0xFFFFFFFFULL / 2)
    throw std::invalid_argument("corpus size too large");
  c.entries_.resize(size);
  const auto derive = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      c.entries_[i] =
          i < known.size()
              ? detail::derive_entry(g, kKnownSeed, known[i].id, detail::Membership::corpus,
                                     &known[i], static_cast<std::uint16_t>(i))
              : detail::derive_entry(g, seed, generated_id(seed, i), detail::Membership::corpus);
    }
  };
  // Each entry is a function of the seed and its index alone, so the entries are derived on
  // every core: this loop is most of a start's corpus build (which the server's readiness waits
  // for), and the result is the same whatever the number of cores.
  const std::size_t parts = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
  const std::size_t step = (size + parts - 1) / parts;
  std::vector<std::future<void>> others;
  for (std::size_t from = step; from < size; from += step)
    others.push_back(std::async(std::launch::async, derive, from, std::min(size, from + step)));
  derive(0, std::min(size, step));
  for (auto& other : others)
    other.get();

  std::size_t capacity = 16;
  while (capacity < size * 2)
    capacity *= 2;
  c.id_slots_.assign(capacity, 0);
  for (std::size_t i = 0; i < size; ++i) {
    std::size_t s = slot_of(c.entries_[i].id, capacity - 1);
    while (c.id_slots_[s] != 0) {
      if (c.entries_[c.id_slots_[s] - 1].id == c.entries_[i].id) {
        throw std::logic_error("duplicate property id " + to_string(c.entries_[i].id));
      }
      s = (s + 1) & (capacity - 1);
    }
    c.id_slots_[s] = static_cast<std::uint32_t>(i + 1);
  }

  c.zip_offsets_.assign(g.zips().size() + 1, 0);
  for (const auto& e : c.entries_)
    ++c.zip_offsets_[e.zip + 1];
  for (std::size_t z = 1; z < c.zip_offsets_.size(); ++z)
    c.zip_offsets_[z] += c.zip_offsets_[z - 1];
  c.zip_entries_.resize(size);
  std::vector<std::uint32_t> fill(c.zip_offsets_.begin(), c.zip_offsets_.end() - 1);
  for (std::size_t i = 0; i < size; ++i) {
    c.zip_entries_[fill[c.entries_[i].zip]++] = static_cast<std::uint32_t>(i);
  }
  c.spatial_ = detail::SpatialIndex(c.entries_);
  return c;
}

const PropertyEntry* Corpus::find(const Uuid& id) const {
  const std::size_t mask = id_slots_.size() - 1;
  std::uint64_t hi = 0, lo = 0;
  std::memcpy(&hi, id.data(), 8);
  std::memcpy(&lo, id.data() + 8, 8);
  for (std::size_t s = slot_of(id, mask); id_slots_[s] != 0; s = (s + 1) & mask) {
    const auto& e = entries_[id_slots_[s] - 1];
    std::uint64_t ehi = 0, elo = 0;
    std::memcpy(&ehi, e.id.data(), 8);
    std::memcpy(&elo, e.id.data() + 8, 8);
    if (ehi == hi && elo == lo)
      return &e;
  }
  return nullptr;
}

PropertyEntry Corpus::entry_for(const Uuid& id) const {
  if (const auto* e = find(id))
    return *e;
  return detail::derive_entry(*gazetteer_, seed_, id, detail::Membership::outside);
}

AddressView Corpus::address(const PropertyEntry& e) const {
  const Gazetteer& g = *gazetteer_;
  const ZipCode& z = g.zips()[e.zip];
  AddressView a;
  a.house_number = e.house_number;
  a.direction_left = kDirections[e.direction_left];
  a.street = g.street_names()[e.street];
  a.mode = e.mode == kNoMode ? std::string_view{} : std::string_view(g.suffixes()[e.mode].abbr);
  a.direction_right = kDirections[e.direction_right];
  a.city = g.city_of(z);
  a.state = g.state_of(z);
  a.zip5 = z.zip5();
  a.lat = e.lat();
  a.lon = e.lon();
  a.kind = e.kind;
  if (const auto* k = known(e); k && k->latitude && k->longitude) {
    a.lat = *k->latitude;
    a.lon = *k->longitude;
  }
  return a;
}

std::span<const std::uint32_t> Corpus::entries_in_zip(std::string_view zip5) const {
  const auto z = gazetteer_->find_zip(zip5);
  if (!z)
    return {};
  return std::span<const std::uint32_t>(zip_entries_)
      .subspan(zip_offsets_[*z], zip_offsets_[*z + 1u] - zip_offsets_[*z]);
}

std::vector<const PropertyEntry*> Corpus::find_by_address(std::uint32_t house_number,
                                                          std::string_view street,
                                                          std::string_view zip5) const {
  std::vector<const PropertyEntry*> found;
  for (const auto i : entries_in_zip(zip5)) {
    const auto& e = entries_[i];
    if (e.house_number == house_number &&
        detail::iequals(gazetteer_->street_names()[e.street], street)) {
      found.push_back(&e);
    }
  }
  return found;
}

const PropertyEntry* Corpus::nearest(double lat, double lon, double max_metres) const {
  const auto i = spatial_.nearest(entries_, lat, lon, max_metres);
  return i ? &entries_[*i] : nullptr;
}

} // namespace reonomy::mock

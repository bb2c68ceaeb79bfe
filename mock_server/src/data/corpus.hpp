#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "data/detail/spatial_index.hpp"
#include "data/gazetteer.hpp"
#include "data/property_entry.hpp"

namespace reonomy::mock {

// A property's address and position as text fields, for address matching. Views into the
// Gazetteer, valid as long as the Corpus.
struct AddressView {
  std::uint32_t house_number = 0;                                 // 0: none
  std::string_view direction_left, street, mode, direction_right; // upper case; "" when none
  std::string_view city, state, zip5;
  double lat = 0, lon = 0;
  PropertyKind kind = PropertyKind::commercial;
};

// The deterministic set of properties the mock knows: a seed yields the same entries every time.
// Entries 0..K-1 are the documentation's properties (fixtures/known_properties.json, the same in
// every corpus); the others are generated, entry i with id uuid_v5(mock_namespace(),
// "corpus/<seed>/<i>"), spread over real ZIPs by population. About 5% are residential (sfr,
// condo) for the match feature; everything else is commercial.
// Immutable after generate(); safe to share between threads. Move-only (it is large).
class Corpus {
public:
  // Builds `size` entries (at least the K documented ones). Throws std::runtime_error when the
  // fixtures cannot be read.
  static Corpus generate(std::uint64_t seed, std::size_t size,
                         std::shared_ptr<const Gazetteer> gazetteer = Gazetteer::shared_default());
  // The id of generated entry `index` (index >= K) of a corpus with `seed`.
  static Uuid generated_id(std::uint64_t seed, std::size_t index);

  Corpus(Corpus&&) noexcept = default;
  Corpus& operator=(Corpus&&) noexcept = default;
  Corpus(const Corpus&) = delete;
  Corpus& operator=(const Corpus&) = delete;

  std::uint64_t seed() const { return seed_; }
  std::size_t size() const { return entries_.size(); }
  const PropertyEntry& at(std::size_t index) const { return entries_.at(index); }
  std::span<const PropertyEntry> entries() const { return entries_; }
  const Gazetteer& gazetteer() const { return *gazetteer_; }

  // The entry with this id, or nullptr (constant time).
  const PropertyEntry* find(const Uuid& id) const;
  // The corpus entry of `id`, or for an id outside the corpus the commercial entry derived from
  // (seed, id), so any id has a consistent, plausible property.
  PropertyEntry entry_for(const Uuid& id) const;
  // The seed an entry's record is derived from: the corpus seed, or kKnownSeed for documented
  // properties (so they read the same whatever the seed).
  std::uint64_t seed_of(const PropertyEntry& e) const {
    return e.known == kNotKnown ? seed_ : kKnownSeed;
  }
  const KnownProperty* known(const PropertyEntry& e) const {
    return e.known == kNotKnown ? nullptr : &gazetteer_->known_properties()[e.known];
  }

  AddressView address(const PropertyEntry& e) const;
  // Indexes (into entries()) of the entries in a ZIP, ascending; empty for an unknown ZIP.
  std::span<const std::uint32_t> entries_in_zip(std::string_view zip5) const;
  // Entries in `zip5` with this house number whose street name (without suffix or directions)
  // equals `street` ignoring case, in index order.
  std::vector<const PropertyEntry*>
  find_by_address(std::uint32_t house_number, std::string_view street, std::string_view zip5) const;
  // The entry nearest to (lat, lon) within max_metres, of any kind, or nullptr. The cost grows
  // with the square of max_metres (a grid of ~1 km cells is read).
  const PropertyEntry* nearest(double lat, double lon, double max_metres) const;

private:
  Corpus() = default;

  std::uint64_t seed_ = 0;
  std::shared_ptr<const Gazetteer> gazetteer_;
  std::vector<PropertyEntry> entries_;
  std::vector<std::uint32_t> id_slots_; // open addressing: entry index + 1, 0 = empty
  std::vector<std::uint32_t> zip_offsets_, zip_entries_; // entries by ZIP (CSR layout)
  detail::SpatialIndex spatial_;
};

} // namespace reonomy::mock

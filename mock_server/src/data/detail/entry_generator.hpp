#pragma once

#include <cstdint>

#include "core/ids.hpp"
#include "data/gazetteer.hpp"
#include "data/property_entry.hpp"

namespace reonomy::mock::detail {

// ours: the share of residential (sfr and condo) entries in a generated corpus, and the share of
// condos among them.
inline constexpr double kResidentialShare = 0.05;
inline constexpr double kCondoShareOfResidential = 0.3;

enum class Membership { corpus, outside };

// The entry of `id`, a pure function of (seed, id): where it is, what it is, how big, and its
// latest sale. An id outside the corpus is always commercial (a client asking for its record
// means it was a commercial property). `known` (with its index) overrides what it sets.
PropertyEntry derive_entry(const Gazetteer& g, std::uint64_t seed, const Uuid& id,
                           Membership membership, const KnownProperty* known = nullptr,
                           std::uint16_t known_index = kNotKnown);

} // namespace reonomy::mock::detail

#include "data/detail/timeline.hpp"

#include <algorithm>

#include "data/detail/calendar.hpp"
#include "data/detail/rng.hpp"

namespace reonomy::mock::detail {

namespace {
constexpr std::int32_t kYear = 365;
// ours: the share of sales financed by a mortgage recorded with the deed, and the chance of each
// further refinancing.
constexpr double kFinancedShare = 0.7;
constexpr double kRefinanceChance = 0.4;

std::size_t at(UpdateTime t) {
  return static_cast<std::size_t>(t);
}

std::int32_t between(Rng& r, std::int32_t lo, std::int32_t hi) {
  return static_cast<std::int32_t>(r.between(lo, std::max(lo, hi)));
}
} // namespace

Timeline make_timeline(std::uint64_t seed, const PropertyEntry& e, const KnownProperty* known) {
  Rng r(seed, e.id, Stream::timeline);
  Timeline t;
  if (e.has_sale())
    t.sale_recorded = std::min(kHorizonDay, e.last_sale_day + between(r, 3, 60));

  std::int32_t mortgage = 0;
  if (e.has_sale() && e.last_sale_amount > 0 && r.chance(kFinancedShare)) {
    mortgage = t.sale_recorded;
  } else if (r.chance(0.3)) {
    mortgage = between(r, kEarliestSaleDay, kHorizonDay - 30); // a loan of an earlier owner
  }
  std::array<std::int32_t, 3> ascending{};
  if (mortgage != 0) {
    ascending[t.mortgage_count++] = mortgage;
    while (t.mortgage_count < ascending.size() && r.chance(kRefinanceChance)) {
      mortgage += between(r, 3 * kYear, 8 * kYear);
      if (mortgage > kHorizonDay - 30)
        break;
      ascending[t.mortgage_count++] = mortgage;
    }
  }
  for (std::uint8_t i = 0; i < t.mortgage_count; ++i) {
    t.mortgage_recorded[i] = ascending[t.mortgage_count - 1 - i];
  }

  // Drawn after everything else (see the returns below), so no other date depends on it.
  const auto originate = [&] {
    for (std::uint8_t i = 0; i < t.mortgage_count; ++i)
      t.mortgage_originated[i] = t.mortgage_recorded[i] - between(r, 0, 14);
  };

  auto& u = t.updates;
  const auto soon_after = [&](std::int32_t day, std::int32_t within) {
    return std::min(kHorizonDay, day + between(r, 0, within));
  };
  // Update dates are refreshes of the data: recent, and never before the event they report.
  const auto refreshed = [&](std::int32_t event, std::int32_t within) {
    const std::int32_t refresh = between(r, kEarliestUpdateDay, kHorizonDay);
    return event == 0 ? refresh : std::max(refresh, soon_after(event, within));
  };
  u[at(UpdateTime::sale)] = refreshed(t.sale_recorded, 400);
  u[at(UpdateTime::mtg)] = refreshed(t.mortgage_count ? t.mortgage_recorded[0] : 0, 400);
  u[at(UpdateTime::owner)] = refreshed(t.sale_recorded, 200);
  u[at(UpdateTime::tax)] = between(r, kHorizonDay - 540, kHorizonDay);
  u[at(UpdateTime::building)] = between(r, kEarliestUpdateDay, kHorizonDay);
  u[at(UpdateTime::shape)] = between(r, kEarliestUpdateDay, kHorizonDay);

  if (known && known->update_days) {
    u = *known->update_days;
    // Documented dates win; events after them are moved back or dropped.
    t.sale_recorded = std::min(t.sale_recorded, u[at(UpdateTime::sale)]);
    const auto mtg = u[at(UpdateTime::mtg)];
    std::uint8_t kept = 0;
    for (std::uint8_t i = 0; i < t.mortgage_count; ++i) {
      if (t.mortgage_recorded[i] <= mtg)
        t.mortgage_recorded[kept++] = t.mortgage_recorded[i];
    }
    t.mortgage_count = kept;
    originate();
    return t;
  }
  std::int32_t master = 0;
  for (std::size_t i = 0; i < kUpdateTimeCount; ++i) {
    if (i != at(UpdateTime::master))
      master = std::max(master, u[i]);
  }
  u[at(UpdateTime::master)] = master;
  originate();
  return t;
}

} // namespace reonomy::mock::detail

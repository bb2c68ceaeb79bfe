#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/ids.hpp"
#include "specs/property_details_spec.hpp"

namespace reonomy::mock {

class Corpus;

// The seven update dates a property carries (search lines and basic records show all of them).
// Order as the search-result lines write them.
enum class UpdateTime : std::uint8_t { master, sale, mtg, owner, tax, building, shape };
inline constexpr std::size_t kUpdateTimeCount = 7;
inline constexpr std::array<std::string_view, kUpdateTimeCount> kUpdateTimeNames = {
    "master_update_time", "sale_update_time",     "mtg_update_time",  "owner_update_time",
    "tax_update_time",    "building_update_time", "shape_update_time"};

std::optional<UpdateTime> parse_update_time(std::string_view name);

// Days since 1970-01-01, indexed by UpdateTime. master is always the latest of the other six.
using UpdateDays = std::array<std::int32_t, kUpdateTimeCount>;

// ours: which update dates speak for which detail type (the documentation names both lists but
// never pairs them). A detail type counts as updated on the latest of its dates. basic covers the
// building and the parcel shape; reported_owner shares the owner date with ownership; tenants
// have no date of their own, so they follow master (any change to the property).
struct DetailTypeDates {
  DetailType type;
  std::array<std::optional<UpdateTime>, 2> dates;
};
inline constexpr std::array<DetailTypeDates, kDetailTypeCount> kDetailTypeUpdateTimes = {{
    {DetailType::basic, {UpdateTime::building, UpdateTime::shape}},
    {DetailType::mortgages, {UpdateTime::mtg, std::nullopt}},
    {DetailType::ownership, {UpdateTime::owner, std::nullopt}},
    {DetailType::reported_owner, {UpdateTime::owner, std::nullopt}},
    {DetailType::sales, {UpdateTime::sale, std::nullopt}},
    {DetailType::taxes, {UpdateTime::tax, std::nullopt}},
    {DetailType::tenants, {UpdateTime::master, std::nullopt}},
}};

// The seven update dates of a property: its corpus entry's, or for an id outside the corpus, the
// ones its record shows. A pure function of (corpus seed, id).
UpdateDays update_days(const Corpus& corpus, const Uuid& id);

// The date each detail type was last updated (indexed by DetailType), following
// kDetailTypeUpdateTimes.
std::array<std::chrono::year_month_day, kDetailTypeCount> update_dates(const Corpus& corpus,
                                                                       const Uuid& id);
std::array<std::chrono::year_month_day, kDetailTypeCount> detail_type_dates(const UpdateDays& days);

// The documented `updated` filter: true when at least one detail type that has a date in
// `since` was updated on or after it (OR across types). With no date set at all, true.
bool updated_since(
    const std::array<std::chrono::year_month_day, kDetailTypeCount>& dates,
    const std::array<std::optional<std::chrono::year_month_day>, kDetailTypeCount>& since);

} // namespace reonomy::mock

#include "data/update_times.hpp"

#include <algorithm>

#include "data/corpus.hpp"
#include "data/detail/timeline.hpp"

namespace reonomy::mock {

std::optional<UpdateTime> parse_update_time(std::string_view name) {
  for (std::size_t i = 0; i < kUpdateTimeCount; ++i) {
    if (kUpdateTimeNames[i] == name)
      return static_cast<UpdateTime>(i);
  }
  return std::nullopt;
}

UpdateDays update_days(const Corpus& corpus, const Uuid& id) {
  const PropertyEntry e = corpus.entry_for(id);
  return detail::make_timeline(corpus.seed_of(e), e, corpus.known(e)).updates;
}

std::array<std::chrono::year_month_day, kDetailTypeCount>
detail_type_dates(const UpdateDays& days) {
  std::array<std::chrono::year_month_day, kDetailTypeCount> out{};
  for (const auto& [type, dates] : kDetailTypeUpdateTimes) {
    std::int32_t latest = 0;
    for (const auto& d : dates) {
      if (d)
        latest = std::max(latest, days[static_cast<std::size_t>(*d)]);
    }
    out[static_cast<std::size_t>(type)] =
        std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{latest}}};
  }
  return out;
}

std::array<std::chrono::year_month_day, kDetailTypeCount> update_dates(const Corpus& corpus,
                                                                       const Uuid& id) {
  return detail_type_dates(update_days(corpus, id));
}

bool updated_since(
    const std::array<std::chrono::year_month_day, kDetailTypeCount>& dates,
    const std::array<std::optional<std::chrono::year_month_day>, kDetailTypeCount>& since) {
  bool any_filter = false;
  for (std::size_t i = 0; i < kDetailTypeCount; ++i) {
    if (!since[i])
      continue;
    any_filter = true;
    if (dates[i] >= *since[i])
      return true;
  }
  return !any_filter;
}

} // namespace reonomy::mock

#pragma once

#include <chrono>
#include <cstdint>

namespace reonomy::mock::detail {

// Days since 1970-01-01 of a civil date.
constexpr std::int32_t day_number(int y, unsigned m, unsigned d) {
  return static_cast<std::int32_t>(
      std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}}
          .time_since_epoch()
          .count());
}

constexpr int year_of(std::int32_t day) {
  return static_cast<int>(
      std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{day}}}.year());
}

// ours: the generated data is a snapshot taken on this day, so records never change with the
// clock; every date in a record is on or before it.
inline constexpr std::int32_t kHorizonDay = day_number(2025, 6, 30);
// ours: sales and mortgages reach back to here.
inline constexpr std::int32_t kEarliestSaleDay = day_number(1990, 1, 1);
// ours: update dates of the data reach back to here.
inline constexpr std::int32_t kEarliestUpdateDay = day_number(2016, 1, 1);

} // namespace reonomy::mock::detail

#include "core/time_format.hpp"

#include <cstdio>
#include <ctime>

namespace reonomy::mock {

namespace {
struct Parts {
  int year;
  unsigned month, day, hour, minute, second;
  long long micros;
};

Parts split(TimePoint t) {
  using namespace std::chrono;
  const auto day_start = floor<days>(t);
  const year_month_day ymd{day_start};
  const hh_mm_ss<Micros> hms{t - day_start};
  return {int(ymd.year()),
          unsigned(ymd.month()),
          unsigned(ymd.day()),
          unsigned(hms.hours().count()),
          unsigned(hms.minutes().count()),
          unsigned(hms.seconds().count()),
          static_cast<long long>(hms.subseconds().count())};
}
} // namespace

std::string isoformat(TimePoint t) {
  const Parts p = split(t);
  char buf[80];
  // Python's isoformat() leaves the fraction out when microsecond == 0.
  if (p.micros == 0)
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u+00:00", p.year, p.month, p.day,
                  p.hour, p.minute, p.second);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02u.%06lld+00:00", p.year, p.month,
                  p.day, p.hour, p.minute, p.second, p.micros);
  return buf;
}

std::string iso8601_z(TimePoint t) {
  const Parts p = split(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02u:%02u:%02uZ", p.year, p.month, p.day, p.hour,
                p.minute, p.second);
  return buf;
}

std::optional<std::chrono::year_month_day> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  auto number = [&](std::size_t from, std::size_t len) -> std::optional<unsigned> {
    unsigned v = 0;
    for (std::size_t i = from; i < from + len; ++i) {
      if (text[i] < '0' || text[i] > '9')
        return std::nullopt;
      v = v * 10 + unsigned(text[i] - '0');
    }
    return v;
  };
  const auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d)
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(int(*y)), std::chrono::month(*m),
                                        std::chrono::day(*d)};
  if (!ymd.ok())
    return std::nullopt;
  return ymd;
}

std::optional<TimePoint> parse_isoformat(std::string_view text) {
  if (text.size() < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':')
    return std::nullopt;
  const auto date = parse_date(text.substr(0, 10));
  auto two_digits = [&](std::size_t at) -> int {
    const char a = text[at], b = text[at + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9')
      return -1;
    return (a - '0') * 10 + (b - '0');
  };
  const int hour = two_digits(11), minute = two_digits(14), second = two_digits(17);
  if (!date || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return std::nullopt;
  std::size_t at = 19;
  long long micros = 0;
  if (text[at] == '.') {
    std::size_t digits = 0;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits)
      micros = micros * 10 + (text[at] - '0');
    if (digits == 0 || digits > 6)
      return std::nullopt;
    for (; digits < 6; ++digits)
      micros *= 10;
  }
  const std::string_view zone = text.substr(at);
  if (zone != "+00:00" && zone != "Z")
    return std::nullopt;
  using namespace std::chrono;
  return TimePoint(sys_days{*date}) + hours(hour) + minutes(minute) + seconds(second) +
         Micros(micros);
}

std::string format_date(std::chrono::year_month_day d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                unsigned(d.day()));
  return buf;
}

namespace {
constexpr const char* kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
} // namespace

std::string http_date(std::int64_t epoch_seconds) {
  const std::time_t t = static_cast<std::time_t>(epoch_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                tm.tm_mday, kMonthNames[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return text;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  char day_name[16] = {}, month[4] = {}, zone[4] = {};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, used = 0;
  const std::string s(text);
  // Sun, 06 Nov 1994 08:49:37 GMT
  const int n = std::sscanf(s.c_str(), "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d %3[A-Z]%n",
                            day_name, &day, month, &year, &hour, &minute, &second, zone, &used);
  if (n != 8 || std::size_t(used) != s.size() || std::string_view(zone) != "GMT") {
    used = 0;
    // Sunday, 06-Nov-94 08:49:37 GMT (two-digit years: RFC 9110 reads them as within 50 years,
    // which for any date a client sends today means 19xx for 50..99 and 20xx below)
    const int k = std::sscanf(s.c_str(), "%15[A-Za-z], %2d-%3[A-Za-z]-%2d %2d:%2d:%2d %3[A-Z]%n",
                              day_name, &day, month, &year, &hour, &minute, &second, zone, &used);
    if (k == 8 && std::size_t(used) == s.size() && std::string_view(zone) == "GMT") {
      year += year < 50 ? 2000 : 1900;
    } else {
      used = 0;
      // Sun Nov  6 08:49:37 1994
      const int m = std::sscanf(s.c_str(), "%3[A-Za-z] %3[A-Za-z] %2d %2d:%2d:%2d %4d%n", day_name,
                                month, &day, &hour, &minute, &second, &year, &used);
      if (m != 7 || std::size_t(used) != s.size())
        return std::nullopt;
    }
  }
  int month_index = -1;
  for (int i = 0; i < 12; ++i)
    if (std::string_view(month) == kMonthNames[i])
      month_index = i;
  if (month_index < 0 || hour > 23 || minute > 59 || second > 60 || day < 1)
    return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year(year),
                                        std::chrono::month(unsigned(month_index + 1)),
                                        std::chrono::day(unsigned(day))};
  if (!ymd.ok())
    return std::nullopt;
  const auto days = std::chrono::sys_days(ymd).time_since_epoch().count();
  return std::int64_t(days) * 86400 + hour * 3600 + minute * 60 + second;
}

} // namespace reonomy::mock

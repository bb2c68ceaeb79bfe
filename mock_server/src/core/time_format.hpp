#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace reonomy::mock {

// Python's datetime.isoformat() of an aware UTC time, as the API writes `created` and
// `modified`: 2020-01-03T16:34:52.104383+00:00, and at a whole second without the fraction, as
// Python does: 2026-01-01T00:00:00+00:00.
std::string isoformat(TimePoint t);

// The inverse of isoformat(): YYYY-MM-DDTHH:MM:SS, optionally .ffffff (1 to 6 digits), then
// +00:00 or Z. nullopt for anything else, including a time that does not exist.
std::optional<TimePoint> parse_isoformat(std::string_view text);

// ISO 8601 UTC without fractions, as S3 writes `Expires` and `ServerTime`: 2023-11-19T09:18:50Z.
std::string iso8601_z(TimePoint t);

// A calendar date written YYYY-MM-DD that exists (2021-02-29 does not); nullopt otherwise.
std::optional<std::chrono::year_month_day> parse_date(std::string_view text);

// YYYY-MM-DD.
std::string format_date(std::chrono::year_month_day d);

// An HTTP-date (RFC 9110 §5.6.7) for a time in seconds since the epoch: "Sun, 06 Nov 1994
// 08:49:37 GMT".
std::string http_date(std::int64_t epoch_seconds);

// The seconds since the epoch an HTTP-date names, in any of the three forms a recipient must
// accept (RFC 9110 §5.6.7: IMF-fixdate, RFC 850, asctime); nullopt for anything else.
std::optional<std::int64_t> parse_http_date(std::string_view text);

} // namespace reonomy::mock

#include "results/s3_get.hpp"

#include <charconv>
#include <vector>

#include "core/ows.hpp"
#include "core/time_format.hpp"

namespace reonomy::mock {

namespace {

std::optional<std::uint64_t> digits(std::string_view s) {
  if (s.empty())
    return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size())
    return std::nullopt;
  return value;
}

// Whether an If-Match / If-None-Match list names the object's ETag. `*` matches any object. A
// tag is compared without its quotes, as S3 does (an unquoted tag matches too); a weak tag
// (W/"...") matches only in a weak comparison (If-None-Match, RFC 9110 §13.1.2).
bool list_matches(std::string_view list, std::string_view etag, bool weak) {
  const auto bare = [](std::string_view tag) {
    if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"')
      tag = tag.substr(1, tag.size() - 2);
    return tag;
  };
  const std::string_view mine = bare(etag);
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = list.find(',', start);
    std::string_view item = trim_ows(list.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (item == "*")
      return true;
    bool is_weak = false;
    if (item.substr(0, 2) == "W/") {
      is_weak = true;
      item.remove_prefix(2);
    }
    if ((weak || !is_weak) && !item.empty() && bare(item) == mine)
      return true;
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
  return false;
}

} // namespace

std::optional<ByteRangeSpec> parse_single_byte_range(std::string_view value) {
  constexpr std::string_view kUnit = "bytes=";
  if (value.substr(0, kUnit.size()) != kUnit)
    return std::nullopt;
  const std::string_view spec = value.substr(kUnit.size());
  if (spec.find(',') != std::string_view::npos)
    return std::nullopt; // several ranges: S3 sends the whole object
  const std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos)
    return std::nullopt;
  const std::string_view a = spec.substr(0, dash), b = spec.substr(dash + 1);
  ByteRangeSpec range;
  if (a.empty()) {
    range.last = digits(b);
    if (!range.last)
      return std::nullopt;
    return range;
  }
  range.first = digits(a);
  if (!range.first)
    return std::nullopt;
  if (!b.empty()) {
    range.last = digits(b);
    if (!range.last || *range.last < *range.first)
      return std::nullopt;
  }
  return range;
}

GetDecision decide_get(const HeaderOf& header, const ObjectVersion& object, std::int64_t now_s) {
  using Kind = GetDecision::Kind;
  const auto answer = [](Kind kind, std::uint64_t first = 0, std::uint64_t length = 0) {
    return GetDecision{kind, first, length, {}};
  };
  const auto failed = [](const char* condition) {
    return GetDecision{Kind::precondition_failed, 0, 0, condition};
  };
  const auto date = [&](std::string_view name) -> std::optional<std::int64_t> {
    const auto value = header(name);
    return value ? parse_http_date(trim_ows(*value)) : std::nullopt;
  };
  if (const auto if_match = header("If-Match")) {
    if (!list_matches(*if_match, object.etag, false))
      return failed("If-Match");
  } else if (const auto since = date("If-Unmodified-Since")) {
    if (object.last_modified_s > *since)
      return failed("If-Unmodified-Since");
  }
  if (const auto if_none_match = header("If-None-Match")) {
    if (list_matches(*if_none_match, object.etag, true))
      return answer(Kind::not_modified);
  } else if (const auto since = date("If-Modified-Since")) {
    if (object.last_modified_s <= *since && *since <= now_s)
      return answer(Kind::not_modified);
  }

  const GetDecision whole = answer(Kind::whole, 0, object.size);
  const auto value = header("Range");
  if (!value)
    return whole;
  const auto range = parse_single_byte_range(*value);
  if (!range)
    return whole;
  // If-Range (RFC 9110 §13.1.5): the range only while the object is the one the client has, by
  // its ETag (strongly) or its exact Last-Modified; otherwise the whole object.
  if (const auto if_range = header("If-Range")) {
    const std::string_view tag = trim_ows(*if_range);
    const bool same = tag.substr(0, 1) == "\"" ? tag == object.etag
                                               : tag.substr(0, 2) != "W/" &&
                                                     parse_http_date(tag) == object.last_modified_s;
    if (!same)
      return whole;
  }
  if (!range->first) { // the last N bytes
    if (*range->last == 0)
      return answer(Kind::unsatisfiable);
    if (object.size == 0)
      return whole;
    const std::uint64_t n = std::min(*range->last, object.size);
    return answer(Kind::part, object.size - n, n);
  }
  if (*range->first >= object.size)
    return answer(Kind::unsatisfiable);
  const std::uint64_t last = std::min(range->last.value_or(object.size - 1), object.size - 1);
  return answer(Kind::part, *range->first, last - *range->first + 1);
}

} // namespace reonomy::mock

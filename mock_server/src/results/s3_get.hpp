#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace reonomy::mock {

// What a GetObject request's conditional and Range headers decide, given the object.
struct ObjectVersion {
  std::uint64_t size = 0;
  std::string etag;                 // quoted: "<32 lowercase hex digits>"
  std::int64_t last_modified_s = 0; // seconds since the epoch (HTTP dates have whole seconds)
};

struct GetDecision {
  enum class Kind { whole, part, not_modified, precondition_failed, unsatisfiable } kind;
  std::uint64_t first = 0, length = 0; // the bytes to send: whole and part
  std::string condition;               // precondition_failed: the header that did not hold
};

// A request header by name (case-insensitive), or nullopt when absent.
using HeaderOf = std::function<std::optional<std::string>(std::string_view name)>;

// S3's GetObject rules (docs/S3_OBJECTS.md):
// - preconditions first, in RFC 9110 §13.2.2's order, as S3 documents them: If-Match (412 when no
//   listed ETag matches), else If-Unmodified-Since (412 when modified after it); then
//   If-None-Match (304 when one matches), else If-Modified-Since (304 when not modified since);
//   an HTTP-date that does not parse, or an If-Modified-Since after `now_s`, is ignored; ETags
//   match with or without their quotes;
// - then Range: one `bytes=A-B`, `bytes=A-` or `bytes=-N` range answers a part (B is cut to
//   the last byte, N to the size); a range that starts at or beyond the size (so `bytes=0-` of
//   an empty object) and `bytes=-0` are unsatisfiable; `bytes=-N` of an empty object is the
//   whole (empty) object; anything else (several ranges, other units, B < A, stray characters)
//   is ignored and the whole object is sent. With If-Range, the range holds only while the
//   object's ETag (strong comparison) or exact Last-Modified is the one given.
GetDecision decide_get(const HeaderOf& header, const ObjectVersion& object, std::int64_t now_s);

// The Range header's value as a single satisfiable-or-not byte range; nullopt when S3 ignores it.
struct ByteRangeSpec {
  std::optional<std::uint64_t> first; // nullopt: a suffix range, `last` is its length
  std::optional<std::uint64_t> last;  // nullopt: to the end
};
std::optional<ByteRangeSpec> parse_single_byte_range(std::string_view value);

} // namespace reonomy::mock

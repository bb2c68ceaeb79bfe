#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reonomy::mock {

// The first stage of every request: its head (request line and header fields) read off the
// connection and judged by RFC 9112's framing rules before cpp-httplib sees a byte of it.
// A request that passes is handed on as a normalized head and an exact body length, so nothing
// past its end can ever be read as part of it, and nothing of it as the next request.

// ours: the most head bytes read before a request is refused with 431. cpp-httplib limits each
// line to 8,192 bytes and request_limits the number of fields to 100; this bounds the whole.
inline constexpr std::size_t kMaxHeadBytes = 1 << 20;

// A request refused for its framing: answered at once with this status and the connection closed.
struct FramingError {
  int status = 400;
  std::string type;
  std::string message;
};

enum class BodyFraming { none, length, chunked };

struct FramedRequest {
  // What the rest of the server sees: request line and fields, CRLF line ends, the blank line.
  // The target is in origin form; a Range field is held back (see `range`); fields a client must
  // not set (the library's REMOTE_ADDR and the like) are dropped.
  std::string head;
  BodyFraming body = BodyFraming::none;
  // With BodyFraming::length; UINT64_MAX for a length past 64 bits (refused later, as too large).
  std::uint64_t length = 0;
  // A Range field as sent. cpp-httplib 0.11 would parse it itself (416 for any form it does not
  // know) and slice every answer by it; the routes that serve ranges read it from here.
  std::optional<std::string> range;
  // Parsed parts, for the journal of a refused request and for the routes.
  std::string method, target, version;
  std::vector<std::pair<std::string, std::string>> fields;
  std::optional<FramingError> error;
};

// How many bytes of empty lines (CRLF or LF) start `bytes`: RFC 9112 §2.2 lets a server skip
// them before a request line.
std::size_t leading_empty_lines(std::string_view bytes);

// Where a head ends in `bytes` (the index just past its blank line), or nullopt when the blank
// line has not arrived yet. `bytes` starts with the request line (leading empty lines already
// skipped); lines may end in CRLF or a bare LF. The search starts at `from`, so a caller that
// receives a head in pieces scans each byte about once.
std::optional<std::size_t> head_end(std::string_view bytes, std::size_t from = 0);

// Judges a complete head (as head_end delimits it). On a framing error `error` is set and the
// parts parsed so far are filled in; `head` is then empty.
FramedRequest frame_request(std::string_view head);

// The refusal for a head that reached kMaxHeadBytes without ending.
FramingError head_too_large();

} // namespace reonomy::mock

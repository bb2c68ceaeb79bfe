#pragma once

#include <cstddef>
#include <optional>

#include <httplib.h>

#include "core/api_error.hpp"

namespace reonomy::mock {

// ours: more header fields than any client sends. cpp-httplib 0.11 caps each header line at
// 8,192 bytes but not their number, so this is where a request of thousands is refused.
inline constexpr std::size_t kMaxHeaderCount = 100;

// The refusal for a request whose shape alone is abusive, checked once its headers are read and
// before its body is (pre-routing), or nullopt. In order:
//  - more than kMaxHeaderCount header fields: 431 RequestHeaderFieldsTooLarge;
//  - a chunked request body: 411 LengthRequired, because cpp-httplib 0.11 reads a chunked body
//    whole into memory without applying its payload cap;
//  - a Content-Length over `max_body_bytes`: 413 PayloadTooLarge, answered at once (left to the
//    library, the body would be read and thrown away first).
// The caller closes the connection: the body that follows is never read.
std::optional<ApiError> refuse_by_shape(const httplib::Request& req, std::size_t max_body_bytes);

} // namespace reonomy::mock

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <httplib.h>

#include "core/api_error.hpp"

namespace reonomy::mock {

// The body of an upload (POST /v2/jobs/file, POST /_mock/echo) as it arrived, read by the mock's
// own multipart reader (specs/multipart_reader) straight off the connection: cpp-httplib 0.11
// parsed only `form-data; name="x"; filename="y"` spelled its way, and held the body several
// times over.
struct ArrivedBody {
  bool multipart = false; // the Content-Type is multipart/form-data (any case)
  httplib::MultipartFormDataMap parts;
  std::string raw;                 // the first bytes of a body that is not multipart
  std::uint64_t raw_size = 0;      // its size
  bool read = false;               // the whole body was read
  std::optional<ApiError> refusal; // why the body cannot be taken, as POST /v2/jobs/file says it
};

// Reads the body of the request this thread is handling. A body that declares no length (neither
// Content-Length nor Transfer-Encoding) is empty: refused as "no body". A chunked body is never
// read (request_limits says why); it is judged from its headers. A multipart body goes through
// the multipart reader; its first refusal (limits, malformed part headers, a boundary that does
// not match, a truncated body) stops the reading, and the rest of the body, unread, ends the
// connection after the answer. Of any other body the first `keep_raw_bytes` are kept.
ArrivedBody read_arrived_body(const httplib::Request& req, std::size_t max_upload_bytes,
                              std::size_t keep_raw_bytes = 0);

} // namespace reonomy::mock

#pragma once

#include <cstddef>

#include <httplib.h>

#include "core/api_error.hpp"

namespace reonomy::mock {

// Why cpp-httplib refused an upload's body before any handler ran, as POST /v2/jobs/file answers
// it: `status` 413 (larger than `max_upload`), or 400 for a POST with neither Content-Length nor
// chunked encoding, or a multipart body it could not split (no boundary, a boundary that does not
// match, a truncated body). Shared with POST /_mock/echo, which reports the same refusals.
ApiError refused_upload_error(const httplib::Request& req, int status, std::size_t max_upload);

// The API's error envelope for a response cpp-httplib produced itself with an empty body (no
// route, an unparsable or oversized body).
ApiError error_for_library_response(const httplib::Request& req, int status,
                                    std::size_t max_upload);

// A POST or PUT with neither Content-Length nor Transfer-Encoding: its body is empty (RFC 9112
// §6.3), which for an upload means it was not sent at all.
bool has_no_body_length(const httplib::Request& req);

} // namespace reonomy::mock

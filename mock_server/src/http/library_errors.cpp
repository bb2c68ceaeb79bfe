#include "http/library_errors.hpp"

#include <string>

#include "specs/upload.hpp"

namespace reonomy::mock {

namespace {

ApiError payload_too_large(std::size_t max_upload) {
  return ApiError(413, error_type::kPayloadTooLarge,
                  "The request body is larger than this mock accepts (" +
                      std::to_string(max_upload) + " bytes; see --max-upload-bytes).");
}

} // namespace

bool has_no_body_length(const httplib::Request& req) {
  return (req.method == "POST" || req.method == "PUT") && !req.has_header("Content-Length") &&
         !req.has_header("Transfer-Encoding");
}

ApiError refused_upload_error(const httplib::Request& req, int status, std::size_t max_upload) {
  if (status == 413)
    return payload_too_large(max_upload);
  if (has_no_body_length(req))
    return ApiError(400, error_type::kFileNotFoundAtPath,
                    "The POST has no body (neither Content-Length nor chunked encoding). Send "
                    "a multipart/form-data body with job_type as a form field and the spec as "
                    "a file part named `file` (curl -F job_type=... -F file=@spec.json).");
  return unparsable_multipart_error(req.get_header_value("Content-Type"));
}

ApiError error_for_library_response(const httplib::Request& req, int status,
                                    std::size_t max_upload) {
  if (req.path == "/v2/jobs/file" && (status == 400 || status == 413) &&
      (req.method == "POST" || has_no_body_length(req)))
    return refused_upload_error(req, status, max_upload);
  switch (status) {
  case 400:
    // cpp-httplib refuses a body it cannot frame before routing: a POST with neither
    // Content-Length nor chunked encoding, or multipart it cannot split.
    if (has_no_body_length(req))
      return ApiError(400, "BadRequest",
                      "A " + req.method +
                          " needs a body length: send Content-Length (for an "
                          "empty body, curl -d '').");
    return ApiError(400, "BadRequest",
                    "The request could not be parsed as HTTP: a malformed request line or "
                    "header, or a header line longer than 8,192 bytes (cpp-httplib's limit).");
  case 404:
    return ApiError(404, error_type::kNotFound,
                    "No endpoint " + req.method + " " + req.path +
                        ". The batch jobs API is POST /v2/jobs/file, GET /v2/jobs/file and "
                        "GET /v2/jobs/file/{job_id}.");
  case 413:
    return payload_too_large(max_upload);
  case 414:
    return ApiError(414, "URITooLong",
                    "The request target (path and query) is longer than 8,192 bytes, "
                    "cpp-httplib's limit.");
  default:
    return ApiError(status, "HttpError", "HTTP " + std::to_string(status) + ".");
  }
}

} // namespace reonomy::mock

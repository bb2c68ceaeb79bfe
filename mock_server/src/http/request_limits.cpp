#include "http/request_limits.hpp"

#include <cctype>
#include <charconv>
#include <string>

#include "specs/spec_text.hpp"
#include "specs/upload.hpp"

namespace reonomy::mock {

namespace {

bool is_chunked(const httplib::Request& req) {
  std::string coding = req.get_header_value("Transfer-Encoding");
  for (auto& c : coding) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return coding.find("chunked") != std::string::npos;
}

ApiError too_large(std::size_t max_body_bytes) {
  return ApiError(413, error_type::kPayloadTooLarge,
                  "The request body is larger than this mock accepts (" +
                      detail::thousands(max_body_bytes) + " bytes; see --max-upload-bytes).");
}

} // namespace

std::optional<ApiError> refuse_by_shape(const httplib::Request& req, std::size_t max_body_bytes) {
  if (req.headers.size() > kMaxHeaderCount)
    return ApiError(431, "RequestHeaderFieldsTooLarge",
                    "The request has " + detail::thousands(req.headers.size()) +
                        " header fields; this mock reads at most " +
                        std::to_string(kMaxHeaderCount) + ".");
  if (is_chunked(req)) {
    // An upload sent chunked gets the documented FileNotFoundAtPathError (Node's form-data with
    // a stream of unknown length; README: Compatibility), still before its body is read.
    if (req.method == "POST" && req.path == "/v2/jobs/file") {
      try {
        require_sized_multipart(req.get_header_value("Content-Type"),
                                req.get_header_value("Transfer-Encoding"));
      } catch (const ApiError& e) {
        return e;
      }
    }
    return ApiError(411, "LengthRequired",
                    "The request body is sent with chunked transfer encoding; this mock needs a "
                    "Content-Length (curl -F, requests files= and form-data with getLengthSync() "
                    "send one) so that it can refuse a body over --max-upload-bytes before "
                    "reading it.");
  }
  if (req.has_header("Content-Length")) {
    const std::string text = req.get_header_value("Content-Length");
    unsigned long long length = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (ec == std::errc::result_out_of_range ||
        (ec == std::errc() && end == text.data() + text.size() && length > max_body_bytes))
      return too_large(max_body_bytes);
  }
  return std::nullopt;
}

ApiError error_for_library_response(const httplib::Request& req, int status,
                                    std::size_t max_body_bytes) {
  const std::string content_type = req.get_header_value("Content-Type");
  switch (status) {
  case 400: {
    // cpp-httplib refuses a body it cannot frame before routing: a POST with neither
    // Content-Length nor chunked encoding, or multipart it cannot split.
    const bool unframed = (req.method == "POST" || req.method == "PUT") &&
                          !req.has_header("Content-Length") &&
                          !req.has_header("Transfer-Encoding");
    if (req.path == "/v2/jobs/file" && req.method == "POST" && !unframed)
      return unparsable_multipart_error(content_type);
    if (req.path == "/v2/jobs/file" && unframed)
      return ApiError(400, error_type::kFileNotFoundAtPath,
                      "The POST has no body (neither Content-Length nor chunked encoding). Send "
                      "a multipart/form-data body with job_type as a form field and the spec as "
                      "a file part named `file` (curl -F job_type=... -F file=@spec.json).");
    if (unframed && !req.method.empty())
      return ApiError(400, "BadRequest",
                      "A " + req.method + " needs a body length: send Content-Length (for an "
                      "empty body, curl -d '').");
    return ApiError(400, "BadRequest",
                    "The request could not be parsed as HTTP: a malformed request line or "
                    "header, or a header line longer than 8,192 bytes (cpp-httplib's limit).");
  }
  case 404:
    return ApiError(404, error_type::kNotFound,
                    "No endpoint " + req.method + " " + req.path +
                        ". The batch jobs API is POST /v2/jobs/file, GET /v2/jobs/file and "
                        "GET /v2/jobs/file/{job_id}.");
  case 413: return too_large(max_body_bytes);
  case 414:
    return ApiError(414, "URITooLong",
                    "The request target (path and query) is longer than 8,192 bytes, "
                    "cpp-httplib's limit.");
  default: return ApiError(status, "HttpError", "HTTP " + std::to_string(status) + ".");
  }
}

} // namespace reonomy::mock

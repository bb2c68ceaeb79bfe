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
  for (auto& c : coding)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
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
    // Echo reports such a body (from its headers, without reading it).
    if (req.method == "POST" && req.path == "/_mock/echo")
      return std::nullopt;
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

} // namespace reonomy::mock

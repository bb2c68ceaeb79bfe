#include "http/arrived_body.hpp"

#include <algorithm>
#include <charconv>

#include "http/connection.hpp"
#include "http/library_errors.hpp"
#include "specs/multipart_reader.hpp"
#include "specs/upload.hpp"

namespace reonomy::mock {

ArrivedBody read_arrived_body(const httplib::Request& req, std::size_t max_upload_bytes,
                              std::size_t keep_raw_bytes) {
  ArrivedBody body;
  const std::string content_type = req.get_header_value("Content-Type");
  body.multipart = is_multipart_form_data(content_type);
  if (has_no_body_length(req)) {
    body.refusal = refused_upload_error(req, 400, max_upload_bytes);
    return body;
  }
  if (req.has_header("Transfer-Encoding")) {
    try {
      require_sized_multipart(content_type, req.get_header_value("Transfer-Encoding"));
    } catch (const ApiError& e) {
      body.refusal = e;
    }
    return body;
  }
  if (!body.multipart) {
    body.read = read_request_body([&](const char* data, std::size_t n) {
      if (body.raw.size() < keep_raw_bytes)
        body.raw.append(data, std::min(n, keep_raw_bytes - body.raw.size()));
      body.raw_size += n;
      return true;
    });
    return body;
  }
  try {
    MultipartLimits limits;
    const std::string length = req.get_header_value("Content-Length");
    std::from_chars(length.data(), length.data() + length.size(), limits.expected_body_bytes);
    limits.expected_body_bytes = std::min(limits.expected_body_bytes, max_upload_bytes);
    MultipartReader reader(content_type, limits);
    body.read = read_request_body([&reader](const char* data, std::size_t n) {
      reader.feed(data, n);
      return true;
    });
    reader.finish(); // a body cut short (the client went silent or closed) is truncated
    body.parts = reader.take_parts();
  } catch (const ApiError& e) {
    body.refusal = e;
  }
  return body;
}

} // namespace reonomy::mock

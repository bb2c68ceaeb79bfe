#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reonomy::mock {

// An S3 REST error as the real result URLs answer: the XML declaration, a newline, then the
// <Error> element on one line (api-facts.md section 5), with x-amz-request-id and x-amz-id-2.
struct S3Error {
  int status = 0;
  std::string request_id; // 16 upper-case hex digits
  std::string host_id;    // base64, also sent as x-amz-id-2
  std::string body;
};

// `fields` are the elements between Message and RequestId, in order (Expires, ServerTime, Key...).
S3Error make_s3_error(int status, std::string_view code, std::string_view message,
                      const std::vector<std::pair<std::string, std::string>>& fields = {});

// Escapes &, <, >, " and ' for XML text.
std::string xml_escape(std::string_view text);

} // namespace reonomy::mock

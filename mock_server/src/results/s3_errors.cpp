#include "results/s3_errors.hpp"

#include <stdexcept>

#include "core/base64.hpp"
#include "core/hex.hpp"
#include "core/random.hpp"

namespace reonomy::mock {

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&apos;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

S3Error make_s3_error(int status, std::string_view code, std::string_view message,
                      const std::vector<std::pair<std::string, std::string>>& fields) {
  S3Error e;
  e.status = status;
  e.request_id = hex_encode(random_bytes(8), HexCase::upper);
  e.host_id = base64_encode(random_bytes(57));
  e.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + xml_escape(code) +
           "</Code><Message>" + xml_escape(message) + "</Message>";
  for (const auto& [name, value] : fields)
    e.body += "<" + name + ">" + xml_escape(value) + "</" + name + ">";
  e.body += "<RequestId>" + e.request_id + "</RequestId><HostId>" + e.host_id + "</HostId></Error>";
  return e;
}

} // namespace reonomy::mock

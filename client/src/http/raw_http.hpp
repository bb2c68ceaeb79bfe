#pragma once

#include <chrono>
#include <string>

#include "reonomy_client/http.hpp"

namespace reonomy::client::detail {

// A request written to the socket exactly as given, for the malformed requests no HTTP library
// would build (no User-Agent, a hand-set multipart Content-Type, a body that lies about its
// type). Only Host, Content-Length (when there is a body) and Connection: close are added, and
// only when `headers` lacks them.
struct RawRequest {
  std::string method = "GET";
  std::string url; // absolute
  Headers headers;
  std::string body;
};

struct RawSettings {
  std::string ca_file; // for https; empty: the system's authorities
  std::chrono::seconds timeout{30};
};

// Sends `request` on a fresh connection (TLS for https URLs) and reads the response until the
// server closes. Throws TransportError when the exchange fails or the response is not HTTP.
HttpResponse send_raw(const RawRequest& request, const RawSettings& settings);

// Parses a complete HTTP/1.1 response (status line, headers, body by Content-Length, chunked
// transfer coding or end of data). An answer to a HEAD request (`to_head`), and a 1xx, 204 or
// 304, has no body whatever its headers say (RFC 9112 §6.3). Throws TransportError when it is
// not one.
HttpResponse parse_http_response(const std::string& bytes, bool to_head = false);

} // namespace reonomy::client::detail

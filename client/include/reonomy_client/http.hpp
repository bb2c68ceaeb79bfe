#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace reonomy::client {

// HTTP header fields in the order they were given or received. Names compare without case.
using Headers = std::vector<std::pair<std::string, std::string>>;

// The value of the first header named `name` (any case), nullopt when there is none.
std::optional<std::string> header_value(const Headers& headers, std::string_view name);
bool has_header(const Headers& headers, std::string_view name);

// One part of a multipart/form-data body. An empty `filename` makes it a plain form field.
struct FormPart {
  std::string name;
  std::string content;
  std::string filename;
  std::string content_type;
};

// A request as the client means it. `url` is absolute (http://, https://) or a path that the
// session resolves against the base URL. When `multipart` is set, the transport builds the body
// and its Content-Type (with the boundary) itself; `body` must then be empty.
struct HttpRequest {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  std::optional<std::vector<FormPart>> multipart;
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

// The connection failed, was dropped or timed out before a whole response arrived.
class TransportError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Receives a streamed response: `on_head` sees the status and headers before any body byte and
// may answer false to stop; `on_body` then gets the body in pieces (false stops too).
struct StreamHandlers {
  std::function<bool(int status, const Headers& headers)> on_head;
  std::function<bool(const char* data, std::size_t size)> on_body;
};

// Sends requests over the wire. The client's retry, rate limit and refresh logic sits above it,
// so tests can replace it with a scripted double. Implementations throw TransportError when no
// complete response arrived (for stream(): when the body broke off after on_head).
class Transport {
public:
  virtual ~Transport() = default;
  virtual HttpResponse send(const HttpRequest& request) = 0;
  // Like send(), but the body goes to `handlers` instead of HttpResponse::body.
  virtual HttpResponse stream(const HttpRequest& request, const StreamHandlers& handlers) = 0;
};

} // namespace reonomy::client

#pragma once

#include <string>
#include <string_view>

namespace reonomy::client::detail {

// An absolute http(s) URL split the way a socket and a request line need it.
struct Url {
  std::string scheme; // "http" or "https"
  std::string host;   // as written, IPv6 without brackets
  int port = 0;       // explicit or the scheme's default
  std::string target; // path and query, at least "/"

  // scheme://host:port, the key for one connection.
  std::string origin() const;
  // host, or host:port when the port is not the scheme's default (the Host header).
  std::string host_header() const;
  // The target without its query.
  std::string path() const;
};

// Throws UsageError for anything that is not an absolute http(s) URL.
Url parse_url(std::string_view text);

// `url` when absolute, else `url` appended to `base` (whose own path, if any, is kept as prefix).
std::string resolve_url(std::string_view base, std::string_view url);

std::string percent_decode(std::string_view text);

// The last segment of the URL's path, percent-decoded: the S3 object's file name.
std::string object_name(std::string_view url);

} // namespace reonomy::client::detail

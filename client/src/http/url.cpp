#include "http/url.hpp"

#include <charconv>

#include "reonomy_client/errors.hpp"

namespace reonomy::client::detail {

namespace {

int default_port(std::string_view scheme) {
  return scheme == "https" ? 443 : 80;
}

bool is_absolute(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace

std::string Url::origin() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return scheme + "://" + h + ":" + std::to_string(port);
}

std::string Url::host_header() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return port == default_port(scheme) ? h : h + ":" + std::to_string(port);
}

std::string Url::path() const {
  return target.substr(0, target.find('?'));
}

Url parse_url(std::string_view text) {
  const auto bad = [&](const std::string& why) {
    return UsageError("'" + std::string(text) + "' is not a usable URL: " + why);
  };
  Url url;
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos)
    throw bad("expected http://HOST or https://HOST");
  url.scheme = std::string(text.substr(0, scheme_end));
  if (url.scheme != "http" && url.scheme != "https")
    throw bad("only http and https are spoken");
  std::string_view rest = text.substr(scheme_end + 3);
  const auto target_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, target_start);
  url.target =
      target_start == std::string_view::npos ? "/" : std::string(rest.substr(target_start));
  if (url.target.front() == '?')
    url.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos)
    throw bad("credentials in the URL are not supported; use --access-key and --secret-key");
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      throw bad("unclosed [ in the host");
    url.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':')
        throw bad("unexpected text after the IPv6 host");
      port_text = authority.substr(close + 2);
    }
  } else {
    const auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos)
      port_text = authority.substr(colon + 1);
  }
  if (url.host.empty())
    throw bad("no host");
  url.port = default_port(url.scheme);
  if (!port_text.empty()) {
    const auto [end, ec] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), url.port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || url.port <= 0 ||
        url.port > 65535)
      throw bad("the port must be a number from 1 to 65535");
  }
  return url;
}

std::string resolve_url(std::string_view base, std::string_view url) {
  if (is_absolute(url))
    return std::string(url);
  std::string out(base);
  while (!out.empty() && out.back() == '/')
    out.pop_back();
  if (!url.starts_with('/'))
    out += '/';
  return out + std::string(url);
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string object_name(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  if (const auto scheme = path.find("://"); scheme != std::string_view::npos) {
    path.remove_prefix(scheme + 3);
    const auto slash = path.find('/');
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  }
  const auto last = path.rfind('/');
  return percent_decode(last == std::string_view::npos ? path : path.substr(last + 1));
}

} // namespace reonomy::client::detail

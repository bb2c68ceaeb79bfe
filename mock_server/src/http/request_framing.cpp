#include "http/request_framing.hpp"

#include <charconv>
#include <ctime>
#include <limits>

#include "core/ows.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

constexpr std::string_view kBadRequest = "BadRequest";

bool is_tchar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= '0' && u <= '9')
    return true;
  if ((u | 0x20) >= 'a' && (u | 0x20) <= 'z')
    return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  if (s.empty())
    return false;
  for (const char c : s)
    if (!is_tchar(c))
      return false;
  return true;
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i]))
      return false;
  return true;
}

// Calls `each` with every comma-separated element of a list field value (RFC 9110 §5.6.1),
// trimmed; empty elements included, so "5,,5" is seen for what it is.
template <class F> void for_each_element(std::string_view value, F each) {
  for (;;) {
    const auto comma = value.find(',');
    each(trim_ows(value.substr(0, comma)));
    if (comma == std::string_view::npos)
      return;
    value.remove_prefix(comma + 1);
  }
}

// A uri-host [":" port] as a Host value may carry: unreserved, pct-encoded, sub-delims, ':' and
// the brackets of an IPv6 literal (RFC 3986 §3.2.2).
bool valid_host_value(std::string_view host) {
  for (const char c : host) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z'))
      continue;
    if (std::string_view("-._~%!$&'()*+,;=:[]").find(c) == std::string_view::npos)
      return false;
  }
  return true;
}

FramingError bad(std::string message) {
  return {400, std::string(kBadRequest), std::move(message)};
}

// Splits a head into lines without their line ends, leading empty lines skipped.
std::vector<std::string_view> lines_of(std::string_view head) {
  std::vector<std::string_view> lines;
  while (!head.empty()) {
    const auto nl = head.find('\n');
    std::string_view line = head.substr(0, nl);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (line.empty() && lines.empty()) {
      // before the request line
    } else if (line.empty()) {
      break; // the blank line that ends the head
    } else {
      lines.push_back(line);
    }
    if (nl == std::string_view::npos)
      break;
    head.remove_prefix(nl + 1);
  }
  return lines;
}

} // namespace

std::size_t leading_empty_lines(std::string_view bytes) {
  std::size_t pos = 0;
  for (;;) {
    if (bytes.substr(pos, 1) == "\n")
      pos += 1;
    else if (bytes.substr(pos, 2) == "\r\n")
      pos += 2;
    else
      return pos;
  }
}

std::optional<std::size_t> head_end(std::string_view bytes, std::size_t from) {
  // The blank line is "\n\n" or "\n\r\n"; back up so a pattern split across pieces is found.
  from = from > 3 ? from - 3 : 0;
  for (auto nl = bytes.find('\n', from); nl != std::string_view::npos;
       nl = bytes.find('\n', nl + 1)) {
    if (bytes.substr(nl + 1, 1) == "\n")
      return nl + 2;
    if (bytes.substr(nl + 1, 2) == "\r\n")
      return nl + 3;
  }
  return std::nullopt;
}

FramingError head_too_large() {
  return {431, "RequestHeaderFieldsTooLarge",
          "The request's header section is larger than this mock reads (" +
              detail::thousands(kMaxHeadBytes) + " bytes)."};
}

FramedRequest frame_request(std::string_view head) {
  FramedRequest out;
  const auto lines = lines_of(head);
  const auto fail = [&out](FramingError error) {
    out.error = std::move(error);
    out.head.clear();
    return std::move(out);
  };
  if (lines.empty())
    return fail(bad("The request has no request line."));
  for (const auto line : lines) {
    if (line.find('\r') != std::string_view::npos)
      return fail(bad("A line of the request's head holds a bare CR (RFC 9112 §2.2)."));
    if (line.find('\0') != std::string_view::npos)
      return fail(bad("A line of the request's head holds a NUL byte (RFC 9110 §5.5)."));
  }

  // The request line: method SP request-target SP HTTP-version (RFC 9112 §3).
  const std::string_view request_line = lines.front();
  const auto sp1 = request_line.find(' ');
  const auto sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || request_line.find(' ', sp2 + 1) != std::string_view::npos)
    return fail(bad("The request line " + detail::quoted_value(request_line.substr(0, 200)) +
                    " is not METHOD TARGET HTTP/1.1 with single spaces (RFC 9112 §3)."));
  out.method = request_line.substr(0, sp1);
  out.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  out.version = request_line.substr(sp2 + 1);
  if (!is_token(out.method))
    return fail(bad("The method " + detail::quoted_value(out.method) + " is not a token."));
  {
    const std::string_view v = out.version;
    const auto dot = v.find('.');
    const std::string_view major =
        v.substr(0, dot).substr(std::min<std::size_t>(5, v.substr(0, dot).size()));
    const bool digits_only =
        !major.empty() && major.find_first_not_of("0123456789") == std::string_view::npos;
    if (v.substr(0, 5) != "HTTP/" || !digits_only)
      return fail(bad("The protocol version " + detail::quoted_value(v) +
                      " is not HTTP/1.1 or HTTP/1.0 (RFC 9112 §2.3)."));
    if (major != "1")
      return fail(
          {505, "HTTPVersionNotSupported",
           "This server speaks HTTP/1.1 (and HTTP/1.0); the request says " + std::string(v) + "."});
    const std::string_view minor = dot == std::string_view::npos ? "" : v.substr(dot + 1);
    if (minor.size() != 1 || minor[0] < '0' || minor[0] > '9')
      return fail(bad("The protocol version " + detail::quoted_value(v) +
                      " is not HTTP/1.1 or HTTP/1.0 (RFC 9112 §2.3)."));
    // RFC 9110 §6.2: a later 1.x minor version is answered as 1.1.
    out.version = minor == "0" ? "HTTP/1.0" : "HTTP/1.1";
  }

  // The target: origin form, or absolute form whose authority replaces Host (RFC 9112 §3.2.2).
  std::optional<std::string> authority;
  {
    const std::string_view t = out.target;
    const auto scheme_end = t.find("://");
    if (scheme_end != std::string_view::npos &&
        (iequals(t.substr(0, scheme_end), "http") || iequals(t.substr(0, scheme_end), "https"))) {
      const std::string_view rest = t.substr(scheme_end + 3);
      const auto path_start = rest.find_first_of("/?#");
      authority = std::string(rest.substr(0, path_start));
      std::string path(path_start == std::string_view::npos ? "" : rest.substr(path_start));
      if (path.empty() || path.front() != '/')
        path.insert(0, "/");
      if (authority->empty() || !valid_host_value(*authority))
        return fail(bad("The absolute request target " + detail::quoted_value(t.substr(0, 200)) +
                        " has no valid host."));
      out.target = std::move(path);
    } else if (!(t.size() > 0 && t.front() == '/') && !(t == "*" && out.method == "OPTIONS")) {
      return fail(bad("The request target " + detail::quoted_value(t.substr(0, 200)) +
                      " is neither a path (/v2/jobs/file) nor an absolute URL."));
    }
  }

  // Header fields (RFC 9112 §5).
  std::size_t hosts = 0;
  std::vector<std::string_view> lengths;
  std::vector<std::string> codings;
  bool has_transfer_encoding = false;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.front() == ' ' || line.front() == '\t')
      return fail(bad("A header field line starts with whitespace: obsolete line folding is not "
                      "accepted (RFC 9112 §5.2)."));
    const auto colon = line.find(':');
    if (colon == std::string_view::npos)
      return fail(
          bad("The header line " + detail::quoted_value(line.substr(0, 200)) + " has no colon."));
    const std::string_view name = line.substr(0, colon);
    if (!is_token(name))
      return fail(bad("The header field name " + detail::quoted_value(name.substr(0, 200)) +
                      (name.find_first_of(" \t") != std::string_view::npos
                           ? " holds whitespace (none is allowed before the colon, RFC 9112 §5.1)."
                           : " is not a token (RFC 9110 §5.1).")));
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (iequals(name, "REMOTE_ADDR") || iequals(name, "REMOTE_PORT") ||
        iequals(name, "LOCAL_ADDR") || iequals(name, "LOCAL_PORT"))
      continue; // the library's own names for the connection's addresses
    if (iequals(name, "Host")) {
      ++hosts;
      if (!valid_host_value(value))
        return fail(bad("The Host header " + detail::quoted_value(value.substr(0, 200)) +
                        " is not a host[:port] (RFC 9110 §7.2)."));
    } else if (iequals(name, "Content-Length")) {
      bool fine = true;
      for_each_element(value, [&](std::string_view element) {
        if (element.empty() || element.find_first_not_of("0123456789") != std::string_view::npos)
          fine = false;
        lengths.push_back(element);
      });
      if (!fine)
        return fail(bad("Content-Length " + detail::quoted_value(value.substr(0, 200)) +
                        " is not a byte count (digits only, RFC 9110 §8.6)."));
    } else if (iequals(name, "Transfer-Encoding")) {
      has_transfer_encoding = true;
      for_each_element(value, [&](std::string_view element) {
        std::string coding(trim_ows(element.substr(0, element.find(';'))));
        for (auto& c : coding)
          c = lower(c);
        codings.push_back(std::move(coding));
      });
    } else if (iequals(name, "Range")) {
      if (!out.range)
        out.range = std::string(value);
      continue;
    }
    out.fields.emplace_back(std::string(name), std::string(value));
  }

  // Host (RFC 9112 §3.2): exactly one in HTTP/1.1; an absolute target's authority wins.
  if (hosts == 0 && out.version == "HTTP/1.1")
    return fail(bad("The request has no Host header; HTTP/1.1 requires one (RFC 9112 §3.2)."));
  if (hosts > 1)
    return fail(bad("The request has " + std::to_string(hosts) +
                    " Host headers; send one (RFC 9112 §3.2)."));
  if (authority) {
    bool replaced = false;
    for (auto& [name, value] : out.fields)
      if (iequals(name, "Host"))
        value = *authority, replaced = true;
    if (!replaced)
      out.fields.emplace_back("Host", *authority);
  }

  // Body framing (RFC 9112 §6).
  if (has_transfer_encoding) {
    if (!lengths.empty())
      return fail(bad("The request has both Content-Length and Transfer-Encoding; its length is "
                      "ambiguous (RFC 9112 §6.3), so it is refused."));
    for (const auto& coding : codings) {
      if (coding.empty())
        return fail(bad("Transfer-Encoding has an empty transfer coding."));
      if (coding != "chunked")
        return fail({501, "NotImplemented",
                     "The transfer coding " + detail::quoted_value(coding) +
                         " is not supported; send a Content-Length (or chunked)."});
    }
    if (codings.size() != 1)
      return fail(bad("Transfer-Encoding applies chunked more than once (RFC 9112 §6.1)."));
    out.body = BodyFraming::chunked;
  } else if (!lengths.empty()) {
    for (const auto& l : lengths)
      if (l != lengths.front())
        return fail(bad("The request has different Content-Length values (" +
                        std::string(lengths.front()) + " and " + std::string(l) +
                        "); its length is ambiguous (RFC 9112 §6.3)."));
    std::uint64_t length = 0;
    const auto text = lengths.front();
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (ec == std::errc::result_out_of_range)
      length = std::numeric_limits<std::uint64_t>::max();
    out.length = length;
    out.body = length == 0 ? BodyFraming::none : BodyFraming::length;
  }

  out.head.reserve(head.size());
  out.head += out.method + " " + out.target + " " + out.version + "\r\n";
  for (const auto& [name, value] : out.fields)
    out.head += name + ": " + value + "\r\n";
  out.head += "\r\n";
  return out;
}

} // namespace reonomy::mock

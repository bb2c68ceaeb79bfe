#pragma once

#include <string_view>

namespace reonomy::mock {

// HTTP's optional whitespace (RFC 9110 §5.6.3): space and horizontal tab.
constexpr bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

// `s` without the optional whitespace around it, as header field values and their list elements
// are read.
constexpr std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back()))
    s.remove_suffix(1);
  return s;
}

} // namespace reonomy::mock

#include <algorithm>
#include <cctype>

#include "reonomy_client/http.hpp"

namespace reonomy::client {

namespace {
bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}
} // namespace

std::optional<std::string> header_value(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers)
    if (same_name(key, name))
      return value;
  return std::nullopt;
}

bool has_header(const Headers& headers, std::string_view name) {
  return header_value(headers, name).has_value();
}

} // namespace reonomy::client

#include "core/basic_auth.hpp"

#include <cctype>

#include "core/base64.hpp"

namespace reonomy::mock {

namespace {
bool iequals_prefix(std::string_view text, std::string_view lower_prefix) {
  if (text.size() < lower_prefix.size())
    return false;
  for (std::size_t i = 0; i < lower_prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != lower_prefix[i])
      return false;
  return true;
}
} // namespace

std::variant<BasicCredentials, BasicAuthFlaw> parse_basic_authorization(std::string_view header) {
  if (header.empty())
    return BasicAuthFlaw::missing;
  if (!iequals_prefix(header, "basic "))
    return BasicAuthFlaw::not_basic;
  std::string_view token = header.substr(6);
  while (!token.empty() && token.front() == ' ')
    token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ')
    token.remove_suffix(1);
  const auto decoded = base64_decode(token);
  if (!decoded)
    return BasicAuthFlaw::not_base64;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos)
    return BasicAuthFlaw::no_colon;
  return BasicCredentials{decoded->substr(0, colon), decoded->substr(colon + 1)};
}

} // namespace reonomy::mock

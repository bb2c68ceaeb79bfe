#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace reonomy::mock {

// The two halves of `Authorization: Basic base64(access_key:secret)` (RFC 7617).
struct BasicCredentials {
  std::string access_key; // before the first ':'
  std::string secret;     // after it; may itself hold ':'
};

// Why a header value is not usable Basic credentials.
enum class BasicAuthFlaw {
  missing,    // the value is empty
  not_basic,  // another scheme, or "Basic" with no space after it
  not_base64, // the token is not strict, padded, standard base64
  no_colon,   // it decodes, but has no ':' between access key and secret
};

// Reads an Authorization header value: the scheme in any case, then one space, then the token;
// further spaces around the token are ignored. Authentication, the access log and /_mock/echo all
// read credentials here, so they cannot disagree on what a header says.
std::variant<BasicCredentials, BasicAuthFlaw> parse_basic_authorization(std::string_view header);

} // namespace reonomy::mock

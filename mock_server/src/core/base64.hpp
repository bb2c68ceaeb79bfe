#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace reonomy::mock {

// Standard alphabet with padding (RFC 4648 section 4).
std::string base64_encode(std::string_view bytes);

// Strict: standard alphabet, padded to a multiple of four; nullopt for anything else.
std::optional<std::string> base64_decode(std::string_view text);

} // namespace reonomy::mock

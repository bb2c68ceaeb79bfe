#pragma once

#include <cstddef>
#include <string>

namespace reonomy::mock {

// `n` bytes from OpenSSL's CSPRNG (secrets, tokens, request ids). Throws std::runtime_error if
// the generator fails.
std::string random_bytes(std::size_t n);

} // namespace reonomy::mock

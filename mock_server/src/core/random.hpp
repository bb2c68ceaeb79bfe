#pragma once

#include <cstddef>
#include <string>

namespace reonomy::mock {

// `n` bytes from the kernel's CSPRNG, getrandom(2) (secrets, tokens, request ids). Throws
// std::system_error (a std::runtime_error) if it fails.
std::string random_bytes(std::size_t n);

} // namespace reonomy::mock

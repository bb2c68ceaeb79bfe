#pragma once

#include <string>
#include <string_view>

namespace reonomy::mock {

// Two lower-case hex digits per byte (digests, file names made from arbitrary keys).
std::string hex_encode(std::string_view bytes);

} // namespace reonomy::mock

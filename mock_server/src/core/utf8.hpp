#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace reonomy::mock {

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates (U+D800..U+DFFF), nothing above
// U+10FFFF. Length in bytes of the well-formed character starting at text[pos], or 0 when the
// bytes there are not one (including a truncated sequence at the end). Precondition: pos < size.
std::size_t utf8_char_length(std::string_view text, std::size_t pos);

bool is_valid_utf8(std::string_view text);

// `text` made safe to put in a message that is later rendered as JSON: well-formed characters are
// kept, every other byte becomes the four characters \xNN.
std::string printable_utf8(std::string_view text);

} // namespace reonomy::mock

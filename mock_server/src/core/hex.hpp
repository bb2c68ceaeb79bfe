#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace reonomy::mock {

// Lower case for digests, ids and file names made from arbitrary keys; upper case where the
// format's convention is (percent-encoding, \xNN escapes in messages, S3 request ids).
enum class HexCase { lower, upper };

// The digit of the low four bits of `nibble`.
inline char hex_digit(unsigned nibble, HexCase letters = HexCase::lower) {
  return (letters == HexCase::lower ? "0123456789abcdef" : "0123456789ABCDEF")[nibble & 15];
}

// Appends the two digits of one byte, high half first.
inline void append_hex(std::string& out, unsigned char byte, HexCase letters = HexCase::lower) {
  out += hex_digit(byte >> 4, letters);
  out += hex_digit(byte, letters);
}

// Two digits per byte.
std::string hex_encode(std::string_view bytes, HexCase letters = HexCase::lower);

// The value of one hex digit of either case, or -1 for any other character.
int hex_digit_value(char c);

// The inverse of hex_encode's lower case: nullopt for an odd length or any character but 0-9a-f,
// so each byte string has exactly one spelling.
std::optional<std::string> hex_decode(std::string_view hex);

} // namespace reonomy::mock

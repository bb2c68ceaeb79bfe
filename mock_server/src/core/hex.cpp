#include "core/hex.hpp"

namespace reonomy::mock {

std::string hex_encode(std::string_view bytes, HexCase letters) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes)
    append_hex(out, static_cast<unsigned char>(c), letters);
  return out;
}

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::optional<std::string> hex_decode(std::string_view hex) {
  if (hex.size() % 2 != 0)
    return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    int value = 0;
    for (const char c : hex.substr(i, 2)) {
      if (c >= 'A' && c <= 'F')
        return std::nullopt;
      const int digit = hex_digit_value(c);
      if (digit < 0)
        return std::nullopt;
      value = value << 4 | digit;
    }
    out += static_cast<char>(value);
  }
  return out;
}

} // namespace reonomy::mock

#include "core/utf8.hpp"

#include "core/hex.hpp"

namespace reonomy::mock {

namespace {
bool continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}
} // namespace

std::size_t utf8_char_length(std::string_view text, std::size_t pos) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
  const std::size_t left = text.size() - pos;
  const unsigned char c = at(0);
  if (c < 0x80)
    return 1;
  // The second byte's range is what rules out overlongs (E0, F0), surrogates (ED) and code
  // points past U+10FFFF (F4); C0, C1 and F5..FF never start a well-formed character.
  unsigned char lo = 0x80, hi = 0xBF;
  std::size_t length = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0)
      lo = 0xA0;
    if (c == 0xED)
      hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0)
      lo = 0x90;
    if (c == 0xF4)
      hi = 0x8F;
  } else {
    return 0;
  }
  if (left < length || at(1) < lo || at(1) > hi)
    return 0;
  for (std::size_t i = 2; i < length; ++i)
    if (!continuation(at(i)))
      return 0;
  return length;
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_char_length(text, i);
    if (n == 0)
      return false;
    i += n;
  }
  return true;
}

std::string printable_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_char_length(text, i);
    if (n > 0) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    const auto byte = static_cast<unsigned char>(text[i++]);
    out += "\\x";
    append_hex(out, byte, HexCase::upper);
  }
  return out;
}

} // namespace reonomy::mock

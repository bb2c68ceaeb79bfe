#include <catch2/catch.hpp>

#include "core/utf8.hpp"

using namespace reonomy::mock;

TEST_CASE("is_valid_utf8 accepts ASCII and well-formed multi-byte characters", "[utf8]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("767 3rd Ave"));
  CHECK(is_valid_utf8("Caf\xC3\xA9"));      // é, 2 bytes
  CHECK(is_valid_utf8("\xE2\x82\xAC"));     // €, 3 bytes
  CHECK(is_valid_utf8("\xED\x9F\xBF"));     // U+D7FF, just below the surrogates
  CHECK(is_valid_utf8("\xF0\x9F\x8F\xA2")); // 🏢, 4 bytes
  CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF")); // U+10FFFF, the last code point
}

TEST_CASE("is_valid_utf8 rejects overlongs, surrogates, values past U+10FFFF and stray bytes",
          "[utf8]") {
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xC1\xBF"));         // overlong
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));     // overlong 3-byte
  CHECK_FALSE(is_valid_utf8("\xF0\x80\x80\xAF")); // overlong 4-byte
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));     // U+D800, a surrogate
  CHECK_FALSE(is_valid_utf8("\xED\xBF\xBF"));     // U+DFFF
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // U+110000
  CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  CHECK_FALSE(is_valid_utf8("Caf\xE9"));      // Latin-1 é
  CHECK_FALSE(is_valid_utf8("\x80"));         // lone continuation byte
  CHECK_FALSE(is_valid_utf8("\xE2\x82"));     // truncated at the end
  CHECK_FALSE(is_valid_utf8("\xE2\x28\xA1")); // bad continuation
}

TEST_CASE("utf8_char_length gives the length of the character at a position", "[utf8]") {
  const std::string_view text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x8F\xA2\xFF";
  CHECK(utf8_char_length(text, 0) == 1);
  CHECK(utf8_char_length(text, 1) == 2);
  CHECK(utf8_char_length(text, 3) == 3);
  CHECK(utf8_char_length(text, 6) == 4);
  CHECK(utf8_char_length(text, 10) == 0);
  CHECK(utf8_char_length(text, 2) == 0); // a continuation byte does not start a character
}

TEST_CASE("printable_utf8 keeps characters and shows bad bytes as \\xNN", "[utf8]") {
  CHECK(printable_utf8("Caf\xC3\xA9") == "Caf\xC3\xA9");
  CHECK(printable_utf8("Caf\xE9!") == "Caf\\xE9!");
  CHECK(printable_utf8("\xED\xA0\x80") == "\\xED\\xA0\\x80");
}

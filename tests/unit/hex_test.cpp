#include <catch2/catch.hpp>

#include "core/hex.hpp"

using namespace reonomy::mock;

TEST_CASE("hex_encode writes two digits per byte in the case asked for", "[hex]") {
  CHECK(hex_encode(std::string("\x00\x7f\xab", 3)) == "007fab");
  CHECK(hex_encode("\xab", HexCase::upper) == "AB");
  std::string out = "%";
  append_hex(out, 0x2f, HexCase::upper);
  CHECK(out == "%2F");
}

TEST_CASE("hex_decode inverts lower-case hex_encode and refuses other spellings", "[hex]") {
  CHECK(hex_decode("6b65793a01ff") == std::string("key:\x01\xff", 6));
  CHECK(hex_decode("") == std::string());
  CHECK_FALSE(hex_decode("abc"));
  CHECK_FALSE(hex_decode("AB"));
  CHECK_FALSE(hex_decode("0g"));
}

TEST_CASE("hex_digit_value reads either case and refuses anything else", "[hex]") {
  CHECK(hex_digit_value('7') == 7);
  CHECK(hex_digit_value('c') == 12);
  CHECK(hex_digit_value('C') == 12);
  CHECK(hex_digit_value('g') == -1);
}

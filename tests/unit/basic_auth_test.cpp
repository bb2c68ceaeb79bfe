#include <catch2/catch.hpp>

#include "core/base64.hpp"
#include "core/basic_auth.hpp"

using namespace reonomy::mock;

namespace {
BasicAuthFlaw flaw_of(std::string_view header) {
  const auto parsed = parse_basic_authorization(header);
  REQUIRE(std::holds_alternative<BasicAuthFlaw>(parsed));
  return std::get<BasicAuthFlaw>(parsed);
}
} // namespace

TEST_CASE("Basic credentials split at the first colon, scheme in any case", "[basic_auth]") {
  const auto parsed = parse_basic_authorization("bASIC  " + base64_encode("key:s:e:c") + "  ");
  REQUIRE(std::holds_alternative<BasicCredentials>(parsed));
  CHECK(std::get<BasicCredentials>(parsed).access_key == "key");
  CHECK(std::get<BasicCredentials>(parsed).secret == "s:e:c");
}

TEST_CASE("an unusable Authorization value says which part is wrong", "[basic_auth]") {
  CHECK(flaw_of("") == BasicAuthFlaw::missing);
  CHECK(flaw_of("Bearer abc") == BasicAuthFlaw::not_basic);
  CHECK(flaw_of("Basic") == BasicAuthFlaw::not_basic);
  CHECK(flaw_of("Basic a2V5") == BasicAuthFlaw::no_colon);
  CHECK(flaw_of("Basic %%%") == BasicAuthFlaw::not_base64);
  CHECK(flaw_of("Basic a2V5OnNlY3JldA") == BasicAuthFlaw::not_base64); // unpadded
}

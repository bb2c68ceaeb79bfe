#include <catch2/catch.hpp>

#include "core/ids.hpp"

using namespace reonomy::mock;

TEST_CASE("uuid_v5 matches the RFC 4122 reference value", "[ids]") {
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
  const Uuid dns = *parse_uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
  CHECK(to_string(uuid_v5(dns, "python.org")) == "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

TEST_CASE("uuid_v4 is random and carries version 4", "[ids]") {
  const Uuid a = uuid_v4(), b = uuid_v4();
  CHECK(a != b);
  const std::string s = to_string(a);
  CHECK(s[14] == '4');
  CHECK((s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b'));
}

TEST_CASE("parse_uuid takes the canonical form in either case and nothing else", "[ids]") {
  const std::string doc_id = "51e2200a-5160-5ab1-8f98-20a17fedbb87";
  REQUIRE(parse_uuid(doc_id));
  CHECK(to_string(*parse_uuid(doc_id)) == doc_id);
  CHECK(parse_uuid("51E2200A-5160-5AB1-8F98-20A17FEDBB87") == parse_uuid(doc_id));
  CHECK_FALSE(parse_uuid("51e2200a5160-5ab1-8f98-20a17fedbb87-"));
  CHECK_FALSE(parse_uuid("51e2200a-5160-5ab1-8f98-20a17fedbb8"));
  CHECK_FALSE(parse_uuid("51e2200a-5160-5ab1-8f98-20a17fedbb8g"));
  CHECK_FALSE(parse_uuid("{51e2200a-5160-5ab1-8f98-20a17fedbb87}"));
  CHECK_FALSE(parse_uuid(""));
}

TEST_CASE("to_hex writes 32 hex digits", "[ids]") {
  const Uuid id = *parse_uuid("a36a93de-cf66-4f9d-8bdd-fefd2bb4fb57");
  CHECK(to_hex(id) == "a36a93decf664f9d8bddfefd2bb4fb57");
}

#include <catch2/catch.hpp>

#include "core/api_error.hpp"
#include "specs/python_literal.hpp"

using namespace reonomy::mock;
using Json = nlohmann::json;

namespace {

Json literal(std::string_view text) {
  return parse_python_literal(text, "metadata");
}

void check_rejected(std::string_view text, const std::string& prefix, const std::string& detail) {
  INFO(text);
  try {
    literal(text);
    FAIL("accepted");
  } catch (const ApiError& e) {
    CHECK(e.status() == 400);
    CHECK(e.type() == "ValidationError");
    CHECK_THAT(e.what(), Catch::StartsWith(prefix) && Catch::Contains(detail));
  }
}

} // namespace

TEST_CASE("the documentation's single-quoted metadata reads as its JSON twin", "[pyliteral]") {
  const Json python =
      literal("{'headers':['Address1','City','State','Zip'],'mapping':{'address_line_1':'Address1',"
              "'address_city':'City','address_state':'State','address_postal':'Zip'}}");
  const Json json = Json::parse(
      R"({"headers":["Address1","City","State","Zip"],"mapping":{"address_line_1":"Address1",
      "address_city":"City","address_state":"State","address_postal":"Zip"}})");
  CHECK(python == json);
  CHECK(literal(json.dump()) == json);
}

TEST_CASE("an apostrophe survives in either quoting", "[pyliteral]") {
  CHECK(literal(R"(['O\'Brien St', "O'Brien St", u'O\'Brien St'])") ==
        Json::array({"O'Brien St", "O'Brien St", "O'Brien St"}));
  CHECK(literal(R"({"note": "say \"hi\""})") == Json{{"note", "say \"hi\""}});
}

TEST_CASE("Python and JSON escapes decode to UTF-8", "[pyliteral]") {
  CHECK(literal(R"('a\nb\tc\\d\x41\101')") == "a\nb\tc\\dAA");
  CHECK(literal(R"('Caf\xe9 Caf\u00e9')") == "Caf\xC3\xA9 Caf\xC3\xA9");
  CHECK(literal(R"('\U0001F3E2')") == "\xF0\x9F\x8F\xA2");
  CHECK(literal(R"("\ud83c\udfe2 \/")") == "\xF0\x9F\x8F\xA2 /");
  CHECK(literal(R"('\d')") == "\\d"); // Python keeps an unknown escape
  CHECK(literal(R"(r'C:\new')") == "C:\\new");
  CHECK(literal("'Caf\xC3\xA9'") == "Caf\xC3\xA9");
}

TEST_CASE("True, False, None, numbers and trailing commas read as Python does", "[pyliteral]") {
  CHECK(literal("[True, False, None, true, false, null]") ==
        Json::array({true, false, nullptr, true, false, nullptr}));
  CHECK(literal("[1, -20, 2.5, 1e3]") == Json::array({1, -20, 2.5, 1000.0}));
  CHECK(literal("{'a': [1, 2,], 'b': {'c': 3,},}") == Json{{"a", {1, 2}}, {"b", {{"c", 3}}}});
  CHECK(literal(" \n{ } ") == Json::object());
}

TEST_CASE("syntax errors give the offset and what was found", "[pyliteral]") {
  check_rejected("{'headers': ['a', 'b'}", "metadata: not valid JSON or Python literal syntax",
                 "at offset 21: expected ']'");
  check_rejected("{'headers': 'abc", "metadata: ", "string not closed with '");
  check_rejected("{'a': 1} extra", "metadata: ", "unexpected \"extra\" after the value");
  check_rejected("{'a': undefined}", "metadata: ", "expected a value, found \"undefined}\"");
  check_rejected("{1: 'a'}", "metadata: ", "expected a quoted key");
  check_rejected("{None: 'a'}", "metadata: ", "dict keys must be strings");
  check_rejected("'a\nb'", "metadata: ", "line break inside a string");
  check_rejected(R"("\ud83c")", "metadata: ", "without its low half");
  check_rejected(R"('\x4')", "metadata: ", "hex digits");
  check_rejected("[1.2.3]", "metadata: ", "malformed number");
  check_rejected("", "metadata: ", "expected a value, found end of text");
}

TEST_CASE("of two equal dict keys the last wins, as in Python", "[pyliteral]") {
  // json.loads('{"a": 1, "a": 2}') and ast.literal_eval("{'a': 1, 'a': 2}") both give {'a': 2}.
  CHECK(literal("{'mapping': {'latitude': 'Lat', 'latitude': 'Lon'}}") ==
        Json::parse(R"({"mapping": {"latitude": "Lon"}})"));
  CHECK(literal(R"({"headers": ["a"], "headers": ["b", "c"]})") ==
        Json::parse(R"({"headers": ["b", "c"]})"));
  // The earlier value is dropped whatever it was.
  CHECK(literal("{'mapping': None, 'mapping': {'latitude': 'Lat'}}") ==
        Json::parse(R"({"mapping": {"latitude": "Lat"}})"));
}

TEST_CASE("deep nesting and bytes that are not UTF-8 are refused", "[pyliteral]") {
  check_rejected(std::string(100, '[') + std::string(100, ']'), "metadata: ", "nested more than");
  check_rejected("{'headers': ['Caf\xE9']}", "metadata: ", "not valid UTF-8");
}

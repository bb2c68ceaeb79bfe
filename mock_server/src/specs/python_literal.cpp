#include "specs/python_literal.hpp"

#include <cctype>
#include <charconv>
#include <cstdint>

#include "core/api_error.hpp"
#include "core/hex.hpp"
#include "core/utf8.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

using Json = nlohmann::json;

// Deeper nesting than any metadata needs; the bound keeps recursion off the stack's edge.
constexpr int kMaxDepth = 32;

void append_utf8(std::string& out, std::uint32_t cp) {
  const auto byte = [&](std::uint32_t b) { out.push_back(static_cast<char>(b)); };
  if (cp < 0x80) {
    byte(cp);
  } else if (cp < 0x800) {
    byte(0xC0 | cp >> 6);
    byte(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    byte(0xE0 | cp >> 12);
    byte(0x80 | (cp >> 6 & 0x3F));
    byte(0x80 | (cp & 0x3F));
  } else {
    byte(0xF0 | cp >> 18);
    byte(0x80 | (cp >> 12 & 0x3F));
    byte(0x80 | (cp >> 6 & 0x3F));
    byte(0x80 | (cp & 0x3F));
  }
}

class LiteralParser {
public:
  LiteralParser(std::string_view text, const std::string& field) : text_(text), field_(field) {}

  Json parse() {
    skip_space();
    Json value = parse_value(field_, 0);
    skip_space();
    if (pos_ < text_.size())
      fail("unexpected " + next_text() + " after the value");
    return value;
  }

private:
  [[noreturn]] void fail(const std::string& problem) const {
    throw validation_error(field_, "not valid JSON or Python literal syntax at offset " +
                                       std::to_string(pos_) + ": " + problem);
  }

  std::string next_text() const {
    if (pos_ >= text_.size())
      return "end of text";
    return detail::quoted_value(text_.substr(pos_, 12), 12);
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  void skip_space() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      ++pos_;
  }

  void expect(char c) {
    if (peek() != c)
      fail(std::string("expected '") + c + "', found " + next_text());
    ++pos_;
  }

  Json parse_value(const std::string& path, int depth) {
    if (depth > kMaxDepth)
      fail("nested more than " + std::to_string(kMaxDepth) + " levels deep");
    const char c = peek();
    if (c == '{')
      return parse_dict(path, depth);
    if (c == '[')
      return parse_list(path, depth);
    if (c == '\'' || c == '"')
      return parse_string();
    if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))
      return parse_number();
    const std::size_t start = pos_;
    while (!at_end() && std::isalpha(static_cast<unsigned char>(peek())))
      ++pos_;
    const std::string_view word = text_.substr(start, pos_ - start);
    if (word == "True" || word == "true")
      return true;
    if (word == "False" || word == "false")
      return false;
    if (word == "None" || word == "null")
      return nullptr;
    if ((word == "u" || word == "U" || word == "r" || word == "R") &&
        (peek() == '\'' || peek() == '"'))
      return parse_string(word == "r" || word == "R");
    pos_ = start;
    fail("expected a value, found " + next_text());
  }

  Json parse_dict(const std::string& path, int depth) {
    expect('{');
    Json object = Json::object();
    skip_space();
    while (peek() != '}') {
      if (peek() != '\'' && peek() != '"' && !std::isalpha(static_cast<unsigned char>(peek())))
        fail("expected a quoted key or '}', found " + next_text());
      const Json key = parse_value(path, depth + 1);
      if (!key.is_string())
        fail("dict keys must be strings");
      const std::string& name = key.get_ref<const std::string&>();
      skip_space();
      expect(':');
      skip_space();
      // The last of equal keys wins, as in Python's json.loads and dict literals alike.
      object[name] = parse_value(path + "." + name, depth + 1);
      skip_space();
      if (peek() != ',')
        break;
      ++pos_;
      skip_space();
    }
    expect('}');
    return object;
  }

  Json parse_list(const std::string& path, int depth) {
    expect('[');
    Json array = Json::array();
    skip_space();
    while (peek() != ']') {
      array.push_back(parse_value(path + "[" + std::to_string(array.size()) + "]", depth + 1));
      skip_space();
      if (peek() != ',')
        break;
      ++pos_;
      skip_space();
    }
    expect(']');
    return array;
  }

  Json parse_number() {
    const std::size_t start = pos_;
    if (peek() == '+' || peek() == '-')
      ++pos_;
    bool fraction = false;
    while (!at_end()) {
      const char c = peek();
      if (c == '.' || c == 'e' || c == 'E') {
        fraction = true;
      } else if ((c == '+' || c == '-') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E')) {
      } else if (c < '0' || c > '9') {
        break;
      }
      ++pos_;
    }
    std::string_view number = text_.substr(start, pos_ - start);
    if (number.starts_with('+'))
      number.remove_prefix(1);
    const char* const first = number.data();
    const char* const last = first + number.size();
    if (fraction) {
      double value = 0;
      const auto [end, ec] = std::from_chars(first, last, value);
      if (ec == std::errc() && end == last)
        return value;
    } else {
      std::int64_t value = 0;
      const auto [end, ec] = std::from_chars(first, last, value);
      if (ec == std::errc() && end == last)
        return value;
    }
    pos_ = start;
    fail("malformed number " + detail::quoted_value(number));
  }

  std::uint32_t hex_digits(std::size_t count) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < count; ++i, ++pos_) {
      const int digit = hex_digit_value(peek());
      if (digit < 0)
        fail("expected " + std::to_string(count) + " hex digits in an escape");
      value = value << 4 | static_cast<std::uint32_t>(digit);
    }
    return value;
  }

  // After "\u": one code point, pairing a high surrogate with the \uDC00.. escape after it as
  // JSON writes characters beyond U+FFFF.
  std::uint32_t unicode_escape() {
    const std::uint32_t cp = hex_digits(4);
    if (cp >= 0xDC00 && cp <= 0xDFFF)
      fail("lone low surrogate in a \\u escape");
    if (cp < 0xD800 || cp > 0xDBFF)
      return cp;
    if (text_.substr(pos_, 2) != "\\u")
      fail("high surrogate \\u escape without its low half");
    pos_ += 2;
    const std::uint32_t low = hex_digits(4);
    if (low < 0xDC00 || low > 0xDFFF)
      fail("high surrogate \\u escape without its low half");
    return 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }

  Json parse_string(bool raw = false) {
    const char quote = peek();
    ++pos_;
    std::string out;
    while (true) {
      if (at_end())
        fail("string not closed with " + std::string(1, quote));
      const char c = text_[pos_++];
      if (c == quote)
        break;
      if (c == '\n' || c == '\r')
        fail("line break inside a string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (at_end())
        fail("string not closed with " + std::string(1, quote));
      const char e = text_[pos_++];
      if (raw) { // Python keeps both characters of an escape in a raw string
        out.push_back(c);
        out.push_back(e);
        continue;
      }
      switch (e) {
      case '\\':
        out.push_back('\\');
        break;
      case '\'':
        out.push_back('\'');
        break;
      case '"':
        out.push_back('"');
        break;
      case '/':
        out.push_back('/');
        break;
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case '\n':
        break; // line continuation
      case 'x':
        append_utf8(out, hex_digits(2));
        break;
      case 'u':
        append_utf8(out, unicode_escape());
        break;
      case 'U': {
        const std::uint32_t cp = hex_digits(8);
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
          fail("\\U escape is not a Unicode scalar value");
        append_utf8(out, cp);
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          std::uint32_t cp = static_cast<std::uint32_t>(e - '0');
          for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; ++i, ++pos_)
            cp = cp * 8 + static_cast<std::uint32_t>(peek() - '0');
          append_utf8(out, cp);
        } else { // Python keeps an unknown escape as written
          out.push_back('\\');
          out.push_back(e);
        }
      }
    }
    return out;
  }

  std::string_view text_;
  const std::string& field_;
  std::size_t pos_ = 0;
};

} // namespace

nlohmann::json parse_python_literal(std::string_view text, const std::string& field) {
  if (!is_valid_utf8(text))
    throw validation_error(field, "not valid UTF-8 text: " + detail::quoted_value(text, 40));
  return LiteralParser(text, field).parse();
}

} // namespace reonomy::mock

#include "specs/spec_text.hpp"

#include "core/hex.hpp"
#include "core/utf8.hpp"

namespace reonomy::mock::detail {

std::string quoted_value(std::string_view value, std::size_t max_bytes) {
  std::string out = "\"";
  std::size_t i = 0;
  while (i < value.size() && i < max_bytes) {
    const auto c = static_cast<unsigned char>(value[i]);
    const std::size_t n = utf8_char_length(value, i);
    if (n > 1) {
      out.append(value.substr(i, n));
    } else if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (n == 1 && c >= 0x20 && c != 0x7F) {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x";
      append_hex(out, c, HexCase::upper);
    }
    i += n > 0 ? n : 1;
  }
  out.push_back('"');
  if (i < value.size())
    out += "... (" + thousands(value.size()) + " bytes)";
  return out;
}

std::string describe(const nlohmann::json& value) {
  switch (value.type()) {
  case nlohmann::json::value_t::null:
    return "null";
  case nlohmann::json::value_t::boolean:
    return value.get<bool>() ? "true" : "false";
  case nlohmann::json::value_t::string:
    return "the string " + quoted_value(value.get_ref<const std::string&>());
  case nlohmann::json::value_t::number_integer:
  case nlohmann::json::value_t::number_unsigned:
  case nlohmann::json::value_t::number_float:
    return "the number " + value.dump();
  case nlohmann::json::value_t::object:
    return "an object";
  case nlohmann::json::value_t::array:
    return "an array";
  default:
    return "a binary value";
  }
}

std::string python_literal_hint(std::string_view text) {
  const std::size_t brace = text.find_first_not_of(" \t\r\n");
  if (brace == std::string_view::npos || text[brace] != '{')
    return "";
  const std::size_t next = text.find_first_not_of(" \t\r\n", brace + 1);
  if (next == std::string_view::npos || text[next] != '\'')
    return "";
  return " (the file looks like a Python dict literal with single quotes; JSON needs double "
         "quotes: write the file with json.dumps, not str)";
}

std::optional<std::string> blank_file_problem(std::string_view text, std::string_view what) {
  if (text.find_first_not_of(" \t\r\n") != std::string_view::npos)
    return std::nullopt;
  if (text.empty())
    return std::string(what) + " is empty";
  return std::string(what) + " holds only whitespace (" + thousands(text.size()) +
         (text.size() == 1 ? " byte" : " bytes") + " of spaces, tabs or line breaks)";
}

std::string thousands(std::size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0)
      out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

} // namespace reonomy::mock::detail

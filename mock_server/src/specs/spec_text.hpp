#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

// Wording shared by the spec parsers' error messages, so every rejection shows values the same way.
namespace reonomy::mock::detail {

// `value` in double quotes as a reader would type it: quotes, backslashes and control characters
// escaped, bytes that are not UTF-8 shown as \xNN, cut after about `max_bytes` with "...".
std::string quoted_value(std::string_view value, std::size_t max_bytes = 60);

// A JSON value for "got ..." phrases: `the string "x"`, `the number 3`, `true`, `null`,
// `an object`, `an array`.
std::string describe(const nlohmann::json& value);

// For a file that failed to parse as JSON: a hint when it looks like a Python dict literal
// ({'detail_type': ...}, what str() of a dict writes), else "".
std::string python_literal_hint(std::string_view text);

// For a file with nothing but whitespace (spaces, tabs, CR, LF) in it: "<what> is empty" when it
// has no bytes, else "<what> holds only whitespace (N bytes of spaces, tabs or line breaks)", so
// 200 MB of blanks is not reported as empty. nullopt when the file has anything else.
std::optional<std::string> blank_file_problem(std::string_view text,
                                              std::string_view what = "the file");

// 1000001 -> "1,000,001".
std::string thousands(std::size_t n);

// Items joined by `separator`, each passed through `quoted_value` when `quote` is set.
template <class Range>
std::string join(Range&& items, std::string_view separator = ", ", bool quote = false) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty())
      out += separator;
    if (quote)
      out += quoted_value(item);
    else
      out += std::string_view(item);
  }
  return out;
}

} // namespace reonomy::mock::detail

#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace reonomy::mock::detail {

// Reads a fixture table: one record a line, fields split on `separator` (fixtures never quote),
// blank lines and lines starting with '#' skipped, the first remaining line a header that must
// equal `header`. Calls `row` with the fields of every data line; a row callback reports a bad
// value by throwing std::invalid_argument, which comes back as std::runtime_error naming file and
// line. Throws std::runtime_error when the file cannot be read or a row has the wrong field count.
void read_table(const std::filesystem::path& file, char separator, std::string_view header,
                const std::function<void(const std::vector<std::string_view>&)>& row);

// The file's lines (no comments or blanks), for one-column lists.
std::vector<std::string> read_lines(const std::filesystem::path& file);

std::string read_file(const std::filesystem::path& file);

double parse_double(std::string_view text);
std::uint64_t parse_uint(std::string_view text);

std::string to_upper(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

} // namespace reonomy::mock::detail

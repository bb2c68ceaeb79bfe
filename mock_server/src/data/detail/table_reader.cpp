#include "data/detail/table_reader.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace reonomy::mock::detail {

namespace {
std::vector<std::string_view> split(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const auto pos = line.find(separator, start);
    fields.push_back(line.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos)
      break;
    start = pos + 1;
  }
  return fields;
}

bool skipped(std::string_view line) {
  return line.empty() || line.front() == '#';
}
} // namespace

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read fixture " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return std::move(text).str();
}

void read_table(const std::filesystem::path& file, char separator, std::string_view header,
                const std::function<void(const std::vector<std::string_view>&)>& row) {
  const std::string text = read_file(file);
  std::string_view rest = text;
  std::size_t line_number = 0, columns = 0;
  bool seen_header = false;
  while (!rest.empty()) {
    const auto eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (skipped(line))
      continue;
    const std::string where = file.string() + ":" + std::to_string(line_number) + ": ";
    if (!seen_header) {
      if (line != header) {
        throw std::runtime_error(where + "expected the header '" + std::string(header) + "'");
      }
      columns = split(header, separator).size();
      seen_header = true;
      continue;
    }
    const auto fields = split(line, separator);
    if (fields.size() != columns) {
      throw std::runtime_error(where + "expected " + std::to_string(columns) + " fields, found " +
                               std::to_string(fields.size()));
    }
    try {
      row(fields);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(where + e.what());
    }
  }
  if (!seen_header)
    throw std::runtime_error(file.string() + ": empty fixture");
}

std::vector<std::string> read_lines(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    if (!skipped(line))
      lines.push_back(line);
  }
  if (lines.empty())
    throw std::runtime_error(file.string() + ": empty fixture");
  return lines;
}

double parse_double(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw std::invalid_argument("not a number: '" + std::string(text) + "'");
  }
  return value;
}

std::uint64_t parse_uint(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw std::invalid_argument("not a whole number: '" + std::string(text) + "'");
  }
  return value;
}

std::string to_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z')
      x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z')
      y = static_cast<char>(y - 'a' + 'A');
    if (x != y)
      return false;
  }
  return true;
}

} // namespace reonomy::mock::detail

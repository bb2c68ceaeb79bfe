#include "api/result_files.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "reonomy_client/errors.hpp"

namespace reonomy::client::detail {

ResultFormat format_of(std::string_view object_name) {
  return object_name.ends_with(".csv") ? ResultFormat::csv : ResultFormat::ndjson;
}

std::size_t check_ndjson(const std::filesystem::path& path, const std::string& name,
                         const std::function<void(std::string_view)>& each) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw VerificationError("cannot read " + path.string());
  std::size_t records = 0;
  std::size_t line_number = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos)
      throw VerificationError(name + " line " + std::to_string(line_number) +
                              ": blank line; NDJSON has one JSON object per line");
    if (line[first] != '{' || !nlohmann::json::accept(line))
      throw VerificationError(name + " line " + std::to_string(line_number) +
                              ": not a JSON object: " + line.substr(0, 120));
    if (each)
      each(line);
    ++records;
  }
  return records;
}

std::size_t check_csv(const std::filesystem::path& path, const std::string& name,
                      const std::function<void(const std::vector<std::string>&)>& each) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw VerificationError("cannot read " + path.string());
  std::size_t records = 0;
  std::vector<std::string> fields(1);
  bool quoted = false;
  bool any = false; // the current record has a character
  const auto finish = [&] {
    if (each)
      each(fields);
    ++records;
    fields.assign(1, "");
    any = false;
  };
  char c = 0;
  while (in.get(c)) {
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          in.get(c);
          fields.back() += '"';
        } else {
          quoted = false;
        }
      } else {
        fields.back() += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      fields.emplace_back();
      any = true;
    } else if (c == '\n') {
      finish();
    } else if (c != '\r') {
      fields.back() += c;
      any = true;
    }
  }
  if (quoted)
    throw VerificationError(name + ": a quoted field is never closed");
  if (any)
    finish();
  if (records == 0)
    throw VerificationError(name + ": empty; expected a header row");
  return records - 1;
}

} // namespace reonomy::client::detail

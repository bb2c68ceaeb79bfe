#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace reonomy::client::detail {

// Reads one JSON object of a scenario file strictly: every key read is remembered, and finish()
// rejects the others, naming the file, the path and the allowed keys.
class Fields {
public:
  Fields(const nlohmann::json& object, std::string file, std::string path);

  bool has(const char* key) const;
  const nlohmann::json& required(const char* key);
  const nlohmann::json* optional(const char* key);

  std::string string(const char* key);
  std::optional<std::string> optional_string(const char* key);
  double number(const char* key);
  std::optional<double> optional_number(const char* key);
  std::optional<long long> optional_integer(const char* key);
  std::optional<bool> optional_bool(const char* key);
  std::vector<std::string> strings(const char* key); // an array of strings (absent: empty)

  void finish() const;

  // An error at `path`.`key` (or at the object itself when key is empty).
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;
  std::string path_of(const std::string& key) const;
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }

private:
  const nlohmann::json& object_;
  std::string file_;
  std::string path_;
  std::set<std::string> read_;
};

} // namespace reonomy::client::detail

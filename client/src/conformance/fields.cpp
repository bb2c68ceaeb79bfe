#include "conformance/fields.hpp"

#include "reonomy_client/scenario.hpp"

namespace reonomy::client::detail {

Fields::Fields(const nlohmann::json& object, std::string file, std::string path)
    : object_(object), file_(std::move(file)), path_(std::move(path)) {
  if (!object_.is_object())
    fail("", "expected a JSON object, got " + object_.dump());
}

std::string Fields::path_of(const std::string& key) const {
  if (key.empty())
    return path_.empty() ? "(top level)" : path_;
  return path_.empty() ? key : path_ + "." + key;
}

void Fields::fail(const std::string& key, const std::string& problem) const {
  throw ScenarioError(file_, path_of(key), problem);
}

bool Fields::has(const char* key) const {
  return object_.contains(key);
}

const nlohmann::json* Fields::optional(const char* key) {
  read_.insert(key);
  const auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

const nlohmann::json& Fields::required(const char* key) {
  const auto* value = optional(key);
  if (!value)
    fail(key, "missing");
  return *value;
}

std::string Fields::string(const char* key) {
  const auto& value = required(key);
  if (!value.is_string())
    fail(key, "expected a string, got " + value.dump());
  return value.get<std::string>();
}

std::optional<std::string> Fields::optional_string(const char* key) {
  if (!has(key)) {
    read_.insert(key);
    return std::nullopt;
  }
  return string(key);
}

double Fields::number(const char* key) {
  const auto& value = required(key);
  if (!value.is_number())
    fail(key, "expected a number, got " + value.dump());
  return value.get<double>();
}

std::optional<double> Fields::optional_number(const char* key) {
  if (!has(key)) {
    read_.insert(key);
    return std::nullopt;
  }
  return number(key);
}

std::optional<long long> Fields::optional_integer(const char* key) {
  const auto* value = optional(key);
  if (!value)
    return std::nullopt;
  if (!value->is_number_integer())
    fail(key, "expected an integer, got " + value->dump());
  return value->get<long long>();
}

std::optional<bool> Fields::optional_bool(const char* key) {
  const auto* value = optional(key);
  if (!value)
    return std::nullopt;
  if (!value->is_boolean())
    fail(key, "expected true or false, got " + value->dump());
  return value->get<bool>();
}

std::vector<std::string> Fields::strings(const char* key) {
  const auto* value = optional(key);
  std::vector<std::string> out;
  if (!value)
    return out;
  if (!value->is_array())
    fail(key, "expected an array of strings, got " + value->dump());
  for (const auto& item : *value) {
    if (!item.is_string())
      fail(key, "expected an array of strings, got " + value->dump());
    out.push_back(item.get<std::string>());
  }
  return out;
}

void Fields::finish() const {
  for (const auto& [key, value] : object_.items()) {
    if (read_.contains(key))
      continue;
    std::string allowed;
    for (const auto& k : read_)
      allowed += (allowed.empty() ? "" : ", ") + k;
    fail(key, "unknown key (allowed here: " + allowed + ")");
  }
}

} // namespace reonomy::client::detail

#include "data/pii_filter.hpp"

namespace reonomy::mock {

namespace {
// Walks `path` (segments split on '.', "[]" suffix = each array element) and erases the last
// segment's key where the condition holds.
void erase_at(nlohmann::json& node, std::string_view path, const PiiField& field) {
  if (!node.is_object())
    return;
  const auto dot = path.find('.');
  std::string_view segment = path.substr(0, dot);
  const bool each = segment.ends_with("[]");
  if (each)
    segment.remove_suffix(2);
  const std::string key(segment);
  const auto it = node.find(key);
  if (it == node.end())
    return;
  if (dot == std::string_view::npos) {
    if (field.when_key.empty()) {
      node.erase(it);
      return;
    }
    const auto cond = node.find(std::string(field.when_key));
    if (cond != node.end() && cond->is_string() && *cond == field.when_value)
      node.erase(it);
    return;
  }
  const std::string_view rest = path.substr(dot + 1);
  if (each) {
    if (!it->is_array())
      return;
    for (auto& element : *it)
      erase_at(element, rest, field);
  } else {
    erase_at(*it, rest, field);
  }
}
} // namespace

void remove_pii(nlohmann::json& record) {
  for (const auto& field : kPiiFields)
    erase_at(record, field.path, field);
}

} // namespace reonomy::mock

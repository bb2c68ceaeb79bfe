#include "conformance/variables.hpp"

namespace reonomy::client::detail {

std::string Variables::expand(const std::string& text) const {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    const auto start = text.find("${", pos);
    if (start == std::string::npos)
      break;
    if (start > 0 && text[start - 1] == '$') { // "$${" is an escaped "${"
      out.append(text, pos, start - 1 - pos);
      out += "${";
      pos = start + 2;
      continue;
    }
    const auto end = text.find('}', start);
    if (end == std::string::npos)
      break;
    const std::string name = text.substr(start + 2, end - start - 2);
    const auto it = values_.find(name);
    if (it == values_.end()) {
      std::string known;
      for (const auto& [k, v] : values_)
        known += (known.empty() ? "" : ", ") + k;
      throw UnknownVariable("unknown variable ${" + name + "} (defined: " + known + ")");
    }
    out.append(text, pos, start - pos);
    out += it->second;
    pos = end + 1;
  }
  return out + text.substr(pos);
}

nlohmann::json Variables::expand(const nlohmann::json& value) const {
  if (value.is_string())
    return expand(value.get<std::string>());
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value)
      out.push_back(expand(item));
    return out;
  }
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, item] : value.items())
      out[key] = expand(item);
    return out;
  }
  return value;
}

} // namespace reonomy::client::detail

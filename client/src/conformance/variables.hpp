#pragma once

#include <map>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace reonomy::client::detail {

class UnknownVariable : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// The ${name} variables of one scenario run: built-ins (base_url, access_key, secret_key,
// basic_auth) and what earlier steps captured.
class Variables {
public:
  void set(const std::string& name, std::string value) { values_[name] = std::move(value); }
  const std::map<std::string, std::string>& all() const { return values_; }

  // `text` with every ${name} replaced; "$${" stands for a literal "${". Throws UnknownVariable.
  std::string expand(const std::string& text) const;
  // `value` with expand() applied to every string in it (keys are left alone).
  nlohmann::json expand(const nlohmann::json& value) const;

private:
  std::map<std::string, std::string> values_;
};

} // namespace reonomy::client::detail

#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace reonomy::mock {

// Parses a control-plane body (/_mock/...) as JSON, refusing an object that gives a key twice.
// nlohmann, like Python's json, keeps the last of two equal keys silently; the public API emulates
// that, but the mock's own settings say which value they mean. Returns a discarded value for text
// that is not JSON; throws ApiError 400 ValidationError naming the repeated key's path
// (`rules[1].status: duplicate key; give each key once`) or a value nested more than 32 deep.
nlohmann::json parse_json_refusing_duplicates(std::string_view text);

} // namespace reonomy::mock

#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace reonomy::mock {

// Reads JSON or a Python literal (what str() of a dict prints) into JSON: strings in single or
// double quotes with Python's and JSON's backslash escapes (an optional u or r prefix), True,
// False, None as well as true, false, null, integers and floats, lists and dicts, with trailing
// commas. So {'street': 'O\'Brien St'} and {"street": "O'Brien St"} read the same.
// Dict keys must be strings; of two equal keys the last wins, as Python's json.loads and a dict
// literal both keep it. `text` must be UTF-8 (checked). Throws ApiError 400 ValidationError
// whose message starts with `field` (`metadata`) and gives the byte offset of a syntax error.
nlohmann::json parse_python_literal(std::string_view text, const std::string& field);

} // namespace reonomy::mock

#include "specs/search_spec.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/api_error.hpp"
#include "core/time_format.hpp"
#include "core/utf8.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

using Json = nlohmann::json;

std::string supported_filters() {
  return detail::join(kSearchListFilters) + " (lists of strings); " +
         detail::join(kSearchRangeFilters) + " (ranges with min and/or max); " +
         detail::join(kSearchDateFilters) + " (ranges of YYYY-MM-DD dates)";
}

bool is_one_of(const auto& names, const std::string& name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

// ours: no filter nests past a few levels; deeper JSON is refused before it is built, so a file
// of 100,000 nested arrays costs no memory.
constexpr int kMaxDepth = 32;

std::vector<std::string> parse_list_filter(const std::string& path, const Json& value) {
  if (!value.is_array())
    throw validation_error(path, "expected an array of strings such as [\"New York\"], got " +
                                     detail::describe(value));
  if (value.empty())
    throw validation_error(path, "empty; give at least one value");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const Json& item = value[i];
    if (!item.is_string() ||
        item.get_ref<const std::string&>().find_first_not_of(" \t") == std::string::npos)
      throw validation_error(path + "[" + std::to_string(i) + "]",
                             "expected a non-empty string, got " + detail::describe(item));
    out.push_back(item.get<std::string>());
  }
  return out;
}

RangeFilter parse_range_filter(const std::string& path, const Json& value) {
  if (!value.is_object())
    throw validation_error(path, "expected an object with min and/or max such as "
                                 "{\"min\": 100000}, got " +
                                     detail::describe(value));
  RangeFilter out;
  for (const auto& [key, bound] : value.items()) {
    const std::string bound_path = path + "." + key;
    if (key != "min" && key != "max")
      throw validation_error(path, detail::quoted_value(key) +
                                       " is not a range bound; use min and/or max");
    if (!bound.is_number() || !std::isfinite(bound.get<double>()))
      throw validation_error(bound_path,
                             "expected a finite number, got " + detail::describe(bound));
    (key == "min" ? out.min : out.max) = bound.get<double>();
  }
  if (!out.min && !out.max)
    throw validation_error(path, "empty; give min, max or both");
  if (out.min && out.max && *out.min > *out.max)
    throw validation_error(path, "min " + value["min"].dump() + " is greater than max " +
                                     value["max"].dump());
  return out;
}

DateRangeFilter parse_date_filter(const std::string& path, const Json& value) {
  if (!value.is_object())
    throw validation_error(path, "expected an object with min and/or max dates such as "
                                 "{\"min\": \"2015-01-01\"}, got " +
                                     detail::describe(value));
  DateRangeFilter out;
  for (const auto& [key, bound] : value.items()) {
    if (key != "min" && key != "max")
      throw validation_error(path, detail::quoted_value(key) +
                                       " is not a range bound; use min and/or max");
    const auto date =
        bound.is_string() ? parse_date(bound.get_ref<const std::string&>()) : std::nullopt;
    if (!date)
      throw validation_error(path + "." + key,
                             "expected a real YYYY-MM-DD date, got " + detail::describe(bound));
    (key == "min" ? out.min : out.max) = std::chrono::sys_days{*date};
  }
  if (!out.min && !out.max)
    throw validation_error(path, "empty; give min, max or both");
  if (out.min && out.max && *out.min > *out.max)
    throw validation_error(path, "min " + value["min"].dump() + " is later than max " +
                                     value["max"].dump());
  return out;
}

} // namespace

SearchRequest parse_search_request(std::string_view json_text, std::string_view root_name) {
  const std::string root(root_name);
  if (const auto blank =
          detail::blank_file_problem(json_text, root == "(file)" ? "the file" : "the body"))
    throw validation_error(root, *blank + "; expected a JSON object such as "
                                          "{\"settings\": {\"state\": [\"NY\"]}}");
  bool too_deep = false;
  const auto depth_limit = [&too_deep](int depth, Json::parse_event_t event, Json&) {
    const bool opens =
        event == Json::parse_event_t::object_start || event == Json::parse_event_t::array_start;
    if (opens && depth >= kMaxDepth)
      too_deep = true;
    return !(opens && depth >= kMaxDepth); // a discarded value is not built
  };
  Json doc;
  try {
    // nlohmann keeps the last of two equal keys, as Python's json.loads does.
    doc = Json::parse(json_text.begin(), json_text.end(), depth_limit);
  } catch (const Json::exception& e) { // parse_error, or out_of_range for a number like 1e999
    std::string what = e.what();
    if (const auto bracket = what.find("] "); what.starts_with("[json.") && bracket != what.npos)
      what.erase(0, bracket + 2);
    if (what.size() > 300)
      what = what.substr(0, 300) + "...";
    throw validation_error(root, "not valid JSON: " + printable_utf8(what) +
                                     detail::python_literal_hint(json_text));
  }
  if (too_deep)
    throw validation_error(root, "nested more than " + std::to_string(kMaxDepth) +
                                     " levels deep; no search setting nests that far");
  if (!doc.is_object())
    throw validation_error(root,
                           "expected a JSON object with settings, got " + detail::describe(doc));
  SearchRequest request;
  request.settings = Json::object();
  for (const auto& [key, value] : doc.items()) {
    if (key == "settings") {
      request.spec = parse_search_settings(value);
      request.settings = value;
    } else if (key == "limit") {
      if (!value.is_number_integer() || value.get<long long>() < 1 ||
          value.get<long long>() > static_cast<long long>(kMaxSearchLimit))
        throw validation_error("limit", "must be an integer from 1 to 10000, got " +
                                            detail::describe(value));
      request.limit = value.get<std::size_t>();
    } else {
      throw validation_error(root, "unknown key " + detail::quoted_value(key) +
                                       "; the body takes settings and limit (filters go under "
                                       "settings, e.g. {\"settings\": {\"state\": [\"NY\"]}})");
    }
  }
  return request;
}

SearchSpec parse_search_spec(std::string_view json_text) {
  return parse_search_request(json_text, "(file)").spec;
}

SearchSpec parse_search_settings(const nlohmann::json& settings) {
  if (!settings.is_object())
    throw validation_error("settings",
                           "expected an object of filters, got " + detail::describe(settings));
  // ours: empty settings are accepted and select every property, as an unfiltered search does.
  SearchSpec spec;
  for (const auto& [name, value] : settings.items()) {
    const std::string path = "settings." + name;
    if (is_one_of(kSearchListFilters, name))
      spec.list_filters[name] = parse_list_filter(path, value);
    else if (is_one_of(kSearchRangeFilters, name))
      spec.range_filters[name] = parse_range_filter(path, value);
    else if (is_one_of(kSearchDateFilters, name))
      spec.date_filters[name] = parse_date_filter(path, value);
    else
      throw validation_error(path, "unknown filter; supported filters: " + supported_filters());
  }
  return spec;
}

} // namespace reonomy::mock

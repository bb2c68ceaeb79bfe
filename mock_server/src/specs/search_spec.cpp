#include "specs/search_spec.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "core/api_error.hpp"
#include "core/utf8.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

using Json = nlohmann::json;

std::string supported_filters() {
  return detail::join(kSearchListFilters) + " (lists of strings); " +
         detail::join(kSearchRangeFilters) + " (ranges with min and/or max)";
}

bool is_one_of(const auto& names, const std::string& name) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

// nlohmann keeps the last of two equal keys silently; this callback notices the repeat instead.
// Each open object or array is a frame; a key belongs to the innermost open object.
class DuplicateKeyFinder {
public:
  static constexpr std::size_t kMaxDepth = 32;

  bool operator()(int, Json::parse_event_t event, Json& parsed) {
    using E = Json::parse_event_t;
    if (event == E::object_start || event == E::array_start) {
      // ours: no filter nests past a few levels. Past kMaxDepth no path is built: paths grow with
      // depth, and building one per level made a 100,000-deep file cost gigabytes (found by the
      // abuse tests).
      if (frames_.size() >= kMaxDepth) {
        if (!duplicate_)
          duplicate_ = validation_error(frames_.back().path, "nested more than " +
                                                                 std::to_string(kMaxDepth) +
                                                                 " levels deep");
        frames_.push_back({event == E::object_start, frames_.back().path, {}, {}});
        return true;
      }
      std::string path = "(file)";
      if (!frames_.empty()) {
        const Frame& parent = frames_.back();
        const std::string child = parent.is_object ? parent.last_key : "[]";
        path = parent.path == "(file)" ? child
               : parent.is_object      ? parent.path + "." + child
                                       : parent.path + child;
      }
      frames_.push_back({event == E::object_start, std::move(path), {}, {}});
    } else if (event == E::object_end || event == E::array_end) {
      if (!frames_.empty())
        frames_.pop_back();
    } else if (event == E::key && !frames_.empty()) {
      Frame& frame = frames_.back();
      frame.last_key = parsed.get<std::string>();
      if (!frame.keys.insert(frame.last_key).second && !duplicate_) {
        const std::string field =
            frame.path == "(file)" ? frame.last_key : frame.path + "." + frame.last_key;
        duplicate_ = validation_error(field, "duplicate key; give each key once");
      }
    }
    return true;
  }

  const std::optional<ApiError>& duplicate() const { return duplicate_; }

private:
  struct Frame {
    bool is_object;
    std::string path;
    std::string last_key;
    std::set<std::string> keys;
  };
  std::vector<Frame> frames_;
  std::optional<ApiError> duplicate_;
};

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

} // namespace

SearchSpec parse_search_spec(std::string_view json_text) {
  if (json_text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw validation_error("(file)", "the file is empty; expected a JSON object such as "
                                     "{\"settings\": {\"state\": [\"NY\"]}}");
  DuplicateKeyFinder duplicates;
  Json doc;
  try {
    doc = Json::parse(json_text.begin(), json_text.end(), std::ref(duplicates));
  } catch (const Json::exception& e) { // parse_error, or out_of_range for a number like 1e999
    std::string what = e.what();
    if (const auto bracket = what.find("] "); what.starts_with("[json.") && bracket != what.npos)
      what.erase(0, bracket + 2);
    if (what.size() > 300)
      what = what.substr(0, 300) + "...";
    throw validation_error("(file)", "not valid JSON: " + printable_utf8(what) +
                                         detail::python_literal_hint(json_text));
  }
  if (duplicates.duplicate())
    throw *duplicates.duplicate();
  if (!doc.is_object())
    throw validation_error("(file)",
                           "expected a JSON object with settings, got " + detail::describe(doc));
  for (const auto& [key, value] : doc.items())
    if (key != "settings")
      throw validation_error("(file)", "unknown key " + detail::quoted_value(key) +
                                           "; a search job takes only settings (it returns "
                                           "every match, so limit and paging do not apply)");
  if (!doc.contains("settings"))
    throw validation_error("settings", "missing; put the filters under settings, e.g. "
                                       "{\"settings\": {\"state\": [\"NY\"]}}");
  return parse_search_settings(doc["settings"]);
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
    else
      throw validation_error(path, "unknown filter; supported filters: " + supported_filters());
  }
  return spec;
}

} // namespace reonomy::mock

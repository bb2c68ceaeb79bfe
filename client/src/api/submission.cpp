#include "reonomy_client/submission.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "reonomy_client/errors.hpp"

namespace reonomy::client {

namespace {

using nlohmann::json;

// doc: "property IDs (up to 1 million)".
constexpr std::size_t kMaxPropertyIds = 1'000'000;

const std::regex& uuid_pattern() {
  static const std::regex pattern(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  return pattern;
}

const std::regex& date_pattern() {
  static const std::regex pattern("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  return pattern;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos)
    return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The records the spec asks for: one per id. With `updated` the API returns only properties
// updated since (doc), and a repeated id may or may not come back twice: a range then.
RecordRange expected_range(const json& spec) {
  const auto& ids = spec["property_ids"];
  std::set<std::string> distinct;
  for (const auto& id : ids)
    if (id.is_string())
      distinct.insert(id.get<std::string>());
  const bool filtered = spec.contains("updated") && !spec["updated"].is_null();
  return {filtered ? 0 : distinct.size(), ids.size()};
}

} // namespace

const std::vector<std::string>& detail_types() {
  static const std::vector<std::string> types = {
      "basic", "mortgages", "ownership", "reported_owner", "sales", "taxes", "tenants"};
  return types;
}

Submission property_details_from_spec(std::string filename, std::string json_text) {
  const auto spec = json::parse(json_text, nullptr, false);
  if (spec.is_discarded())
    throw UsageError(filename + ": not valid JSON; a property-details spec is a JSON object "
                                "with detail_type and property_ids");
  if (!spec.is_object())
    throw UsageError(filename + ": expected a JSON object");
  if (!spec.contains("detail_type") || !spec["detail_type"].is_array() ||
      spec["detail_type"].empty())
    throw UsageError(filename + ": detail_type must be a non-empty list (" +
                     std::to_string(detail_types().size()) + " types: basic, mortgages, ...)");
  if (!spec.contains("property_ids") || !spec["property_ids"].is_array() ||
      spec["property_ids"].empty())
    throw UsageError(filename + ": property_ids must be a non-empty list of property ids");
  if (spec["property_ids"].size() > kMaxPropertyIds)
    throw UsageError(filename + ": " + std::to_string(spec["property_ids"].size()) +
                     " property ids; a job takes at most 1,000,000");
  Submission submission{"property-details", std::move(filename), std::move(json_text), std::nullopt,
                        expected_range(spec)};
  return submission;
}

Submission property_details_from_ids(const std::string& ids_text, const IdsSpecOptions& options) {
  if (options.detail_types.empty())
    throw UsageError("--detail-type is needed at least once (basic, mortgages, ownership, "
                     "reported_owner, sales, taxes, tenants)");
  for (const auto& type : options.detail_types)
    if (std::find(detail_types().begin(), detail_types().end(), type) == detail_types().end())
      throw UsageError("--detail-type " + type +
                       ": not a detail type; use basic, mortgages, "
                       "ownership, reported_owner, sales, taxes or tenants");
  json spec = {{"detail_type", options.detail_types}, {"property_ids", json::array()}};
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start <= ids_text.size()) {
    const auto end = std::min(ids_text.find('\n', start), ids_text.size());
    ++line_number;
    const std::string id = trim(ids_text.substr(start, end - start));
    start = end + 1;
    if (id.empty())
      continue;
    if (!std::regex_match(id, uuid_pattern()))
      throw UsageError("ids line " + std::to_string(line_number) + ": '" + id.substr(0, 60) +
                       "' is not a property id (a UUID such as "
                       "51e2200a-5160-5ab1-8f98-20a17fedbb87)");
    spec["property_ids"].push_back(id);
  }
  if (spec["property_ids"].empty())
    throw UsageError("the ids file lists no property id");
  if (options.updated_all && !options.updated.empty())
    throw UsageError("--updated takes either one DATE for every type or TYPE=DATE pairs, not both");
  if (options.updated_all)
    spec["updated"] = *options.updated_all;
  for (const auto& [type, date] : options.updated) {
    // doc: "Any types you specify must also be in the detail_type list."
    if (std::find(options.detail_types.begin(), options.detail_types.end(), type) ==
        options.detail_types.end())
      throw UsageError("--updated " + type + "=" + date + ": " + type +
                       " is not among the --detail-type values; the API requires it to be");
    spec["updated"][type] = date;
  }
  if (options.filter_pii)
    spec["filters"] = {{"filter_pii", true}};
  return property_details_from_spec("property_ids.json", spec.dump(2));
}

void add_updated(IdsSpecOptions& options, const std::string& text) {
  const auto equals = text.find('=');
  const std::string date = equals == std::string::npos ? text : text.substr(equals + 1);
  if (!std::regex_match(date, date_pattern()))
    throw UsageError("--updated " + text + ": the date must be YYYY-MM-DD");
  if (equals == std::string::npos) {
    options.updated_all = date;
    return;
  }
  options.updated.emplace_back(text.substr(0, equals), date);
}

Submission search_from_settings(std::string filename, std::string json_text) {
  const auto body = json::parse(json_text, nullptr, false);
  if (body.is_discarded())
    throw UsageError(filename + ": not valid JSON");
  if (!body.is_object() || !body.contains("settings") || !body["settings"].is_object())
    throw UsageError(filename +
                     ": expected {\"settings\": {...}}, the body of POST "
                     "/v2/search/summaries (e.g. {\"settings\": {\"state\": [\"NY\"]}})");
  return {"search", std::move(filename), std::move(json_text), std::nullopt, std::nullopt};
}

} // namespace reonomy::client

#include "conformance/expectations.hpp"

#include <algorithm>
#include <numeric>
#include <regex>
#include <set>

#include "conformance/fields.hpp"
#include "http/xml_text.hpp"

namespace reonomy::client::detail {

namespace {

using nlohmann::json;

const std::set<std::string> kResponseActions = {"submit", "get_job", "list_jobs",
                                                "poll",   "raw",     "inject_fault"};

// A non-negative integer, however the JSON library stored it.
bool is_count(const json& value) {
  return value.is_number_unsigned() || (value.is_number_integer() && value.get<long long>() >= 0);
}

// A regular expression that may hold ${variables} is checked once they are filled in.
bool valid_regex(const std::string& text) {
  if (text.find("${") != std::string::npos)
    return true;
  try {
    std::regex re(text);
    return true;
  } catch (const std::regex_error&) {
    return false;
  }
}

void only_for(Fields& f, const char* key, const std::string& action,
              const std::set<std::string>& actions) {
  if (f.has(key) && !actions.contains(action)) {
    std::string names;
    for (const auto& a : actions)
      names += (names.empty() ? "" : ", ") + a;
    f.fail(key, "does not apply to a " + action + " step (only to " + names + ")");
  }
}

JsonCheck parse_json_check(const json& item, const std::string& file, const std::string& path) {
  Fields f(item, file, path);
  JsonCheck check;
  check.pointer = f.string("pointer");
  try {
    json::json_pointer pointer(check.pointer);
  } catch (const json::exception&) {
    f.fail("pointer", "'" + check.pointer + "' is not a JSON pointer (RFC 6901: \"\" or /a/0/b)");
  }
  const std::pair<const char*, JsonCheck::Kind> kinds[] = {
      {"contains", JsonCheck::Kind::contains}, {"equals", JsonCheck::Kind::equals},
      {"matches", JsonCheck::Kind::matches},   {"type", JsonCheck::Kind::type},
      {"exists", JsonCheck::Kind::exists},     {"length", JsonCheck::Kind::length}};
  int given = 0;
  for (const auto& [key, kind] : kinds) {
    if (const auto* value = f.optional(key)) {
      ++given;
      check.kind = kind;
      check.value = *value;
    }
  }
  // equals_json: `equals` with the expected value written as JSON text, so that a value a
  // previous step captured (a whole record, say) can be compared structurally.
  if (const auto* text = f.optional("equals_json")) {
    ++given;
    check.kind = JsonCheck::Kind::equals;
    if (!text->is_string())
      f.fail("equals_json", "expected JSON text in a string, e.g. \"${record}\"");
    const std::string source = text->get<std::string>();
    // Text with ${variables} is parsed once they are filled in, when the step runs.
    check.value = source.find("${") != std::string::npos ? json(nullptr)
                                                         : json::parse(source, nullptr, false);
    if (check.value.is_discarded())
      f.fail("equals_json", "not valid JSON text: " + source);
  }
  f.finish(); // a misspelt check name is the likelier mistake: report it first
  if (given != 1)
    f.fail("", "give exactly one of equals, equals_json, contains, matches, type, exists, length");
  static const std::set<std::string> types = {"null",   "boolean", "integer", "number",
                                              "string", "array",   "object"};
  switch (check.kind) {
  case JsonCheck::Kind::matches:
    if (!check.value.is_string() || !valid_regex(check.value.get<std::string>()))
      f.fail("matches", "expected a regular expression (ECMAScript syntax)");
    break;
  case JsonCheck::Kind::type:
    if (!check.value.is_string() || !types.contains(check.value.get<std::string>()))
      f.fail("type", "expected null, boolean, integer, number, string, array or object");
    break;
  case JsonCheck::Kind::exists:
    if (!check.value.is_boolean())
      f.fail("exists", "expected true or false");
    break;
  case JsonCheck::Kind::length:
    if (!is_count(check.value))
      f.fail("length", "expected a count");
    break;
  case JsonCheck::Kind::equals:
  case JsonCheck::Kind::contains:
    break;
  }
  f.finish();
  return check;
}

std::vector<std::pair<std::string, std::string>> string_map(Fields& parent, const char* key) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto* value = parent.optional(key);
  if (!value)
    return out;
  Fields f(*value, parent.file(), parent.path_of(key));
  for (const auto& [name, text] : value->items()) {
    f.optional(name.c_str());
    if (!text.is_string())
      f.fail(name, "expected a string");
    out.emplace_back(name, text.get<std::string>());
  }
  return out;
}

std::optional<std::size_t> count(Fields& f, const char* key) {
  const auto* value = f.optional(key);
  if (!value)
    return std::nullopt;
  if (!is_count(*value))
    f.fail(key, "expected a count");
  return value->get<std::size_t>();
}

std::string shortened(const std::string& text, std::size_t limit = 300) {
  return text.size() > limit ? text.substr(0, limit) + "..." : text;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items)
    out += (out.size() > 1 ? ", " : "") + item;
  return out + "]";
}

std::string with_body(const Observation& seen, std::string text) {
  if (seen.response && !seen.response->body.empty())
    text += " (body: " + shortened(seen.response->body) + ")";
  return text;
}

struct Difference {
  std::string at;
  json expected;
  json actual;
};

// Where two unequal values first differ: a member or element that is missing, extra or unequal.
Difference first_difference(const json& expected, const json& actual, const std::string& at) {
  if (expected.is_object() && actual.is_object()) {
    for (const auto& [key, item] : expected.items()) {
      const std::string below = at + "/" + key;
      if (!actual.contains(key))
        return {below, item, "(absent)"};
      if (item != actual[key])
        return first_difference(item, actual[key], below);
    }
    for (const auto& [key, item] : actual.items())
      if (!expected.contains(key))
        return {at + "/" + key, "(absent)", item};
  } else if (expected.is_array() && actual.is_array() && expected.size() == actual.size()) {
    for (std::size_t i = 0; i < expected.size(); ++i)
      if (expected[i] != actual[i])
        return first_difference(expected[i], actual[i], at + "/" + std::to_string(i));
  }
  return {at, expected, actual};
}

std::optional<Mismatch> check_json(const JsonCheck& check, const json& document) {
  const json::json_pointer pointer(check.pointer);
  const bool exists = document.contains(pointer);
  const std::string where = "json " + (check.pointer.empty() ? "(root)" : check.pointer);
  if (check.kind == JsonCheck::Kind::exists) {
    if (exists == check.value.get<bool>())
      return std::nullopt;
    return Mismatch{where + " exists", check.value.dump(),
                    exists ? "present: " + shortened(document.at(pointer).dump()) : "absent"};
  }
  if (!exists) {
    std::string expected = check.value.dump();
    return Mismatch{where, expected, "absent in " + shortened(document.dump())};
  }
  const json& value = document.at(pointer);
  switch (check.kind) {
  case JsonCheck::Kind::equals: {
    if (value == check.value)
      return std::nullopt;
    // Two big documents: name the first place they differ rather than print both whole.
    const auto [at, expected, actual] = first_difference(check.value, value, check.pointer);
    return Mismatch{where + " equals" +
                        (at == check.pointer ? "" : " (first difference at " + at + ")"),
                    shortened(expected.dump()), shortened(actual.dump())};
  }
  case JsonCheck::Kind::contains: {
    // An array holds the value, or a string holds the text: for lists a real server shares
    // with others (the jobs of an account, the files of an SFTP folder).
    bool found = false;
    if (value.is_array())
      found = std::find(value.begin(), value.end(), check.value) != value.end();
    else if (value.is_string() && check.value.is_string())
      found = value.get<std::string>().find(check.value.get<std::string>()) != std::string::npos;
    if (found)
      return std::nullopt;
    return Mismatch{where + " contains", check.value.dump(), shortened(value.dump())};
  }
  case JsonCheck::Kind::matches:
    if (value.is_string() &&
        std::regex_search(value.get<std::string>(), std::regex(check.value.get<std::string>())))
      return std::nullopt;
    return Mismatch{where + " matches", "/" + check.value.get<std::string>() + "/",
                    shortened(value.dump())};
  case JsonCheck::Kind::type: {
    const std::string actual = json_type_name(value);
    const std::string wanted = check.value.get<std::string>();
    if (actual == wanted || (wanted == "number" && actual == "integer"))
      return std::nullopt;
    return Mismatch{where + " type", wanted, actual + ": " + shortened(value.dump())};
  }
  case JsonCheck::Kind::length: {
    const bool sized = value.is_array() || value.is_object() || value.is_string();
    const std::size_t size =
        value.is_string() ? value.get<std::string>().size() : (sized ? value.size() : 0);
    if (sized && size == check.value.get<std::size_t>())
      return std::nullopt;
    return Mismatch{where + " length", check.value.dump(),
                    sized ? std::to_string(size) : "no length: " + shortened(value.dump())};
  }
  case JsonCheck::Kind::exists:
    break;
  }
  return std::nullopt;
}

} // namespace

std::string json_type_name(const json& value) {
  switch (value.type()) {
  case json::value_t::null:
    return "null";
  case json::value_t::boolean:
    return "boolean";
  case json::value_t::number_integer:
  case json::value_t::number_unsigned:
    return "integer";
  case json::value_t::number_float:
    return "number";
  case json::value_t::string:
    return "string";
  case json::value_t::array:
    return "array";
  case json::value_t::object:
    return "object";
  default:
    return "other";
  }
}

Expectations parse_expectations(const json& expect, const std::string& action,
                                const std::string& file, const std::string& path) {
  Fields f(expect, file, path);
  Expectations out;
  auto response_actions = kResponseActions;
  only_for(f, "status", action, response_actions);
  only_for(f, "error_type", action, response_actions);
  only_for(f, "xml", action, response_actions);
  only_for(f, "header_present", action, response_actions);
  only_for(f, "header_absent", action, response_actions);
  only_for(f, "header_matches", action, response_actions);
  // json pointers apply to the summaries of downloads and SFTP steps too
  response_actions.insert({"download", "sftp_list", "sftp_get"});
  only_for(f, "json", action, response_actions);
  only_for(f, "status_seen", action, {"raw"});
  for (const char* key : {"statuses_seen", "statuses_within"})
    only_for(f, key, action, {"poll"});
  for (const char* key :
       {"file_count", "record_count", "records_per_file", "every_record_has", "no_record_has"})
    only_for(f, key, action, {"download"});
  for (const char* key : {"csv_columns", "csv_rows"})
    only_for(f, key, action, {"download", "sftp_get"});

  if (const auto* status = f.optional("status")) {
    if (status->is_number_integer())
      out.status = {status->get<int>()};
    else if (status->is_array() && !status->empty() &&
             std::all_of(status->begin(), status->end(),
                         [](const json& s) { return s.is_number_integer(); }))
      out.status = status->get<std::vector<int>>();
    else
      f.fail("status", "expected a status code or a list of them");
  }
  out.error_type = f.optional_string("error_type");
  if (const auto* checks = f.optional("json")) {
    if (!checks->is_array())
      f.fail("json", "expected a list of {\"pointer\": ..., <check>}");
    for (std::size_t i = 0; i < checks->size(); ++i)
      out.json.push_back(
          parse_json_check((*checks)[i], file, f.path_of("json") + "[" + std::to_string(i) + "]"));
  }
  out.xml = string_map(f, "xml");
  out.header_present = f.strings("header_present");
  out.header_absent = f.strings("header_absent");
  out.header_matches = string_map(f, "header_matches");
  for (const auto& [name, pattern] : out.header_matches)
    if (!valid_regex(pattern))
      f.fail("header_matches", name + ": not a regular expression");
  if (const auto* seen = f.optional("status_seen")) {
    if (!seen->is_number_integer())
      f.fail("status_seen", "expected a status code");
    out.status_seen = seen->get<int>();
  }
  if (f.has("statuses_seen"))
    out.statuses_seen = f.strings("statuses_seen");
  else
    f.optional("statuses_seen");
  if (f.has("statuses_within"))
    out.statuses_within = f.strings("statuses_within");
  else
    f.optional("statuses_within");
  out.file_count = count(f, "file_count");
  out.record_count = count(f, "record_count");
  if (const auto* per_file = f.optional("records_per_file")) {
    if (!per_file->is_array() ||
        !std::all_of(per_file->begin(), per_file->end(), [](const json& n) { return is_count(n); }))
      f.fail("records_per_file", "expected a list of counts");
    out.records_per_file = per_file->get<std::vector<std::size_t>>();
  }
  out.every_record_has = f.strings("every_record_has");
  out.no_record_has = f.strings("no_record_has");
  for (const auto* list : {&out.every_record_has, &out.no_record_has}) {
    for (const auto& pointer : *list) {
      try {
        json::json_pointer p(pointer);
      } catch (const json::exception&) {
        f.fail(list == &out.no_record_has ? "no_record_has" : "every_record_has",
               "'" + pointer + "' is not a JSON pointer (e.g. /id)");
      }
    }
  }
  if (f.has("csv_columns"))
    out.csv_columns = f.strings("csv_columns");
  else
    f.optional("csv_columns");
  if (const auto* rows = f.optional("csv_rows")) {
    if (!rows->is_array())
      f.fail("csv_rows", "expected a list of {\"row\": n, \"values\": {...}}");
    for (std::size_t i = 0; i < rows->size(); ++i) {
      Fields r((*rows)[i], file, f.path_of("csv_rows") + "[" + std::to_string(i) + "]");
      CsvRowCheck check;
      const auto row = r.optional_integer("row");
      if (!row || *row < 0)
        r.fail("row", "expected the data row's index (0 for the first)");
      check.row = static_cast<std::size_t>(*row);
      check.values = string_map(r, "values");
      r.finish();
      out.csv_rows.push_back(std::move(check));
    }
  }
  f.finish();
  return out;
}

std::optional<Mismatch> first_mismatch(const Expectations& expect, const Observation& seen) {
  // A burst must meet `status` with every response; a single request with its one.
  std::vector<int> statuses = seen.statuses;
  if (statuses.empty())
    statuses.push_back(seen.response ? seen.response->status : 0);
  for (std::size_t i = 0; i < statuses.size() && !expect.status.empty(); ++i) {
    if (std::find(expect.status.begin(), expect.status.end(), statuses[i]) != expect.status.end())
      continue;
    std::string wanted;
    for (int s : expect.status)
      wanted += (wanted.empty() ? "" : " or ") + std::to_string(s);
    std::string actual = std::to_string(statuses[i]);
    if (statuses.size() > 1)
      actual +=
          " (response " + std::to_string(i + 1) + " of " + std::to_string(statuses.size()) + ")";
    return Mismatch{"status", wanted, i + 1 == statuses.size() ? with_body(seen, actual) : actual};
  }
  if (expect.error_type) {
    const json* doc = seen.document ? &*seen.document : nullptr;
    const bool has_type =
        doc && doc->is_object() && doc->contains("type") && (*doc)["type"].is_string();
    const std::string actual = has_type ? (*doc)["type"].get<std::string>() : "";
    if (actual != *expect.error_type)
      return Mismatch{"error_type", *expect.error_type,
                      has_type ? actual : with_body(seen, "no JSON `type`")};
  }
  for (const auto& check : expect.json) {
    if (!seen.document)
      return Mismatch{"json " + check.pointer, check.value.dump(),
                      with_body(seen, "the body is not JSON")};
    if (auto mismatch = check_json(check, *seen.document))
      return mismatch;
  }
  for (const auto& [element, text] : expect.xml) {
    const auto actual =
        seen.response ? xml_element_text(seen.response->body, element) : std::nullopt;
    if (actual != text)
      return Mismatch{"xml <" + element + ">", text,
                      actual ? *actual : with_body(seen, "no <" + element + "> element")};
  }
  for (const auto& name : expect.header_present)
    if (!seen.response || !has_header(seen.response->headers, name))
      return Mismatch{"header " + name, "present", "absent"};
  for (const auto& name : expect.header_absent)
    if (seen.response && has_header(seen.response->headers, name))
      return Mismatch{"header " + name, "absent",
                      header_value(seen.response->headers, name).value_or("")};
  for (const auto& [name, pattern] : expect.header_matches) {
    const auto value = seen.response ? header_value(seen.response->headers, name) : std::nullopt;
    if (!value || !std::regex_search(*value, std::regex(pattern)))
      return Mismatch{"header " + name + " matches", "/" + pattern + "/",
                      value ? *value : "absent"};
  }
  if (expect.status_seen && std::find(seen.statuses.begin(), seen.statuses.end(),
                                      *expect.status_seen) == seen.statuses.end()) {
    std::vector<std::string> codes;
    for (int s : seen.statuses)
      codes.push_back(std::to_string(s));
    return Mismatch{"status_seen", std::to_string(*expect.status_seen), joined(codes)};
  }
  if (expect.statuses_seen && *expect.statuses_seen != seen.statuses_seen)
    return Mismatch{"statuses_seen", joined(*expect.statuses_seen), joined(seen.statuses_seen)};
  if (expect.statuses_within) {
    const auto& order = *expect.statuses_within;
    std::size_t at = 0;
    for (const auto& job_status : seen.statuses_seen) {
      const auto it =
          std::find(order.begin() + static_cast<std::ptrdiff_t>(at), order.end(), job_status);
      if (it == order.end())
        return Mismatch{"statuses_within", "a subsequence of " + joined(order),
                        joined(seen.statuses_seen)};
      at = static_cast<std::size_t>(it - order.begin());
    }
  }
  const std::size_t records =
      std::accumulate(seen.records_per_file.begin(), seen.records_per_file.end(), std::size_t{0});
  if (expect.file_count && *expect.file_count != seen.records_per_file.size())
    return Mismatch{"file_count", std::to_string(*expect.file_count),
                    std::to_string(seen.records_per_file.size())};
  if (expect.record_count && *expect.record_count != records)
    return Mismatch{"record_count", std::to_string(*expect.record_count), std::to_string(records)};
  if (expect.records_per_file && *expect.records_per_file != seen.records_per_file) {
    const auto text = [](const std::vector<std::size_t>& v) {
      std::vector<std::string> s;
      for (auto n : v)
        s.push_back(std::to_string(n));
      return joined(s);
    };
    return Mismatch{"records_per_file", text(*expect.records_per_file),
                    text(seen.records_per_file)};
  }
  if (!expect.every_record_has.empty() || !expect.no_record_has.empty()) {
    for (std::size_t i = 0; i < seen.records.size(); ++i) {
      const auto record = json::parse(seen.records[i], nullptr, false);
      const std::string where = "record " + std::to_string(i) + ": " + shortened(seen.records[i]);
      for (const auto& pointer : expect.every_record_has)
        if (record.is_discarded() || !record.contains(json::json_pointer(pointer)))
          return Mismatch{"every_record_has " + pointer, "present in every record",
                          "absent in " + where};
      for (const auto& pointer : expect.no_record_has)
        if (record.is_discarded() || record.contains(json::json_pointer(pointer)))
          return Mismatch{"no_record_has " + pointer, "absent from every record",
                          "present in " + where};
    }
  }
  if (expect.csv_columns) {
    const std::vector<std::string> header =
        seen.csv.empty() ? std::vector<std::string>{} : seen.csv.front();
    if (header != *expect.csv_columns)
      return Mismatch{"csv_columns", joined(*expect.csv_columns), joined(header)};
  }
  for (const auto& row_check : expect.csv_rows) {
    if (seen.csv.size() <= row_check.row + 1)
      return Mismatch{"csv_rows[" + std::to_string(row_check.row) + "]", "a data row",
                      std::to_string(seen.csv.empty() ? 0 : seen.csv.size() - 1) + " data rows"};
    const auto& header = seen.csv.front();
    const auto& row = seen.csv[row_check.row + 1];
    for (const auto& [column, value] : row_check.values) {
      const auto at = std::find(header.begin(), header.end(), column);
      const std::string where = "csv row " + std::to_string(row_check.row) + " " + column;
      if (at == header.end())
        return Mismatch{where, value, "no such column in " + joined(header)};
      const auto index = static_cast<std::size_t>(at - header.begin());
      const std::string actual = index < row.size() ? row[index] : "(missing field)";
      if (actual != value)
        return Mismatch{where, value, actual};
    }
  }
  return std::nullopt;
}

} // namespace reonomy::client::detail

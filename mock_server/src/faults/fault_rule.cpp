#include "faults/fault_rule.hpp"

#include <array>
#include <limits>
#include <set>

#include "core/api_error.hpp"
#include "core/strict_json.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

struct ActionInfo {
  FaultAction action;
  std::string_view name;
  FaultSite site;
  // The action's own fields (beyond the common ones), and which of them it needs.
  std::vector<std::string_view> fields;
  std::vector<std::string_view> required;
};

const std::array<ActionInfo, 12>& actions() {
  static const std::array<ActionInfo, 12> table{{
      {FaultAction::respond,
       "respond",
       FaultSite::request,
       {"status", "headers", "body", "content_type", "delay_ms"},
       {"status"}},
      {FaultAction::delay, "delay", FaultSite::request, {"delay_ms"}, {"delay_ms"}},
      {FaultAction::close, "close", FaultSite::request, {"delay_ms"}, {}},
      {FaultAction::reset, "reset", FaultSite::request, {"after_bytes", "delay_ms"}, {}},
      {FaultAction::truncate,
       "truncate",
       FaultSite::download,
       {"after_bytes", "delay_ms"},
       {"after_bytes"}},
      {FaultAction::cut_line, "cut_line", FaultSite::download, {"line", "delay_ms"}, {}},
      {FaultAction::expire_url, "expire_url", FaultSite::download, {"delay_ms"}, {}},
      {FaultAction::missing_object, "missing_object", FaultSite::download, {"delay_ms"}, {}},
      {FaultAction::fail_job, "fail_job", FaultSite::submission, {"phase", "message"}, {}},
      {FaultAction::hold_job, "hold_job", FaultSite::submission, {}, {}},
      {FaultAction::sftp_late,
       "sftp_late",
       FaultSite::submission,
       {"delay_seconds"},
       {"delay_seconds"}},
      {FaultAction::sftp_drop, "sftp_drop", FaultSite::sftp, {"after_bytes"}, {}},
  }};
  return table;
}

const ActionInfo& info(FaultAction action) {
  for (const auto& a : actions())
    if (a.action == action)
      return a;
  throw std::logic_error("unknown fault action");
}

std::string action_names() {
  // Loops, not std::views, here and in the other joins: clang 14 (the fuzz build) fails on
  // libstdc++ 12's views.
  std::vector<std::string_view> names;
  for (const auto& action : actions())
    names.push_back(action.name);
  return detail::join(names);
}

// Which of the selection fields an action's site can use.
std::vector<std::string_view> selection_fields(FaultSite site) {
  switch (site) {
  case FaultSite::request:
  case FaultSite::download:
    return {"method", "path", "job_type"};
  case FaultSite::submission:
    return {"job_type"};
  case FaultSite::sftp:
    return {"path"};
  }
  return {};
}

const std::set<std::string_view> kCommonFields = {"action", "access_key",  "global", "nth",
                                                  "times",  "probability", "seed"};

class Reader {
public:
  Reader(const nlohmann::json& json, std::string where) : json_(json), where_(std::move(where)) {}

  ApiError error(std::string_view field, const std::string& problem) const {
    return validation_error(where_ + std::string(field), problem);
  }

  bool has(std::string_view field) const { return json_.contains(field); }

  std::string string(std::string_view field, std::size_t max_length = 4096) const {
    const auto& v = json_.at(field);
    if (!v.is_string())
      throw error(field, "must be a string, got " + v.dump());
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() > max_length)
      throw error(field, "is longer than " + std::to_string(max_length) + " characters");
    return s;
  }

  std::uint64_t count(std::string_view field, std::uint64_t min, std::uint64_t max) const {
    const auto& v = json_.at(field);
    if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
      throw error(field, "must be a whole number from " + std::to_string(min) + " to " +
                             std::to_string(max) + ", got " + v.dump());
    const auto n = v.get<std::uint64_t>();
    if (n < min || n > max)
      throw error(field, "must be from " + std::to_string(min) + " to " + std::to_string(max) +
                             ", got " + v.dump());
    return n;
  }

  double number(std::string_view field, double min, double max, bool min_open) const {
    const auto& v = json_.at(field);
    const double d = v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
    if (!(min_open ? d > min : d >= min) || !(d <= max))
      throw error(field, std::string("must be a number ") + (min_open ? "above " : "from ") +
                             nlohmann::json(min).dump() + (min_open ? " up to " : " to ") +
                             nlohmann::json(max).dump() + ", got " + v.dump());
    return d;
  }

  bool boolean(std::string_view field) const {
    const auto& v = json_.at(field);
    if (!v.is_boolean())
      throw error(field, "must be true or false, got " + v.dump());
    return v.get<bool>();
  }

  const nlohmann::json& raw(std::string_view field) const { return json_.at(field); }

private:
  const nlohmann::json& json_;
  std::string where_;
};

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

FaultRule parse_rule(const nlohmann::json& json, const std::string& where,
                     const std::function<bool(std::string_view)>& known_account) {
  const std::string prefix = where.empty() ? "" : where + ".";
  if (!json.is_object())
    throw validation_error(
        where.empty() ? "(body)" : where,
        "a rule is a JSON object such as {\"access_key\": \"demo-access-key\", "
        "\"path\": \"/v2/jobs/file/*\", \"action\": \"respond\", \"status\": 503}");
  const Reader r(json, prefix);
  FaultRule rule;

  if (!r.has("action"))
    throw r.error("action", "missing; one of " + action_names());
  const std::string action = r.string("action");
  const ActionInfo* found = nullptr;
  for (const auto& a : actions())
    if (a.name == action)
      found = &a;
  if (!found)
    throw r.error("action", "unknown action '" + action + "'; one of " + action_names());
  rule.action = found->action;

  // Every field must mean something for this action.
  const auto selection = selection_fields(found->site);
  for (const auto& [key, value] : json.items()) {
    const std::string_view k = key;
    const bool known =
        kCommonFields.contains(k) ||
        std::find(selection.begin(), selection.end(), k) != selection.end() ||
        std::find(found->fields.begin(), found->fields.end(), k) != found->fields.end();
    if (known)
      continue;
    const bool elsewhere = k == "method" || k == "path" || k == "job_type" || k == "status" ||
                           k == "headers" || k == "body" || k == "content_type" ||
                           k == "delay_ms" || k == "after_bytes" || k == "line" || k == "phase" ||
                           k == "message" || k == "delay_seconds";
    throw r.error(k, elsewhere ? "does not apply to action " + action
                               : "unknown field (see GET /_mock/openapi.json for the rule format)");
  }
  for (const auto field : found->required)
    if (!r.has(field))
      throw r.error(field, "missing; action " + action + " needs it");

  // Whose requests.
  if (r.has("global"))
    rule.global = r.boolean("global");
  if (r.has("access_key")) {
    if (rule.global)
      throw r.error("access_key", "a rule is for one account or global, not both");
    rule.access_key = r.string("access_key", 256);
    if (!known_account(rule.access_key))
      throw r.error("access_key", "no account with access key '" + rule.access_key + "'");
  } else if (!rule.global) {
    throw r.error("access_key", "missing: name the account the rule is for, or set "
                                "\"global\": true for every account");
  }

  // Which requests.
  if (r.has("method")) {
    rule.method = r.string("method", 16);
    for (char& c : rule.method)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (rule.method.empty() ||
        rule.method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
      throw r.error("method", "must be an HTTP method such as GET or POST");
  }
  if (r.has("path")) {
    rule.path = r.string("path", 2048);
    if (rule.path.empty() || (rule.path.front() != '/' && rule.path.front() != '*'))
      throw r.error("path", "must start with '/' (or '*'), e.g. \"/v2/jobs/file/*\"");
  }
  if (r.has("job_type")) {
    const std::string type = r.string("job_type", 64);
    rule.job_type = parse_job_type(type);
    if (!rule.job_type)
      throw r.error("job_type",
                    "unknown job type '" + type + "'; one of " + std::string(job_type_names()));
  }
  if (rule.action == FaultAction::sftp_late && rule.job_type && *rule.job_type != JobType::match)
    throw r.error("job_type", "sftp_late applies to match jobs only (only they reach SFTP)");

  // When.
  const bool has_nth = r.has("nth");
  if (has_nth)
    rule.nth = r.count("nth", 1, std::numeric_limits<std::uint32_t>::max());
  if (r.has("times"))
    rule.times = r.count("times", 1, std::numeric_limits<std::uint32_t>::max());
  else if (has_nth)
    rule.times = 1; // "the 3rd request" means that one
  if (r.has("probability"))
    rule.probability = r.number("probability", 0, 1, true);
  if (r.has("seed"))
    rule.seed = r.count("seed", 0, std::numeric_limits<std::uint64_t>::max());

  // What.
  if (r.has("delay_ms"))
    rule.delay = std::chrono::milliseconds(
        r.count("delay_ms", rule.action == FaultAction::delay ? 1 : 0, 600'000));
  if (r.has("status"))
    rule.status = static_cast<int>(r.count("status", 100, 599));
  if (r.has("headers")) {
    const auto& headers = r.raw("headers");
    if (!headers.is_object())
      throw r.error("headers", "must be an object of header names to string values");
    for (const auto& [name, value] : headers.items()) {
      const std::string field = "headers." + name;
      if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char))
        throw r.error(field, "is not a valid header name");
      if (!value.is_string())
        throw r.error(field, "must be a string, got " + value.dump());
      const auto& text = value.get_ref<const std::string&>();
      if (text.find_first_of("\r\n") != std::string::npos || text.size() > 8192)
        throw r.error(field, "must be one line of at most 8192 characters");
      rule.headers.emplace_back(name, text);
    }
  }
  if (r.has("body")) {
    const auto& body = r.raw("body");
    if (body.is_string()) {
      rule.body = body.get<std::string>();
      rule.content_type = "text/plain";
    } else {
      rule.body = body.dump();
    }
    if (rule.body.size() > (1u << 20))
      throw r.error("body", "is larger than 1 MiB");
  } else if (rule.action == FaultAction::respond) {
    rule.body = nlohmann::json{{"type", "InjectedFault"},
                               {"message", "Answer injected by mock fault rule."}}
                    .dump();
  }
  if (r.has("content_type"))
    rule.content_type = r.string("content_type", 256);
  if (r.has("after_bytes"))
    rule.after_bytes = r.count("after_bytes", 0, std::numeric_limits<std::uint64_t>::max());
  if (r.has("line"))
    rule.line = r.count("line", 1, std::numeric_limits<std::uint32_t>::max());
  if (r.has("phase")) {
    const std::string phase = r.string("phase", 32);
    if (phase == "pending")
      rule.phase = FailPhase::pending;
    else if (phase == "started")
      rule.phase = FailPhase::started;
    else
      throw r.error("phase", "must be \"pending\" or \"started\", got '" + phase + "'");
  }
  if (r.has("message"))
    rule.message = r.string("message");
  if (r.has("delay_seconds"))
    rule.delay_seconds = r.number("delay_seconds", 0, 10.0 * 365 * 24 * 3600, true);
  return rule;
}

} // namespace

std::string_view to_string(FaultAction action) {
  return info(action).name;
}

FaultSite site_of(FaultAction action) {
  return info(action).site;
}

nlohmann::json FaultRule::to_json() const {
  nlohmann::json j = {{"id", id}, {"action", to_string(action)}};
  if (global)
    j["global"] = true;
  else
    j["access_key"] = access_key;
  if (!method.empty())
    j["method"] = method;
  if (!path.empty())
    j["path"] = path;
  if (job_type)
    j["job_type"] = to_string(*job_type);
  j["nth"] = nth;
  j["times"] = times ? nlohmann::json(*times) : nlohmann::json(nullptr);
  if (probability < 1.0) {
    j["probability"] = probability;
    j["seed"] = seed;
  }
  const auto& fields = info(action).fields;
  const auto uses = [&fields](std::string_view f) {
    return std::find(fields.begin(), fields.end(), f) != fields.end();
  };
  if (uses("delay_ms"))
    j["delay_ms"] = delay.count();
  if (uses("status")) {
    j["status"] = status;
    nlohmann::json h = nlohmann::json::object();
    for (const auto& [name, value] : headers)
      h[name] = value;
    j["headers"] = std::move(h);
    j["body"] = body;
    j["content_type"] = content_type;
  }
  if (uses("after_bytes"))
    j["after_bytes"] = after_bytes;
  if (uses("line"))
    j["line"] = line;
  if (uses("phase")) {
    j["phase"] = phase == FailPhase::pending ? "pending" : "started";
    j["message"] = message;
  }
  if (uses("delay_seconds"))
    j["delay_seconds"] = delay_seconds;
  return j;
}

std::vector<FaultRule>
parse_fault_rules(std::string_view text,
                  const std::function<bool(std::string_view)>& known_account) {
  // The control plane refuses a repeated key rather than guess which value was meant.
  const auto json = parse_json_refusing_duplicates(text);
  if (json.is_discarded())
    throw validation_error("(body)", "is not valid JSON; send a rule object, an array of rules "
                                     "or {\"rules\": [...]}");
  std::vector<FaultRule> rules;
  const nlohmann::json* list = nullptr;
  std::string where = "";
  if (json.is_array()) {
    list = &json;
  } else if (json.is_object() && json.contains("rules")) {
    for (const auto& [key, value] : json.items())
      if (key != "rules")
        throw validation_error(key, "unknown field next to `rules`; put it inside a rule");
    list = &json["rules"];
    where = "rules";
    if (!list->is_array())
      throw validation_error("rules", "must be an array of rules");
  }
  if (!list) {
    rules.push_back(parse_rule(json, "", known_account));
    return rules;
  }
  if (list->empty())
    throw validation_error(where.empty() ? "(body)" : where, "holds no rule");
  if (list->size() > 1000)
    throw validation_error(where.empty() ? "(body)" : where, "more than 1000 rules at once");
  for (std::size_t i = 0; i < list->size(); ++i)
    rules.push_back(parse_rule((*list)[i], where + "[" + std::to_string(i) + "]", known_account));
  return rules;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point: linear in practice, never exponential.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

} // namespace reonomy::mock

#include "conformance/step_params.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "conformance/fields.hpp"
#include "reonomy_client/scenario.hpp"

namespace reonomy::client::detail {

namespace {

// Reads the `file` object of a submit step: a name and exactly one source of bytes.
void read_file_spec(Fields& f, const StepSource& source, SubmitParams& out) {
  out.filename = f.string("name");
  const auto* content = f.optional("content");
  const auto* json = f.optional("json");
  const auto* path = f.optional("path");
  const auto* generated = f.optional("generated");
  const int sources =
      (content != nullptr) + (json != nullptr) + (path != nullptr) + (generated != nullptr);
  if (sources != 1)
    f.fail("", "give exactly one of content (text), json (any JSON, sent as its text), path "
               "(a file next to the scenario) or generated");
  if (content) {
    if (!content->is_string())
      f.fail("content", "expected a string");
    out.content = content->get<std::string>();
  } else if (json) {
    out.content = json->dump();
  } else if (path) {
    if (!path->is_string())
      f.fail("path", "expected a string");
    const auto full = source.directory / path->get<std::string>();
    std::ifstream in(full, std::ios::binary);
    if (!in)
      f.fail("path", "cannot read " + full.string());
    std::ostringstream text;
    text << in.rdbuf();
    out.content = text.str();
  } else {
    Fields g(*generated, source.file, f.path_of("generated"));
    const auto types = g.strings("detail_type");
    const auto count = g.optional_integer("property_ids");
    g.finish();
    if (types.empty())
      g.fail("detail_type", "give at least one detail type");
    if (!count || *count < 1 || *count > 1'000'001)
      g.fail("property_ids", "give how many ids to generate, 1 to 1000001");
    out.content = generated_property_details(types, static_cast<std::size_t>(*count));
  }
}

} // namespace

std::string generated_property_details(const std::vector<std::string>& detail_types,
                                       std::size_t count) {
  std::string text = nlohmann::json{{"detail_type", detail_types}}.dump();
  text.pop_back(); // reopen the object: the ids are appended without building a huge DOM
  text += ",\"property_ids\":[";
  char id[64];
  for (std::size_t i = 0; i < count; ++i) {
    // UUID v4 layout (version 4, variant 8); the index makes each one distinct.
    std::snprintf(id, sizeof id, "\"%08zx-0000-4000-8000-%012zx\"", i >> 16, i);
    if (i)
      text += ',';
    text += id;
  }
  return text + "]}";
}

SubmitParams parse_submit(const nlohmann::json& params, const StepSource& source) {
  Fields f(params, source.file, source.path);
  SubmitParams out;
  out.job_type = f.string("job_type");
  Fields file(f.required("file"), source.file, f.path_of("file"));
  read_file_spec(file, source, out);
  file.finish();
  if (const auto* metadata = f.optional("metadata")) {
    if (metadata->is_string())
      out.metadata = metadata->get<std::string>();
    else if (metadata->is_object())
      out.metadata = metadata->dump();
    else
      f.fail("metadata", "expected a string (sent as is) or an object (sent as JSON)");
  }
  f.finish();
  return out;
}

std::string parse_job_id(const nlohmann::json& params, const StepSource& source) {
  Fields f(params, source.file, source.path);
  std::string id = f.string("id");
  f.finish();
  return id;
}

ListParams parse_list(const nlohmann::json& params, const StepSource& source) {
  Fields f(params, source.file, source.path);
  ListParams out;
  for (const char* key : {"limit", "offset"}) {
    const auto* value = f.optional(key);
    if (!value)
      continue;
    std::string text;
    if (value->is_number_integer())
      text = std::to_string(value->get<long long>());
    else if (value->is_string())
      text = value->get<std::string>();
    else
      f.fail(key, "expected an integer, or a string to send as is");
    (std::string(key) == "limit" ? out.limit : out.offset) = text;
  }
  f.finish();
  return out;
}

PollParams parse_poll(const nlohmann::json& params, const StepSource& source) {
  Fields f(params, source.file, source.path);
  PollParams out;
  out.id = f.string("id");
  const auto& until = f.required("until");
  if (until.is_string())
    out.until = {until.get<std::string>()};
  else
    out.until = f.strings("until");
  if (out.until.empty())
    f.fail("until", "name the status(es) to stop at, e.g. \"SUCCESS\"");
  out.timeout_seconds = f.optional_number("timeout_seconds").value_or(out.timeout_seconds);
  out.interval_seconds = f.optional_number("interval_seconds").value_or(out.interval_seconds);
  if (!(out.interval_seconds > 0))
    f.fail("interval_seconds", "must be above 0");
  if (!(out.timeout_seconds > 0))
    f.fail("timeout_seconds", "must be above 0");
  f.finish();
  return out;
}

RawParams parse_raw(const nlohmann::json& params, const StepSource& source) {
  Fields f(params, source.file, source.path);
  RawParams out;
  out.method = f.optional_string("method").value_or("GET");
  const auto path = f.optional_string("path");
  const auto url = f.optional_string("url");
  if (path.has_value() == url.has_value())
    f.fail("", "give exactly one of path (on the target) or url (absolute)");
  out.absolute = url.has_value();
  out.target = url ? *url : *path;
  out.auth = f.optional_bool("auth").value_or(!out.absolute);
  out.user_agent = f.optional_bool("user_agent").value_or(true);
  if (const auto* credentials = f.optional("basic_auth")) {
    Fields c(*credentials, source.file, f.path_of("basic_auth"));
    out.basic_auth.emplace(c.string("username"), c.string("password"));
    c.finish();
  }
  if (const auto* headers = f.optional("headers")) {
    Fields h(*headers, source.file, f.path_of("headers"));
    for (const auto& [name, value] : headers->items()) {
      h.optional(name.c_str());
      if (!value.is_string())
        h.fail(name, "header values are strings");
      out.headers.emplace_back(name, value.get<std::string>());
    }
  }
  const auto* body = f.optional("body");
  const auto* body_json = f.optional("body_json");
  const auto* multipart = f.optional("multipart");
  if ((body != nullptr) + (body_json != nullptr) + (multipart != nullptr) > 1)
    f.fail("", "give at most one of body, body_json and multipart");
  if (body) {
    if (!body->is_string())
      f.fail("body", "expected a string");
    out.body = body->get<std::string>();
  } else if (body_json) {
    out.body = body_json->dump();
  } else if (multipart) {
    if (!multipart->is_array())
      f.fail("multipart", "expected an array of parts");
    out.multipart.emplace();
    for (std::size_t i = 0; i < multipart->size(); ++i) {
      Fields p((*multipart)[i], source.file,
               f.path_of("multipart") + "[" + std::to_string(i) + "]");
      FormPart part;
      part.name = p.string("name");
      part.content = p.string("content");
      part.filename = p.optional_string("filename").value_or("");
      part.content_type = p.optional_string("content_type").value_or("");
      p.finish();
      out.multipart->push_back(std::move(part));
    }
  }
  const auto repeat = f.optional_integer("repeat").value_or(1);
  if (repeat < 1 || repeat > 100)
    f.fail("repeat", "must be 1 to 100");
  out.repeat = static_cast<int>(repeat);
  f.finish();
  return out;
}

SftpParams parse_sftp(const nlohmann::json& params, const StepSource& source) {
  Fields f(params, source.file, source.path);
  SftpParams out;
  out.path = f.string("path");
  out.username = f.optional_string("username");
  out.password = f.optional_string("password");
  f.finish();
  return out;
}

nlohmann::json parse_fault(const nlohmann::json& params, const StepSource& source) {
  nlohmann::json rules = params;
  std::string where = source.path;
  if (params.is_object() && params.contains("rules")) {
    Fields f(params, source.file, source.path);
    rules = f.required("rules");
    f.finish();
    where += ".rules";
  } else if (params.is_object()) {
    rules = nlohmann::json::array({params});
  }
  if (!rules.is_array() || rules.empty())
    throw ScenarioError(
        source.file, where,
        "expected a fault rule ({\"action\": ..., ...}), a non-empty list of rules, "
        "or {\"rules\": [...]}");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& rule = rules[i];
    if (!rule.is_object() || !rule.contains("action") || !rule["action"].is_string())
      throw ScenarioError(source.file, where + "[" + std::to_string(i) + "]",
                          "a fault rule is an object with an `action` (see the mock's "
                          "GET /_mock/openapi.json or README)");
  }
  return rules;
}

double parse_seconds(const nlohmann::json& params, const StepSource& source) {
  Fields f(params, source.file, source.path);
  const double seconds = f.number("seconds");
  if (!(seconds >= 0) || seconds > 86'400)
    f.fail("seconds", "must be 0 to 86400");
  f.finish();
  return seconds;
}

} // namespace reonomy::client::detail

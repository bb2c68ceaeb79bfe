#include "conformance/scenario_runner.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "api/result_files.hpp"
#include "http/raw_http.hpp"
#include "http/url.hpp"

namespace reonomy::client::detail {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A step that could not be carried out at all (no answer, a poll that timed out): reported as
// the scenario's failure like a missed expectation.
struct StepAborted {
  std::string expectation;
  std::string expected;
  std::string actual;
};

std::optional<json> json_of(const HttpResponse& response) {
  auto body = json::parse(response.body, nullptr, false);
  if (body.is_discarded())
    return std::nullopt;
  return body;
}

Observation observe(HttpResponse response) {
  Observation seen;
  seen.document = json_of(response);
  seen.statuses = {response.status};
  seen.response = std::move(response);
  return seen;
}

std::string step_label(const Step& step, std::size_t index, const json& params) {
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on one long concatenation.
  std::string label = "steps[";
  label += std::to_string(index);
  label += "] ";
  label += step.action;
  if (!step.name.empty())
    return label + " (" + step.name + ")";
  if (step.action == "raw") {
    label += ' ';
    label += params.value("method", std::string("GET"));
    label += ' ';
    label += params.value("path", params.value("url", std::string())).substr(0, 80);
  }
  return label;
}

fs::path scratch_dir() {
  static std::atomic<int> counter{0};
  return fs::temp_directory_path() /
         ("reonomy-conformance-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
}

} // namespace

std::string encode_multipart(const std::vector<FormPart>& parts, const std::string& boundary) {
  std::string body;
  for (const auto& part : parts) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name + "\"";
    if (!part.filename.empty())
      body += "; filename=\"" + part.filename + "\"";
    body += "\r\n";
    if (!part.content_type.empty())
      body += "Content-Type: " + part.content_type + "\r\n";
    body += "\r\n" + part.content + "\r\n";
  }
  return body + "--" + boundary + "--\r\n";
}

ScenarioRunner::ScenarioRunner(Client& client, const Target& target)
    : client_(client), target_(target) {}

ScenarioResult ScenarioRunner::run(const Scenario& scenario) {
  ScenarioResult result{scenario.name,          scenario.area,
                        scenario.file.string(), scenario.covers,
                        Outcome::passed,        "",
                        std::nullopt,           0};
  const auto start = std::chrono::steady_clock::now();
  const auto finish = [&] {
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
  };
  std::vector<std::string> missing;
  for (const auto& need : scenario.requires_)
    if (!target_.has(need))
      missing.push_back(need);
  if (!missing.empty()) {
    result.outcome = Outcome::skipped;
    std::string offered;
    for (const auto& c : target_.capabilities)
      offered += (offered.empty() ? "" : ", ") + c;
    std::string needs;
    for (const auto& m : missing)
      needs += (needs.empty() ? "" : ", ") + m;
    result.skip_reason =
        "needs " + needs + "; the target offers " + (offered.empty() ? "none" : offered);
    return finish();
  }
  if (target_.has("mock-control")) {
    // Scenarios are independent: no jobs, no rate-limit window left over from the last one.
    std::string refused;
    try {
      const auto reset = control("POST", "/_mock/reset", "");
      if (reset.status != 200)
        refused = "HTTP " + std::to_string(reset.status) + " " + reset.body;
    } catch (const TransportError& e) {
      refused = e.what();
    }
    if (!refused.empty()) {
      result.outcome = Outcome::failed;
      result.failure = StepFailure{0, "(before the steps)", "POST /_mock/reset", "200", refused};
      return finish();
    }
    client_.forget_rate_window();
  }
  variables_ = Variables();
  variables_.set("base_url", target_.base_url);
  variables_.set("access_key", client_.options().access_key);
  variables_.set("secret_key", client_.options().secret_key);
  variables_.set("basic_auth", client_.authorization());
  scratch_ = scratch_dir();
  for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
    const Step& step = scenario.steps[i];
    std::string label = step_label(step, i, step.params);
    try {
      const json params = variables_.expand(step.params);
      label = step_label(step, i, params);
      const StepSource source{scenario.file.string(), scenario.file.parent_path(),
                              "steps[" + std::to_string(i) + "]." + step.action};
      const Observation seen = execute(step, params, source);
      if (step.action != "advance_clock" && step.action != "sleep") {
        const auto expect =
            parse_expectations(variables_.expand(step.expect), step.action, scenario.file.string(),
                               "steps[" + std::to_string(i) + "].expect");
        if (const auto mismatch = first_mismatch(expect, seen)) {
          result.outcome = Outcome::failed;
          result.failure =
              StepFailure{i, label, mismatch->expectation, mismatch->expected, mismatch->actual};
          break;
        }
      }
      capture(step, seen);
    } catch (const StepAborted& e) {
      result.outcome = Outcome::failed;
      result.failure = StepFailure{i, label, e.expectation, e.expected, e.actual};
      break;
    } catch (const UnknownVariable& e) {
      result.outcome = Outcome::failed;
      result.failure = StepFailure{i, label, "variables", "defined", e.what()};
      break;
    } catch (const std::exception& e) {
      result.outcome = Outcome::failed;
      result.failure = StepFailure{i, label, "step completes", "an answer", e.what()};
      break;
    }
  }
  std::error_code ignored;
  fs::remove_all(scratch_, ignored);
  return finish();
}

Observation ScenarioRunner::execute(const Step& step, const json& params,
                                    const StepSource& source) {
  const auto& a = step.action;
  if (a == "submit")
    return submit(parse_submit(params, source));
  if (a == "get_job")
    return get("/v2/jobs/file/" + parse_job_id(params, source));
  if (a == "list_jobs") {
    const auto list = parse_list(params, source);
    std::string path = "/v2/jobs/file";
    if (list.limit)
      path += "?limit=" + *list.limit;
    if (list.offset)
      path += std::string(list.limit ? "&" : "?") + "offset=" + *list.offset;
    return get(path);
  }
  if (a == "poll")
    return poll(parse_poll(params, source));
  if (a == "download")
    return download(parse_job_id(params, source));
  if (a == "raw")
    return raw(parse_raw(params, source));
  if (a == "sftp_list" || a == "sftp_get")
    return sftp(a == "sftp_list", parse_sftp(params, source));
  if (a == "inject_fault")
    return inject_fault(parse_fault(params, source), step.expect.contains("status"));
  if (a == "advance_clock")
    advance_clock(parse_seconds(params, source));
  else
    std::this_thread::sleep_for(std::chrono::duration<double>(parse_seconds(params, source)));
  return {};
}

Observation ScenarioRunner::submit(const SubmitParams& params) {
  const Submission submission{params.job_type, params.filename, params.content, params.metadata,
                              std::nullopt};
  return observe(client_.send_once(submission_request(submission)));
}

Observation ScenarioRunner::get(const std::string& path) {
  return observe(client_.send_once({"GET", path, {}, "", {}}));
}

Observation ScenarioRunner::poll(const PollParams& params) {
  std::vector<std::string> seen_statuses;
  double waited = 0;
  for (;;) {
    Observation seen = get("/v2/jobs/file/" + params.id);
    if (seen.response->status != 200 || !seen.document || !seen.document->is_object())
      return seen;
    const auto& status = (*seen.document)["status"];
    const std::string text = status.is_string() ? status.get<std::string>() : status.dump();
    if (seen_statuses.empty() || seen_statuses.back() != text)
      seen_statuses.push_back(text);
    if (std::find(params.until.begin(), params.until.end(), text) != params.until.end()) {
      seen.statuses_seen = seen_statuses;
      return seen;
    }
    if (waited >= params.timeout_seconds) {
      std::string order;
      for (const auto& s : seen_statuses)
        order += (order.empty() ? "" : " -> ") + s;
      std::string until;
      for (const auto& s : params.until)
        until += (until.empty() ? "" : " or ") + s;
      throw StepAborted{"poll",
                        until + " within " +
                            std::to_string(static_cast<int>(params.timeout_seconds)) + " s",
                        "still " + text + " (seen " + order + ")"};
    }
    pass_time(params.interval_seconds);
    waited += params.interval_seconds;
  }
}

Observation ScenarioRunner::download(const std::string& job_id) {
  const Job job = client_.get(job_id);
  const fs::path dir = scratch_ / job_id;
  const DownloadReport report = client_.download(job, {dir, std::nullopt});
  Observation seen;
  json files = json::array();
  for (const auto& file : report.files) {
    seen.records_per_file.push_back(file.records);
    files.push_back({{"name", file.name}, {"records", file.records}, {"bytes", file.bytes}});
    if (format_of(file.name) == ResultFormat::csv) {
      if (seen.csv.empty())
        check_csv(file.path, file.name,
                  [&](const std::vector<std::string>& row) { seen.csv.push_back(row); });
    } else {
      check_ndjson(file.path, file.name,
                   [&](std::string_view line) { seen.records.emplace_back(line); });
    }
  }
  // The first record whole, so that a later step can compare it with another source of the
  // same property (GET /v2/property/{id}).
  const json first = seen.records.empty() ? json(nullptr) : json::parse(seen.records.front());
  seen.document = json{{"files", files},
                       {"records", report.records},
                       {"first_record", first},
                       {"job", report.job.json}};
  return seen;
}

Observation ScenarioRunner::raw(const RawParams& params) {
  RawRequest request;
  request.method = params.method;
  request.url = params.absolute ? params.target : client_.resolve(params.target);
  request.headers = params.headers;
  request.body = params.body;
  const auto& options = client_.options();
  if (params.basic_auth && !has_header(request.headers, "Authorization"))
    request.headers.emplace_back("Authorization",
                                 basic_auth(params.basic_auth->first, params.basic_auth->second));
  if (params.auth && !has_header(request.headers, "Authorization"))
    request.headers.emplace_back("Authorization", client_.authorization());
  if (params.user_agent && !has_header(request.headers, "User-Agent"))
    request.headers.emplace_back("User-Agent", options.user_agent);
  if (params.multipart) {
    const std::string boundary = "----reonomy-conformance-7d93a1c5";
    request.body = encode_multipart(*params.multipart, boundary);
    if (!has_header(request.headers, "Content-Type"))
      request.headers.emplace_back("Content-Type", "multipart/form-data; boundary=" + boundary);
  }
  const RawSettings settings{options.ca_file, options.read_timeout};
  Observation seen;
  for (int i = 0; i < params.repeat; ++i) {
    client_.pace(params.repeat == 1);
    try {
      seen.response = send_raw(request, settings);
    } catch (const TransportError& e) {
      throw StepAborted{"an HTTP answer", params.method + " " + request.url.substr(0, 100),
                        e.what()};
    }
    seen.statuses.push_back(seen.response->status);
  }
  seen.document = json_of(*seen.response);
  return seen;
}

Observation ScenarioRunner::sftp(bool list, const SftpParams& params) {
  SftpOptions options = *target_.sftp;
  options.username = params.username.value_or(options.username);
  options.password = params.password.value_or(options.password);
  Observation seen;
  try {
    SftpClient session(options);
    if (list) {
      json entries = json::array();
      json names = json::array();
      for (const auto& entry : session.list(params.path)) {
        entries.push_back({{"name", entry.name},
                           {"size", entry.size},
                           {"mtime", entry.mtime},
                           {"directory", entry.directory}});
        names.push_back(entry.name);
      }
      seen.document = json{{"entries", entries}, {"names", names}};
      return seen;
    }
    fs::create_directories(scratch_);
    const std::string name = object_name(params.path);
    const fs::path local = scratch_ / name;
    const std::uint64_t bytes = session.get(params.path, local);
    std::size_t rows = 0;
    if (format_of(name) == ResultFormat::csv)
      rows = check_csv(local, name,
                       [&](const std::vector<std::string>& row) { seen.csv.push_back(row); });
    seen.records_per_file = {rows};
    seen.document = json{{"name", name}, {"bytes", bytes}, {"rows", rows}};
  } catch (const ClientError& e) {
    seen.document = json{{"error", e.what()}};
  }
  return seen;
}

void ScenarioRunner::advance_clock(double seconds) {
  const auto res = control("POST", "/_mock/clock/advance", json{{"seconds", seconds}}.dump());
  if (res.status != 200)
    throw StepAborted{"POST /_mock/clock/advance", "200",
                      std::to_string(res.status) + " " + res.body};
}

Observation ScenarioRunner::inject_fault(json rules, bool status_expected) {
  for (auto& rule : rules)
    if (!rule.contains("access_key") && !rule.contains("global"))
      rule["access_key"] = client_.options().access_key;
  HttpResponse response = control("POST", "/_mock/faults", json{{"rules", rules}}.dump());
  // A refused rule is a broken scenario, unless the scenario means to send one.
  if (!status_expected && response.status != 201)
    throw StepAborted{"the mock accepts the fault rules", "201",
                      std::to_string(response.status) + " " + response.body.substr(0, 300)};
  return observe(std::move(response));
}

HttpResponse ScenarioRunner::control(const std::string& method, const std::string& path,
                                     const std::string& body) {
  RawRequest request{
      method, client_.resolve(path), {{"User-Agent", client_.options().user_agent}}, body};
  if (!body.empty())
    request.headers.emplace_back("Content-Type", "application/json");
  return send_raw(request, {client_.options().ca_file, client_.options().read_timeout});
}

void ScenarioRunner::pass_time(double seconds) {
  if (target_.has("manual-clock"))
    advance_clock(seconds);
  else
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
}

void ScenarioRunner::capture(const Step& step, const Observation& seen) {
  for (const auto& [name, source] : step.capture) {
    if (source.starts_with("header:")) {
      const auto header = source.substr(7);
      const auto value =
          seen.response ? header_value(seen.response->headers, header) : std::nullopt;
      if (!value)
        throw StepAborted{"capture ${" + name + "}", "header " + header, "absent"};
      variables_.set(name, *value);
      continue;
    }
    const json::json_pointer pointer(source);
    if (!seen.document || !seen.document->contains(pointer))
      throw StepAborted{"capture ${" + name + "}", source + " in the response",
                        seen.document ? "absent" : "the body is not JSON"};
    const auto& value = seen.document->at(pointer);
    variables_.set(name, value.is_string() ? value.get<std::string>() : value.dump());
  }
}

} // namespace reonomy::client::detail

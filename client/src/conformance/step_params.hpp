#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "reonomy_client/http.hpp"

namespace reonomy::client::detail {

// Where a step's parameters come from, for error messages and relative file paths.
struct StepSource {
  std::string file;                // the scenario file, as shown in messages
  std::filesystem::path directory; // its folder: `path` of a submitted file is relative to it
  std::string path;                // steps[2].submit
};

struct SubmitParams {
  std::string job_type;
  std::string filename;
  std::string content;
  std::optional<std::string> metadata;
};

struct PollParams {
  std::string id;
  std::vector<std::string> until; // stop at the first of these statuses
  double timeout_seconds = 60;    // of target time (moved by the runner on a manual clock)
  double interval_seconds = 1;    // doc: "for example, once a second"
};

struct ListParams {
  std::optional<std::string> limit; // strings so that invalid values can be sent too
  std::optional<std::string> offset;
};

struct RawParams {
  std::string method = "GET";
  std::string target; // a path (resolved against the base URL) or absolute URL
  bool absolute = false;
  Headers headers;
  bool auth = true; // add Basic auth (default: for `path`, not for `url`)
  std::optional<std::pair<std::string, std::string>> basic_auth; // other credentials to send
  bool user_agent = true;                                        // add the client's User-Agent
  std::string body;
  std::optional<std::vector<FormPart>> multipart; // encoded by the runner with a boundary
  int repeat = 1;                                 // >1: a burst, sent as fast as possible
};

struct SftpParams {
  std::string path;                    // relative to the login directory, e.g. jobs/match
  std::optional<std::string> username; // default: the access key
  std::optional<std::string> password; // default: the secret key
};

// Each parses and checks an action's parameters; ScenarioError on anything wrong or unknown.
SubmitParams parse_submit(const nlohmann::json& params, const StepSource& source);
std::string parse_job_id(const nlohmann::json& params,
                         const StepSource& source); // get_job, download
ListParams parse_list(const nlohmann::json& params, const StepSource& source);
PollParams parse_poll(const nlohmann::json& params, const StepSource& source);
RawParams parse_raw(const nlohmann::json& params, const StepSource& source);
double parse_seconds(const nlohmann::json& params,
                     const StepSource& source); // advance_clock, sleep
// inject_fault: one rule object, a list of them, or {"rules": [...]}, as POST /_mock/faults
// takes; returned as a list. Each rule needs an `action`; the mock checks the rest.
nlohmann::json parse_fault(const nlohmann::json& params, const StepSource& source);
// sftp_list, sftp_get
SftpParams parse_sftp(const nlohmann::json& params, const StepSource& source);

// A property-details spec with `count` generated, distinct, well-formed property ids.
std::string generated_property_details(const std::vector<std::string>& detail_types,
                                       std::size_t count);

} // namespace reonomy::client::detail

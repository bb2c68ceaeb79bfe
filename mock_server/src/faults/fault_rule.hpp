#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "specs/job_type.hpp"

namespace reonomy::mock {

// What a fault rule does when it fires. Each action acts at one place (its FaultSite).
enum class FaultAction {
  respond,        // answer with `status`, `headers`, `body` instead of the real response
  delay,          // wait `delay_ms`, then answer as usual
  close,          // close the connection without any response
  reset,          // downloads: send `after_bytes` of the object, then reset (RST) the connection;
                  // other requests: reset it without a response
  truncate,       // downloads: send `after_bytes` of the object, then close the connection
  cut_line,       // downloads: end the object cleanly halfway through line `line`
  expire_url,     // downloads: 403 AccessDenied "Request has expired", as if the URL had expired
  missing_object, // downloads: 404 NoSuchKey, as if the object (one chunk) were gone
  fail_job,       // submissions: the job ends in FAILURE at the end of `phase`, with `message`
  hold_job,       // submissions: the job stays STARTED until POST /_mock/jobs/{id}/release
  sftp_late,      // submissions (match): the SFTP file appears `delay_seconds` after SUCCESS
  sftp_drop,      // SFTP reads: the connection drops after `after_bytes` of the file
};

std::string_view to_string(FaultAction action);

// Where a rule is looked at: every public HTTP request (API calls and downloads), each accepted
// job submission, or each SFTP file opened.
enum class FaultSite { request, download, submission, sftp };

FaultSite site_of(FaultAction action);

// The phase at whose end a failing job fails.
enum class FailPhase { pending, started };

// One rule of POST /_mock/faults, as parsed and checked. Rules are data; counting lives in
// FaultRules.
struct FaultRule {
  std::string id; // "f1", "f2", ... given by FaultRules

  // Which requests it considers.
  std::string access_key; // the account it is for; empty when global
  bool global = false;
  std::string method; // upper case; empty = any
  std::string path;   // glob ('*' any run of characters, '?' one); empty = any
  std::optional<JobType> job_type;

  // Which of those it fires on: the `nth` one considered and the `times - 1` after it, each with
  // `probability` (drawn from a generator seeded with `seed`, so runs repeat).
  std::uint64_t nth = 1;
  std::optional<std::uint64_t> times; // none: no limit
  double probability = 1.0;
  std::uint64_t seed = 0;

  // What it does.
  FaultAction action = FaultAction::respond;
  std::chrono::milliseconds delay{0}; // before the action (the whole action for `delay`)
  int status = 500;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
  std::uint64_t after_bytes = 0;
  std::uint64_t line = 1;
  FailPhase phase = FailPhase::started;
  std::string message;
  double delay_seconds = 0;

  // The rule as the control plane shows it (without counters).
  nlohmann::json to_json() const;
};

// The body of POST /_mock/faults or a --faults file: one rule, an array of rules, or
// {"rules": [...]}. Throws ApiError 400 ValidationError naming the field ("rules[2].status").
// Unknown fields and fields that do not apply to the action are errors, so a typo never turns
// into a rule that silently does something else. All or nothing: one bad rule rejects the body.
// `known_account` says whether an access key exists.
std::vector<FaultRule>
parse_fault_rules(std::string_view text,
                  const std::function<bool(std::string_view)>& known_account);

// Whether `text` matches the glob `pattern` ('*' any run of characters, '/' included; '?' one).
bool glob_match(std::string_view pattern, std::string_view text);

} // namespace reonomy::mock

#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "reonomy_client/options.hpp"
#include "reonomy_client/scenario.hpp"

namespace reonomy::client {

struct ConformanceOptions {
  // "embedded": a reonomy-mock started inside this process on a free loopback port, with a
  // manual clock and the default rate limit (5/s). Otherwise the base URL of any server, e.g.
  // https://api.reonomy.com, reached with `client`'s credentials.
  std::string target = "embedded";
  std::filesystem::path scenarios_dir = "scenarios";
  // Scenarios with any of these tags or names (or file stems) run; all when both are empty.
  std::vector<std::string> tags;
  std::vector<std::string> scenarios;
  std::filesystem::path junit_file; // empty: no JUnit XML
  // sftp://HOST[:PORT] where a URL target serves match outputs; empty: scenarios that require
  // "sftp" are skipped. The embedded target always has its own.
  std::string sftp_url;
  bool accept_unknown_host_key = false; // for sftp_url (see SftpOptions)
  ClientOptions client;                 // credentials, CA file, user agent; base_url is replaced
};

enum class Outcome { passed, failed, skipped };

// The first expectation a scenario missed.
struct StepFailure {
  std::size_t step = 0;   // index into Scenario::steps
  std::string step_label; // steps[2] raw POST /v2/jobs/file (or the step's name)
  std::string expectation;
  std::string expected;
  std::string actual;
};

struct ScenarioResult {
  std::string name;
  std::string area;
  std::string file;
  std::vector<std::string> covers;
  Outcome outcome = Outcome::passed;
  std::string skip_reason;
  std::optional<StepFailure> failure;
  double seconds = 0;
};

struct ConformanceReport {
  std::string target;                    // what was run against
  std::vector<std::string> capabilities; // what it offered
  std::vector<ScenarioResult> results;
  double seconds = 0;
  std::size_t count(Outcome outcome) const;
};

// Loads the scenarios (ScenarioError when a file is invalid), selects them, starts or probes the
// target, runs each in turn (resetting a mock between them) and prints one line per scenario to
// `console` as it finishes, then a summary. Writes options.junit_file when set.
ConformanceReport run_conformance(const ConformanceOptions& options, std::ostream& console);

// JUnit XML (the dialect Jenkins, GitLab and GitHub reporters read): one testsuite per area.
void write_junit(const ConformanceReport& report, std::ostream& out);

} // namespace reonomy::client

#pragma once

#include <filesystem>

#include "api/session.hpp"
#include "conformance/expectations.hpp"
#include "conformance/step_params.hpp"
#include "conformance/target.hpp"
#include "conformance/variables.hpp"
#include "reonomy_client/conformance.hpp"

namespace reonomy::client::detail {

// Runs one scenario's steps in order against a target, stopping at the first expectation that
// fails (later steps build on earlier ones). Requests go through `client`, so they carry its
// credentials and User-Agent and keep its pace; only a raw step's burst (repeat > 1) does not.
class ScenarioRunner {
public:
  ScenarioRunner(Client& client, const Target& target);

  ScenarioResult run(const Scenario& scenario);

private:
  Observation execute(const Step& step, const nlohmann::json& params, const StepSource& source);
  Observation submit(const SubmitParams& params);
  Observation get(const std::string& path);
  Observation poll(const PollParams& params);
  Observation download(const std::string& job_id);
  Observation raw(const RawParams& params);
  // Runs an sftp_list or sftp_get; a refusal (login, missing file) is observed as
  // {"error": ...}, so that scenarios can expect it.
  Observation sftp(bool list, const SftpParams& params);
  void advance_clock(double seconds);
  // POST /_mock/faults with the rules; a rule naming no account gets the client's access key.
  Observation inject_fault(nlohmann::json rules, bool status_expected);
  // A request to the mock's control plane: no credentials, and outside the client's pace,
  // because the control plane is not the API and is not rate limited.
  HttpResponse control(const std::string& method, const std::string& path, const std::string& body);
  // Waits `seconds` of target time: moves a manual clock, or sleeps.
  void pass_time(double seconds);
  void capture(const Step& step, const Observation& seen);

  Client& client_;
  const Target& target_;
  Variables variables_;
  std::filesystem::path scratch_; // downloads of the running scenario
};

// A multipart/form-data body with `boundary`, written as a well-behaved library would.
std::string encode_multipart(const std::vector<FormPart>& parts, const std::string& boundary);

} // namespace reonomy::client::detail

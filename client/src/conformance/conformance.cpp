#include <algorithm>
#include <chrono>
#include <fstream>
#include <ostream>

#include "conformance/reports.hpp"
#include "conformance/scenario_runner.hpp"
#include "conformance/target.hpp"
#include "reonomy_client/sftp.hpp"

namespace reonomy::client {

namespace {

// Every scenario when nothing is asked for; otherwise those with one of the tags or names asked.
bool selected(const Scenario& scenario, const ConformanceOptions& options) {
  if (options.tags.empty() && options.scenarios.empty())
    return true;
  for (const auto& tag : options.tags)
    if (std::find(scenario.tags.begin(), scenario.tags.end(), tag) != scenario.tags.end())
      return true;
  for (const auto& name : options.scenarios)
    if (name == scenario.name || name == scenario.file.stem().string())
      return true;
  return false;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}

} // namespace

ConformanceReport run_conformance(const ConformanceOptions& options, std::ostream& console) {
  std::vector<Scenario> scenarios;
  for (auto& scenario : load_scenarios(options.scenarios_dir))
    if (selected(scenario, options))
      scenarios.push_back(std::move(scenario));
  if (scenarios.empty())
    throw UsageError("no scenario under " + options.scenarios_dir.string() +
                     " matches the --tag/--scenario selection");

  ClientOptions client_options = options.client;
  std::unique_ptr<detail::EmbeddedMock> mock;
  ConformanceReport report;
  if (options.target == "embedded") {
    mock = std::make_unique<detail::EmbeddedMock>();
    client_options.base_url = mock->base_url();
    client_options.access_key = mock->access_key();
    client_options.secret_key = mock->secret_key();
    report.target = "embedded reonomy-mock at " + mock->base_url();
  } else {
    client_options.base_url = options.target;
    report.target = options.target;
  }
  Client client(client_options);
  detail::Target target{report.target, client_options.base_url, detail::detect_capabilities(client),
                        std::nullopt};
  if (mock || !options.sftp_url.empty()) {
    SftpOptions sftp;
    sftp.username = client_options.access_key;
    sftp.password = client_options.secret_key;
    if (mock) {
      sftp.host = "127.0.0.1";
      sftp.port = mock->sftp_port();
      sftp.accept_unknown_host_key = true; // a key made by this very process
    } else {
      parse_sftp_url(options.sftp_url, sftp);
      sftp.accept_unknown_host_key = options.accept_unknown_host_key;
    }
    target.sftp = sftp;
    target.capabilities.push_back("sftp");
  }
  report.capabilities = target.capabilities;
  console << "conformance: " << scenarios.size() << " scenarios against " << report.target
          << " (capabilities: " << joined(target.capabilities) << ")\n";

  const auto start = std::chrono::steady_clock::now();
  detail::ScenarioRunner runner(client, target);
  for (const auto& scenario : scenarios) {
    report.results.push_back(runner.run(scenario));
    detail::print_result(report.results.back(), console);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  detail::print_summary(report, console);

  if (!options.junit_file.empty()) {
    std::ofstream out(options.junit_file, std::ios::trunc);
    write_junit(report, out);
    if (!out.flush())
      throw ClientError(ExitCode::unexpected, "cannot write " + options.junit_file.string());
  }
  return report;
}

} // namespace reonomy::client

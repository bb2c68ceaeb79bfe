#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace reonomy::client {

// A scenario file that cannot be used: the file, where in it (a JSON path such as
// steps[2].expect.status) and what is wrong.
class ScenarioError : public std::runtime_error {
public:
  ScenarioError(std::string file, std::string where, const std::string& problem);
  const std::string& file() const noexcept { return file_; }
  const std::string& where() const noexcept { return where_; }

private:
  std::string file_;
  std::string where_;
};

// One step of a scenario as written: its action (submit, get_job, list_jobs, poll, download,
// raw, advance_clock, sleep), the action's parameters, its expectations and its captures. The
// parameters and expectations stay JSON because they may hold ${variables} that only the run
// fills in; the loader has already checked them (scenarios/README.md documents the format).
struct Step {
  std::string action;
  nlohmann::json params;
  nlohmann::json expect = nlohmann::json::object();
  std::map<std::string, std::string> capture; // variable -> JSON pointer or "header:Name"
  std::string name;                           // optional label for reports
};

struct Scenario {
  std::string name;
  std::string description;
  std::filesystem::path file;
  std::string area;                   // the folder under scenarios/ (jobs, upload, ...)
  std::vector<std::string> covers;    // statement ids of spec/statements.md: J3, S5, ...
  std::vector<std::string> tags;      // the area is always one of them
  std::vector<std::string> requires_; // capabilities: mock-control, manual-clock
  std::vector<Step> steps;
};

// The capabilities a scenario may require.
const std::vector<std::string>& known_capabilities();

// Parses and checks one scenario file. Unknown keys anywhere are errors. Throws ScenarioError.
Scenario load_scenario(const std::filesystem::path& file, const std::string& area);

// Every *.json below `dir` (recursively), sorted by path; the first folder level is the area.
// Collects the errors of every file before throwing one ScenarioError that lists them all.
std::vector<Scenario> load_scenarios(const std::filesystem::path& dir);

} // namespace reonomy::client

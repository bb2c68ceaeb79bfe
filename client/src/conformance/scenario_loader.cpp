#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "conformance/expectations.hpp"
#include "conformance/fields.hpp"
#include "conformance/step_params.hpp"
#include "reonomy_client/scenario.hpp"

namespace reonomy::client {

namespace fs = std::filesystem;

ScenarioError::ScenarioError(std::string file, std::string where, const std::string& problem)
    : std::runtime_error(file + ": " + where + ": " + problem), file_(std::move(file)),
      where_(std::move(where)) {}

const std::vector<std::string>& known_capabilities() {
  static const std::vector<std::string> names = {"mock-control", "manual-clock", "sftp"};
  return names;
}

namespace {

const std::vector<std::string> kActions = {"submit",    "get_job",  "list_jobs",     "poll",
                                           "download",  "raw",      "advance_clock", "sleep",
                                           "sftp_list", "sftp_get", "inject_fault"};

// Parses a step's parameters the way the run will, so that mistakes surface at load time.
void check_params(const Step& step, const detail::StepSource& source) {
  if (step.action == "submit")
    detail::parse_submit(step.params, source);
  else if (step.action == "get_job" || step.action == "download")
    detail::parse_job_id(step.params, source);
  else if (step.action == "list_jobs")
    detail::parse_list(step.params, source);
  else if (step.action == "poll")
    detail::parse_poll(step.params, source);
  else if (step.action == "raw")
    detail::parse_raw(step.params, source);
  else if (step.action == "sftp_list" || step.action == "sftp_get")
    detail::parse_sftp(step.params, source);
  else if (step.action == "inject_fault")
    detail::parse_fault(step.params, source);
  else
    detail::parse_seconds(step.params, source);
}

Step load_step(const nlohmann::json& json, const std::string& file, const fs::path& directory,
               const std::string& path, const Scenario& scenario) {
  detail::Fields f(json, file, path);
  Step step;
  for (const auto& action : kActions) {
    if (!f.has(action.c_str()))
      continue;
    if (!step.action.empty())
      f.fail(action, "a step does one thing; it already does " + step.action);
    step.action = action;
    step.params = f.required(action.c_str());
  }
  if (step.action.empty()) {
    for (const auto& action : kActions)
      f.optional(action.c_str());
    f.optional("name");
    f.optional("expect");
    f.optional("capture");
    f.finish(); // an unknown key is the likelier mistake: report it first
    f.fail("", "no action; give one of submit, get_job, list_jobs, poll, download, raw, "
               "advance_clock, sleep, sftp_list, sftp_get, inject_fault");
  }
  step.name = f.optional_string("name").value_or("");
  if (const auto* expect = f.optional("expect"))
    step.expect = *expect;
  if (const auto* capture = f.optional("capture")) {
    detail::Fields c(*capture, file, f.path_of("capture"));
    for (const auto& [name, source] : capture->items()) {
      c.optional(name.c_str());
      if (!std::regex_match(name, std::regex("[A-Za-z_][A-Za-z0-9_]*")))
        c.fail(name, "variable names are letters, digits and _");
      if (!source.is_string())
        c.fail(name, "expected a JSON pointer (\"/id\") or \"header:Name\"");
      const auto text = source.get<std::string>();
      if (!text.starts_with("header:")) {
        try {
          nlohmann::json::json_pointer pointer(text);
        } catch (const nlohmann::json::exception&) {
          c.fail(name, "'" + text + "' is neither a JSON pointer nor header:Name");
        }
      }
      step.capture[name] = text;
    }
  }
  f.finish();
  const detail::StepSource source{file, directory, f.path_of(step.action)};
  check_params(step, source);
  const std::string expect_path = f.path_of("expect");
  if (step.action == "advance_clock" || step.action == "sleep") {
    if (!step.expect.empty())
      throw ScenarioError(file, expect_path, "a " + step.action + " step has nothing to expect");
    if (!step.capture.empty())
      throw ScenarioError(file, f.path_of("capture"),
                          "a " + step.action + " step has nothing to capture");
  } else {
    detail::parse_expectations(step.expect, step.action, file, expect_path);
  }
  const auto& req = scenario.requires_;
  if (step.action == "advance_clock" &&
      std::find(req.begin(), req.end(), "manual-clock") == req.end())
    throw ScenarioError(file, f.path_of("advance_clock"),
                        "moves the clock, so the scenario must list \"manual-clock\" in requires");
  if (step.action == "inject_fault" &&
      std::find(req.begin(), req.end(), "mock-control") == req.end())
    throw ScenarioError(file, f.path_of("inject_fault"),
                        "uses the mock's fault rules, so the scenario must list \"mock-control\" "
                        "in requires");
  if (step.action.starts_with("sftp_") && std::find(req.begin(), req.end(), "sftp") == req.end())
    throw ScenarioError(file, f.path_of(step.action),
                        "uses SFTP, so the scenario must list \"sftp\" in requires");
  return step;
}

} // namespace

Scenario load_scenario(const fs::path& file, const std::string& area) {
  const std::string shown = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw ScenarioError(shown, "(file)", "cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    // parse_error, and out_of_range for a number too large for a double (1e999): both mean the
    // file is not JSON this loader can use (the second one found by fuzz/scenario_loader).
    throw ScenarioError(shown, "(file)", std::string("not valid JSON: ") + e.what());
  }
  detail::Fields f(json, shown, "");
  Scenario scenario;
  scenario.file = file;
  scenario.area = area;
  scenario.name = f.string("name");
  if (scenario.name.empty())
    f.fail("name", "must not be empty");
  scenario.description = f.optional_string("description").value_or("");
  scenario.covers = f.strings("covers");
  if (scenario.covers.empty())
    f.fail("covers",
           "name the statements of spec/statements.md this scenario checks (e.g. [\"J3\"])");
  for (const auto& id : scenario.covers)
    if (!std::regex_match(id, std::regex("[A-Z][0-9]+")))
      f.fail("covers", "'" + id + "' is not a statement id such as J3 or S5");
  scenario.tags = f.strings("tags");
  if (std::find(scenario.tags.begin(), scenario.tags.end(), area) == scenario.tags.end())
    scenario.tags.push_back(area);
  scenario.requires_ = f.strings("requires");
  for (const auto& need : scenario.requires_)
    if (std::find(known_capabilities().begin(), known_capabilities().end(), need) ==
        known_capabilities().end())
      f.fail("requires",
             "'" + need + "' is not a capability; known: mock-control, manual-clock, sftp");
  const auto& steps = f.required("steps");
  if (!steps.is_array() || steps.empty())
    f.fail("steps", "expected a non-empty list of steps");
  f.finish();
  for (std::size_t i = 0; i < steps.size(); ++i)
    scenario.steps.push_back(load_step(steps[i], shown, file.parent_path(),
                                       "steps[" + std::to_string(i) + "]", scenario));
  return scenario;
}

std::vector<Scenario> load_scenarios(const fs::path& dir) {
  if (!fs::is_directory(dir))
    throw ScenarioError(dir.string(), "(folder)", "not a folder of scenario files");
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<Scenario> scenarios;
  std::string errors;
  std::set<std::string> names;
  for (const auto& file : files) {
    const fs::path relative = fs::relative(file, dir);
    const std::string area = std::distance(relative.begin(), relative.end()) > 1
                                 ? relative.begin()->string()
                                 : "general";
    try {
      scenarios.push_back(load_scenario(file, area));
      if (!names.insert(scenarios.back().name).second)
        throw ScenarioError(file.string(), "name",
                            "'" + scenarios.back().name + "' is the name of another scenario too");
    } catch (const ScenarioError& e) {
      errors += std::string(errors.empty() ? "" : "\n") + e.what();
    }
  }
  if (!errors.empty())
    throw ScenarioError(dir.string(), "(scenarios)", "invalid files:\n" + errors);
  if (scenarios.empty())
    throw ScenarioError(dir.string(), "(folder)", "holds no *.json scenario");
  return scenarios;
}

} // namespace reonomy::client

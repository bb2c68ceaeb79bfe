// The conformance runner's scenario file loader: a scenario is loaded or refused with a
// ScenarioError naming the file and the place; nothing else may escape.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fuzz_support.hpp"
#include "reonomy_client/scenario.hpp"

namespace {

// load_scenario reads a file, so each input is written to one private file first.
const std::filesystem::path& scratch_file() {
  static const std::filesystem::path file = [] {
    auto dir = std::filesystem::temp_directory_path() /
               ("reonomy-fuzz-scenario-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "jobs");
    return dir / "jobs" / "scenario.json";
  }();
  return file;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy;
  {
    std::ofstream out(scratch_file(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const auto scenario = client::load_scenario(scratch_file(), "jobs");
    fuzz::expect(!scenario.name.empty() && !scenario.steps.empty() && !scenario.covers.empty(),
                 "loaded a scenario without a name, steps or covered statements");
  } catch (const client::ScenarioError& e) {
    fuzz::expect(!e.where().empty(), "a scenario error does not say where");
  }
  return 0;
}

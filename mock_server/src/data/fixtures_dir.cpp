#include "data/fixtures_dir.hpp"

#include <stdexcept>
#include <string>
#include <system_error>

#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace fs = std::filesystem;

namespace {
// Every start reads it, so a directory without it is not a fixtures directory.
constexpr const char* kMarker = "zipcodes.csv";

// The source tree's fixtures/, read through a volatile pointer so the optimiser cannot fold the
// string into code: it stays one NUL-terminated string in the binary, which a packager can
// rewrite in place (as conda does with build prefixes) and tests/cli rewrites to stand for a
// binary whose source tree is gone.
const char* volatile compiled_fixtures_dir = REONOMY_FIXTURES_DIR;

bool holds_fixtures(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kMarker, ec);
}
} // namespace

std::vector<fs::path> fixtures_search_path() {
  std::vector<fs::path> places{fs::path(compiled_fixtures_dir)};
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    places.push_back(exe.parent_path() / "fixtures");
    places.push_back(
        (exe.parent_path() / ".." / "share" / "reonomy-mock" / "fixtures").lexically_normal());
  }
  return places;
}

fs::path find_fixtures_dir(const fs::path& given) {
  if (!given.empty()) {
    if (holds_fixtures(given))
      return fs::absolute(given);
    throw std::runtime_error("the fixtures directory '" + given.string() +
                             "' (--fixtures) has no " + kMarker +
                             "; point it at the fixtures/ directory of reonomy-mock");
  }
  const auto places = fixtures_search_path();
  for (const auto& place : places)
    if (holds_fixtures(place))
      return place;
  std::vector<std::string> names;
  for (const auto& place : places)
    names.push_back(place.string());
  const auto tried = detail::join(names);
  throw std::runtime_error("no fixtures directory (the tables of reonomy-mock's fixtures/, " +
                           std::string(kMarker) + " first) in any of: " + tried +
                           ". Pass --fixtures DIR, or put fixtures/ next to the executable");
}

} // namespace reonomy::mock

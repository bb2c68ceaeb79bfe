#pragma once

#include <filesystem>
#include <vector>

namespace reonomy::mock {

// Where the fixture tables (the repository's fixtures/: zipcodes.csv and the rest) are read from,
// so that a moved or installed binary finds them without the source tree it was built from.

// The places searched when no directory is given, in order: the source tree's fixtures/ that the
// build compiled in; fixtures/ next to the running executable; ../share/reonomy-mock/fixtures
// from the executable's directory (an installed layout, bin/ beside share/).
std::vector<std::filesystem::path> fixtures_search_path();

// `given` when it is not empty (it must hold the tables), else the first place of
// fixtures_search_path() that holds them. Throws std::runtime_error naming every place tried.
std::filesystem::path find_fixtures_dir(const std::filesystem::path& given = {});

} // namespace reonomy::mock

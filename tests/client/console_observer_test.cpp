// What the command line prints while it downloads.
#include <catch2/catch.hpp>

#include <sstream>

#include "reonomy_client/console_observer.hpp"
#include "reonomy_client/download.hpp"

using namespace reonomy::client;

namespace {

DownloadProgress at(std::uint64_t bytes, std::optional<std::uint64_t> total,
                    std::optional<std::chrono::seconds> eta = std::nullopt) {
  return {"job_0.ndjson", 3, 40, bytes, total, eta};
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line.substr(line.find(' ') + 1)); // without the clock time
  return out;
}

} // namespace

TEST_CASE("progress says the part, the percentage, the bytes and the time left",
          "[client][console]") {
  CHECK(progress_text(at(12'100'000, 27'000'000, std::chrono::seconds(3))) ==
        "part 3/40: 44% 12.1 MB/27.0 MB, ETA 3 s");
  CHECK(progress_text(at(400, 800)) == "part 3/40: 50% 400 B/800 B");
  CHECK(progress_text(at(2'500'000, std::nullopt)) == "part 3/40: job_0.ndjson 2.5 MB");
  CHECK(duration_text(std::chrono::seconds(125)) == "2 min 5 s");
  CHECK(duration_text(std::chrono::seconds(3840)) == "1 h 4 min");
}

TEST_CASE("a log gets a line per quarter, not one per progress report", "[client][console]") {
  std::ostringstream out;
  ConsoleObserver observer(out, false);
  observer.on_download_start(at(0, 800));
  for (std::uint64_t bytes = 10; bytes < 800; bytes += 10)
    observer.on_download_progress(at(bytes, 800, std::chrono::seconds(2)));
  // A resumed transfer past the half does not repeat the quarters it already showed.
  observer.on_download_start(at(500, 800));
  for (std::uint64_t bytes = 510; bytes < 800; bytes += 10)
    observer.on_download_progress(at(bytes, 800));
  CHECK(lines(out.str()) == std::vector<std::string>{
                                "part 3/40: downloading job_0.ndjson (800 B)",
                                "part 3/40: 25% 200 B/800 B, ETA 2 s",
                                "part 3/40: 50% 400 B/800 B, ETA 2 s",
                                "part 3/40: 75% 600 B/800 B, ETA 2 s",
                                "part 3/40: resuming job_0.ndjson at 500 B of 800 B",
                                "part 3/40: 75% 600 B/800 B",
                            });
}

TEST_CASE("a terminal gets a bar redrawn in place", "[client][console]") {
  std::ostringstream out;
  ConsoleObserver observer(out, true);
  observer.on_download_start(at(0, 800));
  observer.on_download_progress(at(800, 800, std::chrono::seconds(0)));
  const std::string text = out.str();
  CHECK(text.find('\n') == std::string::npos);
  CHECK_THAT(text, Catch::EndsWith("\r  part 3/40 [" + std::string(30, '#') +
                                   "] 100% 800 B/800 B, ETA 0 s   "));
}

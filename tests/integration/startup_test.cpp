#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <string>

#include "../temp_dir.hpp"
#include "data/fixtures_dir.hpp"
#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace fs = std::filesystem;

namespace {

// A copy of the fixtures directory whose tables the test can hold back or spoil.
struct FixturesCopy {
  FixturesCopy() {
    for (const auto& entry : fs::directory_iterator(find_fixtures_dir()))
      if (entry.is_regular_file())
        fs::copy_file(entry.path(), dir.path / entry.path().filename());
  }
  TempDir dir{"reonomy-startup-fixtures"};
};

// One table of a FixturesCopy replaced by a FIFO: the corpus build, which reads every table,
// blocks on it until feed() writes the real bytes. So the test decides when the corpus is ready
// without any hook in the server. Make it before the server (whose build starts at once) and
// feed it before the server is destroyed (its destructor waits for the build): FeedOnExit.
class HeldTable {
public:
  HeldTable(const FixturesCopy& copy, const std::string& name)
      : path_(copy.dir.path / name), bytes_(file_bytes(path_)) {
    fs::remove(path_);
    REQUIRE(::mkfifo(path_.c_str(), 0600) == 0);
  }
  HeldTable(const HeldTable&) = delete;
  HeldTable& operator=(const HeldTable&) = delete;

  void feed() {
    if (fed_)
      return;
    fed_ = true;
    const int fd = ::open(path_.c_str(), O_WRONLY); // waits for the build to open it
    if (fd < 0)
      return;
    for (std::size_t done = 0; done < bytes_.size();) {
      const ssize_t n = ::write(fd, bytes_.data() + done, bytes_.size() - done);
      if (n <= 0)
        break;
      done += static_cast<std::size_t>(n);
    }
    ::close(fd);
  }

private:
  fs::path path_;
  std::string bytes_;
  bool fed_ = false;
};

// Feeds a HeldTable when the test ends, passed or failed.
struct FeedOnExit {
  HeldTable& table;
  ~FeedOnExit() { table.feed(); }
};

} // namespace

TEST_CASE("a submission sent while the corpus is built gets 201 and its job completes",
          "[startup]") {
  FixturesCopy fixtures;
  Options options = test_options();
  options.fixtures_dir = fixtures.dir.path.string();
  HeldTable held(fixtures, "urbanity_classes.tsv"); // the first table the build reads
  MockFixture mock(options);
  const FeedOnExit feed_on_exit{held};

  auto health = body_of(mock.client().Get("/_mock/health"));
  CHECK(health["ready"] == false);
  CHECK(health["corpus"]["state"] == "building");
  CHECK(health["corpus"]["build_ms"].is_null());
  // What does not need the corpus answers while it is built.
  CHECK(mock.client().Get("/v2/jobs/file")->status == 401);
  CHECK(mock.get("/v2/nothing-here")->status == 404);
  CHECK(body_of(mock.get("/v2/jobs/file"))["count"] == 0);

  const auto created = mock.submit("property-details", property_details_spec(3));
  REQUIRE(created);
  INFO(created->body);
  REQUIRE(created->status == 201);
  const std::string id = body_of(created)["id"];

  // Past its phases the job's answer names its result URLs, which need the corpus: it waits.
  mock.advance(5);
  auto finished = std::async(std::launch::async, [&] { return mock.get("/v2/jobs/file/" + id); });
  CHECK(finished.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
  held.feed();
  const auto job = finished.get();
  REQUIRE(job);
  REQUIRE(job->status == 200);
  const auto body = body_of(job);
  CHECK(body["status"] == "SUCCESS");
  REQUIRE(body["result_urls"].size() == 1);
  const auto object = mock.download(body["result_urls"][0]);
  REQUIRE(object);
  CHECK(object->status == 200);
  CHECK(std::count(object->body.begin(), object->body.end(), '\n') == 3);

  health = body_of(mock.client().Get("/_mock/health"));
  CHECK(health["ready"] == true);
  CHECK(health["corpus"]["state"] == "ready");
  CHECK(health["corpus"]["build_ms"].get<double>() > 0);
  CHECK_FALSE(health["corpus"].contains("error"));
}

TEST_CASE("a corpus that cannot be built gets every request needing it a 500 naming the cause",
          "[startup]") {
  FixturesCopy fixtures;
  {
    std::ofstream spoiled(fixtures.dir.path / "street_suffixes.csv", std::ios::trunc);
    spoiled << "not the header\n";
  }
  Options options = test_options();
  options.fixtures_dir = fixtures.dir.path.string();
  MockFixture mock(options);

  const auto created = mock.submit("property-details", property_details_spec());
  REQUIRE(created);
  CHECK(created->status == 201);

  // Waits for the build, then tells why it failed.
  const auto property = mock.get("/v2/property/00000000-0000-4000-8000-000000000001");
  REQUIRE(property);
  CHECK(property->status == 500);
  CHECK(body_of(property)["type"] == "InternalError");
  const std::string message = body_of(property)["message"];
  CHECK_THAT(message, Catch::Contains("could not build its property corpus") &&
                          Catch::Contains("street_suffixes.csv") &&
                          Catch::Contains("expected the header"));

  mock.advance(5);
  const auto job = mock.get("/v2/jobs/file/" + body_of(created)["id"].get<std::string>());
  REQUIRE(job);
  CHECK(job->status == 500);
  CHECK(body_of(job)["message"] == message);

  const auto health = body_of(mock.client().Get("/_mock/health"));
  CHECK(health["status"] == "ok");
  CHECK(health["ready"] == false);
  CHECK(health["corpus"]["state"] == "failed");
  CHECK_THAT(health["corpus"]["error"].get<std::string>(),
             Catch::Contains("street_suffixes.csv") && Catch::Contains("expected the header"));
}

#include <catch2/catch.hpp>

#include <filesystem>

#include "../temp_dir.hpp"
#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;
namespace fs = std::filesystem;

namespace {

Options durable_options(const fs::path& dir) {
  Options o = test_options();
  o.state_dir = (dir / "state").string();
  return o;
}

} // namespace

TEST_CASE("a restarted mock keeps its jobs, its clock and the URLs it signed", "[state]") {
  TempDir dir("reonomy-state-dir");
  std::string id, url, bytes;
  long long clock_before = 0;
  {
    MockFixture mock(durable_options(dir.path));
    const auto created = mock.submit("property-details", property_details_spec(3), "ids.json");
    REQUIRE(created->status == 201);
    id = body_of(created)["id"];
    mock.advance(5);
    const auto job = body_of(mock.get("/v2/jobs/file/" + id));
    REQUIRE(job["status"] == "SUCCESS");
    url = job["result_urls"][0];
    const auto download = mock.download(url);
    REQUIRE(download->status == 200);
    bytes = download->body;
    mock.advance(100);
    clock_before = body_of(mock.client().Get("/_mock/clock"))["epoch_microseconds"];
  }
  MockFixture mock(durable_options(dir.path));
  // The manual clock resumes where it stood; the job is as it was.
  CHECK(body_of(mock.client().Get("/_mock/clock"))["epoch_microseconds"] == clock_before);
  const auto list = body_of(mock.get("/v2/jobs/file"));
  REQUIRE(list["count"] == 1);
  CHECK(list["items"][0]["id"] == id);
  CHECK(list["items"][0]["filename"] == "ids.json");
  CHECK(list["items"][0]["status"] == "SUCCESS");
  // The URL signed before the restart (still valid: 105 s of 600) gives the same bytes.
  const auto download = mock.download(url);
  REQUIRE(download);
  CHECK(download->status == 200);
  CHECK(download->body == bytes);
  // It still expires on time.
  mock.advance(600);
  CHECK(mock.download(url)->status == 403);
}

TEST_CASE("a reset forgets the stored jobs too", "[state]") {
  TempDir dir("reonomy-state-dir");
  {
    MockFixture mock(durable_options(dir.path));
    REQUIRE(mock.submit("property-details", property_details_spec())->status == 201);
    REQUIRE(mock.submit("property-details", property_details_spec(), "x.json", "", kOtherKey,
                        kOtherSecret)
                ->status == 201);
    REQUIRE(mock.client().Post("/_mock/reset?access_key=" + std::string(kKey))->status == 200);
  }
  {
    MockFixture mock(durable_options(dir.path));
    CHECK(body_of(mock.get("/v2/jobs/file"))["count"] == 0);
    CHECK(body_of(mock.get("/v2/jobs/file", kOtherKey, kOtherSecret))["count"] == 1);
    REQUIRE(mock.client().Post("/_mock/reset")->status == 200);
  }
  MockFixture mock(durable_options(dir.path));
  CHECK(body_of(mock.client().Get("/_mock/health"))["jobs"] == 0);
}

TEST_CASE("the SFTP host key is kept in the state directory", "[state]") {
  TempDir dir("reonomy-state-dir");
  Options options = durable_options(dir.path);
  options.sftp_port = 0;
  const fs::path key = dir.path / "state" / "sftp_host_key";
  std::string first;
  {
    MockFixture mock(options);
    REQUIRE(fs::exists(key));
    first = file_bytes(key);
  }
  MockFixture mock(options);
  CHECK(file_bytes(key) == first);
  CHECK_FALSE(first.empty());
}

TEST_CASE("a mock refuses a state directory made with another seed", "[state]") {
  TempDir dir("reonomy-state-dir");
  { MockFixture mock(durable_options(dir.path)); }
  Options other = durable_options(dir.path);
  other.seed = 99;
  CHECK_THROWS_WITH(Server(other), Catch::Contains("--seed 1 (this start: 99)"));
}

// The SFTP client against the mock's SFTP server: match outputs in jobs/match, logged in with the
// access key and secret (doc), host keys checked.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include <unistd.h>

#include "api/result_files.hpp"
#include "client_fixture.hpp"
#include "mock_fixture.hpp"
#include "reonomy_client/commands.hpp"
#include "reonomy_client/sftp.hpp"

using namespace reonomy::client;
namespace mock = reonomy::mock;
namespace fs = std::filesystem;

namespace {

const std::string kCsv = "Address1,City,State,Zip\n767 3rd Ave,New York,NY,10017\n"
                         "20 W 34th St,New York,NY,10001\n";
const std::string kMetadata =
    R"({"headers": ["Address1", "City", "State", "Zip"], "mapping": {"address_line_1": "Address1",
        "address_city": "City", "address_state": "State", "address_postal": "Zip"}})";

// A mock with its SFTP server on, and one finished match job.
struct MatchOnSftp {
  MatchOnSftp() : fixture(options()) {
    job_id =
        mock::testing::body_of(fixture.submit("match", kCsv, "addresses.csv", kMetadata))["id"];
    fixture.advance(10);
  }
  static mock::Options options() {
    auto o = mock::testing::test_options();
    o.sftp_port = 0;
    return o;
  }
  SftpOptions sftp(const std::string& password = mock::testing::kSecret) {
    SftpOptions o;
    o.host = "127.0.0.1";
    o.port = fixture.server().sftp_port();
    o.username = mock::testing::kKey;
    o.password = password;
    o.accept_unknown_host_key = true; // the mock makes a new key every run
    o.timeout = std::chrono::seconds(10);
    return o;
  }
  mock::testing::MockFixture fixture;
  std::string job_id;
};

struct Scratch {
  Scratch() : dir(fs::temp_directory_path() / ("reonomy-sftp-test-" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
  fs::path dir;
};

} // namespace

TEST_CASE("SFTP lists a finished match job's output in jobs/match and downloads it",
          "[client][sftp]") {
  MatchOnSftp mock;
  SftpClient sftp(mock.sftp());
  const auto entries = sftp.list("jobs/match");
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].name == mock.job_id + "_addresses.csv");
  CHECK_FALSE(entries[0].directory);
  Scratch scratch;
  const auto local = scratch.dir / entries[0].name;
  CHECK(sftp.get("jobs/match/" + entries[0].name, local) == entries[0].size);
  std::vector<std::vector<std::string>> rows;
  CHECK(detail::check_csv(local, entries[0].name,
                          [&](const std::vector<std::string>& row) { rows.push_back(row); }) == 2);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0] == std::vector<std::string>{"reonomy_id", "status", "miss_reason", "Address1",
                                            "City", "State", "Zip"});
  CHECK(rows[1][0] == "19cd94b6-0b51-543d-bfc1-3ed3205d13ae");
  CHECK(rows[1][1] == "OK");
  CHECK_FALSE(fs::exists(local.string() + ".part"));
  CHECK_THROWS_WITH(sftp.get("jobs/match/nope.csv", scratch.dir / "nope.csv"),
                    Catch::Contains("no such file"));
}

TEST_CASE("SFTP refuses a wrong secret with the unauthorized exit code", "[client][sftp]") {
  MatchOnSftp mock;
  try {
    SftpClient sftp(mock.sftp("wrong"));
    FAIL("a wrong secret logged in");
  } catch (const ClientError& e) {
    CHECK(e.exit_code() == ExitCode::unauthorized);
    CHECK_THAT(e.what(), Catch::Contains("login refused for user 'demo-access-key'"));
  }
}

TEST_CASE("an SFTP host key that is not known is refused unless accepted", "[client][sftp]") {
  MatchOnSftp mock;
  Scratch scratch;
  auto options = mock.sftp();
  options.accept_unknown_host_key = false;
  options.known_hosts_file = (scratch.dir / "known_hosts").string(); // empty: nothing is known
  try {
    SftpClient sftp(options);
    FAIL("an unknown host key was trusted");
  } catch (const ClientError& e) {
    CHECK(e.exit_code() == ExitCode::unavailable);
    CHECK_THAT(e.what(), Catch::Contains("--accept-new-host-key"));
  }
  options.accept_unknown_host_key = true;
  CHECK(SftpClient(options).list("jobs").size() == 1);
}

TEST_CASE("sftp-get saves the outputs of the job asked for", "[client][sftp]") {
  MatchOnSftp mock;
  Scratch scratch;
  std::ostringstream out, log;
  CommandContext ctx{ClientOptions{}, out, log, false};
  CHECK(command_sftp_get(ctx, mock.sftp(), mock.job_id, scratch.dir) == 0);
  CHECK(fs::exists(scratch.dir / (mock.job_id + "_addresses.csv")));
  CHECK_THAT(out.str(), Catch::Contains("1 file(s):") && Catch::Contains("2 rows"));
  CHECK_THROWS_AS(
      command_sftp_get(ctx, mock.sftp(), "6ba7b810-9dad-11d1-80b4-00c04fd430c8", scratch.dir),
      DownloadError);
}

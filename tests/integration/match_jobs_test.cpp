#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "mock_fixture.hpp"
#include "sftp_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(REONOMY_FIXTURES_DIR) + "/match/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Submits fixtures/match/<name>.csv with its .metadata, waits for SUCCESS, returns the job.
nlohmann::json finished_match(const MockFixture& mock, const std::string& name) {
  std::string metadata = fixture(name + ".metadata");
  while (!metadata.empty() && (metadata.back() == '\n' || metadata.back() == '\r'))
    metadata.pop_back();
  return mock.finished_job("match", fixture(name + ".csv"), name + ".csv", metadata);
}

Options instant(std::size_t corpus_size) {
  Options o = test_options();
  o.pending_seconds = o.started_seconds = 0;
  o.corpus_size = corpus_size;
  return o;
}

} // namespace

TEST_CASE("the documentation's match examples come back as documented over HTTP", "[match]") {
  MockFixture mock(instant(20000)); // the documented properties are in every corpus
  for (const char* name : {"documentation_addresses", "documentation_extra_columns"}) {
    INFO(name);
    const auto job = finished_match(mock, name);
    REQUIRE(job["result_urls"].size() == 1);
    CHECK(job["result_url"] == job["result_urls"][0]);
    const std::string url = job["result_url"];
    CHECK_THAT(url, Catch::Contains("/job_results/") && Catch::Contains(".csv?AWSAccessKeyId="));
    const auto res = mock.download(url);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/csv");
    CHECK(res->body == fixture(std::string(name) + ".expected.csv"));
    CHECK_THAT(res->body, Catch::Contains("19cd94b6-0b51-543d-bfc1-3ed3205d13ae,OK,,"));
    CHECK(job["metadata"]["count"] == 2);
  }
}

TEST_CASE("every match status and reason comes back over HTTP as the fixtures expect", "[match]") {
  MockFixture mock(instant(200000)); // the fixtures were made against the default corpus
  for (const char* name :
       {"every_address_outcome", "every_coordinate_outcome", "documentation_coordinates"}) {
    INFO(name);
    const auto job = finished_match(mock, name);
    const auto res = mock.download(job["result_urls"][0]);
    REQUIRE(res->status == 200);
    CHECK(res->body == fixture(std::string(name) + ".expected.csv"));
    // The same upload gives the same bytes on a second download.
    CHECK(mock.download(job["result_urls"][0])->body == res->body);
    mock.advance(0);
  }
}

TEST_CASE("rows that are not UTF-8 are listed and left out of the match result", "[match]") {
  MockFixture mock(instant(20000));
  const std::string csv = "Address1,City,State,Zip\r\n767 3rd Ave,New York,NY,10017\r\n"
                          "1 Caf\xe9 St,New York,NY,10001\r\n20 W 34th St,New York,NY,10001\r\n";
  const std::string metadata =
      R"({"headers": ["Address1","City","State","Zip"], "mapping": {"address_line_1": "Address1",
      "address_city": "City", "address_state": "State", "address_postal": "Zip"}})";
  const auto created = mock.submit("match", csv, "latin1.csv", metadata);
  REQUIRE(created->status == 201);
  const auto job = body_of(mock.get("/v2/jobs/file/" + body_of(created)["id"].get<std::string>()));
  CHECK(job["metadata"]["count"] == 3);
  CHECK(job["metadata"]["error_decoding_lines"] == nlohmann::json{3});
  const auto body = mock.download(job["result_urls"][0])->body;
  CHECK(std::count(body.begin(), body.end(), '\n') == 3); // header and two rows
  CHECK(body.find("Caf") == std::string::npos);
}

TEST_CASE("a match output appears over SFTP in jobs/match when the job succeeds", "[match][sftp]") {
  Options options = test_options(); // 2 s PENDING, 3 s STARTED, manual clock
  options.sftp_port = 0;
  MockFixture mock(options);
  REQUIRE(mock.server().sftp_port() > 0);
  TempDir dir;
  std::string metadata = fixture("documentation_addresses.metadata");
  while (!metadata.empty() && (metadata.back() == '\n' || metadata.back() == '\r'))
    metadata.pop_back();
  const auto created = body_of(
      mock.submit("match", fixture("documentation_addresses.csv"), "my addresses.csv", metadata));
  const std::string id = created["id"];
  const std::string name = id + "_my_addresses.csv";

  const auto listing = [&](const std::string& user, const std::string& password) {
    return run_sftp(mock.server().sftp_port(), user, password, "ls -1 jobs/match\n", dir.path());
  };
  auto before = listing(kKey, kSecret);
  CHECK(before.status == 0);
  CHECK_THAT(before.output, !Catch::Contains(name));

  mock.advance(5); // SUCCESS
  auto after = listing(kKey, kSecret);
  CHECK(after.status == 0);
  CHECK_THAT(after.output, Catch::Contains(name));
  // Another account sees its own (empty) folder; a wrong password is refused.
  CHECK_THAT(listing(kOtherKey, kOtherSecret).output, !Catch::Contains(name));
  CHECK(listing(kKey, "wrong").status != 0);

  const auto got = run_sftp(
      mock.server().sftp_port(), kKey, kSecret,
      "get jobs/match/" + name + " " + (dir.path() / "out.csv").string() + "\n", dir.path());
  INFO(got.output);
  REQUIRE(got.status == 0);
  const auto job = body_of(mock.get("/v2/jobs/file/" + id));
  const auto http = mock.download(job["result_url"]);
  REQUIRE(http->status == 200);
  CHECK(read_file(dir.path() / "out.csv") == http->body);
  CHECK(http->body == fixture("documentation_addresses.expected.csv"));
}

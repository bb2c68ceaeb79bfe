// Downloads against a local result server that behaves like S3 behind presigned URLs.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include <unistd.h>

#include "client_fixture.hpp"

using namespace reonomy::client;
using namespace reonomy::client::testing;
namespace fs = std::filesystem;

namespace {

const std::string kId = "fe9f0c8f-717d-48f7-9974-50430094236c";

std::string s3_error(const std::string& code, const std::string& message) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
         message + "</Message><RequestId>04407CDF4F0C239B</RequestId><HostId>abc=</HostId></Error>";
}

std::string ndjson(int first, int count) {
  std::string text;
  for (int i = first; i < first + count; ++i)
    text += nlohmann::json{{"id", "id-" + std::to_string(i)}, {"active", true}}.dump() + "\n";
  return text;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Serves GET /v2/jobs/file/<kId> (SUCCESS, one fresh URL per file and per fetch) and the result
// objects, whose answers `objects` decides. Handlers run on server threads: they only record.
class ResultServer {
public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&, int attempt)>;

  ResultServer(std::vector<std::string> names, Handler objects)
      : names_(std::move(names)), objects_(std::move(objects)) {
    server_.http().Get("/v2/jobs/file/" + kId,
                       [this](const httplib::Request&, httplib::Response& res) {
                         res.set_content(job().dump(), "application/json");
                       });
    server_.http().Get(
        R"(/job_cache/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
          int attempt = 0;
          {
            std::lock_guard lock(mutex_);
            log_.push_back(req.path + "?" + req.get_param_value("Signature") +
                           " Range:" + req.get_header_value("Range") +
                           " Auth:" + (req.has_header("Authorization") ? "yes" : "no"));
            attempt = ++attempts_[req.path];
          }
          objects_(req, res, attempt);
        });
    server_.start();
  }

  // The job, with URLs signed for this fetch.
  nlohmann::json job() {
    const int generation = ++fetches_;
    std::vector<std::string> urls;
    for (const auto& name : names_)
      urls.push_back(server_.url("/job_cache/" + name + "?AWSAccessKeyId=ASIAX&Signature=s" +
                                 std::to_string(generation) + "&Expires=1584656880"));
    return job_json(kId, "SUCCESS", urls);
  }

  std::vector<std::string> log() {
    std::lock_guard lock(mutex_);
    return log_;
  }
  int fetches() const { return fetches_; }
  std::string base_url() const { return server_.url(); }

private:
  LocalServer server_;
  std::vector<std::string> names_;
  Handler objects_;
  std::mutex mutex_;
  std::vector<std::string> log_;
  std::map<std::string, int> attempts_;
  std::atomic<int> fetches_{0};
};

struct Scratch {
  Scratch()
      : dir(fs::temp_directory_path() / ("reonomy-download-test-" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
  fs::path dir;
};

struct Harness : ObservedClient {
  explicit Harness(ResultServer& server) : ObservedClient(server.base_url()) {}
};

} // namespace

TEST_CASE("every result file is saved under its object name, verified and counted",
          "[client][download]") {
  ResultServer server({kId + "_0.ndjson", kId + "_1.ndjson"}, [](const httplib::Request& req,
                                                                 httplib::Response& res, int) {
    const bool first = req.path.ends_with("_0.ndjson");
    res.set_content(first ? ndjson(0, 3) : ndjson(3, 2), "application/x-ndjson");
  });
  Harness h(server);
  Scratch scratch;
  const auto report = h.client->download(Job{server.job()}, {scratch.dir, RecordRange{5, 5}});
  REQUIRE(report.files.size() == 2);
  CHECK(report.records == 5);
  CHECK(report.files[0].name == kId + "_0.ndjson");
  CHECK(report.files[0].records == 3);
  CHECK(report.files[1].records == 2);
  CHECK(read(scratch.dir / (kId + "_0.ndjson")) == ndjson(0, 3));
  CHECK(read(scratch.dir / (kId + "_1.ndjson")) == ndjson(3, 2));
  CHECK(report.files[1].bytes == ndjson(3, 2).size());
  CHECK_FALSE(fs::exists(scratch.dir / (kId + "_0.ndjson.part")));
  // Presigned URLs must not carry Basic auth: S3 refuses two kinds of authentication at once.
  for (const auto& line : server.log())
    CHECK_THAT(line, Catch::EndsWith("Auth:no"));
}

TEST_CASE("an expired URL is replaced by fetching the job again", "[client][download]") {
  ResultServer server(
      {kId + "_0.ndjson"}, [](const httplib::Request&, httplib::Response& res, int attempt) {
        if (attempt == 1) {
          res.status = 403;
          res.set_content(s3_error("AccessDenied", "Request has expired"), "application/xml");
          return;
        }
        res.set_content(ndjson(0, 4), "application/x-ndjson");
      });
  Harness h(server);
  Scratch scratch;
  const auto report = h.client->download(Job{server.job()}, {scratch.dir, std::nullopt});
  CHECK(report.records == 4);
  CHECK(report.files.at(0).refreshes == 1);
  CHECK(h.observer.refreshes ==
        std::vector<std::string>{kId + "_0.ndjson: AccessDenied: Request has expired"});
  CHECK(server.fetches() == 2); // the job the test handed over, then the refresh
  const auto log = server.log();
  REQUIRE(log.size() == 2);
  CHECK_THAT(log[0], Catch::Contains("?s1 "));
  CHECK_THAT(log[1], Catch::Contains("?s2 "));
}

TEST_CASE("a NoSuchKey answer is replaced by fetching the job again", "[client][download]") {
  ResultServer server(
      {kId + "_0.ndjson"}, [](const httplib::Request&, httplib::Response& res, int attempt) {
        if (attempt <= 2) {
          res.status = 404;
          res.set_content(s3_error("NoSuchKey", "The specified key does not exist."),
                          "application/xml");
          return;
        }
        res.set_content(ndjson(0, 1), "application/x-ndjson");
      });
  Harness h(server);
  Scratch scratch;
  const auto report = h.client->download(Job{server.job()}, {scratch.dir, RecordRange{1, 1}});
  CHECK(report.files.at(0).refreshes == 2);
  CHECK(h.observer.refreshes.size() == 2);
  CHECK(server.fetches() == 3);
}

TEST_CASE("refreshes stop after max_url_refreshes", "[client][download]") {
  ResultServer server(
      {kId + "_0.ndjson"}, [](const httplib::Request&, httplib::Response& res, int) {
        res.status = 403;
        res.set_content(s3_error("AccessDenied", "Request has expired"), "application/xml");
      });
  Harness h(server);
  Scratch scratch;
  try {
    h.client->download(Job{server.job()}, {scratch.dir, std::nullopt});
    FAIL("a URL that always expires was downloaded");
  } catch (const DownloadError& e) {
    CHECK(e.exit_code() == ExitCode::download_failed);
    CHECK_THAT(e.what(), Catch::Contains("after 3 fresh URLs"));
  }
  CHECK(h.observer.refreshes.size() == 3);
}

TEST_CASE("a tampered URL is an error, not a reason to refresh", "[client][download]") {
  ResultServer server(
      {kId + "_0.ndjson"}, [](const httplib::Request&, httplib::Response& res, int) {
        res.status = 403;
        res.set_content(
            s3_error("SignatureDoesNotMatch", "The request signature we calculated does not match"),
            "application/xml");
      });
  Harness h(server);
  Scratch scratch;
  try {
    h.client->download(Job{server.job()}, {scratch.dir, std::nullopt});
    FAIL("a refused download succeeded");
  } catch (const DownloadError& e) {
    CHECK_THAT(e.what(), Catch::Contains("HTTP 403 SignatureDoesNotMatch"));
  }
  CHECK(h.observer.refreshes.empty());
  CHECK(server.fetches() == 1);
}

TEST_CASE("a transfer that breaks off resumes from the bytes already on disk",
          "[client][download]") {
  const std::string body = ndjson(0, 2000);
  ResultServer server({kId + "_0.ndjson"}, [&body](const httplib::Request&, httplib::Response& res,
                                                   int attempt) {
    if (attempt == 1) {
      // Half the object, then the connection drops.
      res.set_content_provider(body.size(), "application/x-ndjson",
                               [&body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 if (offset >= body.size() / 2)
                                   return false;
                                 sink.write(body.data() + offset, body.size() / 2 - offset);
                                 return true;
                               });
      return;
    }
    res.set_content(body, "application/x-ndjson"); // the library answers a Range with 206
  });
  Harness h(server);
  Scratch scratch;
  const auto report = h.client->download(Job{server.job()}, {scratch.dir, RecordRange{2000, 2000}});
  CHECK(read(scratch.dir / (kId + "_0.ndjson")) == body);
  CHECK(report.files.at(0).resumes == 1);
  REQUIRE(h.observer.retries.size() == 1);
  CHECK(h.observer.retries[0].reason == RetryReason::connection);
  const auto log = server.log();
  REQUIRE(log.size() == 2);
  CHECK_THAT(log[0], Catch::Contains("Range: "));
  CHECK_THAT(log[1], Catch::Contains("Range:bytes=" + std::to_string(body.size() / 2) + "-"));
  CHECK(h.observer.starts ==
        std::vector<std::string>{kId + "_0.ndjson@0",
                                 kId + "_0.ndjson@" + std::to_string(body.size() / 2)});
}

TEST_CASE("a line that is not a JSON object fails verification and is not renamed",
          "[client][download]") {
  ResultServer server({kId + "_0.ndjson"}, [](const httplib::Request&, httplib::Response& res,
                                              int) {
    res.set_content(ndjson(0, 2) + "{\"id\": \"broken\"\n" + ndjson(2, 1), "application/x-ndjson");
  });
  Harness h(server);
  Scratch scratch;
  try {
    h.client->download(Job{server.job()}, {scratch.dir, std::nullopt});
    FAIL("a broken NDJSON file passed");
  } catch (const VerificationError& e) {
    CHECK(e.exit_code() == ExitCode::download_failed);
    CHECK_THAT(e.what(), Catch::Contains(kId + "_0.ndjson line 3: not a JSON object"));
  }
  CHECK_FALSE(fs::exists(scratch.dir / (kId + "_0.ndjson")));
  CHECK(fs::exists(scratch.dir / (kId + "_0.ndjson.part")));
}

TEST_CASE("fewer records than the ids asked for fail the download", "[client][download]") {
  ResultServer server({kId + "_0.ndjson"},
                      [](const httplib::Request&, httplib::Response& res, int) {
                        res.set_content(ndjson(0, 9), "application/x-ndjson");
                      });
  Harness h(server);
  Scratch scratch;
  try {
    h.client->download(Job{server.job()}, {scratch.dir, RecordRange{10, 10}});
    FAIL("9 records passed for 10 ids");
  } catch (const VerificationError& e) {
    CHECK_THAT(e.what(), Catch::Contains("downloaded 9 records, expected 10"));
  }
}

TEST_CASE("a match result is saved as CSV and its rows counted", "[client][download]") {
  const std::string csv = "reonomy_id,status,miss_reason,Address1\n"
                          "19cd94b6-0b51-543d-bfc1-3ed3205d13ae,OK,,\"767 3rd Ave\"\n"
                          ",MISS,SFR,\"1 Elm St, Apt 2\"\n";
  ResultServer server({kId + ".csv"}, [&csv](const httplib::Request&, httplib::Response& res, int) {
    res.set_content(csv, "text/csv");
  });
  Harness h(server);
  Scratch scratch;
  const auto report = h.client->download(Job{server.job()}, {scratch.dir, std::nullopt});
  CHECK(report.files.at(0).name == kId + ".csv");
  CHECK(report.files.at(0).records == 2);
  CHECK(read(scratch.dir / (kId + ".csv")) == csv);
}

TEST_CASE("only a SUCCESS job with result URLs can be downloaded", "[client][download]") {
  auto transport = std::make_shared<ScriptedTransport>();
  Client client(test_client_options("https://api.example", std::make_shared<FakeClock>()),
                transport);
  Scratch scratch;
  CHECK_THROWS_WITH(client.download(Job{job_json(kId, "STARTED")}, {scratch.dir, std::nullopt}),
                    Catch::Contains("is STARTED"));
  CHECK_THROWS_WITH(client.download(Job{job_json(kId, "SUCCESS")}, {scratch.dir, std::nullopt}),
                    Catch::Contains("lists no result_url"));
  CHECK(transport->requests.empty());
}

TEST_CASE("a transfer that keeps breaking but keeps moving forward is resumed to the end",
          "[client][download]") {
  const std::string body = ndjson(0, 3000);
  // Attempt k breaks off at k tenths of the object: nine breaks, more than max_attempts (6).
  ResultServer server(
      {kId + "_0.ndjson"}, [&body](const httplib::Request&, httplib::Response& res, int attempt) {
        if (attempt >= 10) {
          res.set_content(body, "application/x-ndjson");
          return;
        }
        const std::size_t stop = body.size() * static_cast<std::size_t>(attempt) / 10;
        res.set_content_provider(
            body.size(), "application/x-ndjson",
            [&body, stop](std::size_t offset, std::size_t, httplib::DataSink& sink) {
              if (offset >= stop)
                return false;
              sink.write(body.data() + offset, stop - offset);
              return true;
            });
      });
  Harness h(server);
  Scratch scratch;
  const auto report = h.client->download(Job{server.job()}, {scratch.dir, RecordRange{3000, 3000}});
  CHECK(read(scratch.dir / (kId + "_0.ndjson")) == body);
  CHECK(report.files.at(0).resumes == 9);
  CHECK(h.observer.retries.size() == 9);
  for (const auto& retry : h.observer.retries)
    CHECK(retry.attempt == 1); // never two in a row
}

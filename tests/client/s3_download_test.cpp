// Downloads against a small fake S3 that answers as S3 answers a GET on an object: Content-Length,
// ETag, single ranges as 206 with Content-Range, 416 InvalidRange past the end, and a cut
// download as fewer bytes than announced followed by a closed connection. It counts the body
// bytes it sent, so a test can tell a real resume from a download started over.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>

#include <openssl/evp.h>
#include <unistd.h>

#include "client_fixture.hpp"

using namespace reonomy::client;
using namespace reonomy::client::testing;
namespace fs = std::filesystem;

namespace {

const std::string kId = "3b0b8c3e-5d1f-4c47-9a51-1f1c0a7e2d64";
const std::string kName = kId + "_0.ndjson";
constexpr std::size_t kNever = std::numeric_limits<std::size_t>::max();

std::string ndjson(int count) {
  std::string text;
  for (int i = 0; i < count; ++i)
    text += nlohmann::json{{"id", "id-" + std::to_string(i)}, {"active", i % 2 == 0}}.dump() + "\n";
  return text;
}

// Computed here with OpenSSL directly, not with the client's own helper.
std::string md5_etag(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_md5(), nullptr);
  std::string text = "\"";
  for (unsigned int i = 0; i < size; ++i) {
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02x", digest[i]);
    text += hex;
  }
  return text + "\"";
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One object behind one presigned URL, and the job that lists it. What the object is and how the
// server misbehaves can change between requests (set them before the client runs, or from
// `before_each`, which runs under the lock at the start of every object request).
class FakeS3 {
public:
  struct Object {
    std::string body;
    std::string etag;
    std::size_t announced = 0;   // Content-Length / Content-Range total; 0: body.size()
    std::size_t cut_at = kNever; // every answer stops at this offset of the object
    bool honour_if_range = true;
    bool ranges_from_zero = false; // answers every Range as if it asked for bytes=0-
  };

  explicit FakeS3(Object object) : object_(std::move(object)) {
    server_.http().Get("/v2/jobs/file/" + kId, [this](const httplib::Request&,
                                                      httplib::Response& res) {
      const std::string url = server_.url("/job_cache/" + kName +
                                          "?AWSAccessKeyId=ASIAX&Signature=s&Expires=1584656880");
      res.set_content(job_json(kId, "SUCCESS", {url}).dump(), "application/json");
    });
    server_.http().Get(
        R"(/job_cache/([^/]+))",
        [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); });
    server_.start();
  }

  nlohmann::json job() const {
    return job_json(kId, "SUCCESS",
                    {server_.url("/job_cache/" + kName +
                                 "?AWSAccessKeyId=ASIAX&Signature=s&Expires=1584656880")});
  }
  std::string base_url() const { return server_.url(); }
  std::size_t sent() const { return sent_; }
  std::vector<std::string> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  std::function<void(Object&, int request)> before_each;

private:
  void serve(const httplib::Request& req, httplib::Response& res) {
    // Ranges are answered here as S3 answers them; cpp-httplib would apply them a second time
    // (and without bounds checks) when its own parse of the header is left in place.
    const_cast<httplib::Request&>(req).ranges.clear();
    std::lock_guard lock(mutex_);
    const std::string range = req.get_header_value("Range");
    const std::string if_range = req.get_header_value("If-Range");
    requests_.push_back("Range:" + range + " If-Range:" + if_range);
    if (before_each)
      before_each(object_, static_cast<int>(requests_.size()));
    const Object& object = object_;
    const std::size_t size = object.announced ? object.announced : object.body.size();
    std::size_t first = 0;
    const bool ranged = range.starts_with("bytes=") && range.ends_with("-") &&
                        !(object.honour_if_range && !if_range.empty() && if_range != object.etag);
    if (ranged && !object.ranges_from_zero)
      first = std::stoull(range.substr(6, range.size() - 7));
    if (ranged && first >= size) {
      res.status = 416;
      res.set_content("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InvalidRange</"
                      "Code><Message>The requested range is not satisfiable</Message>"
                      "<RangeRequested>" +
                          range + "</RangeRequested><ActualObjectSize>" + std::to_string(size) +
                          "</ActualObjectSize><RequestId>1</RequestId></Error>",
                      "application/xml");
      return;
    }
    res.set_header("ETag", object.etag);
    res.set_header("Last-Modified", "Fri, 04 Dec 2026 10:00:00 GMT");
    res.set_header("Accept-Ranges", "bytes");
    if (ranged) {
      res.status = 206;
      res.set_header("Content-Range", "bytes " + std::to_string(first) + "-" +
                                          std::to_string(size - 1) + "/" + std::to_string(size));
    }
    const std::size_t stop = std::min(object.cut_at, object.body.size());
    res.set_content_provider(
        size - first, "application/x-ndjson",
        [this, body = object.body, first, stop](std::size_t offset, std::size_t,
                                                httplib::DataSink& sink) {
          const std::size_t at = first + offset;
          if (at >= stop)
            return false; // closes the connection short of Content-Length, as a cut S3 download
          const std::size_t piece = std::min<std::size_t>(stop - at, 16 * 1024);
          // Counted before the write: the client may have it, and the test look, before
          // write() returns.
          sent_ += piece;
          if (sink.write(body.data() + at, piece))
            return true;
          sent_ -= piece;
          return false;
        });
  }

  LocalServer server_;
  std::mutex mutex_;
  Object object_;
  std::vector<std::string> requests_;
  std::atomic<std::size_t> sent_{0};
};

struct Scratch {
  Scratch() : dir(fs::temp_directory_path() / ("reonomy-s3-test-" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
  fs::path dir;
};

struct Harness : ObservedClient {
  explicit Harness(FakeS3& server) : ObservedClient(server.base_url()) {}
};

} // namespace

TEST_CASE("a cut download resumes with a Range and fetches only the missing bytes",
          "[client][download][s3]") {
  const std::string body = ndjson(4000);
  const std::size_t cut = body.size() / 3;
  FakeS3 server({.body = body, .etag = md5_etag(body), .cut_at = cut});
  server.before_each = [](FakeS3::Object& object, int request) {
    if (request == 2)
      object.cut_at = kNever;
  };
  Harness h(server);
  Scratch scratch;
  const auto report = h.client->download(Job{server.job()}, {scratch.dir, RecordRange{4000, 4000}});
  CHECK(read(scratch.dir / kName) == body);
  const auto& file = report.files.at(0);
  CHECK(file.bytes == body.size());
  CHECK(file.resumes == 1);
  CHECK(file.md5_verified);
  CHECK(file.etag == md5_etag(body));
  // Every byte of the object crossed the wire once: nothing was sent again.
  CHECK(server.sent() == body.size());
  const auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0] == "Range: If-Range:");
  CHECK(requests[1] == "Range:bytes=" + std::to_string(cut) + "- If-Range:" + md5_etag(body));
  CHECK_FALSE(fs::exists(scratch.dir / (kName + ".part")));
}

TEST_CASE("progress reports rising percentages of Content-Length that end at 100",
          "[client][download][s3]") {
  const std::string body = ndjson(3000);
  FakeS3 server({.body = body, .etag = md5_etag(body), .cut_at = body.size() / 2});
  server.before_each = [](FakeS3::Object& object, int request) {
    if (request == 2)
      object.cut_at = kNever;
  };
  Harness h(server);
  Scratch scratch;
  h.client->download(Job{server.job()}, {scratch.dir, std::nullopt});
  const auto& reports = h.observer.reports;
  REQUIRE(reports.size() >= 10); // one per whole percent, across the break
  int last = -1;
  for (const auto& report : reports) {
    CHECK(report.object == kName);
    CHECK(report.part == 1);
    CHECK(report.parts == 1);
    REQUIRE(report.total);
    CHECK(*report.total == body.size());
    REQUIRE(report.percent());
    CHECK(*report.percent() > last);
    last = *report.percent();
  }
  CHECK(last == 100);
  CHECK(reports.back().bytes == body.size());
  CHECK(h.observer.starts ==
        std::vector<std::string>{kName + "@0", kName + "@" + std::to_string(body.size() / 2)});
}

TEST_CASE("a multipart upload's ETag is not taken for an MD5", "[client][download][s3]") {
  const std::string body = ndjson(50);
  const std::string etag = "\"d41d8cd98f00b204e9800998ecf8427e-2\"";
  FakeS3 server({.body = body, .etag = etag});
  Harness h(server);
  Scratch scratch;
  const auto report = h.client->download(Job{server.job()}, {scratch.dir, RecordRange{50, 50}});
  CHECK(read(scratch.dir / kName) == body);
  CHECK(report.files.at(0).etag == etag);
  CHECK_FALSE(report.files.at(0).md5_verified);
}

TEST_CASE("bytes whose MD5 differs from the ETag fail and leave no file",
          "[client][download][s3]") {
  const std::string body = ndjson(50);
  FakeS3 server({.body = body, .etag = md5_etag(body + "x")});
  Harness h(server);
  Scratch scratch;
  try {
    h.client->download(Job{server.job()}, {scratch.dir, std::nullopt});
    FAIL("a body that does not match its ETag was accepted");
  } catch (const VerificationError& e) {
    CHECK(e.exit_code() == ExitCode::download_failed);
    CHECK_THAT(e.what(), Catch::Contains(kName));
    CHECK_THAT(e.what(), Catch::Contains("MD5"));
    CHECK_THAT(e.what(), Catch::Contains(md5_etag(body).substr(1, 32)));
    CHECK_THAT(e.what(), Catch::Contains(md5_etag(body + "x").substr(1, 32)));
  }
  CHECK_FALSE(fs::exists(scratch.dir / kName));
  CHECK_FALSE(fs::exists(scratch.dir / (kName + ".part")));
}

TEST_CASE("a server that keeps sending fewer bytes than it announces fails naming both sizes",
          "[client][download][s3]") {
  const std::string body = ndjson(500);
  const std::size_t announced = body.size() + 1000;
  FakeS3 server({.body = body, .etag = md5_etag(body), .announced = announced});
  Harness h(server);
  Scratch scratch;
  try {
    h.client->download(Job{server.job()}, {scratch.dir, std::nullopt});
    FAIL("a short object was accepted");
  } catch (const DownloadError& e) {
    CHECK(e.exit_code() == ExitCode::download_failed);
    CHECK_THAT(e.what(), Catch::Contains(kName));
    CHECK_THAT(e.what(), Catch::Contains(std::to_string(body.size()) + " of its " +
                                         std::to_string(announced) + " bytes"));
  }
  // The first answer and then one resume per retry, each asking only for the missing bytes.
  const auto requests = server.requests();
  REQUIRE(requests.size() == 6);
  for (std::size_t i = 1; i < requests.size(); ++i)
    CHECK_THAT(requests[i], Catch::StartsWith("Range:bytes=" + std::to_string(body.size()) + "-"));
  CHECK(server.sent() == body.size());
  CHECK_FALSE(fs::exists(scratch.dir / kName));
  CHECK(fs::file_size(scratch.dir / (kName + ".part")) == body.size());
}

TEST_CASE("a .part that already holds the whole object costs one byte to verify",
          "[client][download][s3]") {
  const std::string body = ndjson(200);
  FakeS3 server({.body = body, .etag = md5_etag(body)});
  Harness h(server);
  Scratch scratch;
  fs::create_directories(scratch.dir);
  std::ofstream(scratch.dir / (kName + ".part"), std::ios::binary) << body;
  const auto report = h.client->download(Job{server.job()}, {scratch.dir, RecordRange{200, 200}});
  CHECK(read(scratch.dir / kName) == body);
  CHECK(report.files.at(0).md5_verified);
  // 416 (nothing left to send), then the last byte again, which brings the ETag.
  const auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK_THAT(requests[0], Catch::StartsWith("Range:bytes=" + std::to_string(body.size()) + "-"));
  CHECK_THAT(requests[1],
             Catch::StartsWith("Range:bytes=" + std::to_string(body.size() - 1) + "-"));
  CHECK(server.sent() == 1);
}

TEST_CASE("an object that changed between attempts is fetched again from the start",
          "[client][download][s3]") {
  const std::string before = ndjson(1000);
  const std::string after = ndjson(1200);
  // A server that ignores If-Range: the client compares the ETag of the 206 itself.
  FakeS3 server({.body = before,
                 .etag = md5_etag(before),
                 .cut_at = before.size() / 2,
                 .honour_if_range = false});
  server.before_each = [&after](FakeS3::Object& object, int request) {
    if (request == 2)
      object = {.body = after, .etag = md5_etag(after), .honour_if_range = false};
  };
  Harness h(server);
  Scratch scratch;
  const auto report = h.client->download(Job{server.job()}, {scratch.dir, RecordRange{1200, 1200}});
  CHECK(read(scratch.dir / kName) == after);
  CHECK(report.files.at(0).md5_verified);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK_THAT(requests[1], Catch::EndsWith("If-Range:" + md5_etag(before)));
  CHECK(requests[2] == "Range: If-Range:");
  REQUIRE(h.observer.retries.size() == 2);
  CHECK_THAT(h.observer.retries[1].what, Catch::Contains("the object changed"));
}

TEST_CASE("a server that answers another range and breaks at the same place runs out of tries",
          "[client][download][s3]") {
  const std::string body = ndjson(500);
  FakeS3 server(
      {.body = body, .etag = md5_etag(body), .cut_at = body.size() / 2, .ranges_from_zero = true});
  Harness h(server);
  Scratch scratch;
  // Each start over reaches the same byte as before: that is no progress, so the tries run out.
  CHECK_THROWS_AS(h.client->download(Job{server.job()}, {scratch.dir, std::nullopt}),
                  ServiceUnavailable);
  const auto requests = server.requests();
  CHECK(requests.size() == 6);
  CHECK_FALSE(fs::exists(scratch.dir / kName));
}

// The catalogue of abusive requests (README, "Reliability" / "Hostile input"): each case names the
// answer it expects, then checks the server is still healthy (health answers, a normal request
// works). Requests no HTTP library would build go over raw sockets.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "core/base64.hpp"
#include "mock_fixture.hpp"
#include "raw_connection.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;
using Catch::Contains;
using std::chrono::steady_clock;

namespace {

nlohmann::json json_body_of(const std::string& response) {
  const auto at = response.find("\r\n\r\n");
  REQUIRE(at != std::string::npos);
  return nlohmann::json::parse(response.substr(at + 4));
}

std::string auth_headers() {
  return "Authorization: " + basic_auth(kKey, kSecret) + "\r\nUser-Agent: abuse-test\r\n";
}

// The server still answers: health, and an authenticated request of the public API.
void require_healthy(const MockFixture& mock) {
  const auto health = mock.client().Get("/_mock/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  const auto list = mock.get("/v2/jobs/file");
  REQUIRE(list);
  CHECK(list->status == 200);
}

// What a refused raw request got: its status, its JSON error type, how long the answer took,
// whether it asked the client to close, and whether the server closed the connection (cpp-httplib
// 0.11 cannot close at once: it waits up to the 5 s keep-alive timeout for a next request).
struct Refusal {
  int status = 0;
  std::string type;
  std::chrono::milliseconds took{};
  bool asks_close = false;
  bool closed = false;
};

Refusal refusal_of(const MockFixture& mock, const std::string& request,
                   std::chrono::milliseconds wait = std::chrono::milliseconds(8000)) {
  RawConnection c(mock.port());
  c.send(request);
  const std::string response = c.read_all(wait);
  Refusal r;
  r.took = c.first_byte_after();
  r.status = status_of(response);
  r.asks_close = response.find("\r\nConnection: close\r\n") != std::string::npos;
  r.closed = c.closed();
  INFO(response.substr(0, 400));
  if (r.status >= 400)
    r.type = json_body_of(response).value("type", "");
  return r;
}

// A refusal made from the headers alone: answered before the 5 s read timeout could pass (so the
// body was not waited for), with Connection: close, and the connection closed by the server
// within the keep-alive timeout.
void check_refused_at_once(const Refusal& r, int status, const std::string& type) {
  CHECK(r.status == status);
  CHECK(r.type == type);
  CHECK(r.took < std::chrono::milliseconds(2000));
  CHECK(r.asks_close);
  CHECK(r.closed);
}

std::string nested(std::size_t depth, const std::string& open, const std::string& close) {
  std::string text;
  text.reserve(depth * (open.size() + close.size()));
  for (std::size_t i = 0; i < depth; ++i)
    text += open;
  for (std::size_t i = 0; i < depth; ++i)
    text += close;
  return text;
}

} // namespace

TEST_CASE("abuse: a Content-Length over the cap gets 413 at once, the body unread", "[abuse]") {
  Options options = test_options();
  options.max_upload_bytes = 1 << 20;
  MockFixture mock(options);
  for (const char* length : {"10000000000", "99999999999999999999999999", "1048577"}) {
    INFO("Content-Length: " << length);
    // Only the headers are sent.
    const auto r = refusal_of(mock, "POST /v2/jobs/file HTTP/1.1\r\nHost: x\r\n" + auth_headers() +
                                        "Content-Type: multipart/form-data; boundary=b\r\n"
                                        "Content-Length: " +
                                        length + "\r\n\r\n");
    check_refused_at_once(r, 413, "PayloadTooLarge");
  }
  require_healthy(mock);
}

TEST_CASE("abuse: a chunked request body is refused before it is read", "[abuse]") {
  MockFixture mock;
  // An upload sent chunked gets the documented FileNotFoundAtPathError (README: Compatibility);
  // any other chunked body 411.
  for (const char* path : {"/v2/jobs/file", "/v2/search/summaries", "/_mock/clock/advance"}) {
    INFO(path);
    const auto r =
        refusal_of(mock, std::string("POST ") + path + " HTTP/1.1\r\nHost: x\r\n" + auth_headers() +
                             "Content-Type: multipart/form-data; boundary=b\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n100000\r\naaaa");
    if (std::string(path) == "/v2/jobs/file")
      check_refused_at_once(r, 400, "FileNotFoundAtPathError");
    else
      check_refused_at_once(r, 411, "LengthRequired");
  }
  require_healthy(mock);
}

TEST_CASE("abuse: a header line over 8 KB gets 400 and the connection closes", "[abuse]") {
  MockFixture mock;
  const auto r = refusal_of(mock, "GET /v2/jobs/file HTTP/1.1\r\nHost: x\r\n" + auth_headers() +
                                      "X-Long: " + std::string(9000, 'a') + "\r\n\r\n");
  check_refused_at_once(r, 400, "BadRequest");
  require_healthy(mock);
}

TEST_CASE("abuse: a request target over 8 KB gets 414", "[abuse]") {
  MockFixture mock;
  const auto r = refusal_of(mock, "GET /v2/jobs/file?limit=" + std::string(9000, '1') +
                                      " HTTP/1.1\r\nHost: x\r\n" + auth_headers() + "\r\n");
  CHECK(r.status == 414);
  CHECK(r.type == "URITooLong");
  CHECK(r.asks_close);
  require_healthy(mock);
}

TEST_CASE("abuse: more than 100 header fields get 431", "[abuse]") {
  MockFixture mock;
  for (const int count : {101, 100000}) {
    INFO(count << " extra headers");
    std::string headers;
    for (int i = 0; i < count; ++i)
      headers += "X-" + std::to_string(i) + ": v\r\n";
    const auto r = refusal_of(
        mock, "GET /v2/jobs/file HTTP/1.1\r\nHost: x\r\n" + auth_headers() + headers + "\r\n",
        std::chrono::milliseconds(10000));
    CHECK(r.status == 431);
    CHECK(r.type == "RequestHeaderFieldsTooLarge");
  }
  require_healthy(mock);
}

TEST_CASE("abuse: Basic credentials that are not UTF-8, or huge, get 401", "[abuse]") {
  MockFixture mock;
  const std::vector<std::string> values = {
      "Basic " + base64_encode("\xff\xfe\x80:\xc3\x28\xa0\xa1"),
      "Basic " + base64_encode(std::string(kKey) + ":" + std::string("\xff", 1)),
      "Basic " + base64_encode(std::string(kKey) + ":" + std::string(6000, 's')),
      "Basic " + base64_encode(std::string(6000, 'k') + ":" + kSecret),
      "Basic " + std::string(8000, '='),
      "Basic \x01\x02\x7f",
  };
  for (const auto& value : values) {
    INFO(value.substr(0, 40));
    const auto res =
        mock.client().Get("/v2/jobs/file", {{"Authorization", value}, {"User-Agent", "t"}});
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(body_of(res)["type"] == "AuthorizationException");
  }
  // Past cpp-httplib's 8 KB line limit the header is not read at all.
  const auto r = refusal_of(mock, "GET /v2/jobs/file HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\n"
                                  "Authorization: Basic " +
                                      std::string(20000, 'A') + "\r\n\r\n");
  CHECK(r.status == 400);
  require_healthy(mock);
}

TEST_CASE("abuse: slow-loris senders time out while other clients are served", "[abuse]") {
  MockFixture mock; // 8 worker threads
  // Three connections that send half a request and stall, and one that sends nothing at all.
  std::vector<std::unique_ptr<RawConnection>> stalled;
  for (int i = 0; i < 3; ++i) {
    stalled.push_back(std::make_unique<RawConnection>(mock.port()));
    stalled.back()->send("GET /v2/jobs/file HTTP/1.1\r\nHost: x\r\nUser-Agent: slow\r\n");
  }
  stalled.push_back(std::make_unique<RawConnection>(mock.port()));
  const auto start = steady_clock::now();
  // Meanwhile a normal client is served at once, repeatedly.
  for (int i = 0; i < 5; ++i) {
    const auto before = steady_clock::now();
    require_healthy(mock);
    CHECK(steady_clock::now() - before < std::chrono::milliseconds(1000));
  }
  // The read timeout (5 s without a byte) ends each stalled request with 400 and the silent
  // connection without an answer; the server closes them all (after at most the 5 s
  // keep-alive timeout more).
  for (std::size_t i = 0; i < stalled.size(); ++i) {
    const std::string answer = stalled[i]->read_all(std::chrono::milliseconds(14000));
    CHECK(stalled[i]->closed());
    if (i < 3) {
      CHECK(status_of(answer) == 400);
    } else {
      CHECK(answer.empty());
    }
  }
  const auto waited = steady_clock::now() - start;
  CHECK(waited >= std::chrono::milliseconds(4500));
  CHECK(waited < std::chrono::milliseconds(12000));
  require_healthy(mock);
}

TEST_CASE("abuse: 1,000,001 property ids get 400 naming property_ids", "[abuse]") {
  MockFixture mock;
  std::string spec = R"({"detail_type": ["basic"], "property_ids": [)";
  spec.reserve(1'000'001 * 39 + 64);
  for (int i = 0; i < 1'000'001; ++i) {
    if (i)
      spec += ',';
    spec += "\"51e2200a-5160-5ab1-8f98-20a17fedbb87\"";
  }
  spec += "]}";
  const auto res = mock.submit("property-details", spec);
  REQUIRE(res);
  CHECK(res->status == 400);
  const auto json = body_of(res);
  CHECK(json["type"] == "ValidationError");
  CHECK_THAT(json["message"].get<std::string>(), Contains("property_ids"));
  CHECK_THAT(json["message"].get<std::string>(), Contains("1,000,000"));
  require_healthy(mock);
}

TEST_CASE("abuse: JSON nested 100,000 deep gets 400 wherever JSON is read", "[abuse]") {
  MockFixture mock;
  // Deep enough that any recursive reader or printer would overflow an 8 MB stack.
  const std::string deep = nested(100'000, "[", "]");
  const std::string deep_object = nested(100'000, "{\"a\":", "}");
  for (const auto& inner : {deep, deep_object}) {
    const auto details = mock.submit("property-details", R"({"detail_type": )" + inner +
                                                             R"(, "property_ids": [])" + "}");
    REQUIRE(details);
    CHECK(details->status == 400);
    CHECK(body_of(details)["type"] == "ValidationError");
    const auto search = mock.submit("search", R"({"settings": )" + inner + "}");
    REQUIRE(search);
    CHECK(search->status == 400);
    CHECK(body_of(search)["type"] == "ValidationError");
    const auto summaries = mock.client().Post("/v2/search/summaries", mock.auth(),
                                              R"({"settings": )" + inner + "}", "application/json");
    REQUIRE(summaries);
    CHECK(summaries->status == 400);
    const auto advance = mock.client().Post("/_mock/clock/advance", "{\"seconds\": " + inner + "}",
                                            "application/json");
    REQUIRE(advance);
    CHECK(advance->status == 400);
  }
  // The match metadata, in both quote styles.
  for (const auto& metadata : {"{\"headers\": " + deep + "}", "{'headers': " + deep + "}"}) {
    const auto match = mock.submit("match", "a\n1\n", "a.csv", metadata);
    REQUIRE(match);
    CHECK(match->status == 400);
    CHECK(body_of(match)["type"] == "ValidationError");
  }
  require_healthy(mock);
}

TEST_CASE("abuse: invalid UTF-8 in a match CSV", "[abuse]") {
  MockFixture mock;
  const std::string metadata =
      R"({"headers": ["Address1", "City", "State", "Zip"], "mapping": {"address_line_1": "Address1", "address_city": "City", "address_state": "State", "address_postal": "Zip"}})";
  SECTION("in a data row: 201, the line listed in error_decoding_lines") {
    const auto res = mock.submit("match",
                                 "Address1,City,State,Zip\n767 3rd Ave,New York,NY,10017\n"
                                 "\xff\xfe 3rd Ave,New \xc3\x28York,NY,10017\n",
                                 "a.csv", metadata);
    REQUIRE(res);
    INFO(res->body);
    CHECK(res->status == 201);
    CHECK(body_of(res)["metadata"]["error_decoding_lines"] == nlohmann::json::array({3}));
  }
  SECTION("in the header row: 400 naming the header") {
    const auto res = mock.submit(
        "match", "Address1,C\xffity,State,Zip\n767 3rd Ave,New York,NY,10017\n", "a.csv", metadata);
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(body_of(res)["type"] == "ValidationError");
  }
  SECTION("in the metadata: 400 naming metadata") {
    const auto res =
        mock.submit("match", "A\n1\n", "a.csv", "{\"headers\": [\"A\xff\"], \"mapping\": {}}");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK_THAT(body_of(res)["message"].get<std::string>(), Contains("metadata"));
  }
  require_healthy(mock);
}

TEST_CASE("abuse: path traversal in object keys never leaves the result objects", "[abuse]") {
  Options options = test_options();
  options.pending_seconds = 0;
  options.started_seconds = 0;
  MockFixture mock(options);
  const auto job = mock.finished_job("property-details", property_details_spec());
  const std::string url = job["result_urls"][0];
  const std::string query = url.substr(url.find('?'));
  const std::vector<std::string> paths = {
      "/job_cache/../../../../etc/passwd",      "/job_cache/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/job_cache/..%2f..%2f..%2fetc%2fpasswd", "/job_results/%252e%252e/etc/passwd",
      "/job_cache/..\\..\\etc\\passwd",         "/job_cache/%00/../../etc/passwd",
  };
  for (const auto& path : paths) {
    for (const std::string& q : {std::string(), query}) {
      INFO(path + q);
      const auto res = mock.client().Get((path + q).c_str());
      REQUIRE(res);
      // Unsigned: AccessDenied; carrying another key's signature: SignatureDoesNotMatch.
      CHECK(res->status == 403);
      CHECK_THAT(res->body, Contains(q.empty() ? "AccessDenied" : "SignatureDoesNotMatch"));
      CHECK_THAT(res->body, !Contains("root:"));
    }
  }
  // A path that leaves the object prefixes is no object route at all.
  for (const char* path : {"/job_cache/../v2/jobs/file", "/../etc/passwd", "/%2e%2e/etc/passwd"}) {
    INFO(path);
    const auto res = mock.client().Get(path);
    REQUIRE(res);
    CHECK(res->status >= 400);
    CHECK_THAT(res->body, !Contains("root:"));
  }
  CHECK(mock.download(url)->status == 200);
  require_healthy(mock);
}

TEST_CASE("abuse: a presigned URL is the credential; any Authorization with it gets 400",
          "[abuse]") {
  Options options = test_options();
  options.pending_seconds = 0;
  options.started_seconds = 0;
  MockFixture mock(options);
  const auto job = mock.finished_job("property-details", property_details_spec());
  const std::string url = job["result_urls"][0];
  const std::string target = url.substr(url.find('/', url.find("://") + 3));
  // The owner's credentials and another account's are refused alike, as S3 refuses two
  // authentication mechanisms in one request, and neither is echoed.
  for (const auto& [key, secret] : {std::pair{kKey, kSecret}, std::pair{kOtherKey, kOtherSecret}}) {
    const auto res = mock.client().Get(target.c_str(), mock.auth(key, secret));
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK_THAT(res->body, Contains("<Code>InvalidArgument</Code>"));
    CHECK_THAT(res->body, Contains("Only one auth mechanism allowed"));
    CHECK_THAT(res->body, !Contains(secret));
    CHECK_THAT(res->body, !Contains(basic_auth(key, secret).substr(6)));
  }
  // Without credentials, whoever holds the URL downloads it (a bearer URL, as in S3).
  CHECK(mock.download(url)->status == 200);
  require_healthy(mock);
}

TEST_CASE("abuse: a replayed URL after expiry gets 403 Request has expired", "[abuse]") {
  Options options = test_options();
  options.pending_seconds = 0;
  options.started_seconds = 0;
  MockFixture mock(options);
  const auto job = mock.finished_job("property-details", property_details_spec());
  const std::string url = job["result_urls"][0];
  REQUIRE(mock.download(url)->status == 200);
  mock.advance(options.url_ttl_seconds + 1); // Expires is rounded up to the next second
  for (int replay = 0; replay < 3; ++replay) {
    const auto res = mock.download(url);
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK_THAT(res->body, Contains("Request has expired"));
  }
  require_healthy(mock);
}

TEST_CASE("abuse: ids of other accounts' jobs get 404 like unknown ones", "[abuse]") {
  MockFixture mock;
  const auto created = mock.submit("property-details", property_details_spec());
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const std::string id = body_of(created)["id"];
  const auto theirs = mock.get("/v2/jobs/file/" + id, kOtherKey, kOtherSecret);
  const auto unknown =
      mock.get("/v2/jobs/file/6ba7b810-9dad-41d1-80b4-00c04fd430c8", kOtherKey, kOtherSecret);
  REQUIRE(theirs);
  REQUIRE(unknown);
  CHECK(theirs->status == 404);
  CHECK(unknown->status == 404);
  CHECK(body_of(theirs)["type"] == body_of(unknown)["type"]);
  CHECK(body_of(mock.get("/v2/jobs/file", kOtherKey, kOtherSecret))["count"] == 0);
  for (const std::string& path :
       {"/v2/jobs/file/" + id + "/../" + id, std::string("/v2/jobs/file/%2e%2e")}) {
    const auto res = mock.get(path, kOtherKey, kOtherSecret);
    REQUIRE(res);
    CHECK(res->status == 404);
  }
  require_healthy(mock);
}

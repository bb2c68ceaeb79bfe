// HTTP/1.1 as RFC 9112 frames it, tried over raw sockets: no request hidden in a body is ever
// served, pipelined requests are answered in order, and each framing error gets its status at
// once and a closed connection.
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "mock_fixture.hpp"
#include "raw_connection.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;
using Catch::Contains;

namespace {

std::string auth_headers(const std::string& key = kKey, const std::string& secret = kSecret) {
  return "Authorization: " + basic_auth(key, secret) + "\r\nUser-Agent: framing-test\r\n";
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

// The statuses of every answer in a stream of responses, in order: each is read as a client
// would, its body skipped by its Content-Length (or chunks), so text in a body is not mistaken
// for a status line.
std::vector<int> statuses_in(const std::string& stream) {
  std::vector<int> out;
  std::size_t at = 0;
  while (stream.compare(at, 9, "HTTP/1.1 ") == 0 && stream.size() >= at + 12) {
    out.push_back(std::stoi(stream.substr(at + 9, 3)));
    const auto head_end = stream.find("\r\n\r\n", at);
    if (head_end == std::string::npos)
      break;
    const std::string head = stream.substr(at, head_end - at);
    at = head_end + 4;
    const auto length = head.find("\r\nContent-Length: ");
    if (length != std::string::npos) {
      at += std::stoul(head.substr(length + 18));
    } else if (head.find("\r\nTransfer-Encoding: chunked") != std::string::npos) {
      for (;;) {
        const auto line_end = stream.find("\r\n", at);
        if (line_end == std::string::npos)
          return out;
        const auto size = std::stoul(stream.substr(at, line_end - at), nullptr, 16);
        at = line_end + 2 + size + 2;
        if (size == 0)
          break;
      }
    }
  }
  return out;
}

struct Exchange {
  std::string response;
  bool closed = false;
  std::chrono::milliseconds took{};
};

Exchange send_raw(const MockFixture& mock, const std::string& bytes,
                  std::chrono::milliseconds wait = std::chrono::milliseconds(8000)) {
  RawConnection c(mock.port());
  c.send(bytes);
  Exchange e;
  e.response = c.read_all(wait);
  e.closed = c.closed();
  e.took = c.first_byte_after();
  return e;
}

// The request a smuggler hides in a body: another account's credentials, a path to look for.
const std::string kSmuggled = "GET /v2/jobs/file/SMUGGLED-REQUEST HTTP/1.1\r\nHost: x\r\n" +
                              auth_headers(kOtherKey, kOtherSecret) + "\r\n";

std::string upload_head(std::size_t length, const std::string& boundary = "b0undary") {
  return "POST /v2/jobs/file HTTP/1.1\r\nHost: x\r\n" + auth_headers() +
         "Content-Type: multipart/form-data; boundary=" + boundary +
         "\r\nContent-Length: " + std::to_string(length) + "\r\nConnection: close\r\n\r\n";
}

// No request to the smuggled path reached the journal (messages may quote the body's bytes).
void check_never_served(const MockFixture& mock) {
  const auto journal = body_of(mock.client().Get("/_mock/requests"));
  REQUIRE(!journal["items"].empty());
  for (const auto& item : journal["items"])
    CHECK_THAT(item["path"].get<std::string>(), !Contains("SMUGGLED"));
}

} // namespace

TEST_CASE("http: a request hidden anywhere in a refused upload body is never served", "[http]") {
  MockFixture mock;
  // Two bodies the library refuses part way: a file part header over 8 KB (a 12,000-character
  // file name), and more than 1,024 parts.
  std::string long_name = "--b0undary\r\nContent-Disposition: form-data; name=\"job_type\""
                          "\r\n\r\nproperty-details\r\n--b0undary\r\nContent-Disposition: "
                          "form-data; name=\"file\"; filename=\"" +
                          std::string(12000, 'n') +
                          ".json\"\r\nContent-Type: application/json\r\n\r\n" +
                          property_details_spec() + "\r\n--b0undary--\r\n";
  std::string many_parts;
  for (int i = 0; i < 1100; ++i)
    many_parts += "--b0undary\r\nContent-Disposition: form-data; name=\"f" + std::to_string(i) +
                  "\"\r\n\r\nv\r\n";
  many_parts += "--b0undary--\r\n";
  for (const std::string* body : {&long_name, &many_parts}) {
    // Slide the hidden request over the whole body, replacing the bytes it lands on.
    const std::size_t step = body->size() / 23 + 1;
    for (std::size_t at = 0; at + kSmuggled.size() < body->size(); at += step) {
      std::string smuggling = *body;
      smuggling.replace(at, kSmuggled.size(), kSmuggled);
      INFO("hidden at byte " << at << " of " << body->size());
      const auto e = send_raw(mock, upload_head(smuggling.size()) + smuggling);
      CHECK(statuses_in(e.response).size() == 1);
      CHECK(e.closed);
    }
  }
  // And after a body cut short by the sender, the next bytes are not a request either.
  const auto e = send_raw(mock, upload_head(long_name.size()) + long_name.substr(0, 9000) +
                                    "\r\n\r\n" + kSmuggled);
  CHECK(statuses_in(e.response).size() <= 1);
  check_never_served(mock);
}

TEST_CASE("http: Content-Length with Transfer-Encoding, or two lengths, is 400 and closes",
          "[http]") {
  MockFixture mock;
  for (const std::string framing :
       {"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
        "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
        "Content-Length: 5\r\nContent-Length: 6\r\n", "Content-Length: 5, 6\r\n",
        "Content-Length: -1\r\n", "Content-Length: abc\r\n", "Content-Length: 0x10\r\n",
        "Content-Length: +5\r\n", "Transfer-Encoding: chunked, chunked\r\n"}) {
    INFO(framing);
    const auto e = send_raw(mock, "POST /v2/search/summaries HTTP/1.1\r\nHost: x\r\n" +
                                      auth_headers() + framing + "\r\n0\r\n\r\n" + kSmuggled);
    CHECK(statuses_in(e.response) == std::vector<int>{400});
    CHECK(e.closed);
    CHECK(e.took < std::chrono::milliseconds(2000));
    CHECK_THAT(e.response, Contains("\"type\":\"BadRequest\""));
    CHECK_THAT(e.response, Contains("\r\nConnection: close\r\n"));
    CHECK_THAT(e.response, Contains("\r\nDate: "));
  }
  check_never_served(mock);
}

TEST_CASE("http: a transfer coding other than chunked gets 501 at once", "[http]") {
  MockFixture mock;
  for (const std::string coding : {"gzip", "gzip, chunked", "identity", "deflate"}) {
    INFO(coding);
    const auto e = send_raw(mock, "POST /v2/jobs/file HTTP/1.1\r\nHost: x\r\n" + auth_headers() +
                                      "Transfer-Encoding: " + coding + "\r\n\r\nabc");
    CHECK(statuses_in(e.response) == std::vector<int>{501});
    CHECK(e.closed);
    CHECK(e.took < std::chrono::milliseconds(2000));
    CHECK_THAT(e.response, Contains("NotImplemented"));
  }
}

TEST_CASE("http: equal repeated Content-Length values are one length", "[http]") {
  MockFixture mock;
  const std::string body = R"({"settings": {"state": ["NY"]}, "limit": 1})";
  const std::string length = std::to_string(body.size());
  const auto e =
      send_raw(mock, "POST /v2/search/summaries HTTP/1.1\r\nHost: x\r\n" + auth_headers() +
                         "Content-Type: application/json\r\n" + "Content-Length: " + length + ", " +
                         length + "\r\nConnection: close\r\n\r\n" + body);
  CHECK(statuses_in(e.response) == std::vector<int>{200});
}

TEST_CASE("http: pipelined requests are all answered, in order", "[http]") {
  MockFixture mock;
  std::string pipeline;
  for (const char* id : {"AAAA", "BBBB", "CCCC"})
    pipeline += "GET /v2/jobs/file/" + std::string(id) + " HTTP/1.1\r\nHost: x\r\n" +
                auth_headers() + "\r\n";
  // A request with a body in the middle, its body exactly its Content-Length.
  const std::string body = R"({"settings": {"state": ["NY"]}, "limit": 1})";
  pipeline += "POST /v2/search/summaries HTTP/1.1\r\nHost: x\r\n" + auth_headers() +
              "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
              "\r\n\r\n" + body;
  pipeline += "GET /_mock/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  const auto e = send_raw(mock, pipeline);
  CHECK(statuses_in(e.response) == std::vector<int>{404, 404, 404, 200, 200});
  const auto a = e.response.find("AAAA"), b = e.response.find("BBBB"), c = e.response.find("CCCC");
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  REQUIRE(c != std::string::npos);
  CHECK(a < b);
  CHECK(b < c);
  CHECK(e.closed);
  // Sent byte by byte in one go, the same.
  RawConnection slow(mock.port());
  for (const char ch : pipeline.substr(0, 400))
    slow.send(std::string(1, ch));
  slow.send(pipeline.substr(400));
  CHECK(statuses_in(slow.read_all(std::chrono::milliseconds(8000))) ==
        std::vector<int>{404, 404, 404, 200, 200});
}

TEST_CASE("http: a POST without a body is answered at once", "[http]") {
  MockFixture mock;
  for (const std::string path : {"/v2/jobs/file", "/v2/search/summaries"}) {
    INFO(path);
    const auto e =
        send_raw(mock, "POST " + path + " HTTP/1.1\r\nHost: x\r\n" + auth_headers() + "\r\n",
                 std::chrono::milliseconds(3000));
    CHECK(statuses_in(e.response) == std::vector<int>{400});
    CHECK(e.took < std::chrono::milliseconds(1000));
  }
}

TEST_CASE("http: Host is required once in HTTP/1.1", "[http]") {
  MockFixture mock;
  const std::string get = "GET /v2/jobs/file HTTP/1.1\r\n";
  for (const std::string hosts : {"", "Host: x\r\nHost: y\r\n", "Host: a b\r\n", "Host: a/b\r\n"}) {
    INFO(hosts);
    const auto e = send_raw(mock, get + hosts + auth_headers() + "\r\n");
    CHECK(statuses_in(e.response) == std::vector<int>{400});
    CHECK_THAT(e.response, Contains("Host"));
    CHECK(e.closed);
  }
  // HTTP/1.0 needs none.
  const auto old = send_raw(mock, "GET /v2/jobs/file HTTP/1.0\r\n" + auth_headers() + "\r\n");
  CHECK(statuses_in(old.response) == std::vector<int>{200});
}

TEST_CASE("http: an absolute-form target is served, its authority as Host", "[http]") {
  MockFixture mock;
  const auto e = send_raw(mock, "GET http://example.test:80/v2/jobs/file?limit=1 HTTP/1.1\r\n"
                                "Host: ignored\r\nConnection: close\r\n" +
                                    auth_headers() + "\r\n");
  CHECK(statuses_in(e.response) == std::vector<int>{200});
  CHECK_THAT(e.response, Contains("\"count\""));
}

TEST_CASE("http: versions other than 1.x get 505, malformed ones 400", "[http]") {
  MockFixture mock;
  for (const std::string version : {"HTTP/2.0", "HTTP/3.0", "HTTP/0.9"}) {
    INFO(version);
    const auto e = send_raw(mock, "GET /_mock/health " + version + "\r\nHost: x\r\n\r\n");
    CHECK(statuses_in(e.response) == std::vector<int>{505});
    CHECK(e.closed);
  }
  for (const std::string line :
       {"GET /_mock/health HTTP/1", "GET /_mock/health http/1.1", "GET  /_mock/health HTTP/1.1",
        "GET /_mock/health", "GET _mock/health HTTP/1.1"}) {
    INFO(line);
    const auto e = send_raw(mock, line + "\r\nHost: x\r\n\r\n");
    CHECK(statuses_in(e.response) == std::vector<int>{400});
    CHECK(e.closed);
  }
  // A later 1.x minor version is answered as 1.1.
  const auto e =
      send_raw(mock, "GET /_mock/health HTTP/1.7\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(statuses_in(e.response) == std::vector<int>{200});
}

TEST_CASE("http: methods a path does not take get 405 with Allow", "[http]") {
  MockFixture mock;
  auto client = mock.client();
  const auto put = client.Put("/v2/jobs/file", mock.auth(), "{}", "application/json");
  REQUIRE(put);
  CHECK(put->status == 405);
  CHECK(put->get_header_value("Allow") == "GET, HEAD, POST");
  CHECK(body_of(put)["type"] == "MethodNotAllowed");
  const auto del = client.Delete("/v2/jobs/file/abc", mock.auth());
  REQUIRE(del);
  CHECK(del->status == 405);
  CHECK(del->get_header_value("Allow") == "GET, HEAD");
  const auto get = client.Get("/v2/search/summaries", mock.auth());
  REQUIRE(get);
  CHECK(get->status == 405);
  CHECK(get->get_header_value("Allow") == "POST");
  // A path no route has stays 404.
  CHECK(client.Put("/v2/nothing", mock.auth(), "{}", "application/json")->status == 404);
}

TEST_CASE("http: every answer has Date, and never both Connection: close and Keep-Alive",
          "[http]") {
  MockFixture mock;
  const std::vector<std::string> requests = {
      "GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /v2/jobs/file HTTP/1.1\r\nHost: x\r\n" + auth_headers() + "\r\n",
      "GET /v2/nothing HTTP/1.1\r\nHost: x\r\n" + auth_headers() + "\r\n",
      "GET /v2/jobs/file HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + auth_headers() + "\r\n",
      "POST /v2/jobs/file HTTP/1.1\r\nHost: x\r\n" + auth_headers() +
          "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 999999999999\r\n\r\n",
      "POST /v2/jobs/file HTTP/1.1\r\nHost: x\r\n" + auth_headers() +
          "Content-Length: 10\r\n\r\n0123456789",
      "GET /x HTTP/2.0\r\n\r\n",
  };
  for (const auto& request : requests) {
    INFO(request.substr(0, 60));
    const auto e = send_raw(mock, request, std::chrono::milliseconds(1500));
    REQUIRE(statuses_in(e.response).size() == 1);
    const auto head = e.response.substr(0, e.response.find("\r\n\r\n") + 2);
    CHECK_THAT(head, Contains("\r\nDate: "));
    const bool close = head.find("\r\nConnection: close\r\n") != std::string::npos;
    const bool keep_alive = head.find("\r\nKeep-Alive: ") != std::string::npos;
    CHECK(!(close && keep_alive));
    CHECK(count_of(head, "\r\nDate: ") == 1);
  }
}

TEST_CASE("http: odd but legal heads are read", "[http]") {
  MockFixture mock;
  // Empty lines before the request line (RFC 9112 §2.2), bare LF line ends, no space after the
  // colon, a header name in any case.
  const auto e =
      send_raw(mock, "\r\n\r\nGET /v2/jobs/file?limit=1 HTTP/1.1\nhost:x\nauthorization:" +
                         basic_auth(kKey, kSecret) + "\nUSER-AGENT: t\nConnection: close\n\n");
  CHECK(statuses_in(e.response) == std::vector<int>{200});
}

TEST_CASE("http: folded or malformed header lines get 400", "[http]") {
  MockFixture mock;
  for (const std::string bad : {"X-A: 1\r\n continued\r\n", "X-A : 1\r\n", "X A: 1\r\n",
                                "no colon here\r\n", "X-A: a\rb\r\n", ": empty name\r\n"}) {
    INFO(bad);
    const auto e =
        send_raw(mock, "GET /v2/jobs/file HTTP/1.1\r\nHost: x\r\n" + auth_headers() + bad + "\r\n");
    CHECK(statuses_in(e.response) == std::vector<int>{400});
    CHECK(e.closed);
  }
}

TEST_CASE("http: a client cannot set the connection's addresses", "[http]") {
  MockFixture mock;
  const auto e = send_raw(mock, "GET /v2/jobs/file HTTP/1.1\r\nHost: x\r\nREMOTE_ADDR: 10.9.9.9\r\n"
                                "Connection: close\r\n" +
                                    auth_headers() + "\r\n");
  CHECK(statuses_in(e.response) == std::vector<int>{200});
  const auto journal = mock.client().Get("/_mock/requests");
  REQUIRE(journal);
  CHECK_THAT(journal->body, !Contains("10.9.9.9"));
}

TEST_CASE("http: stopping the server ends idle kept-alive connections at once", "[http]") {
  auto mock = std::make_unique<MockFixture>();
  RawConnection idle(mock->port());
  idle.send("GET /_mock/health HTTP/1.1\r\nHost: x\r\n\r\n");
  const std::string answer = idle.read_all(std::chrono::milliseconds(500));
  CHECK(statuses_in(answer) == std::vector<int>{200});
  CHECK_FALSE(idle.closed()); // kept alive
  const auto start = std::chrono::steady_clock::now();
  mock.reset(); // stops the server
  // Before, a stop waited out each idle connection's 5 s keep-alive timeout.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(1500));
  idle.read_all(std::chrono::milliseconds(1000));
  CHECK(idle.closed());
}

TEST_CASE("http: the journal names the error of an answer sent compressed", "[http]") {
  MockFixture mock;
  // requests sends Accept-Encoding: gzip, deflate by default; cpp-httplib then compresses JSON.
  const auto e = send_raw(mock, "GET /v2/jobs/file/nope HTTP/1.1\r\nHost: x\r\n"
                                "Accept-Encoding: gzip, deflate\r\nConnection: close\r\n" +
                                    auth_headers() + "\r\n");
  REQUIRE(statuses_in(e.response) == std::vector<int>{404});
  CHECK_THAT(e.response, Contains("\r\nContent-Encoding: gzip\r\n"));
  const auto journal = body_of(mock.client().Get("/_mock/requests"));
  REQUIRE(journal["items"].size() == 1);
  CHECK(journal["items"][0]["error_type"] == "NotFoundException");
  CHECK_THAT(journal["items"][0]["reason"].get<std::string>(), Contains("nope"));
}

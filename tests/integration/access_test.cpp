#include <catch2/catch.hpp>

#include <chrono>

#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

TEST_CASE("a request without User-Agent gets 403 naming the header", "[access]") {
  MockFixture mock;
  const auto res = mock.raw("GET /v2/jobs/file HTTP/1.1\r\nHost: x\r\nAuthorization: " +
                            basic_auth(kKey, kSecret) + "\r\nConnection: close\r\n\r\n");
  CHECK(res.status == 403);
  const auto json = nlohmann::json::parse(res.body);
  CHECK(json["type"] == "ForbiddenException");
  CHECK_THAT(json["message"].get<std::string>(), Catch::Contains("User-Agent"));
}

TEST_CASE("missing, malformed and wrong credentials get 401 AuthorizationException", "[access]") {
  MockFixture mock;
  const std::vector<httplib::Headers> bad = {
      {{"User-Agent", "t"}},
      {{"User-Agent", "t"}, {"Authorization", "Bearer abc"}},
      {{"User-Agent", "t"}, {"Authorization", "Basic %%%"}},
      {{"User-Agent", "t"}, {"Authorization", basic_auth(kKey, "wrong")}},
      {{"User-Agent", "t"}, {"Authorization", basic_auth("nobody", kSecret)}},
  };
  for (const auto& headers : bad) {
    for (const char* path :
         {"/v2/jobs/file", "/v2/jobs/file/6ba7b810-9dad-11d1-80b4-00c04fd430c8"}) {
      const auto res = mock.client().Get(path, headers);
      REQUIRE(res);
      CHECK(res->status == 401);
      CHECK(body_of(res)["type"] == "AuthorizationException");
    }
  }
  // The POST is refused before its body is looked at.
  const auto post =
      mock.submit("property-details", property_details_spec(), "s.json", "", kKey, "x");
  REQUIRE(post);
  CHECK(post->status == 401);
}

TEST_CASE("more than the rate limit in one second gets 429 with Retry-After", "[access]") {
  Options options = test_options();
  options.rate_limit = 5;
  MockFixture mock(options);
  auto client = mock.client();
  client.set_keep_alive(true);
  const auto start = std::chrono::steady_clock::now();
  std::vector<int> statuses;
  for (int i = 0; i < 6; ++i)
    statuses.push_back(client.Get("/v2/jobs/file", mock.auth())->status);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  // Six requests on loopback take milliseconds; if the machine stalled a whole second the
  // window would legitimately have moved, and the check below would not apply.
  REQUIRE(elapsed < std::chrono::seconds(1));
  CHECK(statuses == std::vector<int>{200, 200, 200, 200, 200, 429});
  const auto refused = client.Get("/v2/jobs/file", mock.auth());
  REQUIRE(refused);
  CHECK(refused->status == 429);
  CHECK(body_of(refused)["type"] == "RateLimitExceeded");
  CHECK(refused->get_header_value("Retry-After") == "1");
  // The limit is per account.
  CHECK(client.Get("/v2/jobs/file", mock.auth(kOtherKey, kOtherSecret))->status == 200);
  // The control plane is not rate limited.
  for (int i = 0; i < 10; ++i)
    CHECK(client.Get("/_mock/health")->status == 200);
}

TEST_CASE("an unknown endpoint gets a JSON 404", "[access]") {
  MockFixture mock;
  const auto res = mock.get("/v2/jobs/files");
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK(body_of(res)["type"] == "NotFoundException");
}

TEST_CASE("a refused upload does not poison the kept-alive connection", "[access]") {
  MockFixture mock;
  // A POST refused before its body is read, then a GET pipelined on the same connection. The
  // unread body must not be parsed as a request: the server answers once and closes.
  const std::string body(2000, 'x');
  const auto res =
      mock.raw("POST /v2/jobs/file HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\nAuthorization: " +
               basic_auth(kKey, "wrong") +
               "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body +
               "GET /v2/jobs/file HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\nAuthorization: " +
               basic_auth(kKey, kSecret) + "\r\nConnection: close\r\n\r\n");
  CHECK(res.status == 401);
  CHECK_THAT(res.headers, Catch::Contains("Connection: close"));
  CHECK_THAT(res.body, !Catch::Contains("HTTP/1.1"));
}

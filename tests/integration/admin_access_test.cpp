// The control plane's access rule: open on a loopback listen address, the admin token everywhere
// else; a wrong token is refused everywhere; public endpoints never take the admin token.
#include <catch2/catch.hpp>

#include "http/admin_access.hpp"
#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {

constexpr const char* kToken = "s3cret-admin-token-42";

Options listening_on(const std::string& host, const std::string& token) {
  Options o = test_options();
  o.host = host;
  o.admin_token = token;
  return o;
}

int status_of(const httplib::Result& res) {
  REQUIRE(res);
  return res->status;
}

httplib::Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

} // namespace

TEST_CASE("loopback listen addresses are told from the others", "[access][admin]") {
  for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"})
    CHECK(is_loopback_host(host));
  for (const char* host : {"0.0.0.0", "::", "10.0.0.1", "192.168.1.2", "128.0.0.1", "example.com",
                           "::2", "localhost.example.com"})
    CHECK_FALSE(is_loopback_host(host));
}

TEST_CASE("on loopback the control plane is open, and a wrong token is still refused",
          "[access][admin]") {
  MockFixture mock(listening_on("127.0.0.1", kToken));
  CHECK(status_of(mock.client().Get("/_mock/health")) == 200);
  CHECK(status_of(mock.client().Get("/_mock/health", bearer(kToken))) == 200);
  const auto wrong = mock.client().Get("/_mock/health", bearer("guess"));
  CHECK(status_of(wrong) == 401);
  CHECK(body_of(wrong)["type"] == "AuthorizationException");
  CHECK(status_of(mock.client().Get("/_mock/clock", {{"X-Mock-Admin-Token", "guess"}})) == 401);
}

TEST_CASE("on loopback without an admin token, a presented token is refused", "[access][admin]") {
  MockFixture mock(listening_on("127.0.0.1", ""));
  CHECK(status_of(mock.client().Get("/_mock/health")) == 200);
  const auto res = mock.client().Get("/_mock/health", bearer("anything"));
  CHECK(status_of(res) == 401);
  CHECK_THAT(body_of(res)["message"].get<std::string>(), Catch::Contains("--admin-token"));
}

TEST_CASE("beyond loopback every control request needs the token", "[access][admin]") {
  MockFixture mock(listening_on("0.0.0.0", kToken)); // reached at 127.0.0.1, listening on all
  for (const char* path :
       {"/_mock/health", "/_mock/clock", "/_mock/openapi.json", "/_mock/nothing"}) {
    INFO(path);
    const auto refused = mock.client().Get(path);
    CHECK(status_of(refused) == 401);
    CHECK(body_of(refused)["type"] == "AuthorizationException");
    CHECK(refused->get_header_value("WWW-Authenticate").rfind("Bearer", 0) == 0);
    CHECK(body_of(refused).dump().find(kToken) == std::string::npos);
    CHECK(status_of(mock.client().Get(path, bearer("guess"))) == 401);
  }
  CHECK(status_of(mock.client().Get("/_mock/health", bearer(kToken))) == 200);
  CHECK(status_of(mock.client().Get("/_mock/health", {{"X-Mock-Admin-Token", kToken}})) == 200);
  CHECK(status_of(mock.client().Post("/_mock/clock/advance", bearer(kToken), R"({"seconds": 1})",
                                     "application/json")) == 200);
  CHECK(status_of(mock.client().Post("/_mock/clock/advance", R"({"seconds": 1})",
                                     "application/json")) == 401);
  // Reset is a content-reader route: it is refused before its body would be read, too.
  CHECK(status_of(mock.client().Post("/_mock/reset", "", "text/plain")) == 401);
  CHECK(status_of(mock.client().Post("/_mock/reset", bearer(kToken), "", "text/plain")) == 200);
}

TEST_CASE("beyond loopback without an admin token the control plane says how to open it",
          "[access][admin]") {
  MockFixture mock(listening_on("0.0.0.0", ""));
  const auto res = mock.client().Get("/_mock/health");
  CHECK(status_of(res) == 401);
  const std::string message = body_of(res)["message"];
  CHECK_THAT(message, Catch::Contains("--admin-token"));
  CHECK_THAT(message, Catch::Contains("0.0.0.0"));
  CHECK(mock.get("/v2/jobs/file")->status == 200); // the public API is unaffected
}

TEST_CASE("public endpoints refuse the admin token as credentials", "[access][admin]") {
  MockFixture mock(listening_on("0.0.0.0", kToken));
  httplib::Headers headers = bearer(kToken);
  headers.emplace("User-Agent", "admin-test");
  for (const char* path : {"/v2/jobs/file", "/v2/property/51e2200a-5160-5ab1-8f98-20a17fedbb87"}) {
    INFO(path);
    const auto res = mock.client().Get(path, headers);
    CHECK(status_of(res) == 401);
    CHECK(body_of(res)["type"] == "AuthorizationException");
  }
  CHECK(status_of(mock.client().Post("/v2/jobs/file", headers, property_details_spec(),
                                     "application/json")) == 401);
}

TEST_CASE("echo beyond loopback takes the token in X-Mock-Admin-Token and diagnoses the Basic "
          "credentials",
          "[access][admin][echo]") {
  MockFixture mock(listening_on("0.0.0.0", kToken));
  httplib::MultipartFormDataItems items = {{"job_type", "property-details", "", ""},
                                           {"file", property_details_spec(), "spec.json", ""}};
  httplib::Headers headers = mock.auth();
  CHECK(status_of(mock.client().Post("/_mock/echo", headers, items)) == 401);
  headers.emplace("X-Mock-Admin-Token", kToken);
  const auto res = mock.client().Post("/_mock/echo", headers, items);
  REQUIRE(status_of(res) == 200);
  const auto report = body_of(res);
  CHECK(report["verdict"]["accepted"] == true);
  CHECK(report["headers"]["X-Mock-Admin-Token"] == "<redacted>");
  CHECK(res->body.find(kToken) == std::string::npos);
}

// Secrets (account secrets, the URL signing key, the admin token) never appear in the access log,
// in either format, in the request journal, nor in any response, for requests that succeed and
// for those that fail.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/base64.hpp"
#include "core/hex.hpp"
#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {

const std::string kAccount = "secrets-test-key";
const std::string kAccountSecret = "Acct-Secret-7f3a9c";
const std::string kOtherAccount = "secrets-other-key";
const std::string kOtherSecret = "Other-Secret-b41e0d";
const std::string kSigningSecret = "Signing-Key-5d8e21";
const std::string kAdminToken = "Admin-Token-93c6fa";

// Everything written to stderr (fd 2) while it lives; the mock's access log goes there.
class StderrCapture {
public:
  StderrCapture()
      : path_(std::filesystem::temp_directory_path() /
              ("reonomy-secrets-" + std::to_string(::getpid()) + ".log")) {
    std::fflush(stderr);
    saved_ = ::dup(2);
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    REQUIRE(fd >= 0);
    ::dup2(fd, 2);
    ::close(fd);
  }
  ~StderrCapture() {
    restore();
    std::filesystem::remove(path_);
  }
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;

  std::string text() {
    restore();
    std::ifstream in(path_);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

private:
  void restore() {
    if (saved_ < 0)
      return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }
  std::filesystem::path path_;
  int saved_ = -1;
};

// Every form in which a secret could leak: as is, in a Basic header's base64, base64 and hex.
std::vector<std::string> leak_forms() {
  std::vector<std::string> forms;
  for (const auto& secret : {kAccountSecret, kOtherSecret, kSigningSecret, kAdminToken}) {
    forms.push_back(secret);
    forms.push_back(base64_encode(secret));
    forms.push_back(hex_encode(secret));
  }
  forms.push_back(base64_encode(kAccount + ":" + kAccountSecret));
  forms.push_back(base64_encode(kOtherAccount + ":" + kOtherSecret));
  forms.push_back(base64_encode(kAccountSecret + ":" + kAccount)); // key and secret swapped
  forms.push_back(base64_encode(kAccount + ":" + kAdminToken));    // the token as a secret
  return forms;
}

void check_no_secret(const std::string& where, const std::string& text) {
  for (const auto& form : leak_forms()) {
    INFO(where << " must not contain " << form);
    CHECK(text.find(form) == std::string::npos);
  }
}

// A session of successful and refused requests; returns every response, status line and body.
std::string drive(const MockFixture& mock) {
  std::string responses;
  const auto keep = [&responses](const httplib::Result& res) {
    REQUIRE(res);
    for (const auto& [name, value] : res->headers)
      responses += name + ": " + value + "\n";
    responses += std::to_string(res->status) + " " + res->body + "\n";
  };
  auto client = mock.client();
  const auto as = [&mock](const std::string& key, const std::string& secret) {
    return mock.auth(key, secret);
  };
  // Successful: a job from submission to download, the property and search endpoints.
  const auto created = mock.submit("property-details", property_details_spec(), "spec.json", "",
                                   kAccount, kAccountSecret);
  keep(created);
  REQUIRE(created->status == 201);
  const std::string id = body_of(created)["id"];
  const auto job = mock.get("/v2/jobs/file/" + id, kAccount, kAccountSecret);
  keep(job);
  const std::string url = body_of(job)["result_urls"][0];
  const std::string target = url.substr(url.find('/', url.find("://") + 3));
  keep(mock.download(url));
  keep(mock.get("/v2/jobs/file", kAccount, kAccountSecret));
  keep(mock.get("/v2/property/51e2200a-5160-5ab1-8f98-20a17fedbb87", kAccount, kAccountSecret));
  keep(client.Post("/v2/search/summaries", as(kAccount, kAccountSecret),
                   R"({"settings": {"state": ["NY"]}})", "application/json"));
  // Refused: wrong secrets, a secret sent as the key, no colon, another scheme.
  keep(mock.get("/v2/jobs/file", kAccount, kOtherSecret));
  keep(mock.get("/v2/jobs/file", kAccountSecret, kAccount));
  keep(mock.get("/v2/jobs/file", kOtherAccount + "x", kOtherSecret));
  keep(client.Get("/v2/jobs/file", {{"Authorization", "Basic " + base64_encode(kAccountSecret)},
                                    {"User-Agent", "t"}}));
  keep(client.Get("/v2/jobs/file",
                  {{"Authorization", "Bearer " + kAccountSecret}, {"User-Agent", "t"}}));
  keep(mock.submit("property-details", "{}", "spec.json", "", kAccount, kOtherSecret));
  // Refused URLs: tampered signature, tampered expiry, with credentials attached, expired.
  std::string tampered = target;
  tampered[tampered.find("Signature=") + 10] ^= 1;
  keep(client.Get(tampered.c_str()));
  keep(client.Get((target.substr(0, target.find("&Expires=")) + "&Expires=4102444800").c_str()));
  keep(client.Get(target.c_str(), as(kOtherAccount, kOtherSecret)));
  mock.advance(601);
  keep(mock.download(url));
  // The admin token: accepted on the control plane in both headers, refused when wrong, and
  // refused by public endpoints whichever way it is presented there.
  keep(client.Get("/_mock/clock", {{"Authorization", "Bearer " + kAdminToken}}));
  keep(client.Get("/_mock/clock", {{"X-Mock-Admin-Token", kAdminToken}}));
  keep(client.Get("/_mock/clock", {{"X-Mock-Admin-Token", kAdminToken + "x"}}));
  keep(client.Get("/v2/jobs/file",
                  {{"Authorization", "Bearer " + kAdminToken}, {"User-Agent", "t"}}));
  keep(mock.get("/v2/jobs/file", kAccount, kAdminToken));
  keep(
      client.Post("/_mock/echo",
                  {{"X-Mock-Admin-Token", kAdminToken}, {"Authorization", "Bearer " + kAdminToken}},
                  "{}", "application/json"));
  // The control plane, the request journal among it (every request above, refusals with their
  // reasons).
  keep(client.Get("/_mock/health"));
  const auto journal = client.Get("/_mock/requests?limit=1000");
  keep(journal);
  CHECK(body_of(journal)["items"].size() >=
        12); // it holds the session: its absence of secrets means something
  return responses;
}

Options secrets_options(LogFormat format) {
  Options options = test_options();
  options.users = {{kAccount, kAccountSecret}, {kOtherAccount, kOtherSecret}};
  options.url_signing_secret = kSigningSecret;
  options.admin_token = kAdminToken;
  options.pending_seconds = 0;
  options.started_seconds = 0;
  options.log_format = format;
  return options;
}

} // namespace

TEST_CASE("secrets appear in no log line and no response, in either log format", "[secrets]") {
  for (const LogFormat format : {LogFormat::text, LogFormat::json}) {
    INFO((format == LogFormat::text ? "text log" : "json log"));
    std::string responses, log;
    {
      StderrCapture capture;
      {
        MockFixture mock(secrets_options(format));
        responses = drive(mock);
      }
      log = capture.text();
    }
    // The log was written (one line per request, the known key named), so its absence of
    // secrets means something.
    CHECK(std::count(log.begin(), log.end(), '\n') >= 18);
    CHECK(log.find(kAccount) != std::string::npos);
    check_no_secret("the access log", log);
    check_no_secret("the responses", responses);
  }
}

TEST_CASE("a path with line breaks cannot forge an access log line", "[secrets]") {
  std::string log;
  {
    StderrCapture capture;
    {
      MockFixture mock(secrets_options(LogFormat::text));
      const auto res = mock.client().Get("/v2/x%0A2026-01-01T00:00:00 GET /forged 200%0D");
      REQUIRE(res);
      CHECK(res->status == 401);
    }
    log = capture.text();
  }
  CHECK(std::count(log.begin(), log.end(), '\n') == 1);
  CHECK(log.find("\\x0a2026-01-01T00:00:00 GET /forged 200\\x0d") != std::string::npos);
}

// POST /_mock/echo reports an upload and the verdict POST /v2/jobs/file gives it; the verdict must
// be the very answer a submission gets, for well-formed and malformed requests alike.
#include <catch2/catch.hpp>

#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {

const std::string kBoundary = "----echo5820466";

std::string part(const std::string& name, const std::string& filename_attr,
                 const std::string& content) {
  return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"" +
         filename_attr + "\r\n\r\n" + content + "\r\n";
}

std::string form(const std::vector<std::string>& parts) {
  std::string body;
  for (const auto& p : parts)
    body += p;
  return body + "--" + kBoundary + "--\r\n";
}

const std::string kMultipart = "multipart/form-data; boundary=" + kBoundary;

struct Upload {
  std::string what;
  std::string content_type;
  std::string body;
  std::string headers =
      "User-Agent: echo-test\r\nAuthorization: " + basic_auth(kKey, kSecret) + "\r\n";
  enum class Framing { length, chunked, none } framing = Framing::length;
};

std::string request(const std::string& path, const Upload& u) {
  std::string head =
      "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + u.headers;
  if (!u.content_type.empty())
    head += "Content-Type: " + u.content_type + "\r\n";
  switch (u.framing) {
  case Upload::Framing::length:
    return head + "Content-Length: " + std::to_string(u.body.size()) + "\r\n\r\n" + u.body;
  case Upload::Framing::chunked: {
    char size[32];
    std::snprintf(size, sizeof size, "%zx", u.body.size());
    return head + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\n" + u.body + "\r\n0\r\n\r\n";
  }
  case Upload::Framing::none:
    return head + "\r\n";
  }
  return head;
}

nlohmann::json echo(const MockFixture& mock, const Upload& u) {
  const auto res = mock.raw(request("/_mock/echo", u));
  INFO(res.body);
  REQUIRE(res.status == 200);
  return nlohmann::json::parse(res.body);
}

std::vector<Upload> uploads() {
  const std::string spec = property_details_spec();
  const std::string job_type = part("job_type", "", "property-details");
  const std::string file = part("file", "; filename=\"spec.json\"", spec);
  const std::string no_auth_headers = "User-Agent: echo-test\r\n";
  std::vector<Upload> all = {
      {"a well-formed upload", kMultipart, form({job_type, file})},
      {"chunked, no length", kMultipart, form({job_type, file})},
      {"no boundary", "multipart/form-data", form({job_type, file})},
      {"a boundary that does not match", "multipart/form-data; boundary=other",
       form({job_type, file})},
      {"JSON instead of multipart", "application/json", spec},
      {"urlencoded", "application/x-www-form-urlencoded", "job_type=property-details&file=x"},
      {"the file as a plain field", kMultipart, form({job_type, part("file", "", spec)})},
      {"the file under another name", kMultipart,
       form({job_type, part("spec", "; filename=\"spec.json\"", spec)})},
      {"no job_type", kMultipart, form({file})},
      {"an unknown job_type", kMultipart, form({part("job_type", "", "property_details"), file})},
      {"an invalid spec", kMultipart,
       form({job_type, part("file", "; filename=\"spec.json\"", R"({"detail_type": []})")})},
      {"a match job without metadata", kMultipart,
       form({part("job_type", "", "match"), part("file", "; filename=\"a.csv\"",
                                                 "Address1,City,State,Zip\r\n1 A St,X,NY,1\r\n")})},
      {"no User-Agent", kMultipart, form({job_type, file}),
       "Authorization: " + basic_auth(kKey, kSecret) + "\r\n"},
      {"no credentials", kMultipart, form({job_type, file}), no_auth_headers},
      {"a wrong secret", kMultipart, form({job_type, file}),
       no_auth_headers + "Authorization: " + basic_auth(kKey, "wrong") + "\r\n"},
      {"no body length", kMultipart, ""},
  };
  all[1].framing = Upload::Framing::chunked;
  all.back().framing = Upload::Framing::none;
  return all;
}

} // namespace

TEST_CASE("echo's verdict is the answer POST /v2/jobs/file gives, for every kind of upload",
          "[echo]") {
  MockFixture mock;
  for (const Upload& upload : uploads()) {
    INFO(upload.what);
    const auto verdict = echo(mock, upload)["verdict"];
    const auto real = mock.raw(request("/v2/jobs/file", upload));
    INFO("POST /v2/jobs/file answered " << real.status << " " << real.body);
    CHECK(verdict["status"] == real.status);
    CHECK(verdict["accepted"] == (real.status == 201));
    const auto body = nlohmann::json::parse(real.body);
    if (real.status == 201) {
      CHECK(verdict["job_type"] == body["job_type"]);
      CHECK(verdict["filename"] == body["filename"]);
    } else {
      CHECK(verdict["type"] == body["type"]);
      CHECK(verdict["message"] == body["message"]);
    }
    // The next submission must not meet the accepted job's one-job-at-a-time gate.
    REQUIRE(mock.client().Post("/_mock/reset", "", "text/plain")->status == 200);
  }
}

TEST_CASE("echo shows headers, form fields and file parts, with credentials redacted", "[echo]") {
  MockFixture mock;
  const std::string spec = property_details_spec(3);
  const auto report = echo(mock, {"", kMultipart,
                                  form({part("job_type", "", "property-details"),
                                        part("file", "; filename=\"ids.json\"", spec)})});
  CHECK(report["verdict"]["accepted"] == true);
  CHECK(report["verdict"]["job_type"] == "property-details");
  CHECK(report["form"] == nlohmann::json{{"job_type", "property-details"}});
  REQUIRE(report["files"].size() == 1);
  CHECK(report["files"][0]["name"] == "file");
  CHECK(report["files"][0]["filename"] == "ids.json");
  CHECK(report["files"][0]["size"] == spec.size());
  CHECK(report["files"][0]["first_bytes"] == spec.substr(0, 64));
  CHECK(report["headers"]["Authorization"] == "Basic <redacted: access key demo-access-key>");
  CHECK(report["headers"]["User-Agent"] == "echo-test");
  CHECK(report["transfer"]["boundary"] == kBoundary);
  CHECK(report["transfer"]["framing"] == "content-length");
  CHECK(report.dump().find(kSecret) == std::string::npos);
  CHECK(report.dump().find(basic_auth(kKey, kSecret).substr(6)) == std::string::npos);
  CHECK(body_of(mock.get("/v2/jobs/file"))["count"] == 0); // nothing was submitted
}

TEST_CASE("echo reports the body a multipart parser cannot split, and a chunked upload", "[echo]") {
  MockFixture mock;
  Upload no_boundary{"", "multipart/form-data", form({part("job_type", "", "search")})};
  auto report = echo(mock, no_boundary);
  CHECK(report["transfer"]["multipart"] == true);
  CHECK(report["transfer"]["boundary"] == "");
  CHECK(report["transfer"]["body_read"] == false);
  CHECK_THAT(report["verdict"]["message"].get<std::string>(), Catch::Contains("no boundary"));

  Upload json{"", "application/json", property_details_spec()};
  report = echo(mock, json);
  CHECK(report["transfer"]["body_size"] == property_details_spec().size());
  CHECK(report["transfer"]["body_first_bytes"] == property_details_spec().substr(0, 64));
  CHECK(report["files"].empty());

  Upload chunked{"", kMultipart,
                 form({part("job_type", "", "property-details"),
                       part("file", "; filename=\"spec.json\"", property_details_spec())})};
  chunked.framing = Upload::Framing::chunked;
  report = echo(mock, chunked);
  CHECK(report["transfer"]["framing"] == "chunked");
  CHECK(report["transfer"]["content_length"].is_null());
  // Judged from its headers: the body is never read (cpp-httplib would read a chunked body whole,
  // without its cap), so no parts are shown; the verdict says why not.
  CHECK(report["transfer"]["body_read"] == false);
  CHECK(report["files"].empty());
  CHECK(report["verdict"]["status"] == 400);
  CHECK_THAT(report["verdict"]["message"].get<std::string>(), Catch::Contains("chunked"));
}

TEST_CASE("echo counts against no rate limit and never submits", "[echo]") {
  Options options = test_options();
  options.rate_limit = 1;
  MockFixture mock(options);
  const Upload upload{"", kMultipart,
                      form({part("job_type", "", "property-details"),
                            part("file", "; filename=\"spec.json\"", property_details_spec())})};
  for (int i = 0; i < 4; ++i)
    CHECK(echo(mock, upload)["verdict"]["accepted"] == true);
  const auto res = mock.raw(request("/v2/jobs/file", upload));
  INFO(res.body);
  CHECK(res.status == 201);
}

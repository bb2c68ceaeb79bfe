#include <catch2/catch.hpp>

#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {

const std::string kBoundary = "----reonomy0546582662";

std::string multipart_body(const std::string& job_type_part, const std::string& file_part) {
  std::string body;
  if (!job_type_part.empty())
    body += "--" + kBoundary + "\r\n" + job_type_part;
  if (!file_part.empty())
    body += "--" + kBoundary + "\r\n" + file_part;
  return body + "--" + kBoundary + "--\r\n";
}

const std::string kJobTypeField =
    "Content-Disposition: form-data; name=\"job_type\"\r\n\r\nproperty-details\r\n";

std::string file_part(const std::string& name, const std::string& filename_attr) {
  return "Content-Disposition: form-data; name=\"" + name + "\"" + filename_attr +
         "\r\nContent-Type: application/json\r\n\r\n" + property_details_spec() + "\r\n";
}

std::string post(const std::string& content_type, const std::string& body,
                 const std::string& extra_headers = "") {
  std::string head = "POST /v2/jobs/file HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: raw-test\r\n"
                     "Authorization: " +
                     basic_auth(kKey, kSecret) + "\r\nConnection: close\r\n" + extra_headers;
  if (!content_type.empty())
    head += "Content-Type: " + content_type + "\r\n";
  return head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

void expect_file_not_found(const MockFixture::RawResponse& res, const std::string& cause) {
  INFO("body: " << res.body);
  CHECK(res.status == 400);
  const auto json = nlohmann::json::parse(res.body, nullptr, false);
  REQUIRE(json.is_object());
  CHECK(json["type"] == "FileNotFoundAtPathError");
  CHECK_THAT(json["message"].get<std::string>(), Catch::Contains(cause, Catch::CaseSensitive::No));
}

} // namespace

TEST_CASE("a well-formed raw multipart upload is accepted", "[upload]") {
  MockFixture mock;
  const auto res =
      mock.raw(post("multipart/form-data; boundary=" + kBoundary,
                    multipart_body(kJobTypeField, file_part("file", "; filename=\"spec.json\""))));
  INFO(res.body);
  CHECK(res.status == 201);
}

TEST_CASE("a hand-set multipart Content-Type without boundary gets FileNotFoundAtPathError",
          "[upload]") {
  MockFixture mock;
  const auto res =
      mock.raw(post("multipart/form-data",
                    multipart_body(kJobTypeField, file_part("file", "; filename=\"spec.json\""))));
  expect_file_not_found(res, "boundary");
  CHECK(nlohmann::json::parse(mock.get("/v2/jobs/file")->body)["count"] == 0);
}

TEST_CASE("a multipart body that does not match its boundary gets FileNotFoundAtPathError",
          "[upload]") {
  MockFixture mock;
  const auto res =
      mock.raw(post("multipart/form-data; boundary=something-else",
                    multipart_body(kJobTypeField, file_part("file", "; filename=\"spec.json\""))));
  expect_file_not_found(res, "boundary");
}

TEST_CASE("a JSON body instead of multipart gets FileNotFoundAtPathError", "[upload]") {
  MockFixture mock;
  expect_file_not_found(mock.raw(post("application/json", property_details_spec())),
                        "multipart/form-data");
}

TEST_CASE("a urlencoded body instead of multipart gets FileNotFoundAtPathError", "[upload]") {
  MockFixture mock;
  expect_file_not_found(
      mock.raw(post("application/x-www-form-urlencoded", "job_type=property-details&file=x")),
      "multipart/form-data");
}

TEST_CASE("a body with no Content-Type gets FileNotFoundAtPathError", "[upload]") {
  MockFixture mock;
  expect_file_not_found(mock.raw(post("", property_details_spec())), "multipart/form-data");
}

TEST_CASE("an upload without a part named file gets FileNotFoundAtPathError", "[upload]") {
  MockFixture mock;
  const auto res =
      mock.raw(post("multipart/form-data; boundary=" + kBoundary,
                    multipart_body(kJobTypeField, file_part("spec", "; filename=\"spec.json\""))));
  expect_file_not_found(res, "file");
  CHECK_THAT(res.body, Catch::Contains("spec"));
}

TEST_CASE("the file sent as a plain form field gets FileNotFoundAtPathError", "[upload]") {
  MockFixture mock;
  const auto res = mock.raw(post("multipart/form-data; boundary=" + kBoundary,
                                 multipart_body(kJobTypeField, file_part("file", ""))));
  expect_file_not_found(res, "field");
}

TEST_CASE("an upload without job_type names the allowed job types", "[upload]") {
  MockFixture mock;
  const auto res =
      mock.raw(post("multipart/form-data; boundary=" + kBoundary,
                    multipart_body("", file_part("file", "; filename=\"spec.json\""))));
  INFO(res.body);
  CHECK(res.status == 400);
  const auto json = nlohmann::json::parse(res.body);
  CHECK(json["type"] == "ValidationError");
  CHECK_THAT(json["message"].get<std::string>(), Catch::Contains("job_type"));
  CHECK_THAT(json["message"].get<std::string>(), Catch::Contains("property-details"));
}

TEST_CASE("an unknown job_type names the allowed values", "[upload]") {
  MockFixture mock;
  const auto res = mock.submit("property_details", property_details_spec());
  REQUIRE(res);
  CHECK(res->status == 400);
  const auto json = body_of(res);
  CHECK(json["type"] == "ValidationError");
  CHECK_THAT(json["message"].get<std::string>(),
             Catch::Contains("property-details, match, search"));
}

TEST_CASE("an upload over the size cap gets 413 without being read", "[upload]") {
  Options options = test_options();
  options.max_upload_bytes = 1024;
  MockFixture mock(options);
  const auto res = mock.submit("property-details", property_details_spec(100));
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(body_of(res)["type"] == "PayloadTooLarge");
  CHECK(mock.submit("property-details", property_details_spec(2))->status == 201);
}

TEST_CASE("invalid specs of each job type get 400 naming the field", "[upload]") {
  MockFixture mock;
  struct Case {
    const char* job_type;
    std::string content;
    std::string metadata;
    const char* field;
  };
  const std::string metadata =
      R"({"headers": ["Address1","City","State","Zip"], "mapping": {"address_line_1": "Address1",
      "address_city": "City", "address_state": "State", "address_postal": "Zip"}})";
  const Case cases[] = {
      {"property-details", R"({"detail_type": ["basic", "foreclosure"], "property_ids": []})", "",
       "detail_type[1]"},
      {"property-details",
       R"({"detail_type": ["basic"], "property_ids": ["51e2200a-5160-5ab1-8f98-20a17fedbb87", "x"]})",
       "", "property_ids[1]"},
      {"property-details",
       R"({"detail_type": ["basic"], "property_ids": ["51e2200a-5160-5ab1-8f98-20a17fedbb87"], "updated": {"sales": "2020-01-01"}})",
       "", "updated.sales"},
      {"property-details", "not json", "", "(file)"},
      {"search", R"({"settings": {"colour": ["red"]}})", "", "colour"},
      {"match", "Address1,City,State,Zip\n", metadata, "row"},
      {"match", "Address,City,State,Zip\n1 Main St,Town,NY,10001\n", metadata, "header"},
      {"match", "Address1,City,State,Zip\n1 Main St,Town,NY\n", metadata, "line 2"},
      {"match", "Address1,City,State,Zip\n1 Main St,Town,NY,10001\n", "", "metadata"},
      {"match", "Address1,City,State,Zip\n1 Main St,Town,NY,10001\n",
       R"({"headers": ["Address1","City","State","Zip"], "mapping": {"latitude": "Address1"}})",
       "mapping"},
  };
  for (const auto& c : cases) {
    const auto res = mock.submit(c.job_type, c.content, "f", c.metadata);
    REQUIRE(res);
    INFO(c.job_type << " " << c.content << " -> " << res->body);
    CHECK(res->status == 400);
    const auto json = body_of(res);
    CHECK(json["type"] == "ValidationError");
    CHECK_THAT(json["message"].get<std::string>(),
               Catch::Contains(c.field, Catch::CaseSensitive::No));
  }
  CHECK(body_of(mock.get("/v2/jobs/file"))["count"] == 0);
}

TEST_CASE("a POST without any body gets FileNotFoundAtPathError", "[upload]") {
  MockFixture mock;
  const auto res = mock.raw("POST /v2/jobs/file HTTP/1.1\r\nHost: x\r\nUser-Agent: t\r\n"
                            "Authorization: " +
                            basic_auth(kKey, kSecret) + "\r\nConnection: close\r\n\r\n");
  expect_file_not_found(res, "no body");
}

namespace {

// The body in HTTP/1.1 chunks, the way form-data streams a form it cannot measure.
std::string chunked_post(const std::string& body) {
  std::string chunks;
  for (std::size_t at = 0; at < body.size(); at += 100) {
    const std::string piece = body.substr(at, 100);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    chunks += std::string(size) + "\r\n" + piece + "\r\n";
  }
  return "POST /v2/jobs/file HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: raw-test\r\n"
         "Authorization: " +
         basic_auth(kKey, kSecret) +
         "\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary=" + kBoundary +
         "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks + "0\r\n\r\n";
}

} // namespace

TEST_CASE("a well-formed multipart upload sent chunked gets FileNotFoundAtPathError", "[upload]") {
  MockFixture mock;
  const std::string body =
      multipart_body(kJobTypeField, file_part("file", "; filename=\"spec.json\""));
  expect_file_not_found(mock.raw(chunked_post(body)), "Transfer-Encoding: chunked");
  // The very same body with a Content-Length is a job: the framing alone made the difference.
  const auto sized = mock.raw(post("multipart/form-data; boundary=" + kBoundary, body));
  INFO(sized.body);
  CHECK(sized.status == 201);
}

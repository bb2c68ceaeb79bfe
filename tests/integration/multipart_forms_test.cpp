// Uploads in the forms real clients send them (RFC 7578, RFC 9110), over raw sockets, end to end:
// each is accepted as a job, as a Python form parser (Werkzeug, Django) accepts it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {

struct Form {
  std::string label;
  std::string content_type;       // the request's Content-Type
  std::string boundary;           // as it appears in the body
  std::string job_type_part_head; // the job_type part's header lines
  std::string file_part_head;     // the file part's header lines
};

std::string upload(const Form& f) {
  const std::string body = "--" + f.boundary + "\r\n" + f.job_type_part_head +
                           "\r\n\r\nproperty-details\r\n--" + f.boundary + "\r\n" +
                           f.file_part_head + "\r\n\r\n" + property_details_spec() + "\r\n--" +
                           f.boundary + "--\r\n";
  return "POST /v2/jobs/file HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: forms-test\r\n"
         "Authorization: " +
         basic_auth(kKey, kSecret) + "\r\nContent-Type: " + f.content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         body;
}

} // namespace

TEST_CASE("multipart: the forms real clients send are accepted", "[multipart]") {
  MockFixture mock;
  const std::string guid = "7b6f2b3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
  const std::vector<Form> forms = {
      // .NET's MultipartFormDataContent, byte for byte: a quoted boundary, unquoted parameters,
      // filename* after filename.
      {".NET", "multipart/form-data; boundary=\"" + guid + "\"", guid,
       "Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: form-data; name=job_type",
       "Content-Type: application/json\r\nContent-Disposition: form-data; name=file; "
       "filename=spec.json; filename*=utf-8''spec.json"},
      {"filename before name", "multipart/form-data; boundary=b1", "b1",
       "Content-Disposition: form-data; name=\"job_type\"",
       "Content-Disposition: form-data; filename=\"spec.json\"; name=\"file\""},
      {"extra spaces", "multipart/form-data ;  boundary=b2", "b2",
       "Content-Disposition:   form-data ;  name = \"job_type\"",
       "Content-Disposition: form-data ; name = \"file\" ; filename = \"spec.json\""},
      {"media type and parameter in capitals", "Multipart/Form-Data; Boundary=b3", "b3",
       "content-disposition: Form-Data; NAME=\"job_type\"",
       "CONTENT-DISPOSITION: form-data; Name=\"file\"; FileName=\"spec.json\""},
      {"only filename*", "multipart/form-data; charset=utf-8; boundary=b4", "b4",
       "Content-Disposition: form-data; name=\"job_type\"",
       "Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''sp%C3%A9c.json"},
  };
  for (const auto& form : forms) {
    INFO(form.label);
    const auto res = mock.raw(upload(form));
    CHECK(res.status == 201);
    INFO(res.body);
    const auto job = nlohmann::json::parse(res.body, nullptr, false);
    REQUIRE(job.is_object());
    CHECK(job["job_type"] == "property-details");
    if (form.label == "only filename*")
      CHECK(job["filename"] == "sp\xc3\xa9"
                               "c.json");
    mock.advance(60); // the job finishes: the account may submit again
  }
}

TEST_CASE("multipart: part limits are named in the refusal", "[multipart]") {
  MockFixture mock;
  const Form long_header = {"long header", "multipart/form-data; boundary=b", "b",
                            "Content-Disposition: form-data; name=\"job_type\"",
                            "Content-Disposition: form-data; name=\"file\"; filename=\"" +
                                std::string(12000, 'n') + ".json\""};
  const auto res = mock.raw(upload(long_header));
  CHECK(res.status == 400);
  CHECK_THAT(res.body, Catch::Contains("FileNotFoundAtPathError"));
  CHECK_THAT(res.body, Catch::Contains("8192"));
}

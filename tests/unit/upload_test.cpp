#include <catch2/catch.hpp>

#include "specs/upload.hpp"

using namespace reonomy::mock;

namespace {

constexpr const char* kMultipart = "multipart/form-data; boundary=--0546582662";

httplib::MultipartFormDataMap parts_of(std::initializer_list<httplib::MultipartFormData> items) {
  httplib::MultipartFormDataMap parts;
  for (const auto& item : items)
    parts.emplace(item.name, item);
  return parts;
}

httplib::MultipartFormData field(const std::string& name, const std::string& value) {
  return httplib::MultipartFormData{name, value, "", ""};
}

httplib::MultipartFormData file_part(const std::string& content,
                                     const std::string& filename = "payload.json") {
  return httplib::MultipartFormData{"file", content, filename, "application/json"};
}

// The error extract_upload throws, so a test can check status, type and message together.
ApiError upload_error(std::string_view content_type, const httplib::MultipartFormDataMap& parts) {
  try {
    extract_upload(content_type, parts);
  } catch (const ApiError& e) {
    return e;
  }
  FAIL("extract_upload accepted the upload");
  throw std::logic_error("unreachable");
}

const std::string kSpec = R"({"detail_type": ["basic"], "property_ids": []})";

} // namespace

TEST_CASE("a documented property-details upload yields the job type and the file", "[upload]") {
  // As requests sends it: data={"job_type": "property-details"}, files=[("file", file_obj)].
  const auto parts = parts_of({field("job_type", "property-details"), file_part(kSpec)});
  const UploadView upload = extract_upload(kMultipart, parts);
  CHECK(upload.job_type == "property-details");
  CHECK_FALSE(upload.metadata.has_value());
  CHECK(upload.filename == "payload.json");
  CHECK(upload.content == kSpec);
}

TEST_CASE("a match upload carries the metadata form field", "[upload]") {
  const std::string metadata =
      "{'headers':['Address1','City','State','Zip'],'mapping':{'address_line_1':'Address1',"
      "'address_city':'City','address_state':'State','address_postal':'Zip'}}";
  const auto parts =
      parts_of({field("job_type", "match"), field("metadata", metadata),
                file_part("Address1,City,State,Zip\n767 3rd Ave,New York,NY,10017\n", "a.csv")});
  const UploadView upload = extract_upload("Multipart/Form-Data; boundary=x", parts);
  CHECK(upload.job_type == "match");
  REQUIRE(upload.metadata.has_value());
  CHECK(*upload.metadata == metadata);
  CHECK(upload.filename == "a.csv");
}

TEST_CASE("a JSON body is a FileNotFoundAtPathError explaining the multipart form", "[upload]") {
  const ApiError e = upload_error("application/json", {});
  CHECK(e.status() == 400);
  CHECK(e.type() == "FileNotFoundAtPathError");
  CHECK_THAT(e.what(), Catch::Contains("application/json") &&
                           Catch::Contains("multipart/form-data") && Catch::Contains("job_type") &&
                           Catch::Contains("`file`") &&
                           Catch::Contains("Do not set the Content-Type"));
}

TEST_CASE("a urlencoded body says the spec went as form data instead of a file", "[upload]") {
  const ApiError e = upload_error("application/x-www-form-urlencoded", {});
  CHECK(e.status() == 400);
  CHECK(e.type() == "FileNotFoundAtPathError");
  CHECK_THAT(e.what(), Catch::Contains("urlencoded") && Catch::Contains("not as a file") &&
                           Catch::Contains("files="));
}

TEST_CASE("a request without Content-Type says so", "[upload]") {
  const ApiError e = upload_error("", {});
  CHECK(e.status() == 400);
  CHECK(e.type() == "FileNotFoundAtPathError");
  CHECK_THAT(e.what(), Catch::Contains("no Content-Type header"));
}

TEST_CASE("another content type is named in the error", "[upload]") {
  const ApiError e = upload_error("text/plain; charset=utf-8", {});
  CHECK(e.type() == "FileNotFoundAtPathError");
  CHECK_THAT(e.what(), Catch::Contains("\"text/plain; charset=utf-8\"") &&
                           Catch::Contains("not multipart/form-data"));
}

TEST_CASE("a missing file part lists the parts that came and names a misnamed file part",
          "[upload]") {
  const auto parts =
      parts_of({field("job_type", "property-details"),
                httplib::MultipartFormData{"spec", kSpec, "spec.json", "application/json"}});
  const ApiError e = upload_error(kMultipart, parts);
  CHECK(e.status() == 400);
  CHECK(e.type() == "FileNotFoundAtPathError");
  CHECK_THAT(e.what(), Catch::Contains("no part named `file`") &&
                           Catch::Contains("parts received: \"job_type\", \"spec\"") &&
                           Catch::Contains("\"spec.json\"") && Catch::Contains("-F file=@"));
}

TEST_CASE("an empty multipart body says it had no parts", "[upload]") {
  const ApiError e = upload_error(kMultipart, {});
  CHECK(e.type() == "FileNotFoundAtPathError");
  CHECK_THAT(e.what(), Catch::Contains("no parts at all"));
}

TEST_CASE("a file sent as a plain form field explains how to send it as a file", "[upload]") {
  // curl -F 'file=<spec.json' sends the content without a filename.
  const auto parts = parts_of({field("job_type", "property-details"), field("file", kSpec)});
  const ApiError e = upload_error(kMultipart, parts);
  CHECK(e.status() == 400);
  CHECK(e.type() == "FileNotFoundAtPathError");
  CHECK_THAT(e.what(), Catch::Contains("plain form field") && Catch::Contains("no filename") &&
                           Catch::Contains("-F file=@spec.json") && Catch::Contains("files="));
}

TEST_CASE("two file parts are refused", "[upload]") {
  const auto parts = parts_of(
      {field("job_type", "property-details"), file_part(kSpec), file_part(kSpec, "b.json")});
  const ApiError e = upload_error(kMultipart, parts);
  CHECK(e.type() == "FileNotFoundAtPathError");
  CHECK_THAT(e.what(), Catch::Contains("2 parts named `file`"));
}

TEST_CASE("a missing job_type is a ValidationError listing the job types", "[upload]") {
  const ApiError e = upload_error(kMultipart, parts_of({file_part(kSpec)}));
  CHECK(e.status() == 400);
  CHECK(e.type() == "ValidationError");
  CHECK_THAT(e.what(), Catch::StartsWith("job_type: missing") &&
                           Catch::Contains("property-details, match, search"));
}

TEST_CASE("job_type sent as a file part or twice is a ValidationError", "[upload]") {
  const ApiError as_file = upload_error(
      kMultipart, parts_of({file_part(kSpec), httplib::MultipartFormData{
                                                  "job_type", "match", "job.txt", "text/plain"}}));
  CHECK(as_file.type() == "ValidationError");
  CHECK_THAT(as_file.what(),
             Catch::StartsWith("job_type: sent as a file part") && Catch::Contains("job.txt"));

  const ApiError twice = upload_error(
      kMultipart,
      parts_of({file_part(kSpec), field("job_type", "match"), field("job_type", "search")}));
  CHECK(twice.type() == "ValidationError");
  CHECK_THAT(twice.what(), Catch::StartsWith("job_type: sent 2 times"));
}

TEST_CASE("framing problems are reported before a missing job_type", "[upload]") {
  const ApiError e = upload_error(kMultipart, parts_of({field("file", kSpec)}));
  CHECK(e.type() == "FileNotFoundAtPathError");
}

TEST_CASE("require_job_type maps the three names and lists them on anything else", "[upload]") {
  CHECK(require_job_type("property-details") == JobType::property_details);
  CHECK(require_job_type("match") == JobType::match);
  CHECK(require_job_type("search") == JobType::search);
  try {
    require_job_type("property_details");
    FAIL("accepted property_details");
  } catch (const ApiError& e) {
    CHECK(e.status() == 400);
    CHECK(e.type() == "ValidationError");
    CHECK_THAT(e.what(), Catch::StartsWith("job_type: \"property_details\" is not a job type") &&
                             Catch::Contains("property-details, match, search"));
  }
}

TEST_CASE("a multipart Content-Type without boundary was most likely set by hand", "[upload]") {
  const ApiError e = unparsable_multipart_error("multipart/form-data");
  CHECK(e.status() == 400);
  CHECK(e.type() == "FileNotFoundAtPathError");
  CHECK_THAT(e.what(), Catch::Contains("no boundary") && Catch::Contains("set by hand") &&
                           Catch::Contains("let the HTTP library set Content-Type"));
}

TEST_CASE("a body that does not match its boundary is named with the boundary", "[upload]") {
  const ApiError e = unparsable_multipart_error("multipart/form-data; boundary=\"abc123\"");
  CHECK(e.status() == 400);
  CHECK(e.type() == "FileNotFoundAtPathError");
  CHECK_THAT(e.what(), Catch::Contains("does not match the boundary \"abc123\"") &&
                           Catch::Contains("truncated"));
  CHECK_THAT(unparsable_multipart_error("multipart/form-data; charset=utf-8; BOUNDARY=zz").what(),
             Catch::Contains("boundary \"zz\""));
  CHECK_THAT(unparsable_multipart_error("multipart/form-data; boundary=").what(),
             Catch::Contains("no boundary"));
}

TEST_CASE("a chunked multipart upload gets FileNotFoundAtPathError naming the framing",
          "[upload]") {
  try {
    require_sized_multipart(kMultipart, "chunked");
    FAIL("a chunked multipart body was accepted");
  } catch (const ApiError& e) {
    CHECK(e.status() == 400);
    CHECK(e.type() == "FileNotFoundAtPathError");
    CHECK_THAT(e.what(), Catch::Contains("Transfer-Encoding: chunked") &&
                             Catch::Contains("no Content-Length") &&
                             Catch::Contains("knownLength"));
  }
  CHECK_THROWS_AS(require_sized_multipart("Multipart/Form-Data; boundary=x", "gzip, Chunked"),
                  ApiError);
}

TEST_CASE("a sized multipart body, or a chunked body of another type, passes the framing check",
          "[upload]") {
  CHECK_NOTHROW(require_sized_multipart(kMultipart, ""));
  CHECK_NOTHROW(require_sized_multipart(kMultipart, "identity"));
  // Not multipart at all: extract_upload names that, which is the more useful message.
  CHECK_NOTHROW(require_sized_multipart("application/json", "chunked"));
}

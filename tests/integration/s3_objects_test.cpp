// Result objects answer as S3 objects do (statements O1 to O7, docs/S3_OBJECTS.md): lengths,
// ETags, ranges, conditional requests, signed verbs, and errors that arrive whole. Raw sockets
// show what is on the wire; cpp-httplib's client would hide framing.
#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include <regex>

#include "../temp_dir.hpp"
#include "core/hex.hpp"
#include "core/time_format.hpp"
#include "mock_fixture.hpp"
#include "results/presigner.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {

std::string md5_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_md5(), nullptr);
  return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), len), HexCase::lower);
}

// A header's value in a raw head ("" when absent), matched case-insensitively.
std::string header(const std::string& head, const std::string& name) {
  const std::regex line("(^|\r\n)" + name + ": ([^\r]*)", std::regex::icase);
  std::smatch m;
  return std::regex_search(head, m, line) ? m[2].str() : "";
}

bool has_header(const std::string& head, const std::string& name) {
  return std::regex_search(head, std::regex("(^|\r\n)" + name + ":", std::regex::icase));
}

struct Object {
  MockFixture mock;
  std::string target; // path and signed query
  std::string key;
  explicit Object(Options options = instant_test_options(), int ids = 40) : mock(options) {
    const auto job = mock.finished_job("property-details", property_details_spec(ids));
    const std::string url = job["result_urls"][0];
    target = url.substr(url.find("/job_cache/"));
    key = target.substr(1, target.find('?') - 1);
  }
  MockFixture::RawResponse send(const std::string& method, const std::string& headers = "",
                                const std::string& target_override = "") const {
    return mock.raw(method + " " + (target_override.empty() ? target : target_override) +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Connection: close\r\n\r\n");
  }
};

} // namespace

TEST_CASE("O1 O2: an object comes with its length, ETag, Last-Modified and S3's headers",
          "[s3_objects]") {
  Object o;
  const auto res = o.send("GET");
  REQUIRE(res.status == 200);
  CHECK(header(res.headers, "Content-Length") == std::to_string(res.body.size()));
  CHECK_FALSE(has_header(res.headers, "Transfer-Encoding"));
  CHECK(header(res.headers, "ETag") == "\"" + md5_hex(res.body) + "\"");
  const auto modified = parse_http_date(header(res.headers, "Last-Modified"));
  CHECK(modified);
  CHECK(header(res.headers, "Accept-Ranges") == "bytes");
  CHECK(std::regex_match(header(res.headers, "x-amz-request-id"), std::regex("[0-9A-F]{16}")));
  CHECK_FALSE(header(res.headers, "x-amz-id-2").empty());
  CHECK(header(res.headers, "Server") == "AmazonS3");
  CHECK(header(res.headers, "Content-Type") == "application/x-ndjson");
  // Asked for compression, S3 still sends the bytes as they are.
  const auto gz = o.send("GET", "Accept-Encoding: gzip, br\r\n");
  CHECK(gz.body == res.body);
  CHECK_FALSE(has_header(gz.headers, "Content-Encoding"));
}

TEST_CASE("O3: single ranges answer 206 with Content-Range and only that part", "[s3_objects]") {
  Object o;
  const std::string whole = o.send("GET").body;
  const std::string size = std::to_string(whole.size());
  const auto part = o.send("GET", "Range: bytes=100-199\r\n");
  CHECK(part.status == 206);
  CHECK(header(part.headers, "Content-Range") == "bytes 100-199/" + size);
  CHECK(header(part.headers, "Content-Length") == "100");
  CHECK(part.body == whole.substr(100, 100));
  const auto tail = o.send("GET", "Range: bytes=1000-\r\n");
  CHECK(tail.status == 206);
  CHECK(tail.body == whole.substr(1000));
  const auto last = o.send("GET", "Range: bytes=-10\r\n");
  CHECK(last.status == 206);
  CHECK(header(last.headers, "Content-Range") == "bytes " + std::to_string(whole.size() - 10) +
                                                     "-" + std::to_string(whole.size() - 1) + "/" +
                                                     size);
  CHECK(last.body == whole.substr(whole.size() - 10));
  const auto clamped = o.send("GET", "Range: bytes=0-99999999\r\n");
  CHECK(clamped.status == 206);
  CHECK(clamped.body == whole);
}

TEST_CASE("O4: a range past the end is 416 InvalidRange; ranges S3 cannot use are ignored",
          "[s3_objects]") {
  Object o;
  const std::string whole = o.send("GET").body;
  const std::string size = std::to_string(whole.size());
  const auto refused = o.send("GET", "Range: bytes=" + size + "-\r\n");
  CHECK(refused.status == 416);
  CHECK(header(refused.headers, "Content-Type") == "application/xml");
  CHECK(header(refused.headers, "Content-Range") == "bytes */" + size);
  CHECK_THAT(refused.body, Catch::Contains("<Code>InvalidRange</Code><Message>The requested range "
                                           "is not satisfiable</Message><RangeRequested>bytes=" +
                                           size + "-</RangeRequested><ActualObjectSize>" + size +
                                           "</ActualObjectSize><RequestId>"));
  CHECK(header(refused.headers, "Content-Length") == std::to_string(refused.body.size()));
  for (const char* ignored : {"bytes=0-1,5-9", "bytes=9-2", "items=0-1", "bytes=x-y", "0-1"}) {
    INFO(ignored);
    const auto res = o.send("GET", std::string("Range: ") + ignored + "\r\n");
    CHECK(res.status == 200);
    CHECK_FALSE(has_header(res.headers, "Content-Range"));
    CHECK(res.body == whole);
  }
}

TEST_CASE("O5: If-None-Match and If-Modified-Since give 304, If-Match and "
          "If-Unmodified-Since 412",
          "[s3_objects]") {
  Object o;
  const auto first = o.send("GET");
  const std::string etag = header(first.headers, "ETag");
  const std::string modified = header(first.headers, "Last-Modified");
  const auto modified_s = *parse_http_date(modified);

  const auto same = o.send("GET", "If-None-Match: " + etag + "\r\n");
  CHECK(same.status == 304);
  CHECK(same.body.empty());
  CHECK_FALSE(has_header(same.headers, "Content-Length"));
  CHECK(header(same.headers, "ETag") == etag);
  CHECK(header(same.headers, "Last-Modified") == modified);
  CHECK(o.send("GET", "If-Modified-Since: " + modified + "\r\n").status == 304);
  CHECK(o.send("GET", "If-Modified-Since: " + http_date(modified_s - 1) + "\r\n").status == 200);
  CHECK(o.send("GET", "If-None-Match: \"0123\"\r\n").status == 200);

  const auto other = o.send("GET", "If-Match: \"0123\"\r\n");
  CHECK(other.status == 412);
  CHECK_THAT(other.body, Catch::Contains("<Code>PreconditionFailed</Code><Message>At least one of "
                                         "the pre-conditions you specified did not hold</Message>"
                                         "<Condition>If-Match</Condition>"));
  CHECK(o.send("GET", "If-Match: " + etag + "\r\n").status == 200);
  const auto old = o.send("GET", "If-Unmodified-Since: " + http_date(modified_s - 1) + "\r\n");
  CHECK(old.status == 412);
  CHECK_THAT(old.body, Catch::Contains("<Condition>If-Unmodified-Since</Condition>"));
  // Preconditions come before Range.
  CHECK(o.send("GET", "If-None-Match: " + etag + "\r\nRange: bytes=999999999-\r\n").status == 304);
}

TEST_CASE("O6: the URL is signed for GET: HEAD, PUT and DELETE fail the signature, POST is not "
          "allowed",
          "[s3_objects]") {
  Object o;
  const auto head = o.send("HEAD");
  CHECK(head.status == 403);
  CHECK(head.body.empty());
  CHECK(header(head.headers, "Content-Type") == "application/xml");
  CHECK_FALSE(has_header(head.headers, "Accept-Ranges"));
  CHECK(header(head.headers, "Server") == "AmazonS3");
  for (const char* verb : {"PUT", "DELETE"}) {
    INFO(verb);
    const auto res = o.send(verb, "Content-Length: 5\r\n\r\nhello");
    CHECK(res.status == 403);
    CHECK(header(res.headers, "Content-Type") == "application/xml");
    CHECK_THAT(res.body, Catch::Contains("<Code>SignatureDoesNotMatch</Code>"));
    CHECK_THAT(res.body, Catch::Contains("<StringToSign>" + std::string(verb) + "\n\n\n"));
    CHECK_THAT(res.body, Catch::Contains("<StringToSignBytes>"));
    CHECK_THAT(res.body, Catch::Contains("/reonomy-viserion-prd/" + o.key + "</StringToSign>"));
  }
  const auto post = o.send("POST", "Content-Length: 0\r\n");
  CHECK(post.status == 405);
  CHECK_THAT(post.body,
             Catch::Contains("<Code>MethodNotAllowed</Code><Message>The specified method "
                             "is not allowed against this resource.</Message><Method>"
                             "POST</Method><ResourceType>OBJECT</ResourceType>"));
  CHECK(o.send("PATCH", "Content-Length: 0\r\n").status == 405);
  // A CORS preflight, as S3 answers for a bucket without CORS.
  const auto preflight = o.send("OPTIONS");
  CHECK(preflight.status == 400);
  CHECK_THAT(preflight.body, Catch::Contains("<Code>BadRequest</Code><Message>Insufficient "
                                             "information. Origin request header needed."));
  const auto cors =
      o.send("OPTIONS", "Origin: http://example.com\r\nAccess-Control-Request-Method: GET\r\n");
  CHECK(cors.status == 403);
  CHECK_THAT(cors.body, Catch::Contains("<Code>AccessForbidden</Code><Message>CORSResponse: CORS "
                                        "is not enabled for this bucket.</Message><Method>GET"
                                        "</Method><ResourceType>BUCKET</ResourceType>"));
  CHECK(o.send("GET").status == 200); // the URL itself still works
}

TEST_CASE("signatures are read as S3 reads them", "[s3_objects]") {
  Object o;
  const std::string path = o.target.substr(0, o.target.find('?'));
  const auto anonymous = o.send("GET", "", path);
  CHECK(anonymous.status == 403);
  CHECK_THAT(
      anonymous.body,
      Catch::Contains("<Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>"));
  // An unsigned response-* override is outside the signature.
  const auto overridden = o.send("GET", "", o.target + "&response-content-type=text%2Fplain");
  CHECK(overridden.status == 403);
  CHECK_THAT(overridden.body, Catch::Contains("<Code>SignatureDoesNotMatch</Code>"));
  CHECK_THAT(overridden.body,
             Catch::Contains(o.key + "?response-content-type=text/plain</StringToSign>"));
  // The signature's '=' (base64 padding) sent unencoded still verifies.
  std::string raw = o.target;
  const auto at = raw.find("%3D");
  REQUIRE(at != std::string::npos);
  raw.replace(at, 3, "=");
  CHECK(o.send("GET", "", raw).status == 200);
}

TEST_CASE("every S3 error arrives whole and uncompressed, whatever Range and Accept-Encoding say",
          "[s3_objects]") {
  Object o;
  const std::string path = o.target.substr(0, o.target.find('?'));
  const std::string nasty = "Range: bytes=0-5\r\nAccept-Encoding: gzip, br\r\n";
  const auto missing =
      o.send("GET", nasty, "/job_cache/nothing_0.ndjson" + o.target.substr(o.target.find('?')));
  const auto signature = o.send("GET", nasty, o.target + "&response-expires=1");
  const auto anonymous = o.send("GET", nasty, path);
  const auto precondition = o.send("GET", "If-Match: \"x\"\r\n" + nasty);
  for (const auto* res : {&missing, &signature, &anonymous, &precondition}) {
    INFO(res->headers);
    CHECK(res->status >= 400);
    CHECK_FALSE(has_header(res->headers, "Content-Encoding"));
    CHECK_FALSE(has_header(res->headers, "Content-Range"));
    CHECK(res->body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>", 0) == 0);
    CHECK(res->body.size() > 100);
    CHECK(res->body.find("</HostId></Error>") != std::string::npos);
    CHECK(header(res->headers, "Content-Length") == std::to_string(res->body.size()));
  }
}

TEST_CASE("O7: the same object fetched again, with or without the spool, and after a restart, "
          "is the same bytes with the same ETag",
          "[s3_objects]") {
  TempDir dir;
  Options options = instant_test_options();
  options.state_dir = (dir.path / "state").string();
  options.spool_dir = (dir.path / "spool").string();
  std::string target, body, etag, modified;
  {
    Object o(options);
    target = o.target;
    const auto a = o.send("GET"), b = o.send("GET");
    CHECK(a.body == b.body);
    CHECK(header(a.headers, "ETag") == header(b.headers, "ETag"));
    body = a.body;
    etag = header(a.headers, "ETag");
    modified = header(a.headers, "Last-Modified");
    bool spooled = false;
    for (const auto& item : std::filesystem::directory_iterator(dir.path / "spool"))
      spooled = spooled || item.path().extension() == ".object";
    CHECK(spooled);
  }
  CHECK_FALSE(std::filesystem::exists(dir.path / "spool")); // made by the mock: removed at exit
  {
    options.spool_bytes = 0; // and no spool at all this time
    MockFixture again(options);
    const auto res = again.raw("GET " + target +
                               " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: "
                               "close\r\n\r\n");
    CHECK(res.status == 200);
    CHECK(res.body == body);
    CHECK(header(res.headers, "ETag") == etag);
    CHECK(header(res.headers, "Content-Length") == std::to_string(body.size()));
  }
}

TEST_CASE("an empty object is Content-Length: 0 and arrives at once", "[s3_objects]") {
  MockFixture mock(instant_test_options());
  nlohmann::json spec = nlohmann::json::parse(property_details_spec(3));
  spec["updated"] = "2999-01-01";
  const auto job = mock.finished_job("property-details", spec.dump());
  const std::string url = job["result_urls"][0];
  const auto res = mock.raw("GET " + url.substr(url.find("/job_cache/")) +
                            " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  CHECK(res.status == 200);
  CHECK(header(res.headers, "Content-Length") == "0");
  CHECK(header(res.headers, "ETag") == "\"d41d8cd98f00b204e9800998ecf8427e\"");
  CHECK(res.body.empty());
  const auto ranged = mock.download(url);
  REQUIRE(ranged);
  CHECK(ranged->body.empty());
}

TEST_CASE("a URL whose signature covers response-content-type gets that Content-Type",
          "[s3_objects]") {
  // With --url-signing-secret known, a test can sign as S3's owner would: the same key id and
  // token as the mock's URL, the override among the signed sub-resources.
  Options options = instant_test_options();
  options.url_signing_secret = "s3-objects-test-secret";
  Object o(options);
  const auto params = parse_s3_query(o.target.substr(o.target.find('?') + 1));
  const auto param = [&](const char* name) { return params.find(name)->second; };
  const Presigner owner(
      "reonomy-viserion-prd",
      {param("AWSAccessKeyId"), options.url_signing_secret, param("x-amz-security-token")});
  const TimePoint expires{std::chrono::seconds(std::stoll(param("Expires")))};
  const std::string signature =
      owner.sign("GET", o.key, expires, {{"response-content-type", "text/plain"}});
  const std::string path = o.target.substr(0, o.target.find('?'));
  const std::string signed_target =
      path + "?AWSAccessKeyId=" + url_encode(param("AWSAccessKeyId")) +
      "&Signature=" + url_encode(signature) +
      "&x-amz-security-token=" + url_encode(param("x-amz-security-token")) +
      "&Expires=" + param("Expires") + "&response-content-type=text%2Fplain";
  const auto res = o.send("GET", "", signed_target);
  CHECK(res.status == 200);
  CHECK(header(res.headers, "Content-Type") == "text/plain");
  CHECK(res.body == o.send("GET").body);
}

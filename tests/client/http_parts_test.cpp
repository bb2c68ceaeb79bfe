#include <catch2/catch.hpp>

#include <sstream>

#include "conformance/reports.hpp"
#include "conformance/scenario_runner.hpp"
#include "http/etag.hpp"
#include "http/raw_http.hpp"
#include "http/url.hpp"
#include "http/xml_text.hpp"

using namespace reonomy::client;
using namespace reonomy::client::detail;

TEST_CASE("URLs split into origin, Host header and target", "[client][url]") {
  const Url a =
      parse_url("https://reonomy-viserion-prd.s3.amazonaws.com/job_cache/x_0.ndjson?Expires=1");
  CHECK(a.origin() == "https://reonomy-viserion-prd.s3.amazonaws.com:443");
  CHECK(a.host_header() == "reonomy-viserion-prd.s3.amazonaws.com");
  CHECK(a.target == "/job_cache/x_0.ndjson?Expires=1");
  CHECK(a.path() == "/job_cache/x_0.ndjson");
  const Url b = parse_url("http://[::1]:8080");
  CHECK(b.host == "::1");
  CHECK(b.port == 8080);
  CHECK(b.target == "/");
  CHECK(b.host_header() == "[::1]:8080");
  CHECK_THROWS_AS(parse_url("ftp://x"), UsageError);
  CHECK_THROWS_AS(parse_url("http://x:99999/"), UsageError);
  CHECK_THROWS_AS(parse_url("http://user:pw@x/"), UsageError);
}

TEST_CASE("paths resolve against the base URL, absolute URLs stay", "[client][url]") {
  CHECK(resolve_url("https://api.reonomy.com", "/v2/jobs/file") ==
        "https://api.reonomy.com/v2/jobs/file");
  CHECK(resolve_url("http://h/prefix/", "/v2/jobs/file") == "http://h/prefix/v2/jobs/file");
  CHECK(resolve_url("http://h", "https://s3/x") == "https://s3/x");
}

TEST_CASE("the object name is the URL's last path segment, decoded", "[client][url]") {
  CHECK(object_name("https://s3.example/job_cache/afcc88d7_0.ndjson?Signature=a%2Fb") ==
        "afcc88d7_0.ndjson");
  CHECK(object_name("http://h/job_results/a%20b.ndjson") == "a b.ndjson");
}

TEST_CASE("raw responses parse with Content-Length, chunked coding or until close",
          "[client][raw]") {
  auto r =
      parse_http_response("HTTP/1.1 403 Forbidden\r\nContent-Length: 5\r\nX-A: b \r\n\r\nhello!!");
  CHECK(r.status == 403);
  CHECK(r.body == "hello");
  CHECK(header_value(r.headers, "x-a") == "b");
  r = parse_http_response("HTTP/1.1 200 OK\r\nTransfer-Encoding: "
                          "chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n");
  CHECK(r.body == "hello world");
  r = parse_http_response("HTTP/1.0 200 OK\r\n\r\nall of it");
  CHECK(r.body == "all of it");
  CHECK_THROWS_AS(parse_http_response(""), TransportError);
  CHECK_THROWS_AS(parse_http_response("SSH-2.0-OpenSSH\r\n\r\n"), TransportError);
  CHECK_THROWS_AS(parse_http_response("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nshort"),
                  TransportError);
  // An answer to HEAD, and a 304, have no body whatever Content-Length says.
  CHECK(parse_http_response("HTTP/1.1 403 Forbidden\r\nContent-Length: 9\r\n\r\n", true).body ==
        "");
  CHECK(parse_http_response("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n").status ==
        304);
}

TEST_CASE("S3 error XML elements are read and unescaped", "[client][raw]") {
  const std::string xml =
      "<?xml version=\"1.0\"?>\n<Error><Code>NoSuchKey</Code><Message>The "
      "specified key does not exist.</Message><Key>a&amp;b&#x41;&#66;</Key></Error>";
  CHECK(xml_element_text(xml, "Code") == "NoSuchKey");
  CHECK(xml_element_text(xml, "Key") == "a&bAB");
  CHECK_FALSE(xml_element_text(xml, "RequestId"));
}

TEST_CASE("multipart bodies for raw steps are written with the boundary", "[client][raw]") {
  const auto body = encode_multipart(
      {{"job_type", "search", "", ""}, {"file", "{}", "s.json", "application/json"}}, "XyZ");
  CHECK(body == "--XyZ\r\nContent-Disposition: form-data; name=\"job_type\"\r\n\r\nsearch\r\n"
                "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.json\"\r\n"
                "Content-Type: application/json\r\n\r\n{}\r\n--XyZ--\r\n");
}

TEST_CASE("JUnit XML escapes markup, control characters and invalid UTF-8", "[scenarios][junit]") {
  CHECK(xml_escape("a<b & \"c\"\n") == "a&lt;b &amp; &quot;c&quot;&#10;");
  CHECK(xml_escape(std::string("x\x01y")) == "x\xEF\xBF\xBDy");
  CHECK(xml_escape(std::string("\xC3\xA9\xFF")) == "\xC3\xA9\xEF\xBF\xBD");
}

TEST_CASE("the JUnit report has one suite per area with counts, failures and skips",
          "[scenarios][junit]") {
  ConformanceReport report;
  report.target = "t";
  report.seconds = 1.5;
  report.results.push_back(
      {"ok one", "jobs", "jobs/a.json", {"J3"}, Outcome::passed, "", std::nullopt, 0.01});
  report.results.push_back({"bad <one>",
                            "jobs",
                            "jobs/b.json",
                            {"J4", "S5"},
                            Outcome::failed,
                            "",
                            StepFailure{1, "steps[1] raw GET /x", "status", "201", "400 & more"},
                            0.02});
  report.results.push_back({"later",
                            "results",
                            "results/c.json",
                            {"U2"},
                            Outcome::skipped,
                            "needs manual-clock",
                            std::nullopt,
                            0});
  std::ostringstream out;
  write_junit(report, out);
  const std::string xml = out.str();
  CHECK_THAT(xml, Catch::StartsWith(
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"reonomy "
                      "conformance\" tests=\"3\" failures=\"1\" skipped=\"1\""));
  CHECK_THAT(xml,
             Catch::Contains("<testsuite name=\"jobs\" tests=\"2\" failures=\"1\" skipped=\"0\""));
  CHECK_THAT(
      xml, Catch::Contains("<testsuite name=\"results\" tests=\"1\" failures=\"0\" skipped=\"1\""));
  CHECK_THAT(xml, Catch::Contains("name=\"bad &lt;one&gt;\""));
  CHECK_THAT(
      xml,
      Catch::Contains(
          "<failure message=\"steps[1] raw GET /x: status: expected 201, actual 400 &amp; more\""));
  CHECK_THAT(xml, Catch::Contains("<skipped message=\"needs manual-clock\"/>"));
  CHECK_THAT(xml, Catch::Contains("<system-out>covers: J4, S5</system-out>"));
}

TEST_CASE("only a single-part S3 ETag states an MD5", "[client][etag]") {
  CHECK(etag_md5("\"9E107D9D372BB6826BD81D3542A419D6\"") == "9e107d9d372bb6826bd81d3542a419d6");
  CHECK_FALSE(etag_md5("\"d41d8cd98f00b204e9800998ecf8427e-2\"")); // multipart upload
  CHECK_FALSE(etag_md5("W/\"9e107d9d372bb6826bd81d3542a419d6\"")); // weak
  CHECK_FALSE(etag_md5("9e107d9d372bb6826bd81d3542a419d6"));       // not quoted
  CHECK_FALSE(etag_md5("\"9e107d9d372bb6826bd81d3542a419dg\""));   // not hex
  CHECK_FALSE(etag_md5(""));
}

TEST_CASE("an MD5 fed in pieces equals the MD5 of the whole", "[client][etag]") {
  Md5 md5;
  CHECK(md5.hex() == "d41d8cd98f00b204e9800998ecf8427e"); // nothing fed yet: the empty string
  md5.update("The quick brown fox ", 20);
  CHECK(md5.hex() == md5.hex()); // reading the digest leaves the state alone
  md5.update("jumps over the lazy dog", 23);
  CHECK(md5.bytes() == 43);
  CHECK(md5.hex() == "9e107d9d372bb6826bd81d3542a419d6");
  md5.reset();
  CHECK(md5.bytes() == 0);
  CHECK(md5.hex() == "d41d8cd98f00b204e9800998ecf8427e");
}

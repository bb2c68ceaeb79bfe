#include <catch2/catch.hpp>

#include <map>

#include "core/time_format.hpp"
#include "results/s3_get.hpp"

using namespace reonomy::mock;
using Kind = GetDecision::Kind;

namespace {

const ObjectVersion kTen{10, "\"0123456789abcdef0123456789abcdef\"", 784111777};
const std::int64_t kNow = 784111777 + 3600;

GetDecision get(std::map<std::string, std::string> headers, const ObjectVersion& object = kTen) {
  return decide_get(
      [&](std::string_view name) -> std::optional<std::string> {
        const auto it = headers.find(std::string(name));
        if (it == headers.end())
          return std::nullopt;
        return it->second;
      },
      object, kNow);
}

std::string range_of(const GetDecision& d) {
  if (d.kind == Kind::unsatisfiable)
    return "416";
  if (d.kind == Kind::whole)
    return "whole " + std::to_string(d.first) + "+" + std::to_string(d.length);
  return std::to_string(d.first) + "-" + std::to_string(d.first + d.length - 1);
}

std::string ranged(const std::string& value, const ObjectVersion& object = kTen) {
  return range_of(get({{"Range", value}}, object));
}

} // namespace

// The cases LocalStack recorded against AWS (test_s3_api.py::test_get_object_range, a 10-byte
// object) and the ones found in issues (docs/S3_OBJECTS.md).
TEST_CASE("single byte ranges answer 206 with S3's clamping", "[s3_get]") {
  CHECK(ranged("bytes=0-8") == "0-8");
  CHECK(ranged("bytes=1-1") == "1-1");
  CHECK(ranged("bytes=0-0") == "0-0");
  CHECK(ranged("bytes=1-") == "1-9");
  CHECK(ranged("bytes=-2") == "8-9");
  CHECK(ranged("bytes=-9") == "1-9");
  CHECK(ranged("bytes=-15") == "0-9");
  CHECK(ranged("bytes=0-100") == "0-9");
  CHECK(ranged("bytes=9-9") == "9-9");
}

TEST_CASE("ranges starting at or past the end, and bytes=-0, are unsatisfiable", "[s3_get]") {
  CHECK(ranged("bytes=100-200") == "416");
  CHECK(ranged("bytes=10-") == "416");
  CHECK(ranged("bytes=10-10") == "416");
  CHECK(ranged("bytes=-0") == "416");
  CHECK(ranged("bytes=18446744073709551615-") == "416");
}

TEST_CASE("ranges S3 cannot use are ignored: the whole object with 200", "[s3_get]") {
  for (const char* value :
       {"bytes=1-0", "bytes=0--1", "bytes=-1-", "bytes=-", "0-1", "bytes=0-1,3-4,7-9", "bytes=15-1",
        "items=0-1", "bytes= 0-1", "bytes=0-1 ", "bytes=a-b", "bytes=0x1-2", "BYTES=0-1",
        "bytes=99999999999999999999-", "bytes=+1-2", ""}) {
    INFO(value);
    CHECK(ranged(value) == "whole 0+10");
  }
}

TEST_CASE("an empty object: ranges from 0 are unsatisfiable, a suffix gives it whole", "[s3_get]") {
  const ObjectVersion empty{0, "\"d41d8cd98f00b204e9800998ecf8427e\"", 784111777};
  CHECK(ranged("bytes=0-", empty) == "416");
  CHECK(ranged("bytes=0-0", empty) == "416");
  CHECK(ranged("bytes=-1", empty) == "whole 0+0");
  CHECK(ranged("bytes=-0", empty) == "416");
  CHECK(ranged("bytes=5-2", empty) == "whole 0+0");
}

TEST_CASE("preconditions: If-Match and If-Unmodified-Since give 412, the others 304", "[s3_get]") {
  const std::string etag = kTen.etag, bare = etag.substr(1, 32);
  const std::string at = http_date(kTen.last_modified_s),
                    before = http_date(kTen.last_modified_s - 1),
                    after = http_date(kTen.last_modified_s + 1);
  CHECK(get({{"If-Match", etag}}).kind == Kind::whole);
  CHECK(get({{"If-Match", bare}}).kind == Kind::whole); // S3 matches unquoted tags too
  CHECK(get({{"If-Match", "\"other\", " + etag}}).kind == Kind::whole);
  CHECK(get({{"If-Match", "*"}}).kind == Kind::whole);
  CHECK(get({{"If-Match", "\"other\""}}).condition == "If-Match");
  CHECK(get({{"If-Match", "W/" + etag}}).kind == Kind::precondition_failed); // strong comparison
  CHECK(get({{"If-None-Match", "W/" + etag}}).kind == Kind::not_modified);   // weak comparison
  CHECK(get({{"If-None-Match", etag}}).kind == Kind::not_modified);
  CHECK(get({{"If-None-Match", "*"}}).kind == Kind::not_modified);
  CHECK(get({{"If-None-Match", "\"other\""}}).kind == Kind::whole);
  CHECK(get({{"If-Modified-Since", at}}).kind == Kind::not_modified);
  CHECK(get({{"If-Modified-Since", after}}).kind == Kind::not_modified);
  CHECK(get({{"If-Modified-Since", before}}).kind == Kind::whole);
  CHECK(get({{"If-Modified-Since", http_date(kNow + 60)}}).kind == Kind::whole); // future: ignored
  CHECK(get({{"If-Modified-Since", "yesterday"}}).kind == Kind::whole);
  CHECK(get({{"If-Unmodified-Since", at}}).kind == Kind::whole);
  CHECK(get({{"If-Unmodified-Since", before}}).condition == "If-Unmodified-Since");
  CHECK(get({{"If-Unmodified-Since", "not a date"}}).kind == Kind::whole);
}

TEST_CASE("preconditions follow S3's precedence and come before Range", "[s3_get]") {
  const std::string etag = kTen.etag, before = http_date(kTen.last_modified_s - 1);
  // AWS: If-Match true and If-Unmodified-Since false: 200 and the data.
  CHECK(get({{"If-Match", etag}, {"If-Unmodified-Since", before}}).kind == Kind::whole);
  // AWS: If-None-Match false and If-Modified-Since true: 304.
  CHECK(get({{"If-None-Match", etag}, {"If-Modified-Since", before}}).kind == Kind::not_modified);
  // If-None-Match present: If-Modified-Since is not looked at.
  CHECK(get({{"If-None-Match", "\"other\""}, {"If-Modified-Since", http_date(kNow)}}).kind ==
        Kind::whole);
  // A failed 412 condition wins over a 304 one.
  CHECK(get({{"If-Match", "\"other\""}, {"If-None-Match", etag}}).kind ==
        Kind::precondition_failed);
  CHECK(get({{"If-None-Match", etag}, {"Range", "bytes=100-"}}).kind == Kind::not_modified);
  CHECK(get({{"If-Match", "\"x\""}, {"Range", "bytes=100-"}}).kind == Kind::precondition_failed);
  CHECK(range_of(get({{"If-Match", etag}, {"Range", "bytes=2-3"}})) == "2-3");
}

TEST_CASE("HTTP dates parse in all three forms RFC 9110 names", "[time_format]") {
  CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777);
  CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
  CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == 784111777);
  CHECK(parse_http_date(http_date(0)) == 0);
  CHECK(parse_http_date(http_date(253402300799)) == 253402300799);
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 UTC"));
  CHECK_FALSE(parse_http_date("Sun, 31 Feb 1994 08:49:37 GMT"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 24:49:37 GMT"));
  CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT trailing"));
  CHECK_FALSE(parse_http_date(""));
  CHECK_FALSE(parse_http_date("1994-11-06T08:49:37Z"));
}

TEST_CASE("If-Range keeps a range only for the object the client has", "[s3_get]") {
  const std::string etag = kTen.etag;
  const auto with = [](const std::string& if_range) {
    return range_of(get({{"Range", "bytes=2-3"}, {"If-Range", if_range}}));
  };
  CHECK(with(etag) == "2-3");
  CHECK(with(http_date(kTen.last_modified_s)) == "2-3");
  CHECK(with("\"other\"") == "whole 0+10");
  CHECK(with("W/" + etag) == "whole 0+10"); // weak tags never match If-Range
  CHECK(with(http_date(kTen.last_modified_s + 1)) == "whole 0+10");
  CHECK(with("not a date") == "whole 0+10");
}

#include <catch2/catch.hpp>

#include <httplib.h>

#include "results/presigner.hpp"
#include "results/s3_errors.hpp"

using namespace reonomy::mock;
using namespace std::chrono_literals;

namespace {
const TimePoint t0 = TimePoint(std::chrono::seconds(1'584'656'280));

std::multimap<std::string, std::string> params_of(const std::string& query) {
  httplib::Params params;
  httplib::detail::parse_query_text(query, params);
  return {params.begin(), params.end()};
}
} // namespace

TEST_CASE("a signed URL verifies until its Expires second and not from then on", "[presigner]") {
  const Presigner signer("reonomy-viserion-prd");
  const auto params = params_of(signer.sign("job_cache/a_0.ndjson", t0 + 600s));
  CHECK(params.find("Expires")->second == "1584656880");
  CHECK(params.find("AWSAccessKeyId")->second.rfind("ASIA", 0) == 0);
  CHECK(signer.verify("job_cache/a_0.ndjson", params, t0) == Presigner::Verdict::ok);
  CHECK(signer.verify("job_cache/a_0.ndjson", params, t0 + 600s - 1us) == Presigner::Verdict::ok);
  CHECK(signer.verify("job_cache/a_0.ndjson", params, t0 + 600s) == Presigner::Verdict::expired);
}

TEST_CASE("changing any part of a signed URL breaks it", "[presigner]") {
  const Presigner signer("reonomy-viserion-prd");
  const auto good = params_of(signer.sign("job_cache/a_0.ndjson", t0 + 600s));
  CHECK(signer.verify("job_cache/a_1.ndjson", good, t0) == Presigner::Verdict::bad_signature);
  auto tamper = [&](const std::string& name, const std::string& value) {
    auto p = good;
    p.find(name)->second = value;
    return signer.verify("job_cache/a_0.ndjson", p, t0);
  };
  CHECK(tamper("Expires", "1584656881") == Presigner::Verdict::bad_signature);
  CHECK(tamper("Expires", "soon") == Presigner::Verdict::bad_signature);
  CHECK(tamper("Signature", "AAAA") == Presigner::Verdict::bad_signature);
  CHECK(tamper("x-amz-security-token", "other") == Presigner::Verdict::bad_signature);
  CHECK(tamper("AWSAccessKeyId", "ASIAOTHER") == Presigner::Verdict::unknown_access_key);
  for (const char* name : {"Expires", "Signature", "x-amz-security-token", "AWSAccessKeyId"}) {
    auto p = good;
    p.erase(name);
    CHECK(signer.verify("job_cache/a_0.ndjson", p, t0) == Presigner::Verdict::missing_parameters);
  }
  // A later Expires does not revive an expired URL: the signature covers it.
  CHECK(tamper("Expires", "1999999999") == Presigner::Verdict::bad_signature);
}

TEST_CASE("another signer's URLs do not verify", "[presigner]") {
  const Presigner a("bucket"), b("bucket", Presigner::Identity{a.identity().access_key_id, "other",
                                                               a.identity().security_token});
  const auto params = params_of(a.sign("k", t0 + 1s));
  CHECK(b.verify("k", params, t0) == Presigner::Verdict::bad_signature);
}

TEST_CASE("S3 error bodies have S3's layout", "[s3_errors]") {
  const S3Error e = make_s3_error(404, "NoSuchKey", "The specified key does not exist.",
                                  {{"Key", "job_cache/a&b_0.ndjson"}});
  CHECK(e.status == 404);
  CHECK(e.request_id.size() == 16);
  CHECK(e.body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
                     "<Message>The specified key does not exist.</Message>"
                     "<Key>job_cache/a&amp;b_0.ndjson</Key><RequestId>" +
                         e.request_id + "</RequestId><HostId>",
                     0) == 0);
  CHECK(e.body.find('\n') == e.body.rfind('\n'));
}

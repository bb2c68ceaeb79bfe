// A presigned result URL as the server reads it: the path cpp-httplib decodes, the query as S3
// reads it (parse_s3_query), the presigner's verdict, then the object key. Input: the request
// target, `/<key>?<query>`. Invariants: only the URL the presigner signed is accepted, only
// before it expires, and only for GET (SigV2 signs the verb).
#include <chrono>
#include <map>
#include <string>

#include <httplib.h>

#include "fuzz_support.hpp"
#include "results/object_key.hpp"
#include "results/presigner.hpp"

namespace {

using reonomy::mock::Presigner;
using reonomy::mock::TimePoint;

const Presigner& presigner() {
  static const Presigner signer("reonomy-batch-jobs",
                                {"ASIAFUZZFUZZFUZZFUZZ", "fuzz-secret", "fuzz-token+/="});
  return signer;
}

const TimePoint kNow{std::chrono::seconds(1'800'000'000)};

std::multimap<std::string, std::string> query_of(const std::string& query) {
  return reonomy::mock::parse_s3_query(query);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy;
  const std::string target(fuzz::as_text(data, size));
  const std::size_t question = target.find('?');
  const std::string path = httplib::detail::decode_url(target.substr(0, question), false);
  const std::string query = question == std::string::npos ? "" : target.substr(question + 1);
  const std::string key = path.empty() ? path : path.substr(1);

  const auto verdict = presigner().verify(key, query_of(query), kNow);
  (void)mock::parse_object_key(key);
  // Accepting an input needs an HMAC the fuzzer cannot forge: any ok is a signature bypass.
  fuzz::expect(verdict != Presigner::Verdict::ok, "an unsigned URL was accepted");

  const std::string signed_query = presigner().sign(key, kNow + std::chrono::seconds(600));
  // The presigner's own URL for this key: valid now, expired at Expires, refused for another key.
  fuzz::expect(presigner().verify(key, query_of(signed_query), kNow) == Presigner::Verdict::ok,
               "a freshly signed URL was refused");
  fuzz::expect(presigner().verify(key, query_of(signed_query), kNow + std::chrono::seconds(600)) ==
                   Presigner::Verdict::expired,
               "a signed URL was accepted at its expiry");
  fuzz::expect(presigner().verify(key + "x", query_of(signed_query), kNow) ==
                   Presigner::Verdict::bad_signature,
               "a URL signed for one key was accepted for another");
  fuzz::expect(presigner().verify("HEAD", key, query_of(signed_query), kNow) ==
                   Presigner::Verdict::bad_signature,
               "a URL signed for GET was accepted for HEAD");
  return 0;
}

#include "http/context.hpp"

#include <cmath>

#include "data/corpus.hpp"
#include "match/matcher.hpp"
#include "results/object_key.hpp"

namespace reonomy::mock {

namespace {
Micros micros(double seconds) { return Micros(std::llround(seconds * 1e6)); }

// ours: the bucket of the documentation's URLs; it only enters the signature.
constexpr const char* kBucket = "reonomy-viserion-prd";

Presigner make_presigner(const Options& options) {
  if (options.url_signing_secret.empty()) return Presigner(kBucket);
  Presigner::Identity identity = Presigner::random_identity();
  identity.secret = options.url_signing_secret;
  return Presigner(kBucket, std::move(identity));
}
} // namespace

ServiceContext::ServiceContext(Options opts)
    : options(std::move(opts)), clock(options.clock), accounts(options.users),
      limiter(options.rate_limit),
      corpus(std::make_shared<const Corpus>(Corpus::generate(options.seed, options.corpus_size))),
      matcher(std::make_shared<const Matcher>(*corpus)), presigner(make_presigner(options)) {}

ServiceContext::~ServiceContext() = default;

Phases ServiceContext::phases() const {
  return {micros(options.pending_seconds), micros(options.started_seconds)};
}

const ResultPlan& ServiceContext::plan_of(const Job& job) const {
  return job.results->plan([&] {
    if (const auto* details = std::get_if<PropertyDetailsSpec>(job.spec.get()))
      return ResultPlan::for_property_details(*details, *corpus, options.chunk_size);
    if (const auto* search = std::get_if<SearchSpec>(job.spec.get()))
      return ResultPlan::for_search(*search, *corpus);
    return ResultPlan::for_match(std::get<MatchSpec>(*job.spec));
  });
}

std::vector<std::string> ServiceContext::result_urls(const Job& job, TimePoint expires) const {
  std::vector<std::string> urls;
  const ResultPlan& plan = plan_of(job);
  for (std::size_t part = 0; part < plan.object_count(); ++part) {
    const std::string key = to_string(ObjectKey{job.result_id, part, job.type});
    urls.push_back(public_url + "/" + key + "?" + presigner.sign(key, expires));
  }
  return urls;
}

} // namespace reonomy::mock

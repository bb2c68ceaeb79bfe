#include "http/context.hpp"

#include <cmath>
#include <iostream>

#include "data/corpus.hpp"
#include "data/fixtures_dir.hpp"
#include "match/matcher.hpp"
#include "results/object_key.hpp"

namespace reonomy::mock {

namespace {

std::unique_ptr<StateStore> open_state(const Options& o) {
  if (o.state_dir.empty())
    return nullptr;
  StateStore::Config config;
  config.dir = o.state_dir;
  config.settings = {o.seed, o.corpus_size, o.chunk_size};
  config.quarantine = o.state_quarantine;
  config.note = [](const std::string& line) { std::cerr << "reonomy-mock: " << line << '\n'; };
  return std::make_unique<StateStore>(std::move(config));
}

// ours: a manual clock resumes at the time it had when the state was last saved, so stored jobs
// neither jump ahead nor go back in time across a restart.
Clock make_clock(ClockMode mode, const StateStore* state) {
  if (mode == ClockMode::manual && state && state->manual_clock())
    return Clock(mode, *state->manual_clock());
  return Clock(mode);
}

// ours: the bucket of the documentation's URLs; it only enters the signature.
constexpr const char* kBucket = "reonomy-viserion-prd";

Presigner make_presigner(const Options& options, const StateStore* state) {
  if (options.url_signing_secret.empty() && !state)
    return Presigner(kBucket);
  Presigner::Identity identity = state ? state->presigner_identity() : Presigner::random_identity();
  if (!options.url_signing_secret.empty())
    identity.secret = options.url_signing_secret;
  return Presigner(kBucket, std::move(identity));
}
} // namespace

ServiceContext::ServiceContext(Options opts)
    : options(std::move(opts)), state(open_state(options)),
      clock(make_clock(options.clock, state.get())), accounts(options.users),
      limiter(options.rate_limit), fixtures_dir(find_fixtures_dir(options.fixtures_dir)),
      journal(options.journal_size), presigner(make_presigner(options, state.get())) {
  if (!state)
    return;
  auto restored = state->take_jobs();
  if (options.log_format != LogFormat::off)
    std::cerr << "reonomy-mock: state directory " << state->dir().string()
              << ": jobs restored: " << restored.size() << '\n';
  // ours: a restart remakes every result object (they are a cache of deterministic bytes), so a
  // URL signed before it works after it for as long as its signature is valid.
  for (const Job& job : restored)
    job.results->refresh(clock.now());
  jobs.restore(std::move(restored));
  jobs.set_journal(state.get());
  if (clock.mode() == ClockMode::manual)
    state->save_clock(clock);
}

ServiceContext::~ServiceContext() = default;

void ServiceContext::build_corpus() {
  corpus_gate.start([seed = options.seed, size = options.corpus_size, dir = fixtures_dir] {
    auto corpus =
        std::make_shared<const Corpus>(Corpus::generate(seed, size, Gazetteer::shared(dir)));
    auto matcher = std::make_shared<const Matcher>(*corpus);
    return CorpusGate::Built{std::move(corpus), std::move(matcher)};
  });
}

Phases ServiceContext::phases() const {
  return {micros_from_seconds(options.pending_seconds),
          micros_from_seconds(options.started_seconds)};
}

const ResultPlan& ServiceContext::plan_of(const Job& job) const {
  return job.results->plan([&] {
    if (const auto* details = std::get_if<PropertyDetailsSpec>(job.spec.get()))
      return ResultPlan::for_property_details(*details, *corpus(), options.chunk_size);
    if (const auto* search = std::get_if<SearchSpec>(job.spec.get()))
      return ResultPlan::for_search(*search, *corpus());
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

#include "http/context.hpp"

#include <cmath>
#include <iostream>

#include "data/corpus.hpp"
#include "data/fixtures_dir.hpp"
#include "match/matcher.hpp"
#include "results/object_key.hpp"
#include "results/object_stream.hpp"

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
      journal(options.journal_size), presigner(make_presigner(options, state.get())),
      objects(ObjectStore::Config{
          options.spool_dir.empty() ? default_spool_dir()
                                    : std::filesystem::path(options.spool_dir),
          options.spool_bytes, !options.spool_dir.empty(), 0, [this] { render_started_jobs(); },
          [this] { return clock.now(); },
          [log = options.log_format != LogFormat::off](const std::string& line) {
            if (log)
              std::cerr << "reonomy-mock: " << line << '\n';
          }}) {
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

ObjectSource ServiceContext::object_source(std::shared_ptr<const Job> job, std::size_t part) const {
  return [this, job = std::move(job), part]() -> ObjectFill {
    // Rendered on a render thread or a download's: both wait for the corpus build.
    const std::shared_ptr<const Corpus> corpus = this->corpus();
    const std::shared_ptr<const Matcher> matcher = this->matcher();
    const ResultPlan& plan = plan_of(*job);
    std::shared_ptr<ObjectStream> stream = std::visit(
        [&](const auto& spec) -> std::unique_ptr<ObjectStream> {
          using Spec = std::decay_t<decltype(spec)>;
          if constexpr (std::is_same_v<Spec, PropertyDetailsSpec>)
            return std::make_unique<ObjectStream>(spec, plan, *corpus, part);
          else if constexpr (std::is_same_v<Spec, MatchSpec>)
            return std::make_unique<ObjectStream>(spec, plan, *corpus, *matcher);
          else
            return std::make_unique<ObjectStream>(spec, plan, *corpus);
        },
        *job->spec);
    // The generator keeps the job (its spec and plan), the corpus and the matcher alive.
    return [stream, job, corpus, matcher](std::string& out, std::size_t min_bytes) {
      return stream->fill(out, min_bytes);
    };
  };
}

TimePoint ServiceContext::objects_expire_at(const Job& job) const {
  return job.results->made_at(job.finished_at()) + micros_from_seconds(options.object_ttl_seconds);
}

void ServiceContext::watch(std::shared_ptr<const Job> job) {
  std::lock_guard lock(watched_mutex_);
  watched_.push_back(std::move(job));
}

void ServiceContext::render_started_jobs() {
  const TimePoint now = clock.now();
  std::vector<std::shared_ptr<const Job>> due;
  {
    std::lock_guard lock(watched_mutex_);
    auto keep = watched_.begin();
    for (auto& job : watched_) {
      const JobStatus status = job->status_at(now);
      if (!jobs.find_by_result(job->result_id))
        continue; // reset
      if (status == JobStatus::pending)
        *keep++ = std::move(job);
      else if (status != JobStatus::failure)
        due.push_back(std::move(job));
    }
    watched_.erase(keep, watched_.end());
  }
  for (const auto& job : due) {
    std::vector<std::pair<std::string, ObjectSource>> work;
    const ResultPlan& plan = plan_of(*job);
    for (std::size_t part = 0; part < plan.object_count(); ++part)
      work.emplace_back(to_string(ObjectKey{job->result_id, part, job->type}),
                        object_source(job, part));
    // A held job has no finish time yet: its objects are rendered, and expire with the job's.
    objects.prepare(std::move(work), job->finished_at() == TimePoint::max()
                                         ? TimePoint::max()
                                         : objects_expire_at(*job));
  }
}

} // namespace reonomy::mock

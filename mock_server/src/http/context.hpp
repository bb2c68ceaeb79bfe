#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "faults/fault_rules.hpp"
#include "http/corpus_gate.hpp"
#include "http/request_journal.hpp"
#include "jobs/accounts.hpp"
#include "jobs/job_store.hpp"
#include "jobs/rate_limiter.hpp"
#include "jobs/state_store.hpp"
#include "reonomy_mock/options.hpp"
#include "results/object_store.hpp"
#include "results/presigner.hpp"
#include "results/result_plan.hpp"

namespace reonomy::mock {

// The state every route works on, owned by the Server and shared by its handlers.
struct ServiceContext {
  explicit ServiceContext(Options opts);
  ~ServiceContext();

  // Starts building the corpus and the matcher in the background (Server::start calls it once the
  // server listens).
  void build_corpus();
  // The corpus and the matcher over it, waiting for their build; ApiError 500 when it failed.
  const std::shared_ptr<const Corpus>& corpus() const { return corpus_gate.get().corpus; }
  const std::shared_ptr<const Matcher>& matcher() const { return corpus_gate.get().matcher; }

  Phases phases() const;
  // The plan of a finished job's result objects, computed on first use.
  const ResultPlan& plan_of(const Job& job) const;
  // Presigned URLs of every result object of `job`, valid until `expires`.
  std::vector<std::string> result_urls(const Job& job, TimePoint expires) const;
  // A generator of result object `part` of `job` (which it keeps alive).
  ObjectSource object_source(std::shared_ptr<const Job> job, std::size_t part) const;
  // When the object's of a finished job stop existing (it was made, or remade, then + TTL).
  TimePoint objects_expire_at(const Job& job) const;
  // Has `job`'s result objects rendered ahead of their download as soon as it is STARTED (as
  // the real service prepares its results before SUCCESS).
  void watch(std::shared_ptr<const Job> job);

  const Options options;
  // The state directory (Options::state_dir), or null when state lives in memory only. Opened
  // first: the clock, the presigner and the jobs start from it.
  const std::unique_ptr<StateStore> state;
  Clock clock;
  const Accounts accounts;
  JobStore jobs;
  RateLimiter limiter;
  // The fixtures directory (Options::fixtures_dir or the one found), resolved at construction so
  // a wrong one stops the start; the tables are read by the build.
  const std::filesystem::path fixtures_dir;
  CorpusGate corpus_gate; // the corpus and the matcher shared by every job, once built
  FaultRules faults;      // the control plane's fault rules
  RequestJournal journal; // recent requests, for GET /_mock/requests
  // ours: the bucket of the documentation's URLs; it only enters the signature.
  const Presigner presigner;
  // Where clients reach the server (Options::public_url or http://host:port); set by
  // Server::start before the first request.
  std::string public_url;

private:
  void render_started_jobs();
  std::mutex watched_mutex_;
  std::vector<std::shared_ptr<const Job>> watched_;

public:
  // Last: its threads (which call back into the context) stop first.
  ObjectStore objects;
};

} // namespace reonomy::mock

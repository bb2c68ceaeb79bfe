#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobs/job.hpp"

namespace reonomy::mock {

// Where a JobStore records what it accepts and forgets, so that a durable store (StateStore)
// and memory agree. Called under the JobStore's lock: a submission is recorded before it is
// visible, and a reset cannot interleave with a submission.
class JobJournal {
public:
  // The submission as uploaded: the spec file's bytes and, for match, the metadata field.
  struct Upload {
    std::string_view content;
    std::optional<std::string_view> metadata;
  };
  virtual ~JobJournal() = default;
  // Records `job` for good; throws (an ApiError) to refuse it, and then nothing is kept.
  virtual void record(const Job& job, const Upload& upload) = 0;
  // Forgets every job, or the jobs of one account.
  virtual void forget(std::optional<std::string_view> access_key) = 0;
};

// Every account's jobs, newest last. Thread-safe; jobs are shared immutable values, so a reader
// keeps a job it fetched even if the account is reset meanwhile.
class JobStore {
public:
  // Accepts `job` unless its account has a job still in progress at `now` (null, PENDING or
  // STARTED): then throws ApiError 429 JobInProgress naming that job, and nothing changes.
  // The check and the insert are one step, so two racing submissions cannot both get in.
  // `on_accept`, when given, runs once the job is admitted (fault rules mark the job there, so a
  // refused submission consumes no rule). Then, with a journal, the job is recorded there (with
  // `upload`) before it is kept.
  std::shared_ptr<const Job> submit(Job job, TimePoint now, const JobJournal::Upload& upload = {},
                                    const std::function<void(Job&)>& on_accept = {});

  // Jobs accepted before a restart (each account's in acceptance order), kept without the
  // in-progress check and without recording them again.
  void restore(std::vector<Job> jobs);

  // From now on, record submissions and resets in `journal` (which must outlive the store);
  // nullptr: memory only (the default).
  void set_journal(JobJournal* journal);

  // The job whose result objects carry this result id, or nullptr (unknown, or reset).
  std::shared_ptr<const Job> find_by_result(const Uuid& result_id) const;

  // The account's job with this id, or nullptr (unknown id, or another account's job).
  std::shared_ptr<const Job> find(std::string_view access_key, const Uuid& id) const;

  struct Page {
    std::size_t count = 0;                         // all of the account's jobs
    std::vector<std::shared_ptr<const Job>> items; // newest first
  };
  Page list(std::string_view access_key, std::size_t limit, std::size_t offset) const;

  // Forget every job (of one account); returns how many were removed.
  std::size_t reset();
  std::size_t reset(std::string_view access_key);
  std::size_t size() const;

private:
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<std::shared_ptr<const Job>>, std::less<>> by_account_;
  std::map<Uuid, std::shared_ptr<const Job>> by_result_;
  JobJournal* journal_ = nullptr;
};

} // namespace reonomy::mock

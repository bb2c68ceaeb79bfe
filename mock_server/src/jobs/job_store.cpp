#include "jobs/job_store.hpp"

#include <algorithm>
#include <chrono>

#include "core/api_error.hpp"

namespace reonomy::mock {

std::shared_ptr<const Job> JobStore::submit(Job job, TimePoint now,
                                            const JobJournal::Upload& upload,
                                            const std::function<void(Job&)>& on_accept) {
  std::lock_guard lock(mutex_);
  auto& jobs = by_account_[job.access_key];
  // Only the newest job can be in progress: every earlier one was finished when its successor
  // was accepted, and a finished job stays finished.
  if (!jobs.empty() && jobs.back()->in_progress_at(now)) {
    const Job& running = *jobs.back();
    // ours: Retry-After tells when the running job will finish, in mock-clock seconds.
    // A held job (fault rule) has no end yet: ask for a poll a second later.
    const TimePoint finish = running.finished_at();
    const auto wait = finish == TimePoint::max()
                          ? std::chrono::seconds(1)
                          : std::chrono::ceil<std::chrono::seconds>(finish - now);
    throw ApiError(429, error_type::kJobInProgress,
                   "Job " + to_string(running.id) + " (" + std::string(to_string(running.type)) +
                       ") is still " + std::string(to_string(running.status_at(now))) +
                       "; batch jobs run one at a time per account. Submit again once it has "
                       "finished (poll GET /v2/jobs/file/" +
                       to_string(running.id) + ").",
                   {{"Retry-After", std::to_string(std::max<long long>(1, wait.count()))}});
  }
  if (on_accept)
    on_accept(job);
  if (journal_)
    journal_->record(job, upload);
  auto stored = std::make_shared<const Job>(std::move(job));
  jobs.push_back(stored);
  by_result_.emplace(stored->result_id, stored);
  return stored;
}

void JobStore::restore(std::vector<Job> jobs) {
  std::lock_guard lock(mutex_);
  for (auto& job : jobs) {
    auto stored = std::make_shared<const Job>(std::move(job));
    by_account_[stored->access_key].push_back(stored);
    by_result_.emplace(stored->result_id, stored);
  }
}

void JobStore::set_journal(JobJournal* journal) {
  std::lock_guard lock(mutex_);
  journal_ = journal;
}

std::shared_ptr<const Job> JobStore::find_by_result(const Uuid& result_id) const {
  std::lock_guard lock(mutex_);
  const auto it = by_result_.find(result_id);
  return it == by_result_.end() ? nullptr : it->second;
}

std::shared_ptr<const Job> JobStore::find(std::string_view access_key, const Uuid& id) const {
  std::lock_guard lock(mutex_);
  const auto it = by_account_.find(access_key);
  if (it == by_account_.end())
    return nullptr;
  for (const auto& job : it->second)
    if (job->id == id)
      return job;
  return nullptr;
}

JobStore::Page JobStore::list(std::string_view access_key, std::size_t limit,
                              std::size_t offset) const {
  std::lock_guard lock(mutex_);
  Page page;
  const auto it = by_account_.find(access_key);
  if (it == by_account_.end())
    return page;
  const auto& jobs = it->second;
  page.count = jobs.size();
  for (std::size_t i = offset; i < jobs.size() && page.items.size() < limit; ++i)
    page.items.push_back(jobs[jobs.size() - 1 - i]);
  return page;
}

std::size_t JobStore::reset() {
  std::lock_guard lock(mutex_);
  if (journal_)
    journal_->forget(std::nullopt);
  std::size_t removed = 0;
  for (const auto& [key, jobs] : by_account_)
    removed += jobs.size();
  by_account_.clear();
  by_result_.clear();
  return removed;
}

std::size_t JobStore::reset(std::string_view access_key) {
  std::lock_guard lock(mutex_);
  const auto it = by_account_.find(access_key);
  if (it == by_account_.end())
    return 0;
  if (journal_)
    journal_->forget(access_key);
  const std::size_t removed = it->second.size();
  for (const auto& job : it->second)
    by_result_.erase(job->result_id);
  by_account_.erase(it);
  return removed;
}

std::size_t JobStore::size() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [key, jobs] : by_account_)
    n += jobs.size();
  return n;
}

} // namespace reonomy::mock

#include "jobs/job.hpp"

#include <algorithm>

namespace reonomy::mock {

std::string_view to_string(JobStatus status) {
  switch (status) {
  case JobStatus::pending: return "PENDING";
  case JobStatus::started: return "STARTED";
  case JobStatus::success: return "SUCCESS";
  }
  return "?";
}

const ResultPlan& JobResults::plan(const std::function<ResultPlan()>& make) const {
  std::call_once(once_, [&] { plan_ = std::make_unique<const ResultPlan>(make()); });
  return *plan_;
}

std::uint64_t JobResults::size(const std::function<std::uint64_t()>& measure) const {
  std::call_once(size_once_, [&] { size_ = measure(); });
  return size_;
}

void JobResults::refresh(TimePoint now) {
  const std::int64_t us = now.time_since_epoch().count();
  std::int64_t seen = refreshed_us_.load();
  while (seen < us && !refreshed_us_.compare_exchange_weak(seen, us)) {
  }
}

TimePoint JobResults::made_at(TimePoint finished) const {
  return std::max(finished, TimePoint(Micros(refreshed_us_.load())));
}

JobStatus Job::status_at(TimePoint now) const {
  if (now < created + phases.pending) return JobStatus::pending;
  if (now < finished_at()) return JobStatus::started;
  return JobStatus::success;
}

TimePoint Job::modified_at(TimePoint now) const {
  switch (status_at(now)) {
  case JobStatus::pending: return created;
  case JobStatus::started: return created + phases.pending;
  case JobStatus::success: return finished_at();
  }
  return created;
}

} // namespace reonomy::mock

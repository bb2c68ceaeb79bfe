#include "jobs/job.hpp"

#include <algorithm>

namespace reonomy::mock {

std::string_view to_string(JobStatus status) {
  switch (status) {
  case JobStatus::pending:
    return "PENDING";
  case JobStatus::started:
    return "STARTED";
  case JobStatus::success:
    return "SUCCESS";
  case JobStatus::failure:
    return "FAILURE";
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

bool JobRelease::release(TimePoint now) {
  std::int64_t expected = kHeld;
  return released_us_.compare_exchange_strong(expected, now.time_since_epoch().count());
}

std::optional<TimePoint> JobRelease::released_at() const {
  const std::int64_t us = released_us_.load();
  if (us == kHeld)
    return std::nullopt;
  return TimePoint(Micros(us));
}

TimePoint Job::finished_at() const {
  const TimePoint queued_until = created + phases.pending;
  if (faults.fail_after == JobStatus::pending)
    return queued_until;
  const TimePoint ran_until = queued_until + phases.started;
  if (!faults.held)
    return ran_until;
  const auto released = release->released_at();
  return released ? std::max(ran_until, *released) : TimePoint::max();
}

JobStatus Job::status_at(TimePoint now) const {
  const TimePoint finished = finished_at();
  if (now < created + phases.pending && now < finished)
    return JobStatus::pending;
  if (now < finished)
    return JobStatus::started;
  return faults.fail_after ? JobStatus::failure : JobStatus::success;
}

TimePoint Job::modified_at(TimePoint now) const {
  switch (status_at(now)) {
  case JobStatus::pending:
    return created;
  case JobStatus::started:
    return created + phases.pending;
  case JobStatus::success:
  case JobStatus::failure:
    return finished_at();
  }
  return created;
}

} // namespace reonomy::mock

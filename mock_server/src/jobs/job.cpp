#include "jobs/job.hpp"

namespace reonomy::mock {

std::string_view to_string(JobStatus status) {
  switch (status) {
  case JobStatus::pending: return "PENDING";
  case JobStatus::started: return "STARTED";
  case JobStatus::success: return "SUCCESS";
  }
  return "?";
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

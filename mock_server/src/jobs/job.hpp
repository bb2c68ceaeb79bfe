#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "specs/job_type.hpp"
#include "specs/match_spec.hpp"
#include "specs/property_details_spec.hpp"
#include "specs/search_spec.hpp"

namespace reonomy::mock {

enum class JobStatus { pending, started, success };

// PENDING, STARTED, SUCCESS: the API's (Celery's) names.
std::string_view to_string(JobStatus status);

using JobSpec = std::variant<PropertyDetailsSpec, MatchSpec, SearchSpec>;

// How long a job spends queued and running, fixed when it is accepted.
struct Phases {
  Micros pending{0};
  Micros started{0};
};

// An accepted job. Immutable: its status is not stored but derived from when it was accepted,
// its phases and the clock, so advancing a manual clock moves every job without timers or
// threads.
struct Job {
  Uuid id;
  std::string access_key;
  JobType type;
  std::string filename;
  TimePoint created;
  Phases phases;
  std::shared_ptr<const JobSpec> spec;

  JobStatus status_at(TimePoint now) const;
  // When the status last changed, as of `now` (created while PENDING).
  TimePoint modified_at(TimePoint now) const;
  // When the job reaches SUCCESS.
  TimePoint finished_at() const { return created + phases.pending + phases.started; }
  bool in_progress_at(TimePoint now) const { return status_at(now) != JobStatus::success; }
};

} // namespace reonomy::mock

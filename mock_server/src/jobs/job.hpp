#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "results/result_plan.hpp"
#include "specs/job_type.hpp"
#include "specs/match_spec.hpp"
#include "specs/property_details_spec.hpp"
#include "specs/search_spec.hpp"

namespace reonomy::mock {

enum class JobStatus { pending, started, success, failure };

// PENDING, STARTED, SUCCESS, FAILURE: the API's (Celery's) names. FAILURE is not in the
// documentation ("until the first one either completes or fails"); it is Celery's name.
std::string_view to_string(JobStatus status);

using JobSpec = std::variant<PropertyDetailsSpec, MatchSpec, SearchSpec>;

// How long a job spends queued and running, fixed when it is accepted.
struct Phases {
  Micros pending{0};
  Micros started{0};
};

// What a finished job's result files need beyond its spec: the plan of its objects (computed on
// first use, from the spec and the corpus) and when its objects were last made (doc: fetching the
// job again gives new URLs; the mock also remakes objects an object TTL had removed).
class JobResults {
public:
  const ResultPlan& plan(const std::function<ResultPlan()>& make) const;
  // The byte size of a single-object result (a match CSV, as SFTP lists it), computed once.
  std::uint64_t size(const std::function<std::uint64_t()>& measure) const;
  // The objects exist from `finished` (or the last refresh) for the object TTL.
  void refresh(TimePoint now);
  TimePoint made_at(TimePoint finished) const;

private:
  mutable std::once_flag once_;
  mutable std::unique_ptr<const ResultPlan> plan_;
  mutable std::once_flag size_once_;
  mutable std::uint64_t size_ = 0;
  std::atomic<std::int64_t> refreshed_us_{0};
};

// What fault rules did to a job when it was accepted (mock control plane only).
struct JobFaults {
  // fail_job: the job ends in FAILURE instead of going on, at the end of this phase.
  std::optional<JobStatus> fail_after; // pending or started
  std::string failure_message;
  std::string fail_rule;
  // hold_job: the job stays STARTED until released (then it finishes no earlier than then).
  bool held = false;
  // sftp_late: the SFTP file appears this long after SUCCESS.
  Micros sftp_delay{0};
};

// When a held job was released (on the mock clock); the only thing about a job that changes.
class JobRelease {
public:
  // Releases at `now`; false when it was already released.
  bool release(TimePoint now);
  std::optional<TimePoint> released_at() const;

private:
  static constexpr std::int64_t kHeld = INT64_MIN;
  std::atomic<std::int64_t> released_us_{kHeld};
};

// An accepted job. Immutable: its status is not stored but derived from when it was accepted,
// its phases and the clock, so advancing a manual clock moves every job without timers or
// threads.
struct Job {
  Uuid id;
  std::string access_key;
  JobType type = JobType::property_details;
  std::string filename;
  TimePoint created;
  Phases phases;
  std::shared_ptr<const JobSpec> spec;
  Uuid result_id; // names its result objects (result_id_of(id))
  std::shared_ptr<JobResults> results = std::make_shared<JobResults>();
  JobFaults faults = {};
  std::shared_ptr<JobRelease> release = std::make_shared<JobRelease>();

  JobStatus status_at(TimePoint now) const;
  // When the status last changed, as of `now` (created while PENDING).
  TimePoint modified_at(TimePoint now) const;
  // When the job reaches SUCCESS or FAILURE; TimePoint::max() while held and not released.
  TimePoint finished_at() const;
  bool in_progress_at(TimePoint now) const {
    const JobStatus status = status_at(now);
    return status == JobStatus::pending || status == JobStatus::started;
  }
};

} // namespace reonomy::mock

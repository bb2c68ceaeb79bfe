#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.hpp"
#include "specs/job_type.hpp"

namespace reonomy::mock {

// The S3 key of a result object, in the forms of the documentation's example URLs:
// property-details `job_cache/<uuid>_<n>.ndjson` (n from 0), search `job_results/<uuid>.ndjson`;
// ours: match `job_results/<uuid>.csv` (the documentation shows no match result URL).
struct ObjectKey {
  Uuid result_id;       // the job's result id (result_id_of), not the job id
  std::size_t part = 0; // chunk number; always 0 for search
  JobType type = JobType::property_details;
};

std::string to_string(const ObjectKey& key);
// nullopt for anything that is not exactly one of the forms above.
std::optional<ObjectKey> parse_object_key(std::string_view key);

// ours: the documentation's keys carry a uuid other than the job id; the mock derives it from
// the job id (UUID v5), so a job's keys are stable and say nothing guessable about other jobs.
Uuid result_id_of(const Uuid& job_id);

} // namespace reonomy::mock

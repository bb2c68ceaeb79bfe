#pragma once

#include <optional>
#include <string_view>

#include "jobs/job.hpp"

namespace reonomy::mock {

// The typed spec of an upload: the spec file's bytes and, for match jobs, the metadata form
// field. The one parser of submissions, also used to re-read the uploads a state directory keeps,
// so a stored job means exactly what it meant when it was accepted. Throws ApiError 400
// ValidationError naming the field when the upload is not a valid spec of `type`.
JobSpec parse_job_spec(JobType type, std::string_view content,
                       std::optional<std::string_view> metadata);
// The same, taking the upload's bytes: a match spec keeps them without a copy.
JobSpec take_job_spec(JobType type, std::string content, std::optional<std::string_view> metadata);

} // namespace reonomy::mock

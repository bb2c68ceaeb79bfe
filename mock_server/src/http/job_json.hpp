#pragma once

#include <nlohmann/json.hpp>

#include "jobs/accounts.hpp"
#include "jobs/job.hpp"

namespace reonomy::mock {

// A job as the API shows it, as of `now`. The response to the submission itself has
// `status: null` (doc: "The job status is always null initially").
nlohmann::json job_json(const Job& job, const Account& owner, TimePoint now, bool creation_response);

} // namespace reonomy::mock

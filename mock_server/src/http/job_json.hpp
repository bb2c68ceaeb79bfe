#pragma once

#include <nlohmann/json.hpp>

#include "http/context.hpp"
#include "jobs/accounts.hpp"
#include "jobs/job.hpp"

namespace reonomy::mock {

// How a job is being shown, which decides its status and its result URLs:
//   created: the submission's response; `status: null` (doc: "always null initially").
//   fetched: GET /v2/jobs/file/{id}; a finished job's objects are remade and its URLs signed
//            afresh, valid for the URL TTL from now (doc: "call GET ... again to get a new URL").
//   listed:  an item of GET /v2/jobs/file; URLs as signed when the job finished, so they expire
//            (doc: "it's likely many of the result_urls will return Request has expired").
enum class JobView { created, fetched, listed };

nlohmann::json job_json(const ServiceContext& ctx, const Job& job, const Account& owner,
                        TimePoint now, JobView view);

} // namespace reonomy::mock

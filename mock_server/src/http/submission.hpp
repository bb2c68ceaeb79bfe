#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <httplib.h>

#include "jobs/accounts.hpp"
#include "jobs/job.hpp"

namespace reonomy::mock {

struct ServiceContext;

// A POST /v2/jobs/file body that passed every check: what the new job is made of.
struct Submission {
  JobType type;
  std::shared_ptr<const JobSpec> spec;
  std::string filename;
  // The upload as sent (views into the request's parts), for a state directory to keep.
  std::string_view content;
  std::optional<std::string_view> metadata;
};

// Every check POST /v2/jobs/file makes of a body cpp-httplib could split into parts, in the
// route's order: the framing and part names (extract_upload), job_type, then the spec of that
// job type. `req` gives the headers, `parts` every part the body carried (req.files for the
// route). Throws the ApiError the route answers with. POST /_mock/echo calls this very function,
// so its verdict and a real submission cannot disagree. A match job's file part is moved into
// its spec (its content in `parts` is left empty).
Submission read_submission(const httplib::Request& req, httplib::MultipartFormDataMap& parts);

// Who sends a public request: its User-Agent (403 ForbiddenException when missing) and Basic
// credentials (401 AuthorizationException). The gatekeeper runs it before the rate limit; echo
// runs it without one.
const Account& identify_caller(const ServiceContext& ctx, const httplib::Request& req);

} // namespace reonomy::mock

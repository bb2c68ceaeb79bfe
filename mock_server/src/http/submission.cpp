#include "http/submission.hpp"

#include "core/api_error.hpp"
#include "http/context.hpp"
#include "jobs/job_spec.hpp"
#include "specs/upload.hpp"

namespace reonomy::mock {

Submission read_submission(const httplib::Request& req,
                           const httplib::MultipartFormDataMap& parts) {
  const UploadView upload = extract_upload(req, parts);
  const JobType type = require_job_type(upload.job_type);
  auto spec =
      std::make_shared<const JobSpec>(parse_job_spec(type, upload.content, upload.metadata));
  return {type, std::move(spec), std::string(upload.filename), upload.content, upload.metadata};
}

const Account& identify_caller(const ServiceContext& ctx, const httplib::Request& req) {
  // doc: "a User-Agent header, which is required by the Reonomy API"; ours: 403.
  if (req.get_header_value("User-Agent").empty())
    throw ApiError(403, error_type::kForbidden,
                   "The request has no User-Agent header, which the Reonomy API requires. Set "
                   "one (Node's request library, for one, sends none by default).");
  return ctx.accounts.authenticate(req.get_header_value("Authorization"));
}

} // namespace reonomy::mock

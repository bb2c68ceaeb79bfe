#include "http/submission.hpp"

#include "core/api_error.hpp"
#include "http/context.hpp"
#include "jobs/job_spec.hpp"
#include "specs/upload.hpp"

namespace reonomy::mock {

Submission read_submission(const httplib::Request& req, httplib::MultipartFormDataMap& parts) {
  const UploadView upload = extract_upload(req, parts);
  const JobType type = require_job_type(upload.job_type);
  if (type != JobType::match) {
    auto spec =
        std::make_shared<const JobSpec>(parse_job_spec(type, upload.content, upload.metadata));
    return {type, std::move(spec), std::string(upload.filename), upload.content, upload.metadata};
  }
  // A match CSV (up to --max-upload-bytes) moves into its spec rather than being copied; the
  // submission's view of the upload is then the spec's.
  auto spec = std::make_shared<const JobSpec>(
      take_job_spec(type, std::move(parts.find("file")->second.content), upload.metadata));
  const std::string_view content = std::get<MatchSpec>(*spec).csv;
  return {type, std::move(spec), std::string(upload.filename), content, upload.metadata};
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

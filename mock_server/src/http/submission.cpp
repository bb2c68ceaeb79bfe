#include "http/submission.hpp"

#include "core/api_error.hpp"
#include "http/context.hpp"
#include "specs/upload.hpp"

namespace reonomy::mock {

namespace {

JobSpec parse_spec(JobType type, const UploadView& upload) {
  switch (type) {
  case JobType::property_details:
    return parse_property_details_spec(upload.content);
  case JobType::search:
    return parse_search_spec(upload.content);
  case JobType::match:
    if (!upload.metadata)
      throw validation_error(
          "metadata", "match jobs need a `metadata` form field: {\"headers\": [every CSV column "
                      "in order], \"mapping\": {\"address_line_1\": ..., \"address_city\": ..., "
                      "\"address_state\": ..., \"address_postal\": ...} or {\"latitude\": ..., "
                      "\"longitude\": ...}}");
    return parse_match_spec(*upload.metadata, upload.content);
  }
  throw std::logic_error("unknown job type");
}

} // namespace

Submission read_submission(const httplib::Request& req,
                           const httplib::MultipartFormDataMap& parts) {
  const UploadView upload = extract_upload(req, parts);
  const JobType type = require_job_type(upload.job_type);
  auto spec = std::make_shared<const JobSpec>(parse_spec(type, upload));
  return {type, std::move(spec), std::string(upload.filename)};
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

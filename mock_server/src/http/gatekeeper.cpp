#include "http/gatekeeper.hpp"

#include <chrono>

#include "core/ids.hpp"
#include "http/access_log.hpp"
#include "http/fault_actions.hpp"
#include "http/responses.hpp"
#include "http/results_routes.hpp"
#include "http/submission.hpp"

namespace reonomy::mock {

bool is_control_path(const std::string& path) {
  return path.rfind("/_mock/", 0) == 0;
}

httplib::Server::HandlerResponse admit_request(ServiceContext& ctx, const httplib::Request& req,
                                               httplib::Response& res) {
  using R = httplib::Server::HandlerResponse;
  if (is_control_path(req.path) || is_object_path(req.path))
    return R::Unhandled;
  const Account* admitted = nullptr;
  try {
    const Account& account = identify_caller(ctx, req);
    if (const auto wait = ctx.limiter.admit(account.access_key)) {
      const auto seconds = std::chrono::ceil<std::chrono::seconds>(*wait).count();
      throw ApiError(429, error_type::kRateLimited,
                     "More than " + std::to_string(ctx.limiter.limit()) +
                         " requests in one second for access key '" + account.access_key +
                         "'. Wait " + std::to_string(seconds) + " s (Retry-After) and retry.",
                     {{"Retry-After", std::to_string(seconds)}});
    }
    admitted = &account;
  } catch (const ApiError& e) {
    render_error(res, e);
    // The body (an upload, perhaps) has not been read; on a kept-alive connection it would be
    // parsed as the next request. Closing is what a refusing server must do (RFC 9112 9.6).
    if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding"))
      res.set_header("Connection", "close");
    return R::Handled;
  }
  request_note().account = admitted->access_key;
  // Fault rules see admitted requests only. A submission's are tried in its route, once its
  // job_type is known.
  if (req.method == "POST" && req.path == "/v2/jobs/file")
    return R::Unhandled;
  FaultFacts facts{FaultSite::request, req.method, req.path, admitted->access_key, std::nullopt};
  constexpr std::string_view kJobPath = "/v2/jobs/file/";
  if (req.path.starts_with(kJobPath)) {
    if (const auto id = parse_uuid(std::string_view(req.path).substr(kJobPath.size())))
      if (const auto job = ctx.jobs.find(admitted->access_key, *id)) {
        facts.job_type = job->type;
        request_note().job_id = to_string(job->id);
      }
  }
  PendingFault pending;
  return apply_request_fault(ctx, res, facts, pending) ? R::Handled : R::Unhandled;
}

} // namespace reonomy::mock

#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "api/session.hpp"
#include "http/backoff.hpp"
#include "reonomy_client/errors.hpp"

namespace reonomy::client::detail {

// Requests that may be repeated without harm (GETs), sent until they get an answer worth
// returning: 429 waits Retry-After, 5xx and connection failures back off. Also the pieces a
// caller with its own loop (a submission, a download) needs: the waits and error decoding.
class Requester {
public:
  explicit Requester(Session& session);

  // The first response that is neither 429 nor 5xx. Throws ServiceUnavailable when the retries
  // run out.
  HttpResponse call(const HttpRequest& request, Audience audience = Audience::api);
  // call(), then the JSON body of a `expected_status` answer; ApiError for any other status.
  nlohmann::json call_json(const HttpRequest& request, int expected_status = 200);

  // Sleeps the backoff before retry `failures` (1-based) and tells the observer; throws
  // ServiceUnavailable instead when `failures` reached the policy's attempts.
  void back_off(RetryReason reason, const std::string& what, int failures);
  // Sleeps what a 429's Retry-After says (1 s without one) and tells the observer; throws
  // ServiceUnavailable once `times` passes the policy's limit.
  void wait_rate_limit(const HttpResponse& response, const std::string& what, int times);

  Session& session() { return session_; }

private:
  Session& session_;
  Backoff backoff_;
};

// The `type` of a JSON error body ({"type": ..., "message": ...}), "" when there is none.
std::string error_type(const HttpResponse& response);
// An ApiError for a refused request, with the method, the URL (without its query) and the
// server's own words.
ApiError api_error(const HttpRequest& request, const HttpResponse& response);
// The body as JSON; ClientError(unexpected) when it is not.
nlohmann::json json_body(const HttpRequest& request, const HttpResponse& response);

} // namespace reonomy::client::detail

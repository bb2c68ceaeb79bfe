#include "api/requester.hpp"

#include <algorithm>

namespace reonomy::client {

ApiError::ApiError(int status, std::string type, const std::string& message)
    : ClientError(status == 401 || status == 403 ? ExitCode::unauthorized : ExitCode::api_refused,
                  message),
      status_(status), type_(std::move(type)) {}

namespace detail {

namespace {

std::string describe(const HttpRequest& request) {
  return request.method + " " + request.url.substr(0, request.url.find('?'));
}

std::string shortened(std::string text, std::size_t limit = 500) {
  if (text.size() > limit)
    text = text.substr(0, limit) + "...";
  return text;
}

} // namespace

Requester::Requester(Session& session) : session_(session), backoff_(session.options().retry) {}

void Requester::back_off(RetryReason reason, const std::string& what, int failures) {
  const auto& policy = session_.options().retry;
  if (failures >= policy.max_attempts)
    throw ServiceUnavailable(what + " (gave up after " + std::to_string(failures) + " tries)");
  const auto delay = backoff_.delay(failures);
  session_.observer().on_retry({reason, what, failures, delay});
  session_.clock().sleep_for(delay);
}

void Requester::wait_rate_limit(const HttpResponse& response, const std::string& what, int times) {
  const auto& policy = session_.options().retry;
  if (times > policy.max_rate_limit_retries)
    throw ServiceUnavailable(what + ": still rate limited after " + std::to_string(times - 1) +
                             " waits");
  auto delay = std::chrono::milliseconds(1000); // ours: the documented limit is per second
  if (const auto header = header_value(response.headers, "Retry-After"))
    if (const auto parsed = parse_retry_after(*header, std::chrono::system_clock::now()))
      delay = std::min(*parsed, policy.max_retry_after);
  session_.observer().on_retry({RetryReason::rate_limited, what, times, delay});
  session_.clock().sleep_for(delay);
}

HttpResponse Requester::call(const HttpRequest& request, Audience audience) {
  int failures = 0;
  int limited = 0;
  for (;;) {
    HttpResponse response;
    try {
      response = session_.send(request, audience);
    } catch (const TransportError& e) {
      back_off(RetryReason::connection, e.what(), ++failures);
      continue;
    }
    const std::string what = describe(request) + ": HTTP " + std::to_string(response.status);
    if (response.status == 429) {
      wait_rate_limit(response, what, ++limited);
    } else if (response.status >= 500) {
      back_off(RetryReason::server_error, what, ++failures);
    } else {
      return response;
    }
  }
}

nlohmann::json Requester::call_json(const HttpRequest& request, int expected_status) {
  const HttpResponse response = call(request);
  if (response.status != expected_status)
    throw api_error(request, response);
  return json_body(request, response);
}

std::string error_type(const HttpResponse& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("type") && body["type"].is_string())
    return body["type"].get<std::string>();
  return "";
}

ApiError api_error(const HttpRequest& request, const HttpResponse& response) {
  const auto body = nlohmann::json::parse(response.body, nullptr, false);
  std::string message = shortened(response.body);
  if (body.is_object() && body.contains("message") && body["message"].is_string())
    message = body["message"].get<std::string>();
  const std::string type = error_type(response);
  return ApiError(response.status, type,
                  describe(request) + ": HTTP " + std::to_string(response.status) +
                      (type.empty() ? "" : " " + type) + ": " + message);
}

nlohmann::json json_body(const HttpRequest& request, const HttpResponse& response) {
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_discarded())
    throw ClientError(ExitCode::unexpected,
                      describe(request) + ": HTTP " + std::to_string(response.status) +
                          " with a body that is not JSON: " + shortened(response.body, 200));
  return body;
}

} // namespace detail
} // namespace reonomy::client

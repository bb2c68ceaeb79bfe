#include "http/control_routes.hpp"

#include "specs/spec_text.hpp"

#include <cmath>

#include "core/api_error.hpp"
#include "core/time_format.hpp"
#include "http/responses.hpp"

namespace reonomy::mock {

namespace {

nlohmann::json clock_json(const Clock& clock) {
  const TimePoint now = clock.now();
  return {{"mode", clock.mode() == ClockMode::manual ? "manual" : "real"},
          {"now", isoformat(now)},
          {"epoch_microseconds", now.time_since_epoch().count()}};
}

double seconds_field(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object())
    throw validation_error("(body)", "expected a JSON object such as {\"seconds\": 600}");
  if (!json.contains("seconds")) throw validation_error("seconds", "missing");
  for (const auto& [key, value] : json.items())
    if (key != "seconds") throw validation_error(key, "unknown field; only `seconds` is allowed");
  const auto& seconds = json["seconds"];
  // ours: at most a century, so the clock cannot overflow.
  constexpr double kMaxSeconds = 100.0 * 365 * 24 * 3600;
  if (!seconds.is_number() || !(seconds.get<double>() >= 0 && seconds.get<double>() <= kMaxSeconds))
    throw validation_error("seconds", "must be a number from 0 to " +
                                          std::to_string(static_cast<long long>(kMaxSeconds)) +
                                          ", got " + detail::describe(seconds));
  return seconds.get<double>();
}

} // namespace

void add_control_routes(httplib::Server& http, ServiceContext& ctx) {
  http.Get("/_mock/health", guarded([&ctx](const httplib::Request&, httplib::Response& res) {
    nlohmann::json capabilities = {"mock-control"};
    if (ctx.clock.mode() == ClockMode::manual) capabilities.push_back("manual-clock");
    render_json(res, 200,
                {{"status", "ok"},
                 {"service", "reonomy-mock"},
                 {"capabilities", capabilities},
                 {"clock", clock_json(ctx.clock)},
                 {"accounts", ctx.accounts.all().size()},
                 {"jobs", ctx.jobs.size()}});
  }));

  // A content-reader route: cpp-httplib dispatches it before reading a body, so a bare
  // `curl -X POST .../_mock/reset` (no Content-Length) works; the body is ignored.
  const auto reset = guarded([&ctx](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_param("access_key")) {
      const std::size_t removed = ctx.jobs.reset();
      ctx.limiter.reset();
      render_json(res, 200, {{"removed_jobs", removed}});
      return;
    }
    const std::string key = req.get_param_value("access_key");
    if (!ctx.accounts.find(key))
      throw ApiError(404, error_type::kNotFound, "No account with access key '" + key + "'.");
    const std::size_t removed = ctx.jobs.reset(key);
    ctx.limiter.reset(key);
    render_json(res, 200, {{"removed_jobs", removed}, {"access_key", key}});
  });
  http.Post("/_mock/reset", [reset](const httplib::Request& req, httplib::Response& res,
                                    const httplib::ContentReader&) { reset(req, res); });

  http.Get("/_mock/clock", guarded([&ctx](const httplib::Request&, httplib::Response& res) {
    render_json(res, 200, clock_json(ctx.clock));
  }));

  http.Post("/_mock/clock/advance",
            guarded([&ctx](const httplib::Request& req, httplib::Response& res) {
              if (ctx.clock.mode() != ClockMode::manual)
                throw ApiError(409, error_type::kConflict,
                               "The clock is real and cannot be advanced; start the mock with "
                               "--clock manual.");
              const double seconds = seconds_field(req.body);
              ctx.clock.advance(Micros(std::llround(seconds * 1e6)));
              render_json(res, 200, clock_json(ctx.clock));
            }));
}

} // namespace reonomy::mock

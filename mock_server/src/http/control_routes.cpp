#include "http/control_routes.hpp"

#include <charconv>
#include <cmath>

#include "core/api_error.hpp"
#include "core/ids.hpp"
#include "core/strict_json.hpp"
#include "core/time_format.hpp"
#include "http/responses.hpp"
#include "results/object_key.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

nlohmann::json clock_json(const Clock& clock) {
  const TimePoint now = clock.now();
  return {{"mode", clock.mode() == ClockMode::manual ? "manual" : "real"},
          {"now", isoformat(now)},
          {"epoch_microseconds", now.time_since_epoch().count()}};
}

// The corpus build as health shows it: "building", "ready" (with how long it took) or "failed"
// (with the cause, which every request that needs the corpus also gets).
nlohmann::json corpus_json(const CorpusGate::Status& status) {
  const auto state = [&status] {
    switch (status.state) {
    case CorpusGate::Status::State::building:
      return "building";
    case CorpusGate::Status::State::ready:
      return "ready";
    case CorpusGate::Status::State::failed:
      return "failed";
    }
    return "failed";
  }();
  nlohmann::json json = {
      {"state", state},
      {"build_ms", status.build_ms ? nlohmann::json(*status.build_ms) : nlohmann::json(nullptr)}};
  if (status.state == CorpusGate::Status::State::failed)
    json["error"] = status.error;
  return json;
}

// ours: one advance moves at most a century; the clock as a whole stays within kLatestTime.
constexpr double kMaxAdvanceSeconds = 100.0 * 365 * 24 * 3600;

std::string latest_time_note(const Clock& clock) {
  const auto left = kLatestTime - clock.now();
  return "the clock stops at " + isoformat(kLatestTime) +
         " (year 9999, the latest time Python's datetime holds, in which the API writes its "
         "times); it is at " +
         isoformat(clock.now()) + ", " +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(left).count()) +
         " seconds before that";
}

// Moves the manual clock as `body` says ({"seconds": N} or {"to": "<isoformat time>"}), or
// throws a 400 that leaves it unchanged.
void advance_clock(Clock& clock, const std::string& body) {
  const auto json = parse_json_refusing_duplicates(body);
  if (json.is_discarded() || !json.is_object())
    throw validation_error("(body)", "expected a JSON object such as {\"seconds\": 600} or "
                                     "{\"to\": \"2030-01-01T00:00:00+00:00\"}");
  for (const auto& [key, value] : json.items())
    if (key != "seconds" && key != "to")
      throw validation_error(key, "unknown field; give `seconds` or `to`");
  if (json.contains("seconds") == json.contains("to"))
    throw validation_error("(body)", "give exactly one of `seconds` (how far to move) and `to` "
                                     "(the time to move to)");
  if (json.contains("to")) {
    const auto& to = json["to"];
    const auto target =
        to.is_string() ? parse_isoformat(to.get_ref<const std::string&>()) : std::nullopt;
    if (!target)
      throw validation_error("to", "expected a time such as \"2030-01-01T00:00:00+00:00\" "
                                   "(isoformat, UTC), got " +
                                       detail::describe(to));
    if (*target > kLatestTime)
      throw validation_error("to",
                             to.get<std::string>() + " is too late: " + latest_time_note(clock));
    if (!clock.advance_to(*target))
      throw validation_error("to", to.get<std::string>() + " is before the clock's time " +
                                       isoformat(clock.now()) + "; the clock only moves forward");
    return;
  }
  const auto& seconds = json["seconds"];
  if (!seconds.is_number() ||
      !(seconds.get<double>() >= 0 && seconds.get<double>() <= kMaxAdvanceSeconds))
    throw validation_error("seconds",
                           "must be a number from 0 to " +
                               std::to_string(static_cast<long long>(kMaxAdvanceSeconds)) +
                               " (a century), got " + detail::describe(seconds));
  if (!clock.advance(micros_from_seconds(seconds.get<double>())))
    throw validation_error("seconds", seconds.dump() + " is too far: " + latest_time_note(clock));
}

// A job of any account, by id.
std::shared_ptr<const Job> any_job(const ServiceContext& ctx, const std::string& id_text) {
  const auto id = parse_uuid(id_text);
  if (id)
    for (const Account& account : ctx.accounts.all())
      if (auto job = ctx.jobs.find(account.access_key, *id))
        return job;
  throw ApiError(404, error_type::kNotFound,
                 "No job " + detail::quoted_value(id_text) + " in any account.");
}

JournalFilter journal_filter(const httplib::Request& req) {
  JournalFilter filter;
  if (req.has_param("access_key"))
    filter.access_key = req.get_param_value("access_key");
  if (req.has_param("path"))
    filter.path = req.get_param_value("path");
  if (req.has_param("status")) {
    const std::string text = req.get_param_value("status");
    int n = 0;
    const bool klass = text.size() == 3 && text[0] >= '1' && text[0] <= '5' &&
                       (text.substr(1) == "xx" || text.substr(1) == "XX");
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (klass)
      filter.status_class = text[0] - '0';
    else if (ec == std::errc() && end == text.data() + text.size() && n >= 0 && n <= 599)
      filter.status = n;
    else
      throw validation_error("status", "'" + text +
                                           "' is neither a status (429, or 0 for a "
                                           "connection ended without response) nor a class (4xx)");
  }
  if (req.has_param("limit")) {
    const std::string text = req.get_param_value("limit");
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size())
      throw validation_error("limit", "'" + text + "' is not a non-negative integer");
    filter.limit = n;
  }
  return filter;
}

} // namespace

void add_control_routes(Routes& http, ServiceContext& ctx) {
  http.Get("/_mock/health", guarded([&ctx](const httplib::Request&, httplib::Response& res) {
             const CorpusGate::Status corpus = ctx.corpus_gate.status();
             nlohmann::json capabilities = {"mock-control", "faults", "journal"};
             if (ctx.clock.mode() == ClockMode::manual)
               capabilities.push_back("manual-clock");
             render_json(
                 res, 200,
                 {{"status", "ok"},
                  {"service", "reonomy-mock"},
                  {"scheme",
                   ctx.options.tls_self_signed || !ctx.options.tls_cert.empty() ? "https" : "http"},
                  {"capabilities", capabilities},
                  {"clock", clock_json(ctx.clock)},
                  {"accounts", ctx.accounts.all().size()},
                  {"jobs", ctx.jobs.size()},
                  {"ready", corpus.state == CorpusGate::Status::State::ready},
                  {"corpus", corpus_json(corpus)}});
           }));

  // A content-reader route: cpp-httplib dispatches it before reading a body, so a bare
  // `curl -X POST .../_mock/reset` (no Content-Length) works; the body is ignored.
  const auto reset = guarded([&ctx](const httplib::Request& req, httplib::Response& res) {
    // A reset starts a test afresh: fault rules go too (all, or the account's own), and a full
    // reset empties the journal.
    if (!req.has_param("access_key")) {
      const std::size_t removed = ctx.jobs.reset();
      ctx.objects.clear();
      ctx.limiter.reset();
      const std::size_t faults = ctx.faults.clear();
      ctx.journal.clear();
      render_json(res, 200, {{"removed_jobs", removed}, {"removed_faults", faults}});
      return;
    }
    const std::string key = req.get_param_value("access_key");
    if (!ctx.accounts.find(key))
      throw ApiError(404, error_type::kNotFound, "No account with access key '" + key + "'.");
    const std::size_t removed = ctx.jobs.reset(key);
    ctx.objects.retain([&ctx](const std::string& object) {
      const auto parsed = parse_object_key(object);
      return parsed && ctx.jobs.find_by_result(parsed->result_id);
    });
    ctx.limiter.reset(key);
    const std::size_t faults = ctx.faults.clear(key);
    render_json(res, 200,
                {{"removed_jobs", removed}, {"removed_faults", faults}, {"access_key", key}});
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
              advance_clock(ctx.clock, req.body);
              if (ctx.state)
                ctx.state->save_clock(ctx.clock);
              render_json(res, 200, clock_json(ctx.clock));
            }));

  // Fault rules.
  const auto known_account = [&ctx](std::string_view key) {
    return ctx.accounts.find(key) != nullptr;
  };
  http.Post("/_mock/faults",
            guarded([&ctx, known_account](const httplib::Request& req, httplib::Response& res) {
              auto rules = parse_fault_rules(req.body, known_account);
              render_json(res, 201, {{"rules", ctx.faults.add(std::move(rules))}});
            }));
  http.Get("/_mock/faults", guarded([&ctx](const httplib::Request&, httplib::Response& res) {
             render_json(res, 200, {{"rules", ctx.faults.list()}});
           }));
  http.Get("/_mock/faults/([^/]+)",
           guarded([&ctx](const httplib::Request& req, httplib::Response& res) {
             auto view = ctx.faults.view(req.matches[1].str());
             if (view.is_null())
               throw ApiError(404, error_type::kNotFound,
                              "No fault rule '" + req.matches[1].str() + "'.");
             render_json(res, 200, view);
           }));
  http.Delete("/_mock/faults", guarded([&ctx](const httplib::Request& req, httplib::Response& res) {
                if (!req.has_param("access_key")) {
                  render_json(res, 200, {{"removed", ctx.faults.clear()}});
                  return;
                }
                const std::string key = req.get_param_value("access_key");
                if (!ctx.accounts.find(key))
                  throw ApiError(404, error_type::kNotFound,
                                 "No account with access key '" + key + "'.");
                render_json(res, 200, {{"removed", ctx.faults.clear(key)}, {"access_key", key}});
              }));
  http.Delete("/_mock/faults/([^/]+)",
              guarded([&ctx](const httplib::Request& req, httplib::Response& res) {
                if (!ctx.faults.remove(req.matches[1].str()))
                  throw ApiError(404, error_type::kNotFound,
                                 "No fault rule '" + req.matches[1].str() + "'.");
                render_json(res, 200, {{"removed", 1}});
              }));

  // Releases a job a hold_job rule keeps STARTED; it finishes now (or when its phases end).
  http.Post(
      "/_mock/jobs/([^/]+)/release",
      [&ctx](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader&) {
        guarded([&ctx](const httplib::Request& r, httplib::Response& out) {
          const auto job = any_job(ctx, r.matches[1].str());
          if (!job->faults.held)
            throw ApiError(409, error_type::kConflict,
                           "Job " + to_string(job->id) +
                               " is not held (only jobs a hold_job fault rule caught are).");
          const TimePoint now = ctx.clock.now();
          if (!job->release->release(now))
            throw ApiError(409, error_type::kConflict,
                           "Job " + to_string(job->id) + " was already released.");
          render_json(out, 200,
                      {{"id", to_string(job->id)},
                       {"released_at", isoformat(now)},
                       {"finishes_at", isoformat(job->finished_at())},
                       {"status", to_string(job->status_at(now))}});
        })(req, res);
      });

  // The request journal.
  http.Get("/_mock/requests", guarded([&ctx](const httplib::Request& req, httplib::Response& res) {
             render_json(res, 200, ctx.journal.query(journal_filter(req)));
           }));
  http.Delete("/_mock/requests", guarded([&ctx](const httplib::Request&, httplib::Response& res) {
                ctx.journal.clear();
                render_json(res, 200, {{"cleared", true}});
              }));
}

} // namespace reonomy::mock

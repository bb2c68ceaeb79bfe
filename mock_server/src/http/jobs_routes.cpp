#include "http/jobs_routes.hpp"

#include <charconv>
#include <limits>

#include "core/api_error.hpp"
#include "http/access_log.hpp"
#include "http/arrived_body.hpp"
#include "http/fault_actions.hpp"
#include "http/job_json.hpp"
#include "http/responses.hpp"
#include "http/submission.hpp"
#include "results/object_key.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

// A non-negative integer query parameter, `fallback` when absent.
std::size_t count_param(const httplib::Request& req, const char* name, std::size_t fallback) {
  if (!req.has_param(name))
    return fallback;
  const std::string value = req.get_param_value(name);
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  const bool digits_only = !value.empty() && end == value.data() + value.size();
  if (ec == std::errc::result_out_of_range && digits_only)
    throw validation_error(name, detail::quoted_value(value) + " is too large; the largest " +
                                     name + " is " +
                                     std::to_string(std::numeric_limits<std::size_t>::max()));
  if (ec != std::errc() || !digits_only)
    throw validation_error(name, detail::quoted_value(value) + " is not a non-negative integer");
  return n;
}

} // namespace

void add_jobs_routes(Routes& http, ServiceContext& ctx) {
  const auto owner = [&ctx](const httplib::Request& req) -> const Account& {
    return ctx.accounts.authenticate(req.get_header_value("Authorization"));
  };

  http.PostReadingBody(
      "/v2/jobs/file", guarded([&ctx, owner](const httplib::Request& req, httplib::Response& res) {
        const Account& account = owner(req);
        ArrivedBody body = read_arrived_body(req, ctx.options.max_upload_bytes);
        // Fault rules come first, so a rule for every POST fires on malformed uploads too; a
        // rule's job_type matches the form field when it names a job type.
        const auto job_type_field = body.parts.find("job_type");
        FaultFacts facts{FaultSite::request, req.method, req.path, account.access_key,
                         job_type_field == body.parts.end()
                             ? std::nullopt
                             : parse_job_type(job_type_field->second.content)};
        PendingFault pending;
        if (apply_request_fault(ctx, res, facts, pending))
          return;

        if (body.refusal)
          throw *body.refusal;
        Submission submission = read_submission(req, body.parts);
        const TimePoint now = ctx.clock.now();
        const Uuid id = uuid_v4();
        Job accepted;
        accepted.id = id;
        accepted.access_key = account.access_key;
        accepted.type = submission.type;
        accepted.filename = std::move(submission.filename);
        accepted.created = now;
        accepted.phases = ctx.phases();
        accepted.spec = std::move(submission.spec);
        accepted.result_id = result_id_of(id);
        const auto job =
            ctx.jobs.submit(std::move(accepted), now, {submission.content, submission.metadata},
                            [&ctx](Job& admitted) { apply_submission_faults(ctx, admitted); });
        request_note().job_id = to_string(job->id);
        ctx.watch(job);
        render_json(res, 201, job_json(ctx, *job, account, now, JobView::created));
      }));

  http.Get("/v2/jobs/file/([^/]+)",
           guarded([&ctx, owner](const httplib::Request& req, httplib::Response& res) {
             const Account& account = owner(req);
             const std::string id_text = req.matches[1];
             const auto id = parse_uuid(id_text);
             const auto job = id ? ctx.jobs.find(account.access_key, *id) : nullptr;
             if (job)
               request_note().job_id = to_string(job->id);
             // ours: 404 for an unknown id and for another account's job alike, so ids do not leak.
             if (!job)
               throw ApiError(404, error_type::kNotFound,
                              "No job " + detail::quoted_value(id_text) +
                                  " for this access key. Job ids come from the `id` of "
                                  "the POST /v2/jobs/file response.");
             render_json(res, 200, job_json(ctx, *job, account, ctx.clock.now(), JobView::fetched));
           }));

  http.Get("/v2/jobs/file",
           guarded([&ctx, owner](const httplib::Request& req, httplib::Response& res) {
             const Account& account = owner(req);
             const std::size_t limit = count_param(req, "limit", 100); // doc: default 100
             const std::size_t offset = count_param(req, "offset", 0);
             const auto page = ctx.jobs.list(account.access_key, limit, offset);
             const TimePoint now = ctx.clock.now();
             nlohmann::json items = nlohmann::json::array();
             for (const auto& job : page.items)
               items.push_back(job_json(ctx, *job, account, now, JobView::listed));
             render_json(res, 200, {{"count", page.count}, {"items", std::move(items)}});
           }));
}

} // namespace reonomy::mock

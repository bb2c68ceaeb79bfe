#include "http/jobs_routes.hpp"

#include <charconv>
#include <limits>

#include "core/api_error.hpp"
#include "http/job_json.hpp"
#include "http/responses.hpp"
#include "jobs/job_spec.hpp"
#include "results/object_key.hpp"
#include "specs/upload.hpp"

namespace reonomy::mock {

namespace {

// A non-negative integer query parameter, `fallback` when absent.
std::size_t count_param(const httplib::Request& req, const char* name, std::size_t fallback) {
  if (!req.has_param(name)) return fallback;
  const std::string value = req.get_param_value(name);
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size())
    throw validation_error(name, "'" + value + "' is not a non-negative integer");
  return n;
}

} // namespace

void add_jobs_routes(httplib::Server& http, ServiceContext& ctx) {
  const auto owner = [&ctx](const httplib::Request& req) -> const Account& {
    return ctx.accounts.authenticate(req.get_header_value("Authorization"));
  };

  http.Post("/v2/jobs/file", guarded([&ctx, owner](const httplib::Request& req,
                                                   httplib::Response& res) {
    const Account& account = owner(req);
    const UploadView upload = extract_upload(req.get_header_value("Content-Type"), req.files);
    const JobType type = require_job_type(upload.job_type);
    auto spec = std::make_shared<const JobSpec>(
        parse_job_spec(type, upload.content, upload.metadata));
    const TimePoint now = ctx.clock.now();
    const Uuid id = uuid_v4();
    const auto job = ctx.jobs.submit(Job{id, account.access_key, type, std::string(upload.filename),
                                         now, ctx.phases(), std::move(spec), result_id_of(id)},
                                     now, {upload.content, upload.metadata});
    render_json(res, 201, job_json(ctx, *job, account, now, JobView::created));
  }));

  http.Get("/v2/jobs/file/([^/]+)", guarded([&ctx, owner](const httplib::Request& req,
                                                          httplib::Response& res) {
    const Account& account = owner(req);
    const std::string id_text = req.matches[1];
    const auto id = parse_uuid(id_text);
    const auto job = id ? ctx.jobs.find(account.access_key, *id) : nullptr;
    // ours: 404 for an unknown id and for another account's job alike, so ids do not leak.
    if (!job)
      throw ApiError(404, error_type::kNotFound,
                     "No job '" + id_text + "' for this access key. Job ids come from the `id` of "
                                            "the POST /v2/jobs/file response.");
    render_json(res, 200, job_json(ctx, *job, account, ctx.clock.now(), JobView::fetched));
  }));

  http.Get("/v2/jobs/file", guarded([&ctx, owner](const httplib::Request& req,
                                                  httplib::Response& res) {
    const Account& account = owner(req);
    const std::size_t limit = count_param(req, "limit", 100); // doc: default 100
    const std::size_t offset = count_param(req, "offset", 0);
    const auto page = ctx.jobs.list(account.access_key, limit, offset);
    const TimePoint now = ctx.clock.now();
    nlohmann::json items = nlohmann::json::array();
    for (const auto& job : page.items) items.push_back(job_json(ctx, *job, account, now, JobView::listed));
    render_json(res, 200, {{"count", page.count}, {"items", std::move(items)}});
  }));
}

} // namespace reonomy::mock

#include "http/job_json.hpp"

#include "core/time_format.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

// S3's Expires is in whole seconds; rounding up keeps every URL valid for at least the TTL.
TimePoint expiry(TimePoint from, double ttl_seconds) {
  const auto exact = from + micros_from_seconds(ttl_seconds);
  return std::chrono::ceil<std::chrono::seconds>(exact);
}

} // namespace

nlohmann::json job_json(const ServiceContext& ctx, const Job& job, const Account& owner,
                        TimePoint now, JobView view) {
  nlohmann::json metadata;
  if (const auto* match = std::get_if<MatchSpec>(job.spec.get()))
    metadata = metadata_json(*match);
  else
    metadata = {{"headers", nlohmann::json::array()}, {"labels", nlohmann::json::array()}};

  const bool created = view == JobView::created;
  const JobStatus status = job.status_at(now);
  nlohmann::json result_url = nullptr, result_urls = nullptr;
  if (!created && status == JobStatus::success) {
    TimePoint expires;
    if (view == JobView::fetched) {
      job.results->refresh(now);
      expires = expiry(now, ctx.options.url_ttl_seconds);
    } else {
      expires = expiry(job.finished_at(), ctx.options.url_ttl_seconds);
    }
    const auto urls = ctx.result_urls(job, expires);
    result_url =
        detail::join(urls, ","); // doc: property-details comma-joined; search and match one URL
    result_urls = urls;
  }

  return {
      {"created", isoformat(job.created)},
      {"filename", job.filename},
      {"group_path", owner.group_path},
      {"id", to_string(job.id)},
      {"job_type", to_string(job.type)},
      // doc: "Not used (returns null)"; ours: a FAILURE (fault rule) says why there.
      {"message", !created && status == JobStatus::failure
                      ? nlohmann::json(job.faults.failure_message)
                      : nlohmann::json(nullptr)},
      {"metadata", std::move(metadata)},
      {"modified", isoformat(created ? job.created : job.modified_at(now))},
      {"progress", nullptr}, // doc: null in every example
      {"result_url", std::move(result_url)},
      {"result_urls", std::move(result_urls)},
      {"status", created ? nlohmann::json(nullptr) : nlohmann::json(to_string(status))},
      {"user", owner.user},
  };
}

} // namespace reonomy::mock

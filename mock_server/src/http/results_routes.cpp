#include "http/results_routes.hpp"

#include <charconv>

#include "core/time_format.hpp"
#include "data/corpus.hpp"
#include "http/access_log.hpp"
#include "http/fault_actions.hpp"
#include "results/object_key.hpp"
#include "results/object_stream.hpp"
#include "results/s3_errors.hpp"

namespace reonomy::mock {

namespace {

void render_s3_error(httplib::Response& res, const S3Error& error) {
  res.status = error.status;
  res.set_header("x-amz-request-id", error.request_id);
  res.set_header("x-amz-id-2", error.host_id);
  res.set_content(error.body, "application/xml");
}

S3Error no_such_key(const std::string& key) {
  return make_s3_error(404, "NoSuchKey", "The specified key does not exist.", {{"Key", key}});
}

std::string param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : "";
}

S3Error expired_error(const httplib::Request& req, TimePoint now) {
  long long expires = 0;
  const std::string text = param(req, "Expires");
  std::from_chars(text.data(), text.data() + text.size(), expires);
  return make_s3_error(403, "AccessDenied", "Request has expired",
                       {{"Expires", iso8601_z(TimePoint(std::chrono::seconds(expires)))},
                        {"ServerTime", iso8601_z(now)}});
}

// The refusal for a URL whose signature or expiry does not hold, or nullopt when it holds.
std::optional<S3Error> check_url(const ServiceContext& ctx, const httplib::Request& req,
                                 const std::string& key, TimePoint now) {
  // S3 takes one authentication per request: a presigned URL sent with an Authorization header
  // (a client that adds its API credentials to every request) is refused before the signature
  // is looked at. So whose credentials come along never matters: the URL is the credential.
  // ours: ArgumentValue is left out, where S3 echoes the header, so credentials never come back.
  if (req.has_header("Authorization") &&
      (req.has_param("Signature") || req.has_param("AWSAccessKeyId") || req.has_param("Expires")))
    return make_s3_error(400, "InvalidArgument",
                         "Only one auth mechanism allowed; only the X-Amz-Algorithm query "
                         "parameter, Signature query string parameter or the Authorization header "
                         "should be specified",
                         {{"ArgumentName", "Authorization"}});
  const std::multimap<std::string, std::string> params(req.params.begin(), req.params.end());
  switch (ctx.presigner.verify(key, params, now)) {
  case Presigner::Verdict::ok:
    return std::nullopt;
  case Presigner::Verdict::missing_parameters:
    return make_s3_error(403, "AccessDenied",
                         "Query-string authentication requires the Signature, Expires and "
                         "AWSAccessKeyId parameters");
  case Presigner::Verdict::unknown_access_key:
    return make_s3_error(403, "InvalidAccessKeyId",
                         "The AWS Access Key Id you provided does not exist in our records.",
                         {{"AWSAccessKeyId", param(req, "AWSAccessKeyId")}});
  case Presigner::Verdict::bad_signature:
    return make_s3_error(403, "SignatureDoesNotMatch",
                         "The request signature we calculated does not match the signature you "
                         "provided. Check your key and signing method.",
                         {{"AWSAccessKeyId", param(req, "AWSAccessKeyId")},
                          {"SignatureProvided", param(req, "Signature")}});
  case Presigner::Verdict::expired:
    return expired_error(req, now);
  }
  return std::nullopt;
}

} // namespace

bool is_object_path(const std::string& path) {
  return path.rfind("/job_cache/", 0) == 0 || path.rfind("/job_results/", 0) == 0;
}

void add_results_routes(Routes& http, ServiceContext& ctx) {
  http.Get("/(job_cache|job_results)/.*", [&ctx](const httplib::Request& req,
                                                 httplib::Response& res) {
    const std::string key = req.path.substr(1);
    const TimePoint now = ctx.clock.now();
    // S3's order: the signature and its expiry first, then whether the key exists.
    if (const auto refusal = check_url(ctx, req, key, now))
      return render_s3_error(res, *refusal);
    const auto parsed = parse_object_key(key);
    const auto job = parsed ? ctx.jobs.find_by_result(parsed->result_id) : nullptr;
    if (job) {
      request_note().account = job->access_key;
      request_note().job_id = to_string(job->id);
    }
    // Fault rules see downloads whose URL holds, for the job's owner (global rules: any).
    PendingFault fault;
    if (apply_request_fault(ctx, res,
                            {FaultSite::download, req.method, req.path,
                             job ? std::string_view(job->access_key) : std::string_view(),
                             job ? std::optional(job->type) : std::nullopt},
                            fault))
      return;
    if (fault.rule && fault.rule->action == FaultAction::expire_url)
      return render_s3_error(res, expired_error(req, now));
    if (fault.rule && fault.rule->action == FaultAction::missing_object)
      return render_s3_error(res, no_such_key(key));
    if (!job || job->status_at(now) != JobStatus::success)
      return render_s3_error(res, no_such_key(key));
    // ours: objects live --object-ttl-seconds after they were made; fetching the job remakes them.
    if (now >= job->results->made_at(job->finished_at()) +
                   micros_from_seconds(ctx.options.object_ttl_seconds))
      return render_s3_error(res, no_such_key(key));
    const ResultPlan& plan = ctx.plan_of(*job);
    const Corpus& properties = *ctx.corpus(); // waits for the corpus build
    if (parsed->part >= plan.object_count())
      return render_s3_error(res, no_such_key(key));

    std::shared_ptr<ObjectStream> stream;
    const char* content_type = "application/x-ndjson";
    if (const auto* details = std::get_if<PropertyDetailsSpec>(job->spec.get())) {
      stream = std::make_shared<ObjectStream>(*details, plan, properties, parsed->part);
    } else if (const auto* match = std::get_if<MatchSpec>(job->spec.get())) {
      stream = std::make_shared<ObjectStream>(*match, plan, properties, *ctx.matcher());
      content_type = "text/csv";
    } else {
      stream = std::make_shared<ObjectStream>(std::get<SearchSpec>(*job->spec), plan, properties);
    }
    res.set_header("x-amz-request-id", make_s3_error(200, "", "").request_id);
    // ours: Range is ignored (objects are generated, not stored) and the whole object is sent
    // with 200, which HTTP allows. Left unset, cpp-httplib would answer 206 without a
    // Content-Range for a ranged request, and a resuming client would append the whole body.
    res.status = 200;
    // The lambda keeps the job (its spec and plan), the corpus and the matcher alive while
    // streaming.
    res.set_chunked_content_provider(
        content_type,
        faulty_download([stream, job, built = ctx.corpus_gate.get()](
                            std::string& buffer) { return stream->fill(buffer, kPieceBytes); },
                        std::move(fault),
                        [&ctx, seq = request_note().seq](std::uint64_t bytes) {
                          ctx.journal.set_response_bytes(seq, bytes);
                        }));
  });
}

} // namespace reonomy::mock

#include "http/results_routes.hpp"

#include <charconv>

#include "core/hex.hpp"
#include "core/time_format.hpp"
#include "http/access_log.hpp"
#include "http/fault_actions.hpp"
#include "results/object_key.hpp"
#include "results/object_stream.hpp"
#include "results/s3_errors.hpp"
#include "results/s3_get.hpp"

namespace reonomy::mock {

namespace {

using Params = std::multimap<std::string, std::string>;

// What every answer of the object URLs carries, as S3's do (docs/S3_OBJECTS.md).
void s3_headers(httplib::Response& res, const std::string& request_id, const std::string& host_id) {
  res.set_header("x-amz-request-id", request_id);
  res.set_header("x-amz-id-2", host_id);
  res.set_header("Server", "AmazonS3");
}

void render_s3_error(httplib::Response& res, const S3Error& error) {
  res.status = error.status;
  s3_headers(res, error.request_id, error.host_id);
  res.set_content(error.body, "application/xml");
}

S3Error no_such_key(const std::string& key) {
  return make_s3_error(404, "NoSuchKey", "The specified key does not exist.", {{"Key", key}});
}

std::string param(const Params& params, const char* name) {
  const auto it = params.find(name);
  return it == params.end() ? "" : it->second;
}

S3Error expired_error(const Params& params, TimePoint now) {
  long long expires = 0;
  const std::string text = param(params, "Expires");
  std::from_chars(text.data(), text.data() + text.size(), expires);
  return make_s3_error(403, "AccessDenied", "Request has expired",
                       {{"Expires", iso8601_z(TimePoint(std::chrono::seconds(expires)))},
                        {"ServerTime", iso8601_z(now)}});
}

// StringToSignBytes: every byte of the string to sign as two lowercase hex digits, spaced.
std::string spaced_hex(std::string_view bytes) {
  std::string out;
  for (const char c : bytes) {
    if (!out.empty())
      out += ' ';
    append_hex(out, static_cast<unsigned char>(c), HexCase::lower);
  }
  return out;
}

// The refusal for a request whose signature or expiry does not hold, or nullopt when it holds.
std::optional<S3Error> check_url(const ServiceContext& ctx, const httplib::Request& req,
                                 const Params& params, const std::string& key, TimePoint now) {
  const bool query_auth =
      params.count("Signature") || params.count("AWSAccessKeyId") || params.count("Expires");
  // S3 takes one authentication per request: a presigned URL sent with an Authorization header
  // (a client that adds its API credentials to every request) is refused before the signature
  // is looked at. So whose credentials come along never matters: the URL is the credential.
  // ours: ArgumentValue is left out, where S3 echoes the header, so credentials never come back.
  if (req.has_header("Authorization") && query_auth)
    return make_s3_error(400, "InvalidArgument",
                         "Only one auth mechanism allowed; only the X-Amz-Algorithm query "
                         "parameter, Signature query string parameter or the Authorization header "
                         "should be specified",
                         {{"ArgumentName", "Authorization"}});
  // An anonymous request for an object of a private bucket.
  if (!query_auth && !params.count("x-amz-security-token") && !req.has_header("Authorization"))
    return make_s3_error(403, "AccessDenied", "Access Denied");
  std::string to_sign;
  switch (ctx.presigner.verify(req.method, key, params, now, &to_sign)) {
  case Presigner::Verdict::ok:
    return std::nullopt;
  case Presigner::Verdict::missing_parameters:
    return make_s3_error(403, "AccessDenied",
                         "Query-string authentication requires the Signature, Expires and "
                         "AWSAccessKeyId parameters");
  case Presigner::Verdict::unknown_access_key:
    return make_s3_error(403, "InvalidAccessKeyId",
                         "The AWS Access Key Id you provided does not exist in our records.",
                         {{"AWSAccessKeyId", param(params, "AWSAccessKeyId")}});
  case Presigner::Verdict::bad_signature:
    return make_s3_error(403, "SignatureDoesNotMatch",
                         "The request signature we calculated does not match the signature you "
                         "provided. Check your key and signing method.",
                         {{"AWSAccessKeyId", param(params, "AWSAccessKeyId")},
                          {"StringToSign", to_sign},
                          {"SignatureProvided", param(params, "Signature")},
                          {"StringToSignBytes", spaced_hex(to_sign)}});
  case Presigner::Verdict::expired:
    return expired_error(params, now);
  }
  return std::nullopt;
}

// The response-* parameters of a URL whose signature covers them override these headers.
void apply_overrides(httplib::Response& res, const Params& params) {
  static constexpr std::pair<const char*, const char*> kOverrides[] = {
      {"response-content-type", "Content-Type"},
      {"response-content-language", "Content-Language"},
      {"response-expires", "Expires"},
      {"response-cache-control", "Cache-Control"},
      {"response-content-disposition", "Content-Disposition"},
      {"response-content-encoding", "Content-Encoding"}};
  for (const auto& [name, header] : kOverrides) {
    const auto it = params.find(name);
    if (it == params.end())
      continue;
    res.headers.erase(header);
    res.set_header(header, it->second);
  }
}

void answer_object(ServiceContext& ctx, const httplib::Request& req, httplib::Response& res,
                   const Params& params) {
  const std::string key = req.path.substr(1);
  const TimePoint now = ctx.clock.now();
  // S3's order: the signature and its expiry first, then whether the key exists.
  if (const auto refusal = check_url(ctx, req, params, key, now))
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
    return render_s3_error(res, expired_error(params, now));
  if (fault.rule && fault.rule->action == FaultAction::missing_object)
    return render_s3_error(res, no_such_key(key));
  if (!job || job->status_at(now) != JobStatus::success)
    return render_s3_error(res, no_such_key(key));
  // ours: objects live --object-ttl-seconds after they were made; fetching the job remakes them.
  const TimePoint expires = ctx.objects_expire_at(*job);
  if (now >= expires)
    return render_s3_error(res, no_such_key(key));
  if (parsed->part >= ctx.plan_of(*job).object_count())
    return render_s3_error(res, no_such_key(key));

  const auto object = ctx.objects.open(key, ctx.object_source(job, parsed->part), expires);
  const ObjectFacts& facts = object->facts();
  const std::int64_t made_s = std::chrono::duration_cast<std::chrono::seconds>(
                                  job->results->made_at(job->finished_at()).time_since_epoch())
                                  .count();
  const ObjectVersion version{facts.size, "\"" + facts.md5_hex + "\"", made_s};
  const auto header = [&req](std::string_view name) -> std::optional<std::string> {
    const std::string n(name);
    if (!req.has_header(n.c_str()))
      return std::nullopt;
    return req.get_header_value(n.c_str());
  };
  const auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const GetDecision decision = decide_get(header, version, now_s);
  using Kind = GetDecision::Kind;
  if (decision.kind == Kind::precondition_failed)
    return render_s3_error(res,
                           make_s3_error(412, "PreconditionFailed",
                                         "At least one of the pre-conditions you specified did "
                                         "not hold",
                                         {{"Condition", decision.condition}}));
  if (decision.kind == Kind::unsatisfiable) {
    render_s3_error(res,
                    make_s3_error(416, "InvalidRange", "The requested range is not satisfiable",
                                  {{"RangeRequested", req.get_header_value("Range")},
                                   {"ActualObjectSize", std::to_string(facts.size)}}));
    res.set_header("Content-Range", "bytes */" + std::to_string(facts.size));
    return;
  }

  const S3Error ids = make_s3_error(200, "", "");
  s3_headers(res, ids.request_id, ids.host_id);
  res.set_header("ETag", version.etag);
  res.set_header("Last-Modified", http_date(made_s));
  if (decision.kind == Kind::not_modified) {
    res.status = 304; // no body and no Content-Length (finish_answer)
    return;
  }
  res.set_header("Accept-Ranges", "bytes");
  res.set_header("x-amz-server-side-encryption", "AES256");
  const char* content_type =
      std::holds_alternative<MatchSpec>(*job->spec) ? "text/csv" : "application/x-ndjson";
  res.status = 200;
  if (decision.kind == Kind::part) {
    res.status = 206;
    res.set_header("Content-Range", "bytes " + std::to_string(decision.first) + "-" +
                                        std::to_string(decision.first + decision.length - 1) + "/" +
                                        std::to_string(facts.size));
  }
  res.set_header("Content-Type", content_type);
  apply_overrides(res, params);
  const std::string type = res.get_header_value("Content-Type");
  if (decision.length == 0) {
    // cpp-httplib sends a length-known provider of 0 bytes with neither a length nor chunking.
    res.set_content("", type);
    request_note().streamed_bytes = 0;
    return;
  }
  res.set_content_provider(std::size_t(decision.length), type,
                           object_body(object, decision.first, decision.length, std::move(fault),
                                       [&ctx, seq = request_note().seq](std::uint64_t bytes) {
                                         ctx.journal.set_response_bytes(seq, bytes);
                                       }));
}

} // namespace

bool is_object_path(const std::string& path) {
  return path.rfind("/job_cache/", 0) == 0 || path.rfind("/job_results/", 0) == 0;
}

void add_results_routes(Routes& http, ServiceContext& ctx) {
  constexpr const char* kObjects = "/(job_cache|job_results)/.*";
  // Parameters as S3 reads them: from the raw target, split at the first '=' (cpp-httplib's
  // reading drops a Signature's unencoded '=').
  const auto params_of = [](const httplib::Request& req) {
    const std::size_t q = req.target.find('?');
    return parse_s3_query(q == std::string::npos ? std::string_view()
                                                 : std::string_view(req.target).substr(q + 1));
  };
  // GET, and HEAD (cpp-httplib routes it here): HEAD fails the signature of a GET-signed URL.
  http.Get(kObjects, [&ctx, params_of](const httplib::Request& req, httplib::Response& res) {
    answer_object(ctx, req, res, params_of(req));
  });
  // PUT and DELETE are signed verbs too; their bodies are never read.
  const auto other_verb = [&ctx, params_of](const httplib::Request& req, httplib::Response& res,
                                            const httplib::ContentReader&) {
    answer_object(ctx, req, res, params_of(req));
  };
  http.Put(kObjects, other_verb);
  http.Delete(kObjects, other_verb);
  // S3 refuses POST on an object before it looks at the signature (an AWS answer in
  // minio-java#637); PATCH, which S3 has no use for either, the same way (ours).
  const auto not_allowed = [](const httplib::Request& req, httplib::Response& res,
                              const httplib::ContentReader&) {
    render_s3_error(res, make_s3_error(405, "MethodNotAllowed",
                                       "The specified method is not allowed against this resource.",
                                       {{"Method", req.method}, {"ResourceType", "OBJECT"}}));
  };
  http.Post(kObjects, not_allowed);
  http.Patch(kObjects, not_allowed);
  // A CORS preflight, as S3 answers it for a bucket without a CORS configuration (LocalStack's
  // test_cors_http_options_no_config, recorded from AWS).
  http.Options(kObjects, [](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_header("Origin"))
      return render_s3_error(
          res, make_s3_error(400, "BadRequest",
                             "Insufficient information. Origin request header needed."));
    const std::string method = req.has_header("Access-Control-Request-Method")
                                   ? req.get_header_value("Access-Control-Request-Method")
                                   : "OPTIONS";
    render_s3_error(res, make_s3_error(403, "AccessForbidden",
                                       "CORSResponse: CORS is not enabled for this bucket.",
                                       {{"Method", method}, {"ResourceType", "BUCKET"}}));
  });
}

} // namespace reonomy::mock

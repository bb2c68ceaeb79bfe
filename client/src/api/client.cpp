#include "reonomy_client/client.hpp"

#include "api/downloader.hpp"
#include "api/requester.hpp"
#include "api/session.hpp"

namespace reonomy::client {

struct Client::Impl {
  Impl(ClientOptions options, std::shared_ptr<Transport> transport)
      : session(std::move(options), std::move(transport)), requester(session) {}

  std::optional<std::string> blocking_job(const HttpResponse& refusal);
  std::optional<Job> adopt(const Submission& submission);

  detail::Session session;
  detail::Requester requester;
};

Client::Client(ClientOptions options, std::shared_ptr<Transport> transport)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(transport))) {}

Client::~Client() = default;

const ClientOptions& Client::options() const {
  return impl_->session.options();
}

std::string Client::resolve(const std::string& url) const {
  return impl_->session.resolve(url);
}

std::string Client::authorization() const {
  return impl_->session.authorization();
}

void Client::forget_rate_window() {
  impl_->session.forget_rate_window();
}

void Client::pace(bool wait) {
  impl_->session.pace(wait);
}

HttpResponse Client::send_once(HttpRequest request) {
  return impl_->session.send(std::move(request), detail::Audience::api);
}

Job Client::get(const std::string& job_id) {
  return Job{impl_->requester.call_json({"GET", "/v2/jobs/file/" + job_id, {}, "", {}})};
}

JobList Client::list(std::optional<std::size_t> limit, std::optional<std::size_t> offset) {
  std::string path = "/v2/jobs/file";
  std::string separator = "?";
  if (limit)
    path += std::exchange(separator, "&") + "limit=" + std::to_string(*limit);
  if (offset)
    path += separator + "offset=" + std::to_string(*offset);
  const HttpRequest request{"GET", path, {}, "", {}};
  const auto body = impl_->requester.call_json(request);
  if (!body.is_object() || !body.contains("items") || !body["items"].is_array())
    throw ClientError(ExitCode::unexpected,
                      "GET " + path + " answered without an `items` list: " + body.dump());
  JobList list;
  list.count = body.value("count", std::size_t{0});
  for (const auto& item : body["items"])
    list.items.push_back(Job{item});
  return list;
}

Job Client::wait(const std::string& job_id, std::optional<Clock::Duration> timeout) {
  auto& clock = impl_->session.job_clock();
  const auto start = clock.now();
  bool first = true;
  std::optional<std::string> last;
  for (;;) {
    Job job = get(job_id);
    const auto status = job.status();
    if (first || status != last)
      impl_->session.observer().on_status(job);
    first = false;
    last = status;
    if (status == "SUCCESS")
      return job;
    if (failed(status)) {
      std::string message = "job " + job_id + " ended with status " + *status;
      if (job.json.contains("message") && job.json["message"].is_string())
        message += ": " + job.json["message"].get<std::string>();
      throw JobFailed(job_id, *status, message + "; it has no results");
    }
    if (timeout && clock.now() - start >= *timeout)
      throw WaitTimeout(
          "job " + job_id + " is still " + job.status_text() + " after " +
          std::to_string(std::chrono::duration_cast<std::chrono::seconds>(*timeout).count()) +
          " s; wait again later or raise --timeout");
    clock.sleep_for(impl_->session.options().poll_interval);
  }
}

// A 429 on submission means a job is running (doc) or too many requests (doc); the mock names
// which, the real API's body is undocumented, so the newest job decides: if it is still in
// progress, that is the job to wait for.
std::optional<std::string> Client::Impl::blocking_job(const HttpResponse& refusal) {
  if (detail::error_type(refusal) == "RateLimitExceeded")
    return std::nullopt;
  const auto body = requester.call_json({"GET", "/v2/jobs/file?limit=1", {}, "", {}});
  if (!body.contains("items") || !body["items"].is_array() || body["items"].empty())
    return std::nullopt;
  const Job newest{body["items"][0]};
  if (in_progress(newest.status()))
    return newest.id();
  return std::nullopt;
}

// After a 5xx or a broken connection the job may have been created all the same; submitting
// again would run it twice (and meet 429). The newest job, still in progress, of the same type
// and file name is taken to be ours.
std::optional<Job> Client::Impl::adopt(const Submission& submission) {
  const auto body = requester.call_json({"GET", "/v2/jobs/file?limit=1", {}, "", {}});
  if (!body.contains("items") || !body["items"].is_array() || body["items"].empty())
    return std::nullopt;
  Job newest{body["items"][0]};
  if (in_progress(newest.status()) && newest.job_type() == submission.job_type &&
      newest.json.value("filename", "") == submission.filename)
    return newest;
  return std::nullopt;
}

HttpRequest submission_request(const Submission& submission) {
  HttpRequest request{"POST", "/v2/jobs/file", {}, "", std::vector<FormPart>{}};
  // doc (httpbin example): job_type and metadata in the form, the spec as the file part.
  request.multipart->push_back({"job_type", submission.job_type, "", ""});
  if (submission.metadata)
    request.multipart->push_back({"metadata", *submission.metadata, "", ""});
  request.multipart->push_back({"file", submission.content, submission.filename,
                                submission.job_type == "match" ? "text/csv" : "application/json"});
  return request;
}

Job Client::submit(const Submission& submission) {
  const HttpRequest request = submission_request(submission);
  auto& session = impl_->session;
  auto& requester = impl_->requester;
  int failures = 0;
  int limited = 0;
  int job_waits = 0;
  for (;;) {
    std::optional<HttpResponse> response;
    std::string failure;
    try {
      response = session.send(request, detail::Audience::api);
    } catch (const TransportError& e) {
      failure = e.what();
    }
    if (response && response->status == 201)
      return Job{detail::json_body(request, *response)};
    if (!response || response->status >= 500) {
      if (response)
        failure = "POST /v2/jobs/file: HTTP " + std::to_string(response->status);
      if (auto adopted = impl_->adopt(submission))
        return *adopted;
      requester.back_off(response ? RetryReason::server_error : RetryReason::connection, failure,
                         ++failures);
      continue;
    }
    if (response->status == 429) {
      if (const auto running = impl_->blocking_job(*response)) {
        if (++job_waits > session.options().retry.max_job_waits)
          throw ServiceUnavailable("POST /v2/jobs/file: another job kept running after " +
                                   std::to_string(job_waits - 1) + " waits");
        session.observer().on_waiting_for_job(*running);
        try {
          wait(*running);
        } catch (const JobFailed&) {
          // Its failure is not ours: the account is free again either way.
        }
        continue;
      }
      requester.wait_rate_limit(*response, "POST /v2/jobs/file: HTTP 429", ++limited);
      continue;
    }
    throw detail::api_error(request, *response);
  }
}

DownloadReport Client::download(const Job& job, const DownloadOptions& options) {
  detail::Downloader downloader(impl_->requester,
                                [this](const std::string& id) { return get(id); });
  return downloader.run(job, options);
}

} // namespace reonomy::client

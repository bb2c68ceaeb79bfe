#pragma once

#include <memory>
#include <optional>
#include <string>

#include "reonomy_client/download.hpp"
#include "reonomy_client/errors.hpp"
#include "reonomy_client/http.hpp"
#include "reonomy_client/job.hpp"
#include "reonomy_client/options.hpp"
#include "reonomy_client/submission.hpp"

namespace reonomy::client {

// A client of the batch jobs API that does what the documentation asks of one:
// - uploads as multipart/form-data built by the HTTP library (job_type and metadata as fields,
//   the spec as the file part `file`), never a hand-set Content-Type, always a User-Agent;
// - Basic auth on every request; never more than `max_requests_per_second` requests a second;
// - 429 RateLimitExceeded: waits Retry-After and retries; 429 while another job runs: waits
//   for that job to finish, then submits; 5xx and dropped connections: capped exponential
//   backoff with jitter;
// - polls about once a second; a FAILURE job ends the wait with JobFailed;
// - downloads stream to a temporary file renamed when complete, resume after a broken
//   transfer, fetch the job again for fresh URLs on "Request has expired" or NoSuchKey, and
//   verify every NDJSON line and the record count before they report success.
// Methods throw the ClientError subclasses of errors.hpp. Not thread-safe: one thread per Client.
class Client {
public:
  // `transport` defaults to HTTP(S) over cpp-httplib.
  explicit Client(ClientOptions options, std::shared_ptr<Transport> transport = nullptr);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  Job submit(const Submission& submission);
  Job get(const std::string& job_id);
  JobList list(std::optional<std::size_t> limit = std::nullopt,
               std::optional<std::size_t> offset = std::nullopt);
  // Polls until the job succeeds (returns it), fails (JobFailed) or `timeout` passes on the job
  // clock (WaitTimeout). Reports each status change to the observer.
  Job wait(const std::string& job_id, std::optional<Clock::Duration> timeout = std::nullopt);
  // Downloads every result file of a SUCCESS job into options.out_dir (created if missing).
  DownloadReport download(const Job& job, const DownloadOptions& options);

  // One request with credentials, User-Agent and pacing, but no retries and no interpretation:
  // what a conformance check needs to see the server's own answer.
  HttpResponse send_once(HttpRequest request);
  // Counts a request sent through another channel (a raw socket) against the rate limit,
  // waiting first for a free slot unless `wait` is false (a deliberate burst).
  void pace(bool wait = true);
  // Forgets the requests sent in the last second. Only for a server that was told to forget
  // them too (reonomy-mock's POST /_mock/reset clears its rate-limit windows).
  void forget_rate_window();
  // The Authorization header value sent to the API: "Basic base64(access_key:secret_key)".
  std::string authorization() const;
  // `url` made absolute against the base URL.
  std::string resolve(const std::string& url) const;
  const ClientOptions& options() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The request Client::submit sends: POST /v2/jobs/file with the form fields job_type (and
// metadata) and the file part `file`, encoded by the HTTP library.
HttpRequest submission_request(const Submission& submission);

} // namespace reonomy::client

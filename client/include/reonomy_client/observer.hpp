#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "reonomy_client/job.hpp"

namespace reonomy::client {

struct DownloadedFile;

// Why the client is about to wait and send a request again.
enum class RetryReason {
  rate_limited, // 429 RateLimitExceeded (or a 429 with no job running): honours Retry-After
  server_error, // 5xx: capped exponential backoff with jitter
  connection,   // dropped or refused connection, timeout: same backoff
};

struct RetryEvent {
  RetryReason reason;
  std::string what; // the status line or the transport error
  int attempt = 0;  // 1 for the first retry
  std::chrono::milliseconds delay{0};
};

// Hears what the client does, so a command line can show it and tests can assert on it. Every
// method has an empty default; override what you need. Called on the client's thread.
class ClientObserver {
public:
  virtual ~ClientObserver() = default;
  virtual void on_retry(const RetryEvent&) {}
  // A submission got 429 because another job runs; the client now waits for that job.
  virtual void on_waiting_for_job(const std::string& /*job_id*/) {}
  // While waiting: the job's status differs from the one seen before (the first poll counts).
  virtual void on_status(const Job&) {}
  // A result URL answered "Request has expired" or NoSuchKey; the job is fetched again.
  virtual void on_url_refresh(const std::string& /*object*/, const std::string& /*reason*/) {}
  // A download (re)starts at `offset` bytes; `total` when the server said.
  virtual void on_download_start(const std::string& /*object*/, std::uint64_t /*offset*/,
                                 std::optional<std::uint64_t> /*total*/) {}
  virtual void on_download_progress(const std::string& /*object*/, std::uint64_t /*bytes*/,
                                    std::optional<std::uint64_t> /*total*/) {}
  virtual void on_download_done(const DownloadedFile&) {}
};

} // namespace reonomy::client

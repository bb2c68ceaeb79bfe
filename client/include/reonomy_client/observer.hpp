#pragma once

#include <chrono>
#include <cstddef>
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

// Where one result file's transfer stands.
struct DownloadProgress {
  std::string object;      // the object name, <uuid>_<n>.ndjson
  std::size_t part = 1;    // its place among the job's result files, from 1
  std::size_t parts = 1;   // the job's result files
  std::uint64_t bytes = 0; // on disk, resumed bytes included
  // The object's size, from Content-Length (200) or Content-Range's total (206); nullopt when the
  // server did not say (a chunked answer).
  std::optional<std::uint64_t> total;
  // Time left at this attempt's average rate; nullopt until a second of it has passed (or when
  // the total is unknown).
  std::optional<std::chrono::seconds> eta;

  // Whole percent done (0 to 100) when the total is known.
  std::optional<int> percent() const {
    if (!total)
      return std::nullopt;
    if (*total == 0 || bytes >= *total)
      return 100;
    return static_cast<int>(bytes * 100 / *total);
  }
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
  // A transfer (re)starts: the server answered and the first body byte is next. `bytes` is what
  // was already on disk (more than 0 when resuming with a Range).
  virtual void on_download_start(const DownloadProgress&) {}
  // The transfer moved: called when the whole percentage changes (every 256 KiB when the size is
  // unknown), and once more at the end with bytes == *total.
  virtual void on_download_progress(const DownloadProgress&) {}
  virtual void on_download_done(const DownloadedFile&) {}
};

} // namespace reonomy::client

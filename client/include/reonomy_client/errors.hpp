#pragma once

#include <stdexcept>
#include <string>

namespace reonomy::client {

// The exit codes of `reonomy-client` (listed by --help). Each error type below maps to one.
enum class ExitCode : int {
  ok = 0,
  unexpected = 1,       // a bug or an unforeseen condition; the message says what
  usage = 2,            // bad flags, unreadable or invalid input files, ambiguous CSV mapping
  api_refused = 3,      // the API answered 4xx (ValidationError, FileNotFoundAtPathError, 404...)
  unauthorized = 4,     // 401 AuthorizationException or 403 on an API call
  job_failed = 5,       // the job ended with status FAILURE (or another failure state)
  download_failed = 6,  // a result could not be downloaded, or failed verification
  unavailable = 7,      // 5xx, dropped connections or 429s went on past every retry
  timed_out = 8,        // the job did not finish within --timeout
  scenarios_failed = 9, // conformance: at least one scenario failed
};

// Everything the client reports as a failure derives from this and names its exit code.
class ClientError : public std::runtime_error {
public:
  ClientError(ExitCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  ExitCode exit_code() const noexcept { return code_; }

private:
  ExitCode code_;
};

class UsageError : public ClientError {
public:
  explicit UsageError(const std::string& message) : ClientError(ExitCode::usage, message) {}
};

// The API refused a request: its status, its error `type` (empty when the body had none) and
// its message (or the raw body when it was not the usual JSON envelope).
class ApiError : public ClientError {
public:
  ApiError(int status, std::string type, const std::string& message);
  int status() const noexcept { return status_; }
  const std::string& type() const noexcept { return type_; }

private:
  int status_;
  std::string type_;
};

class JobFailed : public ClientError {
public:
  JobFailed(std::string job_id, std::string status, const std::string& message)
      : ClientError(ExitCode::job_failed, message), job_id_(std::move(job_id)),
        status_(std::move(status)) {}
  const std::string& job_id() const noexcept { return job_id_; }
  const std::string& status() const noexcept { return status_; }

private:
  std::string job_id_;
  std::string status_;
};

class WaitTimeout : public ClientError {
public:
  explicit WaitTimeout(const std::string& message) : ClientError(ExitCode::timed_out, message) {}
};

class DownloadError : public ClientError {
public:
  explicit DownloadError(const std::string& message)
      : ClientError(ExitCode::download_failed, message) {}
};

// A downloaded result is not what the job promised: a line that is not JSON, a record count
// other than the one asked for, a size other than Content-Length.
class VerificationError : public DownloadError {
public:
  using DownloadError::DownloadError;
};

// Retries ran out: the server kept answering 5xx or 429, or the connection kept failing.
class ServiceUnavailable : public ClientError {
public:
  explicit ServiceUnavailable(const std::string& message)
      : ClientError(ExitCode::unavailable, message) {}
};

} // namespace reonomy::client

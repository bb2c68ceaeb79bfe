#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace reonomy::mock {

// One rejection of a request: the HTTP status, the API's error name (`type`) and a message that
// tells the caller what to change. Handlers throw it; one place (http/error_renderer) renders it as
// `{"type": ..., "message": ...}`. Throwing before any state change keeps requests all-or-nothing.
class ApiError : public std::runtime_error {
public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  ApiError(int status, std::string type, std::string message, Headers headers = {})
      : std::runtime_error(std::move(message)), status_(status), type_(std::move(type)),
        headers_(std::move(headers)) {}

  int status() const noexcept { return status_; }
  const std::string& type() const noexcept { return type_; }
  const Headers& headers() const noexcept { return headers_; }

private:
  int status_;
  std::string type_;
  Headers headers_;
};

// The error names in one place. Names the documentation gives are marked doc; the rest are ours.
namespace error_type {
inline constexpr const char* kAuthorization = "AuthorizationException";       // doc
inline constexpr const char* kFileNotFoundAtPath = "FileNotFoundAtPathError"; // doc
inline constexpr const char* kForbidden = "ForbiddenException";               // ours: no UA
inline constexpr const char* kValidation = "ValidationError";                 // ours
inline constexpr const char* kRateLimited = "RateLimitExceeded";              // ours
inline constexpr const char* kJobInProgress = "JobInProgress";                // ours
inline constexpr const char* kNotFound = "NotFoundException";                 // ours
inline constexpr const char* kPayloadTooLarge = "PayloadTooLarge";            // ours
inline constexpr const char* kConflict = "Conflict";                          // ours
} // namespace error_type

// A 400 ValidationError whose message starts with the offending field's path.
inline ApiError validation_error(const std::string& field, const std::string& problem) {
  return ApiError(400, error_type::kValidation, field + ": " + problem);
}

} // namespace reonomy::mock

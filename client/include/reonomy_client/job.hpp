#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace reonomy::client {

// A batch job as the API returns it. The whole JSON object is kept, so fields this client does
// not know about survive a round trip; the accessors read the documented ones.
struct Job {
  nlohmann::json json;

  std::string id() const;
  std::string job_type() const;
  // nullopt while the status is JSON null (the creation response, doc: "always null").
  std::optional<std::string> status() const;
  // The status as shown to people: "null" for JSON null.
  std::string status_text() const;
  // The result URLs: `result_urls` when it is an array, else `result_url` split at commas (doc:
  // "a comma-separated string of result URLs"), else none.
  std::vector<std::string> result_urls() const;
};

// Statuses in which a job may still change: null, PENDING, STARTED, and Celery's RECEIVED and
// RETRY, which the documentation does not name but a Celery-backed service may report.
bool in_progress(const std::optional<std::string>& status);
// FAILURE and REVOKED: the job ended without results.
bool failed(const std::optional<std::string>& status);

struct JobList {
  std::size_t count = 0; // every job of the account, not only this page
  std::vector<Job> items;
};

} // namespace reonomy::client

#include "reonomy_client/job.hpp"

namespace reonomy::client {

namespace {
std::string string_field(const nlohmann::json& json, const char* name) {
  if (json.is_object() && json.contains(name) && json[name].is_string())
    return json[name].get<std::string>();
  return "";
}
} // namespace

std::string Job::id() const {
  return string_field(json, "id");
}

std::string Job::job_type() const {
  return string_field(json, "job_type");
}

std::optional<std::string> Job::status() const {
  if (!json.is_object() || !json.contains("status") || json["status"].is_null())
    return std::nullopt;
  return json["status"].is_string() ? json["status"].get<std::string>() : json["status"].dump();
}

std::string Job::status_text() const {
  return status().value_or("null");
}

std::vector<std::string> Job::result_urls() const {
  std::vector<std::string> urls;
  if (json.contains("result_urls") && json["result_urls"].is_array()) {
    for (const auto& url : json["result_urls"])
      if (url.is_string())
        urls.push_back(url.get<std::string>());
    return urls;
  }
  const std::string joined = string_field(json, "result_url");
  for (std::size_t start = 0; start < joined.size();) {
    const auto comma = joined.find(',', start);
    const auto end = comma == std::string::npos ? joined.size() : comma;
    if (end > start)
      urls.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return urls;
}

bool in_progress(const std::optional<std::string>& status) {
  return !status || *status == "PENDING" || *status == "STARTED" || *status == "RECEIVED" ||
         *status == "RETRY";
}

bool failed(const std::optional<std::string>& status) {
  return status && (*status == "FAILURE" || *status == "REVOKED");
}

} // namespace reonomy::client

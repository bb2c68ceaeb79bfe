#include "jobs/job_spec.hpp"

#include <stdexcept>

#include "core/api_error.hpp"

namespace reonomy::mock {

namespace {

void require_metadata(const std::optional<std::string_view>& metadata) {
  if (!metadata)
    throw validation_error(
        "metadata", "match jobs need a `metadata` form field: {\"headers\": [every CSV column "
                    "in order], \"mapping\": {\"address_line_1\": ..., \"address_city\": ..., "
                    "\"address_state\": ..., \"address_postal\": ...} or {\"latitude\": ..., "
                    "\"longitude\": ...}}");
}

} // namespace

JobSpec parse_job_spec(JobType type, std::string_view content,
                       std::optional<std::string_view> metadata) {
  switch (type) {
  case JobType::property_details:
    return parse_property_details_spec(content);
  case JobType::search:
    return parse_search_spec(content);
  case JobType::match:
    require_metadata(metadata);
    return parse_match_spec(*metadata, content);
  }
  throw std::logic_error("unknown job type");
}

JobSpec take_job_spec(JobType type, std::string content, std::optional<std::string_view> metadata) {
  if (type != JobType::match)
    return parse_job_spec(type, content, metadata);
  require_metadata(metadata);
  return take_match_spec(*metadata, std::move(content));
}

} // namespace reonomy::mock

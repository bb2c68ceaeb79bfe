#include "specs/job_type.hpp"

namespace reonomy::mock {

std::string_view to_string(JobType type) {
  switch (type) {
  case JobType::property_details:
    return "property-details";
  case JobType::match:
    return "match";
  case JobType::search:
    return "search";
  }
  return "?";
}

std::optional<JobType> parse_job_type(std::string_view name) {
  for (auto t : {JobType::property_details, JobType::match, JobType::search})
    if (to_string(t) == name)
      return t;
  return std::nullopt;
}

std::string_view job_type_names() {
  return "property-details, match, search";
}

} // namespace reonomy::mock

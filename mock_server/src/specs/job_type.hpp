#pragma once

#include <optional>
#include <string_view>

namespace reonomy::mock {

enum class JobType { property_details, match, search };

// The wire names: property-details, match, search.
std::string_view to_string(JobType type);
std::optional<JobType> parse_job_type(std::string_view name);

// "property-details, match, search", for messages that list the allowed values.
std::string_view job_type_names();

} // namespace reonomy::mock

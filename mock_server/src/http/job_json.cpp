#include "http/job_json.hpp"

#include "core/time_format.hpp"

namespace reonomy::mock {

nlohmann::json job_json(const Job& job, const Account& owner, TimePoint now,
                        bool creation_response) {
  nlohmann::json metadata;
  if (const auto* match = std::get_if<MatchSpec>(job.spec.get()))
    metadata = metadata_json(*match);
  else
    metadata = {{"headers", nlohmann::json::array()}, {"labels", nlohmann::json::array()}};

  return {
      {"created", isoformat(job.created)},
      {"filename", job.filename},
      {"group_path", owner.group_path},
      {"id", to_string(job.id)},
      {"job_type", to_string(job.type)},
      {"message", nullptr}, // doc: "Not used (returns null)"
      {"metadata", std::move(metadata)},
      {"modified", isoformat(creation_response ? job.created : job.modified_at(now))},
      {"progress", nullptr}, // doc: null in every example
      // Result URLs are signed per request once result files exist; until then there are none.
      {"result_url", nullptr},
      {"result_urls", nullptr},
      {"status", creation_response ? nlohmann::json(nullptr)
                                   : nlohmann::json(to_string(job.status_at(now)))},
      {"user", owner.user},
  };
}

} // namespace reonomy::mock

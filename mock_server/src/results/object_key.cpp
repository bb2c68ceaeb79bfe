#include "results/object_key.hpp"

#include <charconv>

namespace reonomy::mock {

namespace {
constexpr std::string_view kChunked = "job_cache/";
constexpr std::string_view kSingle = "job_results/";
constexpr std::string_view kNdjson = ".ndjson";
constexpr std::string_view kCsv = ".csv";
} // namespace

std::string to_string(const ObjectKey& key) {
  switch (key.type) {
  case JobType::property_details:
    return std::string(kChunked) + to_string(key.result_id) + "_" + std::to_string(key.part) +
           std::string(kNdjson);
  case JobType::search:
    return std::string(kSingle) + to_string(key.result_id) + std::string(kNdjson);
  case JobType::match:
    return std::string(kSingle) + to_string(key.result_id) + std::string(kCsv);
  }
  return "";
}

std::optional<ObjectKey> parse_object_key(std::string_view key) {
  if (key.starts_with(kSingle) && key.ends_with(kCsv)) {
    const auto id =
        parse_uuid(key.substr(kSingle.size(), key.size() - kSingle.size() - kCsv.size()));
    if (!id)
      return std::nullopt;
    return ObjectKey{*id, 0, JobType::match};
  }
  if (!key.ends_with(kNdjson))
    return std::nullopt;
  key.remove_suffix(kNdjson.size());
  if (key.starts_with(kSingle)) {
    const auto id = parse_uuid(key.substr(kSingle.size()));
    if (!id)
      return std::nullopt;
    return ObjectKey{*id, 0, JobType::search};
  }
  if (!key.starts_with(kChunked))
    return std::nullopt;
  key.remove_prefix(kChunked.size());
  if (key.size() < 38 || key[36] != '_')
    return std::nullopt;
  const auto id = parse_uuid(key.substr(0, 36));
  const std::string_view part_text = key.substr(37);
  std::size_t part = 0;
  const auto [end, ec] =
      std::from_chars(part_text.data(), part_text.data() + part_text.size(), part);
  if (!id || ec != std::errc() || end != part_text.data() + part_text.size() ||
      (part_text.size() > 1 && part_text[0] == '0'))
    return std::nullopt;
  return ObjectKey{*id, part, JobType::property_details};
}

Uuid result_id_of(const Uuid& job_id) {
  return uuid_v5(mock_namespace(), "results:" + to_string(job_id));
}

} // namespace reonomy::mock

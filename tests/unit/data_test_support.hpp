#pragma once

// Shared by the data-layer tests: small corpora built once per test process, and records as
// parsed JSON.

#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/corpus.hpp"
#include "data/property_record.hpp"

namespace reonomy::mock::test {

inline constexpr std::array<DetailType, kDetailTypeCount> kAllTypes = {
    DetailType::basic, DetailType::mortgages, DetailType::ownership, DetailType::reported_owner,
    DetailType::sales, DetailType::taxes,     DetailType::tenants};

inline constexpr std::uint64_t kTestSeed = 7;

// A 20,000-entry corpus (about 40 ms to build).
inline const Corpus& small_corpus() {
  static const Corpus corpus = Corpus::generate(kTestSeed, 20'000);
  return corpus;
}

inline std::string record_text(const Corpus& corpus, const Uuid& id,
                               std::span<const DetailType> types, bool filter_pii = false) {
  std::string out;
  write_record(out, corpus, id, types, filter_pii);
  return out;
}

inline nlohmann::json record_json(const Corpus& corpus, const Uuid& id,
                                  std::span<const DetailType> types, bool filter_pii = false) {
  return nlohmann::json::parse(record_text(corpus, id, types, filter_pii));
}

// A few ids that are not in any corpus, as a client might send them.
inline std::vector<Uuid> outside_ids() {
  return {*parse_uuid("00000000-0000-0000-0000-000000000001"),
          *parse_uuid("123e4567-e89b-12d3-a456-426614174000"),
          *parse_uuid("ffffffff-ffff-4fff-bfff-ffffffffffff"),
          uuid_v5(mock_namespace(), "not in the corpus")};
}

} // namespace reonomy::mock::test

#include "results/result_plan.hpp"

#include <algorithm>
#include <stdexcept>

#include "data/corpus.hpp"
#include "data/search_match.hpp"
#include "data/update_times.hpp"

namespace reonomy::mock {

namespace {
std::size_t objects_for(std::size_t records, std::size_t chunk_size) {
  return std::max<std::size_t>(1, (records + chunk_size - 1) / chunk_size);
}
} // namespace

ResultPlan ResultPlan::for_property_details(const PropertyDetailsSpec& spec, const Corpus& corpus,
                                            std::size_t chunk_size) {
  if (chunk_size == 0)
    throw std::invalid_argument("chunk size must be positive");
  ResultPlan plan;
  plan.chunk_size_ = chunk_size;
  if (spec.has_updated_filter()) {
    std::vector<std::uint32_t> kept;
    for (std::size_t i = 0; i < spec.property_ids.size(); ++i)
      if (updated_since(update_dates(corpus, spec.property_ids[i]), spec.updated))
        kept.push_back(static_cast<std::uint32_t>(i));
    plan.records_ = kept.size();
    plan.selected_ = std::move(kept);
  } else {
    plan.records_ = spec.property_ids.size();
  }
  plan.object_count_ = objects_for(plan.records_, chunk_size);
  return plan;
}

ResultPlan ResultPlan::for_search(const SearchSpec& spec, const Corpus& corpus) {
  ResultPlan plan;
  const SearchFilter filter(corpus, spec);
  std::vector<std::uint32_t> hits;
  const auto entries = corpus.entries();
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (filter.matches(entries[i]))
      hits.push_back(static_cast<std::uint32_t>(i));
  plan.records_ = hits.size();
  plan.chunk_size_ = std::max<std::size_t>(1, hits.size());
  plan.object_count_ = 1;
  plan.selected_ = std::move(hits);
  return plan;
}

ResultPlan ResultPlan::for_match(const MatchSpec& spec) {
  ResultPlan plan;
  plan.records_ = spec.count - spec.error_decoding_lines.size();
  plan.chunk_size_ = std::max<std::size_t>(1, plan.records_);
  plan.object_count_ = 1;
  return plan;
}

std::size_t ResultPlan::records_in(std::size_t object) const {
  const std::size_t first = first_record(object);
  if (object >= object_count_ || first >= records_)
    return 0;
  return std::min(chunk_size_, records_ - first);
}

} // namespace reonomy::mock

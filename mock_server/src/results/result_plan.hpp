#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "specs/match_spec.hpp"
#include "specs/property_details_spec.hpp"
#include "specs/search_spec.hpp"

namespace reonomy::mock {

class Corpus;

// Which records a finished job's result files hold, and how they are split into objects.
// Computed once per job from its spec and the corpus (records themselves are generated as they
// are streamed, never held). Immutable; shared between the requests that read it.
class ResultPlan {
public:
  // property-details: the spec's ids in order, less those the `updated` filter leaves out, in
  // objects of `chunk_size` records (doc: 25,000). ours: a job whose filter leaves nothing has
  // one empty object, so a client always has a URL to fetch.
  static ResultPlan for_property_details(const PropertyDetailsSpec& spec, const Corpus& corpus,
                                         std::size_t chunk_size);
  // search: every commercial corpus property matching the settings, in corpus order, in one
  // object (doc: "result_urls is a single element array").
  static ResultPlan for_search(const SearchSpec& spec, const Corpus& corpus);
  // match: one CSV object with a row per data row that is valid UTF-8 (doc: undecodable rows
  // are "not included as unmatched or in resulting file").
  static ResultPlan for_match(const MatchSpec& spec);

  std::size_t object_count() const { return object_count_; }
  std::size_t record_count() const { return records_; }
  std::size_t chunk_size() const { return chunk_size_; }
  // Records of object n occupy positions [first_record(n), first_record(n) + records_in(n)).
  std::size_t first_record(std::size_t object) const { return object * chunk_size_; }
  std::size_t records_in(std::size_t object) const;
  // The index (into the spec's property_ids, or into the corpus for search) of record `position`.
  std::size_t source_index(std::size_t position) const {
    return selected_ ? (*selected_)[position] : position;
  }

private:
  std::size_t records_ = 0;
  std::size_t chunk_size_ = 1;
  std::size_t object_count_ = 1;
  // Set when only some sources are records (updated filter, search); nullopt: all of them.
  std::optional<std::vector<std::uint32_t>> selected_;
};

} // namespace reonomy::mock

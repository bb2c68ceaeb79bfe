#include "results/object_stream.hpp"

#include "data/corpus.hpp"
#include "data/property_record.hpp"
#include "data/search_match.hpp"
#include "match/match_writer.hpp"
#include "match/matcher.hpp"

namespace reonomy::mock {

ObjectStream::ObjectStream(const PropertyDetailsSpec& spec, const ResultPlan& plan,
                           const Corpus& corpus, std::size_t object)
    : details_(&spec), plan_(plan), corpus_(corpus), next_(plan.first_record(object)),
      end_(next_ + plan.records_in(object)) {}

ObjectStream::ObjectStream(const SearchSpec&, const ResultPlan& plan, const Corpus& corpus)
    : plan_(plan), corpus_(corpus), next_(0), end_(plan.record_count()) {}

ObjectStream::ObjectStream(const MatchSpec& spec, const ResultPlan& plan, const Corpus& corpus,
                           const Matcher& matcher)
    : match_(std::make_unique<MatchWriter>(spec, matcher)), plan_(plan), corpus_(corpus), next_(0),
      end_(0) {}

ObjectStream::~ObjectStream() = default;

bool ObjectStream::fill(std::string& out, std::size_t min_bytes) {
  if (match_)
    return match_->fill(out, min_bytes);
  if (next_ >= end_)
    return false;
  while (next_ < end_ && out.size() < min_bytes) {
    const std::size_t source = plan_.source_index(next_++);
    if (details_)
      write_record(out, corpus_, details_->property_ids[source], details_->detail_types,
                   details_->filter_pii);
    else
      write_search_line(out, corpus_, corpus_.at(source));
    out += '\n';
  }
  return true;
}

} // namespace reonomy::mock

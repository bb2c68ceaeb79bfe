#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <variant>

#include "results/result_plan.hpp"
#include "specs/match_spec.hpp"
#include "specs/property_details_spec.hpp"
#include "specs/search_spec.hpp"

namespace reonomy::mock {

class Corpus;
class Matcher;
class MatchWriter;

// The `min_bytes` every server path asks `ObjectStream::fill` for: cpp-httplib writes faster in
// large pieces (DEPENDENCIES.md: 1 MiB writes reach GB/s), and SFTP reads are served from one
// piece.
inline constexpr std::size_t kPieceBytes = 1 << 20;

// Generates one result object's bytes, record by record, in pieces: the server never holds a
// whole file. NDJSON records are one JSON line ending in '\n'; match results are CSV rows.
class ObjectStream {
public:
  // `spec` must outlive the stream (the caller keeps the job alive); so must plan and corpus.
  ObjectStream(const PropertyDetailsSpec& spec, const ResultPlan& plan, const Corpus& corpus,
               std::size_t object);
  ObjectStream(const SearchSpec& spec, const ResultPlan& plan, const Corpus& corpus);
  // A match job's CSV; `matcher` must outlive the stream.
  ObjectStream(const MatchSpec& spec, const ResultPlan& plan, const Corpus& corpus,
               const Matcher& matcher);
  ~ObjectStream();

  // Appends records to `out` until it holds at least `min_bytes` or the object is complete.
  // Returns false when the object was already complete (nothing appended).
  bool fill(std::string& out, std::size_t min_bytes);

private:
  const PropertyDetailsSpec* details_ = nullptr; // null for search and match
  std::unique_ptr<MatchWriter> match_;           // set for match
  const ResultPlan& plan_;
  const Corpus& corpus_;
  std::size_t next_, end_;
};

} // namespace reonomy::mock

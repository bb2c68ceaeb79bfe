#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "match/csv_reader.hpp"
#include "match/matcher.hpp"
#include "specs/match_spec.hpp"

namespace reonomy::mock {

class Corpus;

// doc: the match result is a CSV file.
inline constexpr std::string_view kMatchResultContentType = "text/csv";

// Writes a match job's result CSV in pieces, so the server never holds a whole file:
//
//   reonomy_id,status,miss_reason,<every original header>\r\n
//   <id or "">,<OK|PARTIAL|MISS>,<reason or "">,<every original value>\r\n   (one per input row)
//
// doc: the three columns come first, then everything of the original row. Original headers and
// values are kept byte for byte; write_csv_field quotes one only when it has to (a comma, quote,
// CR or LF, or a leading or trailing space), so a quoted input field may come out unquoted.
// Rows in input order; rows that are not valid UTF-8 are left out (doc: they are listed in
// error_decoding_lines and "not included as unmatched or in resulting file"); empty lines are
// skipped as the reader skips them. reonomy_id is empty for MISS, miss_reason for OK and
// PARTIAL. ours: lines end in CRLF, as Python's csv module writes them.
// The output is a function of the spec and the corpus: the same upload gives the same bytes.
class MatchWriter {
public:
  // `spec` (and `matcher`) must outlive the writer and stay unchanged; the spec is one that
  // parse_match_spec accepted.
  MatchWriter(const MatchSpec& spec, const Matcher& matcher);
  // Builds its own Matcher over `corpus` (tens of milliseconds; prefer sharing one Matcher).
  MatchWriter(const MatchSpec& spec, const Corpus& corpus);
  ~MatchWriter();
  MatchWriter(const MatchWriter&) = delete;
  MatchWriter& operator=(const MatchWriter&) = delete;

  // Appends rows to `out` until it holds at least `min_bytes` or the file is complete. Returns
  // false when the file was already complete (nothing appended).
  bool fill(std::string& out, std::size_t min_bytes);

private:
  std::unique_ptr<const Matcher> owned_; // set by the (spec, corpus) constructor
  const Matcher& matcher_;
  const MatchColumns columns_;
  CsvReader reader_;
  CsvRecord record_;
  bool done_ = false;
  bool header_written_ = false;
};

// The whole result at once, for tests and small files.
std::string write_match_result(const MatchSpec& spec, const Matcher& matcher);

} // namespace reonomy::mock

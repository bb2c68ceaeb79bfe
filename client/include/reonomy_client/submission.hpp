#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace reonomy::client {

// How many records a property-details job should return: exactly the ids asked for, or, with
// `updated` (a filter) or repeated ids, anything in [min, max].
struct RecordRange {
  std::size_t min = 0;
  std::size_t max = 0;
  bool contains(std::size_t n) const { return n >= min && n <= max; }
};

// One POST /v2/jobs/file: the form field job_type, the file part `file` (its name and bytes),
// and for match jobs the form field metadata (JSON text).
struct Submission {
  std::string job_type;
  std::string filename;
  std::string content;
  std::optional<std::string> metadata;
  // What the results must hold (property-details only), checked after download.
  std::optional<RecordRange> expected_records;
};

// The detail types the documentation lists.
const std::vector<std::string>& detail_types();

// A property-details job from a spec file's text. Checks what the client can see without the
// server (JSON object, detail_type and property_ids arrays) and throws UsageError naming the
// field otherwise; the server validates the rest.
Submission property_details_from_spec(std::string filename, std::string json_text);

struct IdsSpecOptions {
  std::vector<std::string> detail_types;                    // at least one
  std::vector<std::pair<std::string, std::string>> updated; // TYPE -> YYYY-MM-DD
  std::optional<std::string> updated_all;                   // one date for every type
  bool filter_pii = false;
};

// A property-details job from a list of ids, one per line (blank lines and surrounding spaces
// ignored). Throws UsageError naming the line of an id that is not a UUID.
Submission property_details_from_ids(const std::string& ids_text, const IdsSpecOptions& options);

// Parses "TYPE=YYYY-MM-DD" (or a bare date, meaning every type) into `options`.
void add_updated(IdsSpecOptions& options, const std::string& text);

// A match job from a CSV file. The headers come from the file's first row; `explicit_map` holds
// --map api_name=Column pairs. Missing keys are found among common column names (Address1,
// Street, City, State, Zip, Postal Code, Latitude, Lat, Lon, ...). Throws UsageError when a key
// cannot be mapped, when a column name matches twice, or when both an address and a coordinate
// mapping fit and nothing says which.
Submission match_from_csv(std::string filename, std::string csv_text,
                          const std::vector<std::pair<std::string, std::string>>& explicit_map);

// The header row of a CSV text (RFC 4180 quoting, optional UTF-8 BOM).
std::vector<std::string> csv_header(const std::string& csv_text);

// A search job from a settings file ({"settings": {...}}, the body of POST
// /v2/search/summaries). Throws UsageError when it is not that shape.
Submission search_from_settings(std::string filename, std::string json_text);

} // namespace reonomy::client

#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "reonomy_client/http.hpp"

namespace reonomy::client::detail {

// `pointer` within the JSON document of the step (the response body, or a download's summary).
struct JsonCheck {
  enum class Kind { equals, contains, matches, type, exists, length };
  std::string pointer;
  Kind kind = Kind::equals;
  nlohmann::json value; // the expected value, regex, type name, bool or length
};

struct CsvRowCheck {
  std::size_t row = 0;                                     // 0: the first data row
  std::vector<std::pair<std::string, std::string>> values; // column -> text
};

// Everything a step may expect. Absent members are not checked.
struct Expectations {
  std::vector<int> status;               // one of these codes
  std::optional<std::string> error_type; // the JSON body's `type`
  std::vector<JsonCheck> json;
  std::vector<std::pair<std::string, std::string>> xml; // element -> exact text
  std::vector<std::string> header_present;
  std::vector<std::string> header_absent;
  std::vector<std::pair<std::string, std::string>> header_matches; // name -> regex
  std::optional<int> status_seen;                          // raw with repeat: some response had it
  std::optional<std::vector<std::string>> statuses_seen;   // poll: exactly these, in order
  std::optional<std::vector<std::string>> statuses_within; // poll: only these, in this order
  std::optional<std::size_t> file_count;                   // download
  std::optional<std::size_t> record_count;
  std::optional<std::vector<std::size_t>> records_per_file;
  std::vector<std::string> every_record_has; // JSON pointers every NDJSON record must have
  std::vector<std::string> no_record_has;    // JSON pointers no NDJSON record may have
  std::optional<std::vector<std::string>> csv_columns; // header row of the (first) CSV file
  std::vector<CsvRowCheck> csv_rows;
};

// Parses the `expect` object of a step whose action is `action`; a key that does not apply to
// the action is an error too. Throws ScenarioError naming `file` and `path`.
Expectations parse_expectations(const nlohmann::json& expect, const std::string& action,
                                const std::string& file, const std::string& path);

// What a step saw, for the expectations to judge.
struct Observation {
  std::optional<HttpResponse> response;   // the (last) response
  std::optional<nlohmann::json> document; // its JSON body, or a download's summary
  std::vector<int> statuses;              // every status of a repeated request
  std::vector<std::string> statuses_seen; // poll: distinct successive job statuses
  std::vector<std::size_t> records_per_file;
  std::vector<std::string> records;          // every NDJSON line of the download
  std::vector<std::vector<std::string>> csv; // the (first) CSV file: header, then rows
};

struct Mismatch {
  std::string expectation; // e.g. "status", "json /status equals"
  std::string expected;
  std::string actual;
};

// The first expectation the observation does not meet, in the order the struct lists them.
std::optional<Mismatch> first_mismatch(const Expectations& expect, const Observation& seen);

// The JSON type name used by `type` checks: null, boolean, integer, number, string, array, object.
std::string json_type_name(const nlohmann::json& value);

} // namespace reonomy::client::detail

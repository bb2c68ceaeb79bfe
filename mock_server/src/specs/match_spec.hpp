#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace reonomy::mock {

inline constexpr std::size_t kMaxMatchRows = 100'000; // doc

enum class MatchKind { address, coordinates };

// metadata.mapping: API parameter name -> CSV column, either exactly the four address keys
// (address_line_1, address_city, address_state, address_postal) or latitude + longitude.
struct MatchMapping {
  MatchKind kind = MatchKind::address;
  std::vector<std::pair<std::string, std::string>> columns; // in the canonical key order above
};

struct MatchMetadata {
  std::vector<std::string> headers; // every CSV column, in order
  MatchMapping mapping;
};

// A validated match job: the metadata form field and the uploaded CSV.
struct MatchSpec {
  MatchMetadata metadata;
  std::string csv;                               // the upload's bytes, as sent
  std::size_t count = 0;                         // data rows (header excluded)
  std::size_t duplicate = 0;                     // rows identical to an earlier row
  std::vector<std::size_t> error_decoding_lines; // 1-based file lines of rows not valid UTF-8
};

// Parses the metadata form field: JSON, or the single-quoted Python-literal form the
// documentation's example shows ({'headers': [...], 'mapping': {...}}). Validates the shape and
// the mapping (each mapped column must be one of `headers`). Throws ApiError 400 ValidationError
// naming the field (`metadata`, `metadata.headers[1]`, `metadata.mapping.address_city`, ...).
MatchMetadata parse_match_metadata(std::string_view text);

// Parses metadata, then reads the CSV (RFC 4180; optional UTF-8 BOM; CRLF or LF) and checks it
// against the metadata: header row equal to metadata.headers in order, every row with as many
// fields as the header (else 400 naming the line), 1..100,000 data rows. Fills count, duplicate
// and error_decoding_lines. Throws ApiError 400 ValidationError naming what is wrong.
MatchSpec parse_match_spec(std::string_view metadata_text, std::string_view csv);
// The same, taking the CSV's bytes into the spec instead of copying them: an upload of 200 MB is
// held once.
MatchSpec take_match_spec(std::string_view metadata_text, std::string csv);

// The job's `metadata` object for a match job:
// {count, duplicate, error_decoding_lines, headers, labels: [], mapping: {api_name: column}}.
nlohmann::json metadata_json(const MatchSpec& spec);

} // namespace reonomy::mock

#include "specs/match_spec.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <unordered_set>

#include "core/api_error.hpp"
#include "match/csv_reader.hpp"
#include "specs/python_literal.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 4> kAddressKeys = {"address_line_1", "address_city",
                                                          "address_state", "address_postal"};
constexpr std::array<std::string_view, 2> kCoordinateKeys = {"latitude", "longitude"};
constexpr std::array<std::string_view, 3> kMetadataKeys = {"headers", "mapping", "labels"};

// Column lists can be long; a message shows the first few.
std::string column_list(const std::vector<std::string>& columns) {
  constexpr std::size_t kShown = 20;
  if (columns.size() <= kShown)
    return "[" + detail::join(columns, ", ", true) + "]";
  const std::vector<std::string> head(columns.begin(), columns.begin() + kShown);
  return "[" + detail::join(head, ", ", true) + ", ... (" + std::to_string(columns.size()) +
         " columns)]";
}

std::vector<std::string> parse_headers(const Json& doc) {
  if (!doc.contains("headers"))
    throw validation_error("metadata.headers", "missing; list every CSV column in file order");
  const Json& headers = doc["headers"];
  if (!headers.is_array())
    throw validation_error("metadata.headers",
                           "expected an array of column names, got " + detail::describe(headers));
  if (headers.empty())
    throw validation_error("metadata.headers", "empty; list every CSV column in file order");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const std::string path = "metadata.headers[" + std::to_string(i) + "]";
    const Json& name = headers[i];
    if (!name.is_string() || name.get_ref<const std::string&>().empty())
      throw validation_error(path,
                             "expected a non-empty column name, got " + detail::describe(name));
    const std::string& text = name.get_ref<const std::string&>();
    if (const auto it = std::find(out.begin(), out.end(), text); it != out.end())
      throw validation_error(path, detail::quoted_value(text) + " repeats metadata.headers[" +
                                       std::to_string(it - out.begin()) +
                                       "]; column names must be distinct");
    out.push_back(text);
  }
  return out;
}

MatchMapping parse_mapping(const Json& doc, const std::vector<std::string>& headers) {
  if (!doc.contains("mapping"))
    throw validation_error("metadata.mapping",
                           "missing; map address_line_1, address_city, address_state and "
                           "address_postal, or latitude and longitude, to CSV columns");
  const Json& mapping = doc["mapping"];
  if (!mapping.is_object())
    throw validation_error("metadata.mapping", "expected an object of API parameter name -> "
                                               "CSV column, got " +
                                                   detail::describe(mapping));
  const auto in = [&](const auto& keys, const std::string& key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  };
  std::size_t address_hits = 0, coordinate_hits = 0;
  for (const auto& [key, value] : mapping.items()) {
    address_hits += in(kAddressKeys, key) ? 1 : 0;
    coordinate_hits += in(kCoordinateKeys, key) ? 1 : 0;
  }
  // The intended kind is the one whose keys the caller used; with no known key, address, the
  // documentation's first form.
  const bool coordinates = coordinate_hits > 0 && address_hits == 0;
  const std::vector<std::string_view> wanted =
      coordinates ? std::vector<std::string_view>(kCoordinateKeys.begin(), kCoordinateKeys.end())
                  : std::vector<std::string_view>(kAddressKeys.begin(), kAddressKeys.end());
  std::vector<std::string> missing, unexpected;
  for (std::string_view key : wanted)
    if (!mapping.contains(key))
      missing.emplace_back(key);
  for (const auto& [key, value] : mapping.items())
    if (std::find(wanted.begin(), wanted.end(), key) == wanted.end())
      unexpected.push_back(key);
  if (!missing.empty() || !unexpected.empty()) {
    std::string problem;
    if (address_hits > 0 && coordinate_hits > 0)
      problem = "mixes address and coordinate keys; ";
    if (!missing.empty())
      problem += "missing " + detail::join(missing);
    if (!missing.empty() && !unexpected.empty())
      problem += "; ";
    if (!unexpected.empty())
      problem += "unexpected " + detail::join(unexpected, ", ", true);
    throw validation_error("metadata.mapping", problem + ". Map either the four address keys (" +
                                                   detail::join(kAddressKeys) +
                                                   ") or latitude and longitude");
  }

  MatchMapping out;
  out.kind = coordinates ? MatchKind::coordinates : MatchKind::address;
  for (std::string_view key : wanted) {
    const std::string path = "metadata.mapping." + std::string(key);
    const Json& column = mapping[std::string(key)];
    if (!column.is_string())
      throw validation_error(path, "expected a column name from metadata.headers, got " +
                                       detail::describe(column));
    const std::string& name = column.get_ref<const std::string&>();
    if (std::find(headers.begin(), headers.end(), name) == headers.end())
      throw validation_error(path, detail::quoted_value(name) + " is not one of metadata.headers " +
                                       column_list(headers));
    out.columns.emplace_back(key, name);
  }
  return out;
}

// A row's identity for duplicate counting; lengths first, so ("a,b") and ("a", "b") differ.
void row_key(std::string& key, const std::vector<std::string>& fields) {
  key.clear();
  for (const auto& field : fields) {
    key += std::to_string(field.size());
    key.push_back(':');
    key += field;
  }
}

} // namespace

MatchMetadata parse_match_metadata(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    throw validation_error("metadata", "empty; send {\"headers\": [...], \"mapping\": {...}} "
                                       "describing the CSV's columns");
  const Json doc = parse_python_literal(text, "metadata");
  if (!doc.is_object())
    throw validation_error("metadata", "expected an object with headers and mapping, got " +
                                           detail::describe(doc));
  std::vector<std::string> unknown;
  for (const auto& [key, value] : doc.items())
    if (std::find(kMetadataKeys.begin(), kMetadataKeys.end(), key) == kMetadataKeys.end())
      unknown.push_back(key);
  if (!unknown.empty())
    throw validation_error("metadata",
                           std::string(unknown.size() == 1 ? "unknown key " : "unknown keys ") +
                               detail::join(unknown, ", ", true) +
                               "; allowed keys: " + detail::join(kMetadataKeys));
  MatchMetadata metadata;
  metadata.headers = parse_headers(doc);
  // ours: labels is accepted for compatibility with the job's echoed metadata, and not used.
  if (doc.contains("labels") && !doc["labels"].is_array())
    throw validation_error("metadata.labels",
                           "expected an array, got " + detail::describe(doc["labels"]));
  metadata.mapping = parse_mapping(doc, metadata.headers);
  return metadata;
}

MatchSpec parse_match_spec(std::string_view metadata_text, std::string_view csv) {
  return take_match_spec(metadata_text, std::string(csv));
}

MatchSpec take_match_spec(std::string_view metadata_text, std::string csv) {
  MatchSpec spec;
  spec.metadata = parse_match_metadata(metadata_text);
  const std::vector<std::string>& headers = spec.metadata.headers;
  try {
    CsvReader reader(csv);
    CsvRecord record;
    if (!reader.next(record))
      throw validation_error(
          "file",
          detail::blank_file_problem(csv, "the CSV file").value_or("the CSV file is empty") +
              "; expected a header row " + column_list(headers) + " and 1 to " +
              detail::thousands(kMaxMatchRows) + " data rows");
    if (record.fields != headers)
      throw validation_error("file", "line " + std::to_string(record.line) + ": the header row " +
                                         column_list(record.fields) +
                                         " does not match metadata.headers " +
                                         column_list(headers) +
                                         "; metadata.headers must list every column of the "
                                         "file, in order");
    // A digest per row, not the row: the set stays a few MB for 100,000 rows of any width.
    std::unordered_set<std::string> rows;
    std::string key;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_size = 0;
    while (reader.next(record)) {
      if (record.fields.size() != headers.size())
        throw validation_error(
            "file", "line " + std::to_string(record.line) + " has " +
                        std::to_string(record.fields.size()) + " fields but the header row has " +
                        std::to_string(headers.size()) + "; quote values that contain commas");
      // ours: a row that is not UTF-8 still counts in `count` (and toward `duplicate`);
      // error_decoding_lines names the line it starts on, so the caller can find it.
      ++spec.count;
      if (!record.valid_utf8)
        spec.error_decoding_lines.push_back(record.line);
      if (spec.count > kMaxMatchRows)
        continue; // only counted, for the error below
      row_key(key, record.fields);
      EVP_Digest(key.data(), key.size(), digest, &digest_size, EVP_sha256(), nullptr);
      if (!rows.emplace(reinterpret_cast<const char*>(digest), digest_size).second)
        ++spec.duplicate;
    }
  } catch (const CsvError& e) {
    throw validation_error("file", e.what());
  }
  if (spec.count == 0)
    throw validation_error("file", "no data rows after the header row; a match job takes 1 to " +
                                       detail::thousands(kMaxMatchRows) + " rows");
  if (spec.count > kMaxMatchRows)
    throw validation_error(
        "file", detail::thousands(spec.count) + " data rows; a match job takes at most " +
                    detail::thousands(kMaxMatchRows) + ", so split the file across jobs");
  spec.csv = std::move(csv);
  return spec;
}

nlohmann::json metadata_json(const MatchSpec& spec) {
  Json mapping = Json::object();
  for (const auto& [api_name, column] : spec.metadata.mapping.columns)
    mapping[api_name] = column;
  return Json{{"count", spec.count},
              {"duplicate", spec.duplicate},
              {"error_decoding_lines", spec.error_decoding_lines},
              {"headers", spec.metadata.headers},
              {"labels", Json::array()},
              {"mapping", std::move(mapping)}};
}

} // namespace reonomy::mock

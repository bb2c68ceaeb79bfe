// Builds the match job's metadata ({"headers": [...], "mapping": {...}}) from a CSV file's header
// row and the user's --map pairs, guessing the rest from common column names.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "reonomy_client/errors.hpp"
#include "reonomy_client/submission.hpp"

namespace reonomy::client {

namespace {

// doc: the mapping is either the four address parameters or latitude and longitude.
const std::vector<std::string> kAddressKeys = {"address_line_1", "address_city", "address_state",
                                               "address_postal"};
const std::vector<std::string> kLocationKeys = {"latitude", "longitude"};

// Column names (lower case, letters and digits only) that usually hold each parameter. ours:
// the documentation's own examples (Address1, City, State, Zip, Latitude, Longitude) plus the
// spellings spreadsheets and CRMs commonly export.
const std::map<std::string, std::set<std::string>>& synonyms() {
  static const std::map<std::string, std::set<std::string>> table = {
      {"address_line_1",
       {"addressline1", "address1", "address", "addr1", "addr", "street", "streetaddress", "line1",
        "streetline1"}},
      {"address_city", {"addresscity", "city", "town"}},
      {"address_state", {"addressstate", "state", "st", "statecode", "province"}},
      {"address_postal",
       {"addresspostal", "zip", "zipcode", "zip5", "postal", "postalcode", "postcode"}},
      {"latitude", {"latitude", "lat"}},
      {"longitude", {"longitude", "lon", "lng", "long"}},
  };
  return table;
}

std::string normalized(const std::string& name) {
  std::string out;
  for (unsigned char c : name)
    if (std::isalnum(c))
      out += static_cast<char>(std::tolower(c));
  return out;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names)
    out += (out.empty() ? "'" : ", '") + name + "'";
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

struct Guess {
  std::map<std::string, std::string> mapping;
  std::vector<std::string> problems;
  bool complete() const { return problems.empty(); }
};

// Fills every key of `keys` not already in `fixed` from the column names.
Guess guess(const std::vector<std::string>& keys, const std::vector<std::string>& headers,
            const std::map<std::string, std::string>& fixed) {
  Guess g;
  for (const auto& key : keys) {
    if (const auto it = fixed.find(key); it != fixed.end()) {
      g.mapping[key] = it->second;
      continue;
    }
    std::vector<std::string> candidates;
    for (const auto& column : headers)
      if (synonyms().at(key).contains(normalized(column)))
        candidates.push_back(column);
    if (candidates.size() == 1) {
      g.mapping[key] = candidates.front();
    } else if (candidates.empty()) {
      g.problems.push_back("no column for " + key + " (pass --map " + key + "=COLUMN)");
    } else {
      g.problems.push_back(key + " is ambiguous: columns " + quoted_list(candidates) +
                           " all fit (pass --map " + key + "=COLUMN)");
    }
  }
  return g;
}

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems)
    out += (out.empty() ? "" : "; ") + p;
  return out;
}

} // namespace

std::vector<std::string> csv_header(const std::string& csv_text) {
  std::string_view text(csv_text);
  if (text.starts_with("\xEF\xBB\xBF"))
    text.remove_prefix(3); // a UTF-8 BOM, as Excel writes
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n' || c == '\r') {
      break;
    } else {
      fields.back() += c;
    }
  }
  if (fields.size() == 1 && fields.front().empty())
    return {};
  return fields;
}

Submission match_from_csv(std::string filename, std::string csv_text,
                          const std::vector<std::pair<std::string, std::string>>& explicit_map) {
  const auto headers = csv_header(csv_text);
  if (headers.empty())
    throw UsageError(filename + ": no header row; a match CSV starts with its column names "
                                "(e.g. Address1,City,State,Zip)");
  for (std::size_t i = 0; i < headers.size(); ++i)
    if (std::count(headers.begin(), headers.end(), headers[i]) > 1)
      throw UsageError(filename + ": column '" + headers[i] + "' appears twice in the header row");

  std::map<std::string, std::string> fixed;
  for (const auto& [key, column] : explicit_map) {
    if (!contains(kAddressKeys, key) && !contains(kLocationKeys, key))
      throw UsageError("--map " + key + "=" + column + ": " + key +
                       " is not an API parameter; use address_line_1, address_city, "
                       "address_state, address_postal, latitude or longitude");
    if (!contains(headers, column))
      throw UsageError("--map " + key + "=" + column + ": no column '" + column + "' in " +
                       filename + " (columns: " + quoted_list(headers) + ")");
    fixed[key] = column;
  }
  const bool fixed_address = std::any_of(kAddressKeys.begin(), kAddressKeys.end(),
                                         [&](const auto& k) { return fixed.contains(k); });
  const bool fixed_location = std::any_of(kLocationKeys.begin(), kLocationKeys.end(),
                                          [&](const auto& k) { return fixed.contains(k); });
  if (fixed_address && fixed_location)
    throw UsageError("--map mixes address and latitude/longitude parameters; a match job maps "
                     "either the four address parameters or latitude and longitude");

  Guess chosen;
  if (fixed_address || fixed_location) {
    chosen = guess(fixed_address ? kAddressKeys : kLocationKeys, headers, fixed);
  } else {
    const Guess address = guess(kAddressKeys, headers, fixed);
    const Guess location = guess(kLocationKeys, headers, fixed);
    if (address.complete() && location.complete())
      throw UsageError(filename +
                       ": both address columns and latitude/longitude columns are "
                       "present; say which to match on with --map (e.g. --map "
                       "latitude=" +
                       location.mapping.at("latitude") + ")");
    if (location.complete() ||
        (!address.complete() && location.problems.size() < kLocationKeys.size() &&
         address.problems.size() == kAddressKeys.size()))
      chosen = location;
    else
      chosen = address;
  }
  if (!chosen.complete())
    throw UsageError(filename + ": cannot map the columns " + quoted_list(headers) + ": " +
                     joined(chosen.problems));
  std::set<std::string> used;
  for (const auto& [key, column] : chosen.mapping)
    if (!used.insert(column).second)
      throw UsageError(filename + ": column '" + column +
                       "' is mapped to two parameters; give each its own column with --map");

  const nlohmann::json metadata = {{"headers", headers}, {"mapping", chosen.mapping}};
  return {"match", std::move(filename), std::move(csv_text), metadata.dump(), std::nullopt};
}

} // namespace reonomy::client

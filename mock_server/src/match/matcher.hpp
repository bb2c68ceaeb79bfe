#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/ids.hpp"
#include "match/address_normalizer.hpp"
#include "specs/match_spec.hpp"

namespace reonomy::mock {

class Corpus;
struct PropertyEntry;

// doc: OK, MISS, PARTIAL (address search only).
enum class MatchStatus : std::uint8_t { ok, partial, miss };
// doc: the miss_reason values; `none` for OK and PARTIAL rows.
enum class MissReason : std::uint8_t { none, sfr, condo, missing, unrecognized };

// "OK", "PARTIAL", "MISS".
std::string_view to_string(MatchStatus status);
// "", "SFR", "Condo Property (SFR)", "MISSING", "Unrecognized address".
std::string_view to_string(MissReason reason);

// What an address match overlooked. Any of these makes the match PARTIAL.
struct Relaxations {
  bool zip = false;          // no usable ZIP, or the property is in another ZIP of the city
  bool city = false;         // the city differs from the ZIP's, or named it by an alias
  bool state = false;        // the state differs from the ZIP's
  bool house_number = false; // a suffix ("767A", "767 1/2") or range ("765-769") was dropped
  bool direction = false;    // a direction on one side only, or on the other side of the name
  bool suffix = false;       // a street suffix (AVE) on one side only
  bool ambiguous = false;    // another property matched as well as the one returned
  std::size_t count() const;
  bool operator==(const Relaxations&) const = default;
};

struct MatchResult {
  MatchStatus status = MatchStatus::miss;
  MissReason miss_reason = MissReason::missing;
  std::optional<Uuid> id;  // set exactly for OK and PARTIAL
  Relaxations relaxations; // what the chosen (possibly residential) property's match overlooked
};

// Resolves match-job rows against the corpus. Immutable after construction and safe to share
// between threads; construction indexes the corpus's streets and cities (tens of milliseconds
// for the default 200,000 entries), so build one per corpus and reuse it.
//
// Addresses (the fields normalised by AddressNormalizer):
// - MISS / Unrecognized address: the line is not a street address (empty, no house number, no
//   street name, "???"), or (ours) neither the ZIP nor the city and state name a place the
//   gazetteer knows, so there is nowhere to look.
// - Candidates: corpus properties with the house number (any number of a range) and the street
//   name, whose street suffix and directions do not contradict the input's (a suffix or a
//   direction given on one side only is overlooked; two different ones are not). They are sought
//   in the ZIP; when the ZIP is missing, unknown or holds none, in every ZIP of the city and
//   state (city aliases folded in). Properties without a house number are never candidates.
// - MISS / MISSING: no candidate.
// - The best candidate has the fewest relaxations, then (ours) is commercial rather than
//   residential, then is nearest the first number of a range, then comes first in the corpus.
// - MISS / SFR, MISS / Condo Property (SFR): the best candidate is residential.
// - OK: the best candidate needed no relaxation and no other candidate matched exactly too
//   (ours: candidates that needed a relaxation do not make an exact match ambiguous: W 34TH ST
//   is another street than 34TH ST).
// - PARTIAL with the best candidate's id otherwise (doc: "The supplied address was ambiguous.
//   The returned property ID represents the best match available."). The relaxations (ours where
//   noted): no ZIP, an unreadable or unknown ZIP, or the property in another ZIP of the given city
//   and state; a given city that is not the ZIP's (ours: an alias such as NYC or Manhattan, or
//   another city altogether: the ZIP decides) or a given state that is not the ZIP's; a
//   house-number suffix or a range; a direction or a street suffix missing on one side (ours: "34th
//   St" for W 34TH ST, "767 3rd" for 767 3RD AVE); a second candidate as good as the best (ours:
//   the tie-break above picks it).
// - ours: an empty city or state is not a relaxation when the ZIP matches (the ZIP implies
//   both); a unit ("Suite 200", "#5") is dropped and is not a relaxation either.
//
// Coordinates (doc: no PARTIAL):
// - MISS / Unrecognized address: a value that is not a finite decimal number, |latitude| > 90
//   or |longitude| > 180.
// - The corpus property nearest the point within kCoordinateRadiusMetres: OK when commercial,
//   MISS / SFR or MISS / Condo Property (SFR) when residential; none: MISS / MISSING.
class Matcher {
public:
  // ours: about a city lot's half-width; a point farther from every known property than that is
  // not on one. (The documentation's first coordinate example lies 188 m from the fixture's
  // 767 3rd Ave, so it does not resolve to it.)
  static constexpr double kCoordinateRadiusMetres = 50;

  // `corpus` must outlive the matcher. The normaliser's tables come from the directory of the
  // corpus's gazetteer.
  explicit Matcher(const Corpus& corpus);

  MatchResult match_address(std::string_view line, std::string_view city, std::string_view state,
                            std::string_view postal) const;
  MatchResult match_coordinates(std::string_view latitude, std::string_view longitude) const;

  const Corpus& corpus() const { return *corpus_; }
  const AddressNormalizer& normalizer() const { return normalizer_; }

private:
  // A corpus street as the normaliser reads it: the name interned, the other parts as text.
  struct StreetForm {
    std::uint32_t name = 0;
    std::string direction_left, mode, direction_right;
  };
  struct Candidate {
    std::uint32_t index = 0; // into the corpus's entries
    Relaxations relaxations;
    std::uint32_t distance = 0; // from the first number of a range
  };

  void collect(std::uint16_t zip, const StreetAddress& street, std::uint32_t name,
               const Relaxations& locality, std::vector<Candidate>& out) const;
  MatchResult resolve(std::vector<Candidate>& candidates) const;

  // A corpus property as address matching reads it.
  struct Slot {
    std::uint32_t house_number = 0;
    std::uint32_t form = 0;  // into forms_
    std::uint32_t index = 0; // into the corpus's entries
  };

  const Corpus* corpus_;
  AddressNormalizer normalizer_;
  std::unordered_map<std::string, std::uint32_t> names_; // normalised street name -> id
  std::vector<StreetForm> forms_;
  // Every property with a house number, by ZIP (Gazetteer::zips() order), then house number, then
  // corpus index: a ZIP's properties at a number are one binary search away, and a city's ZIPs
  // are read from contiguous memory. ZIP z's slots are [zip_offsets_[z], zip_offsets_[z + 1]).
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> zip_offsets_;
  std::vector<std::string> city_names_; // normalised, by Gazetteer::cities() index
  std::unordered_map<std::string, std::vector<std::uint16_t>> city_zips_; // "NY|NEW YORK"
};

// Where a job's mapped columns are in each row.
struct MatchColumns {
  MatchKind kind = MatchKind::address;
  // address: address_line_1, address_city, address_state, address_postal;
  // coordinates: latitude, longitude (the last two unused).
  std::array<std::size_t, 4> index{};

  explicit MatchColumns(const MatchMetadata& metadata);
};

// Matches one CSV row (its fields in metadata.headers order; fields.size() must be the number
// of headers).
MatchResult match_row(const Matcher& matcher, const MatchColumns& columns,
                      std::span<const std::string> fields);

} // namespace reonomy::mock

#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace reonomy::mock {

class Gazetteer;

// An address line split into the parts the matcher compares, each in one canonical spelling:
// "767 Third Avenue, Suite 200" and "767 3rd Ave" give the same StreetAddress.
struct StreetAddress {
  std::uint32_t house_number = 0;     // >= 1; the first number of a range
  std::uint32_t house_number_end = 0; // the last number of a range "765-769"; 0: no range
  std::string house_suffix;           // "A" of "767A", "1/2" of "767 1/2", "-45" of "123-45"
  std::string direction_left;         // N, S, E, W, NE, NW, SE, SW, or ""
  std::string street;                 // the name: words upper case, ordinals as digits ("3RD")
  std::string mode;                   // the USPS standard suffix abbreviation (AVE, ST), or ""
  std::string direction_right;        // as direction_left
  bool operator==(const StreetAddress&) const = default;
};

// A whole address as the matcher compares it.
struct NormalizedAddress {
  std::optional<StreetAddress> street; // nullopt: the line is not a street address
  std::string city;                    // see AddressNormalizer::city
  std::string state;                   // two-letter USPS code, or "" when not a US state
  std::string zip5;                    // five digits, or "" when none could be read
  bool operator==(const NormalizedAddress&) const = default;
};

// "767 3RD AVE, NEW YORK, NY 10017"; an unrecognised line reads "?".
std::string to_string(const StreetAddress& street);
std::string to_string(const NormalizedAddress& address);

// Turns the free text of a match job's address columns into NormalizedAddress. The rules, all
// case-insensitive:
//
// Address line
// - Tokens: letters and digits; '.' and apostrophes inside an abbreviation or a word are dropped
//   ("N.W." -> NW, "Mary's" -> MARYS); every other punctuation mark separates words, except '-'
//   and '/' between the digits of a house number ("765-769", "1/2"); '#' is a word of its own.
// - House number: the line must start with one (>= 1); otherwise it is not an address. Letters
//   after it are a suffix ("767A", "767-A"), "N-M" is a range when M > N ("765-769") and a
//   hyphenated number otherwise ("123-45", suffix "-45"), and a fraction word after it is a
//   suffix too ("767 1/2").
// - Unit: a secondary unit designator after at least one street word (fixtures/
//   unit_designators.csv: Suite, Ste, Apt, Fl, ...; an ordinal right before Floor or Fl belongs
//   to it) or a '#' ends the street; the unit is dropped. ours: a unit names a part of the same
//   building, and the corpus knows buildings, so "767 3rd Ave Suite 200" = "767 3rd Ave".
// - Street: from the end, a direction (N, North, NE, Northeast, ...) is direction_right, then a
//   USPS suffix in any accepted spelling (fixtures/street_suffixes.csv: Avenue, Av, Ave ->
//   AVE) is the mode, then a direction at the start is direction_left; each only when at least
//   one word is left for the name ("North St" is the street NORTH, "E St" the street E).
// - Name words: ordinals as digits with their proper suffix ("Third", "3rd", "3d" -> 3RD;
//   "Twenty-First" -> 21ST), directions as abbreviations, USPS suffix spellings as their
//   abbreviation, SAINT -> ST; a name that is a bare number is an ordinal ("3 Ave" -> 3RD AVE).
//   ours: the corpus's own streets go through the same rules, so both sides always agree.
//
// City: upper case, punctuation dropped or made a space, spaces collapsed, SAINT/FORT/MOUNT ->
// ST/FT/MT (as zipcodes.csv writes some of them). Aliases (fixtures/city_aliases.csv: NYC,
// Manhattan -> NEW YORK) are resolved separately (canonical_city), since a match through an
// alias is only PARTIAL.
// State: a USPS code, a name or a common abbreviation (fixtures/state_names.csv: "New York",
// "N.Y." -> NY); anything else is "".
// ZIP: ZIP+4 ("10017-2505", "100172505") -> 10017; ours: 3 or 4 digits get their leading zeros
// back ("2134" -> 02134), as spreadsheets drop them; anything else is "".
//
// Immutable after construction; safe to share between threads.
class AddressNormalizer {
public:
  // The suffix table comes from `gazetteer` (fixtures/street_suffixes.csv); state names, city
  // aliases and unit designators from the directory it was read from (gazetteer.dir()). Throws
  // std::runtime_error naming the file and line of a malformed table.
  explicit AddressNormalizer(const Gazetteer& gazetteer);

  NormalizedAddress normalize(std::string_view line, std::string_view city, std::string_view state,
                              std::string_view postal) const;

  // nullopt when the line is not a street address: empty, no house number, or no street name.
  std::optional<StreetAddress> street(std::string_view line) const;
  std::string city(std::string_view text) const;
  std::string state(std::string_view text) const;
  static std::string zip5(std::string_view text);

  // The postal city an alias stands for in `state` (both already normalised), or `city` itself.
  std::string_view canonical_city(std::string_view state, std::string_view city) const;

private:
  std::unordered_map<std::string, std::string> suffixes_;   // any spelling -> abbreviation
  std::unordered_map<std::string, std::string> states_;     // code, name or alias -> code
  std::unordered_map<std::string, std::string> city_alias_; // "NY|NYC" -> NEW YORK
  std::unordered_set<std::string> units_;                   // designators and abbreviations
};

} // namespace reonomy::mock

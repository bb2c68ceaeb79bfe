#include "match/address_normalizer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

#include "data/detail/table_reader.hpp"
#include "data/gazetteer.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

using Tokens = std::vector<std::string>;

constexpr std::string_view kRightSingleQuote = "\xE2\x80\x99"; // U+2019, what word processors type
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";         // U+00A0, from web pages and Excel

// Direction words and abbreviations -> abbreviation (kDirections spells the abbreviations).
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kDirectionWords = {{
    {"N", "N"},
    {"S", "S"},
    {"E", "E"},
    {"W", "W"},
    {"NE", "NE"},
    {"NW", "NW"},
    {"SE", "SE"},
    {"SW", "SW"},
    {"NORTH", "N"},
    {"SOUTH", "S"},
    {"EAST", "E"},
    {"WEST", "W"},
    {"NORTHEAST", "NE"},
    {"NORTHWEST", "NW"},
    {"SOUTHEAST", "SE"},
    {"SOUTHWEST", "SW"},
}};

// Spelled ordinals as street names use them ("Fifth Avenue", "Twenty-Third Street").
constexpr std::array<std::string_view, 20> kOrdinalWords = {
    "",           "FIRST",     "SECOND",    "THIRD",       "FOURTH",     "FIFTH",     "SIXTH",
    "SEVENTH",    "EIGHTH",    "NINTH",     "TENTH",       "ELEVENTH",   "TWELFTH",   "THIRTEENTH",
    "FOURTEENTH", "FIFTEENTH", "SIXTEENTH", "SEVENTEENTH", "EIGHTEENTH", "NINETEENTH"};
constexpr std::array<std::string_view, 10> kTensOrdinalWords = {
    "",         "",         "TWENTIETH",  "THIRTIETH", "FORTIETH",
    "FIFTIETH", "SIXTIETH", "SEVENTIETH", "EIGHTIETH", "NINETIETH"};
constexpr std::array<std::string_view, 10> kTensWords = {
    "", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"};

// Words that city and street names abbreviate in more than one way; the corpus's zipcodes.csv
// writes both "Saint Albans" and "St James".
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kNameWords = {{
    {"SAINT", "ST"},
    {"FORT", "FT"},
    {"MOUNT", "MT"},
}};

constexpr std::array<std::string_view, 3> kFloorWords = {"FL", "FLR", "FLOOR"};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_ascii_letter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_word_byte(char c) {
  return is_digit(c) || is_ascii_letter(c) || static_cast<unsigned char>(c) >= 0x80;
}

char to_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

std::optional<std::uint32_t> parse_number(std::string_view digits) {
  std::uint32_t value = 0;
  if (digits.empty() || digits.size() > 9)
    return std::nullopt;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc{} || end != digits.data() + digits.size())
    return std::nullopt;
  return value;
}

Tokens tokenize(std::string_view text) {
  Tokens tokens;
  std::string current;
  std::size_t run = 0; // characters since the word began or since its last dropped '.'
  const auto flush = [&] {
    if (!current.empty())
      tokens.push_back(std::move(current));
    current.clear();
    run = 0;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (text.substr(i, kRightSingleQuote.size()) == kRightSingleQuote) {
      i += kRightSingleQuote.size() - 1; // an apostrophe joins, as '\'' does
    } else if (text.substr(i, kNoBreakSpace.size()) == kNoBreakSpace) {
      i += kNoBreakSpace.size() - 1;
      flush();
    } else if (is_word_byte(c)) {
      current.push_back(to_upper(c));
      ++run;
    } else if (c == '\'') {
      continue;
    } else if (c == '.' && run == 1 && is_word_byte(next)) {
      // The dots of an initialism (N.W., D.C.) join its letters; after a longer word
      // ("St.Marks") a dot ends the word.
      run = 0;
    } else if ((c == '-' && all_digits(current) && is_word_byte(next)) ||
               (c == '/' && all_digits(current) && is_digit(next))) {
      current.push_back(c); // a range, hyphenated number or fraction: "765-769", "767-A", "1/2"
    } else if (c == '#') {
      flush();
      tokens.emplace_back("#");
    } else {
      flush();
    }
  }
  flush();
  return tokens;
}

std::string ordinal(std::uint32_t n) {
  std::string out = std::to_string(n);
  const std::uint32_t last_two = n % 100;
  if (last_two >= 11 && last_two <= 13)
    return out + "TH";
  switch (n % 10) {
  case 1:
    return out + "ST";
  case 2:
    return out + "ND";
  case 3:
    return out + "RD";
  default:
    return out + "TH";
  }
}

template <std::size_t N>
std::optional<std::uint32_t> index_in(const std::array<std::string_view, N>& words,
                                      std::string_view word) {
  for (std::size_t i = 1; i < N; ++i)
    if (words[i] == word)
      return static_cast<std::uint32_t>(i);
  return std::nullopt;
}

// The number of an ordinal word: "3RD", "3D", "THIRD", "HUNDREDTH"; nullopt otherwise.
std::optional<std::uint32_t> ordinal_value(std::string_view word) {
  std::size_t digits = 0;
  while (digits < word.size() && is_digit(word[digits]))
    ++digits;
  if (digits > 0) {
    const std::string_view tail = word.substr(digits);
    if (tail != "ST" && tail != "ND" && tail != "RD" && tail != "TH" && tail != "D")
      return std::nullopt;
    return parse_number(word.substr(0, digits));
  }
  if (const auto n = index_in(kOrdinalWords, word))
    return n;
  if (const auto tens = index_in(kTensOrdinalWords, word))
    return *tens * 10;
  if (word == "HUNDREDTH")
    return 100;
  return std::nullopt;
}

std::optional<std::string_view> direction_of(std::string_view word) {
  for (const auto& [spelling, abbr] : kDirectionWords)
    if (spelling == word)
      return abbr;
  return std::nullopt;
}

std::string_view name_word(std::string_view word) {
  for (const auto& [spelling, abbr] : kNameWords)
    if (spelling == word)
      return abbr;
  return word;
}

struct HouseNumber {
  std::uint32_t number = 0, end = 0;
  std::string suffix;
};

std::optional<HouseNumber> house_number(std::string_view token) {
  std::size_t digits = 0;
  while (digits < token.size() && is_digit(token[digits]))
    ++digits;
  const auto number = parse_number(token.substr(0, digits));
  if (!number || *number == 0)
    return std::nullopt;
  HouseNumber house{*number, 0, {}};
  std::string_view rest = token.substr(digits);
  if (rest.empty())
    return house;
  if (rest.front() == '-' && all_digits(rest.substr(1))) {
    const auto second = parse_number(rest.substr(1));
    if (second && *second > *number)
      house.end = *second;
    else
      house.suffix = rest; // Queens-style "123-45": one number, not a range
    return house;
  }
  // "1st Ave" has a street and no house number.
  if (rest == "ST" || rest == "ND" || rest == "RD" || rest == "TH")
    return std::nullopt;
  if (rest.front() == '-')
    rest.remove_prefix(1);
  house.suffix = rest;
  return house;
}

bool is_fraction(std::string_view token) {
  const auto slash = token.find('/');
  return slash != std::string_view::npos && all_digits(token.substr(0, slash)) &&
         all_digits(token.substr(slash + 1));
}

} // namespace

std::string to_string(const StreetAddress& street) {
  std::string out = std::to_string(street.house_number);
  if (street.house_number_end != 0)
    out += "-" + std::to_string(street.house_number_end);
  if (!street.house_suffix.empty()) {
    if (is_digit(street.house_suffix.front()))
      out.push_back(' ');
    out += street.house_suffix;
  }
  for (const std::string* part :
       {&street.direction_left, &street.street, &street.mode, &street.direction_right}) {
    if (!part->empty())
      out += " " + *part;
  }
  return out;
}

std::string to_string(const NormalizedAddress& address) {
  return (address.street ? to_string(*address.street) : std::string("?")) + ", " + address.city +
         ", " + address.state + " " + address.zip5;
}

AddressNormalizer::AddressNormalizer(const Gazetteer& gazetteer) {
  const std::filesystem::path& fixtures_dir = gazetteer.dir();
  // Standard names and abbreviations first, then the other spellings, without overriding: the
  // precedence Gazetteer::find_suffix uses (PARKS is its own row, though PARK lists it too).
  for (const auto& s : gazetteer.suffixes()) {
    suffixes_.emplace(s.abbr, s.abbr);
    suffixes_.emplace(s.suffix, s.abbr);
  }
  for (const auto& s : gazetteer.suffixes())
    for (const auto& alias : s.aliases)
      suffixes_.emplace(alias, s.abbr);

  detail::read_table(
      fixtures_dir / "state_names.csv", ',', "state,name,aliases", [&](const auto& f) {
        const std::string code(f[0]);
        if (code.size() != 2)
          throw std::invalid_argument("a state code has two letters");
        states_.emplace(code, code);
        states_.emplace(std::string(f[1]), code);
        std::string_view aliases = f[2];
        while (!aliases.empty()) {
          const auto bar = aliases.find('|');
          states_.emplace(std::string(aliases.substr(0, bar)), code);
          aliases = bar == std::string_view::npos ? std::string_view{} : aliases.substr(bar + 1);
        }
      });
  detail::read_table(
      fixtures_dir / "city_aliases.csv", ',', "state,alias,city", [&](const auto& f) {
        city_alias_.emplace(std::string(f[0]) + "|" + std::string(f[1]), std::string(f[2]));
      });
  detail::read_table(fixtures_dir / "unit_designators.csv", ',', "designator,abbr",
                     [&](const auto& f) {
                       units_.emplace(f[0]);
                       units_.emplace(f[1]);
                     });
}

NormalizedAddress AddressNormalizer::normalize(std::string_view line, std::string_view city_text,
                                               std::string_view state_text,
                                               std::string_view postal) const {
  return {street(line), city(city_text), state(state_text), zip5(postal)};
}

std::optional<StreetAddress> AddressNormalizer::street(std::string_view line) const {
  Tokens tokens = tokenize(line);
  if (tokens.empty())
    return std::nullopt;
  const auto house = house_number(tokens.front());
  if (!house)
    return std::nullopt;
  StreetAddress out;
  out.house_number = house->number;
  out.house_number_end = house->end;
  out.house_suffix = house->suffix;
  std::size_t begin = 1;
  if (begin < tokens.size() && is_fraction(tokens[begin]) && out.house_suffix.empty()) {
    out.house_suffix = tokens[begin];
    ++begin;
  }

  std::size_t end = tokens.size();
  for (std::size_t i = begin; i < end; ++i) {
    if (tokens[i] == "#" || (i > begin && units_.contains(tokens[i]))) {
      const bool floor =
          std::find(kFloorWords.begin(), kFloorWords.end(), tokens[i]) != kFloorWords.end();
      end = floor && i > begin + 1 && ordinal_value(tokens[i - 1]) ? i - 1 : i;
      break;
    }
  }
  if (begin >= end)
    return std::nullopt;

  if (end - begin >= 2) {
    if (const auto d = direction_of(tokens[end - 1])) {
      out.direction_right = *d;
      --end;
    }
  }
  if (end - begin >= 2) {
    if (const auto it = suffixes_.find(tokens[end - 1]); it != suffixes_.end()) {
      out.mode = it->second;
      --end;
    }
  }
  if (end - begin >= 2) {
    if (const auto d = direction_of(tokens[begin])) {
      out.direction_left = *d;
      ++begin;
    }
  }

  Tokens words;
  for (std::size_t i = begin; i < end; ++i) {
    const std::string& word = tokens[i];
    if (const auto tens = index_in(kTensWords, word); tens && i + 1 < end) {
      if (const auto unit = index_in(kOrdinalWords, tokens[i + 1]); unit && *unit < 10) {
        words.push_back(ordinal(*tens * 10 + *unit)); // "TWENTY FIRST" -> 21ST
        ++i;
        continue;
      }
    }
    if (const auto n = ordinal_value(word)) {
      words.push_back(ordinal(*n));
    } else if (const auto d = direction_of(word)) {
      words.emplace_back(*d);
    } else if (const auto abbr = name_word(word); abbr != word) {
      words.emplace_back(abbr);
    } else if (const auto it = suffixes_.find(word); it != suffixes_.end()) {
      words.push_back(it->second);
    } else {
      words.push_back(word);
    }
  }
  if (words.size() == 1 && all_digits(words.front())) {
    if (const auto n = parse_number(words.front()); n && *n > 0)
      words.front() = ordinal(*n); // "3 Ave" is 3RD AVE
  }
  out.street = detail::join(words, " ");
  return out;
}

std::string AddressNormalizer::city(std::string_view text) const {
  const Tokens tokens = tokenize(text);
  std::vector<std::string> words;
  for (const auto& token : tokens)
    if (token != "#")
      words.emplace_back(name_word(token));
  return detail::join(words, " ");
}

std::string AddressNormalizer::state(std::string_view text) const {
  const Tokens tokens = tokenize(text);
  const auto it = states_.find(detail::join(tokens, " "));
  return it == states_.end() ? std::string() : it->second;
}

std::string AddressNormalizer::zip5(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  if (text.size() == 5 && all_digits(text))
    return std::string(text);
  if (text.size() == 9 && all_digits(text))
    return std::string(text.substr(0, 5));
  if (text.size() == 10 && all_digits(text.substr(0, 5)) && (text[5] == '-' || text[5] == ' ') &&
      all_digits(text.substr(6)))
    return std::string(text.substr(0, 5));
  if ((text.size() == 3 || text.size() == 4) && all_digits(text))
    return std::string(5 - text.size(), '0') + std::string(text);
  return {};
}

std::string_view AddressNormalizer::canonical_city(std::string_view state,
                                                   std::string_view city) const {
  std::string key;
  key.reserve(state.size() + 1 + city.size());
  key.append(state).push_back('|');
  key.append(city);
  const auto it = city_alias_.find(key);
  return it == city_alias_.end() ? city : std::string_view(it->second);
}

} // namespace reonomy::mock

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "data/gazetteer.hpp"
#include "match/address_normalizer.hpp"

using namespace reonomy::mock;

namespace {

const AddressNormalizer& normalizer() {
  static const AddressNormalizer instance(*Gazetteer::shared_default());
  return instance;
}

// "line|city|state|zip", the four columns of a match job's address.
NormalizedAddress normalize(std::string_view row) {
  std::vector<std::string_view> parts;
  while (true) {
    const auto bar = row.find('|');
    parts.push_back(row.substr(0, bar));
    if (bar == std::string_view::npos)
      break;
    row.remove_prefix(bar + 1);
  }
  REQUIRE(parts.size() == 4);
  return normalizer().normalize(parts[0], parts[1], parts[2], parts[3]);
}

struct Pair {
  std::string_view a, b, why;
};

} // namespace

TEST_CASE("spellings of the same address normalise equal", "[address]") {
  const std::vector<Pair> same = {
      {"767 3rd Ave|New York|NY|10017", "767 Third Avenue|New York|NY|10017", "spelled ordinal"},
      {"767 3rd Ave|New York|NY|10017", "767 3RD AVENUE|NEW YORK|NY|10017", "case"},
      {"767 3rd ave|new york|ny|10017", "767 3RD AVE|NEW YORK|NY|10017", "lower case"},
      {"20 W 34th St|New York|NY|10001", "20 West 34th Street|New York|NY|10001", "direction"},
      {"20 W. 34th St.|New York|N.Y.|10001", "20 W 34th St|New York|NY|10001", "periods"},
      {"  767   3rd  Ave |New York |NY| 10017 ", "767 3rd Ave|New York|NY|10017", "spaces"},
      {"767\xC2\xA0"
       "3rd Ave|New York|NY|10017",
       "767 3rd Ave|New York|NY|10017", "no-break space"},
      {"767 3rd Ave|New York|New York|10017", "767 3rd Ave|New York|NY|10017", "state name"},
      {"767 3rd Ave|New York|new york|10017", "767 3rd Ave|New York|NY|10017", "state name case"},
      {"1 Main St|Los Angeles|Calif.|90012", "1 Main St|Los Angeles|CA|90012", "AP state"},
      {"767 3rd Ave|New York|NY|10017-2505", "767 3rd Ave|New York|NY|10017", "ZIP+4"},
      {"767 3rd Ave|New York|NY|100172505", "767 3rd Ave|New York|NY|10017", "ZIP+4 digits"},
      {"1 Main St|Boston|MA|2134", "1 Main St|Boston|MA|02134", "ZIP without leading zero"},
      {"767 3rd Ave Suite 200|New York|NY|10017", "767 3rd Ave|New York|NY|10017", "suite"},
      {"767 3rd Ave, Ste. 12B|New York|NY|10017", "767 3rd Ave|New York|NY|10017", "ste"},
      {"767 3rd Ave #5|New York|NY|10017", "767 3rd Ave|New York|NY|10017", "# unit"},
      {"767 3rd Ave 5th Floor|New York|NY|10017", "767 3rd Ave|New York|NY|10017", "floor"},
      {"12 Elm St Apt 4|Dover|DE|19901", "12 Elm St|Dover|DE|19901", "apartment"},
      {"350 Fifth Avenue|New York|NY|10118", "350 5th Ave|New York|NY|10118", "fifth"},
      {"100 East Twenty-Third Street|New York|NY|10010", "100 E 23rd St|New York|NY|10010",
       "compound ordinal"},
      {"100 Twenty First St|Ogden|UT|84401", "100 21st St|Ogden|UT|84401", "ordinal words"},
      {"10 Eleventh Ave|New York|NY|10011", "10 11th Ave|New York|NY|10011", "eleventh"},
      {"10 2d Ave|New York|NY|10003", "10 2nd Ave|New York|NY|10003", "old-style ordinal"},
      {"767 3 Ave|New York|NY|10017", "767 3rd Ave|New York|NY|10017", "bare number"},
      {"100 Park Ave South|New York|NY|10010", "100 Park Ave S|New York|NY|10010",
       "trailing direction"},
      {"100 N.W. 5th Ter|Miami|FL|33128", "100 Northwest 5th Terrace|Miami|FL|33128", "initialism"},
      {"1 Saint Marks Pl|New York|NY|10003", "1 St. Marks Place|New York|NY|10003", "saint"},
      {"5 Mary\xE2\x80\x99s Ln|Salem|OR|97301", "5 Marys Lane|Salem|OR|97301", "apostrophe"},
      {"10 Oak Av|Salem|OR|97301", "10 Oak Avenue|Salem|OR|97301", "suffix alias"},
      {"10 Main Boulevard|Salem|OR|97301", "10 Main Blvd|Salem|OR|97301", "boulevard"},
      {"10 Elm Strt|Salem|OR|97301", "10 Elm St|Salem|OR|97301", "street alias"},
      {"1 Market St|Saint Louis|MO|63101", "1 Market St|St. Louis|MO|63101", "city saint"},
      {"1 Main St|Ft Worth|TX|76102", "1 Main St|Fort Worth|Tex.|76102", "city fort"},
      {"10 Mill Creek Rd|Salem|OR|97301", "10 Mill Crk Road|Salem|OR|97301", "name suffix word"},
  };
  for (const auto& [a, b, why] : same) {
    INFO(why << ": " << a << " vs " << b);
    CHECK(to_string(normalize(a)) == to_string(normalize(b)));
    CHECK(normalize(a) == normalize(b));
  }
  CHECK(same.size() >= 30);
}

TEST_CASE("different addresses do not normalise equal", "[address]") {
  const std::vector<Pair> different = {
      {"767 3rd Ave|New York|NY|10017", "767 3rd St|New York|NY|10017", "suffix"},
      {"20 W 34th St|New York|NY|10001", "20 E 34th St|New York|NY|10001", "direction"},
      {"20 W 34th St|New York|NY|10001", "20 34th St|New York|NY|10001",
       "a missing direction is a relaxation for the matcher, not a spelling"},
      {"100 Park Ave|New York|NY|10017", "100 Park|New York|NY|10017", "missing suffix"},
      {"100 3rd Ave N|Naples|FL|34102", "100 3rd Ave|Naples|FL|34102", "trailing direction"},
      {"767A 3rd Ave|New York|NY|10017", "767 3rd Ave|New York|NY|10017", "house suffix"},
      {"767 1/2 3rd Ave|New York|NY|10017", "767 3rd Ave|New York|NY|10017", "fraction"},
      {"765-769 3rd Ave|New York|NY|10017", "767 3rd Ave|New York|NY|10017", "range"},
      {"767 3rd Ave|New York|NY|10017", "768 3rd Ave|New York|NY|10017", "house number"},
      {"100 13th St|New York|NY|10003", "100 3rd St|New York|NY|10003", "ordinal"},
      {"10 North St|Salem|OR|97301", "10 South St|Salem|OR|97301", "direction as name"},
      {"767 3rd Ave|New York|NY|10017", "767 3rd Ave|New York|NY|10016", "ZIP"},
      {"767 3rd Ave|New York|NY|10017", "767 3rd Ave|New York|NJ|10017", "state"},
      {"767 3rd Ave|New York|NY|10017", "767 3rd Ave|NYC|NY|10017",
       "an alias is resolved by the matcher, not the spelling"},
      {"767 3rd Ave|New York|NY|10017", "767 3rd Ave|Brooklyn|NY|10017", "city"},
      {"767 3rd Ave 200|New York|NY|10017", "767 3rd Ave|New York|NY|10017",
       "ours: a bare number after the street is not a unit"},
  };
  for (const auto& [a, b, why] : different) {
    INFO(why << ": " << a << " vs " << b);
    CHECK(to_string(normalize(a)) != to_string(normalize(b)));
    CHECK_FALSE(normalize(a) == normalize(b));
  }
  CHECK(different.size() >= 15);
}

TEST_CASE("an address line splits into house number, directions, name and suffix", "[address]") {
  const auto street = normalizer().street("20 W 34th St");
  REQUIRE(street);
  CHECK(street->house_number == 20);
  CHECK(street->house_number_end == 0);
  CHECK(street->house_suffix.empty());
  CHECK(street->direction_left == "W");
  CHECK(street->street == "34TH");
  CHECK(street->mode == "ST");
  CHECK(street->direction_right.empty());
  CHECK(to_string(*street) == "20 W 34TH ST");
}

TEST_CASE("a direction or suffix word with nothing left for the name is the name", "[address]") {
  CHECK(to_string(*normalizer().street("10 North St")) == "10 N ST");
  CHECK(normalizer().street("10 North St")->direction_left.empty());
  CHECK(to_string(*normalizer().street("10 E St")) == "10 E ST");
  CHECK(normalizer().street("10 E St")->street == "E");
  CHECK(normalizer().street("10 Park")->street == "PARK");
  CHECK(normalizer().street("10 Park")->mode.empty());
  CHECK(to_string(*normalizer().street("10 East Broadway")) == "10 E BROADWAY");
}

TEST_CASE("house numbers keep ranges, suffixes and fractions apart", "[address]") {
  const auto range = normalizer().street("765-769 3rd Ave");
  REQUIRE(range);
  CHECK(range->house_number == 765);
  CHECK(range->house_number_end == 769);
  CHECK(to_string(*range) == "765-769 3RD AVE");

  const auto queens = normalizer().street("123-45 Queens Blvd");
  REQUIRE(queens);
  CHECK(queens->house_number == 123);
  CHECK(queens->house_number_end == 0);
  CHECK(queens->house_suffix == "-45");

  CHECK(normalizer().street("767A 3rd Ave")->house_suffix == "A");
  CHECK(normalizer().street("767-a 3rd Ave")->house_suffix == "A");
  CHECK(to_string(*normalizer().street("767 1/2 3rd Ave")) == "767 1/2 3RD AVE");
}

TEST_CASE("lines that are not street addresses are not recognised", "[address]") {
  for (const std::string_view line :
       {"", "   ", "???", "Main St", "767", "767 ???", "#5", "767 #5", "1st Ave", "PO Box 12",
        "0 Main St", "One World Trade Center"}) {
    INFO(line);
    CHECK_FALSE(normalizer().street(line));
  }
  CHECK(to_string(normalize("???|New York|NY|10017")) == "?, NEW YORK, NY 10017");
}

TEST_CASE("ZIPs are read as five digits or not at all", "[address]") {
  CHECK(AddressNormalizer::zip5("10017") == "10017");
  CHECK(AddressNormalizer::zip5(" 10017 ") == "10017");
  CHECK(AddressNormalizer::zip5("10017-2505") == "10017");
  CHECK(AddressNormalizer::zip5("10017 2505") == "10017");
  CHECK(AddressNormalizer::zip5("501") == "00501");
  CHECK(AddressNormalizer::zip5("").empty());
  CHECK(AddressNormalizer::zip5("ABCDE").empty());
  CHECK(AddressNormalizer::zip5("123456").empty());
  CHECK(AddressNormalizer::zip5("10017-25").empty());
}

TEST_CASE("states are read as USPS codes from codes, names and abbreviations", "[address]") {
  CHECK(normalizer().state("NY") == "NY");
  CHECK(normalizer().state("ny") == "NY");
  CHECK(normalizer().state("New York") == "NY");
  CHECK(normalizer().state("N.Y.") == "NY");
  CHECK(normalizer().state("Texas") == "TX");
  CHECK(normalizer().state("tex") == "TX");
  CHECK(normalizer().state("W. Va.") == "WV");
  CHECK(normalizer().state("District of Columbia") == "DC");
  CHECK(normalizer().state("XX").empty());
  CHECK(normalizer().state("").empty());
}

TEST_CASE("city aliases resolve to the postal city of their state only", "[address]") {
  CHECK(normalizer().canonical_city("NY", "NYC") == "NEW YORK");
  CHECK(normalizer().canonical_city("NY", "MANHATTAN") == "NEW YORK");
  CHECK(normalizer().canonical_city("NY", "NEW YORK") == "NEW YORK");
  CHECK(normalizer().canonical_city("NY", "BROOKLYN") == "BROOKLYN");
  CHECK(normalizer().canonical_city("KS", "MANHATTAN") == "MANHATTAN");
  CHECK(normalizer().city("New York City") == "NEW YORK CITY");
  CHECK(normalizer().canonical_city("NY", normalizer().city("New York City")) == "NEW YORK");
}

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "data/detail/spatial_index.hpp"
#include "match_test_support.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::test;

namespace {

const Matcher& matcher() {
  return small_matcher();
}

MatchResult match(std::string_view line, std::string_view city, std::string_view state,
                  std::string_view zip) {
  return matcher().match_address(line, city, state, zip);
}

std::string degrees(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.7f", value);
  return text;
}

// The first generated property of `kind` that has a house number and is alone at its number and
// street in its ZIP, so that its address names it and nothing else.
const PropertyEntry& sole_of_kind(PropertyKind kind) {
  const Corpus& corpus = small_corpus();
  for (const auto& e : corpus.entries()) {
    if (e.kind != kind || e.house_number == 0 || e.known != kNotKnown)
      continue;
    const AddressView a = corpus.address(e);
    if (corpus.find_by_address(e.house_number, a.street, a.zip5).size() == 1)
      return e;
  }
  FAIL("no such property in the test corpus");
  throw std::logic_error("unreachable");
}

void check_ok(const MatchResult& r, const Uuid& id) {
  CHECK(r.status == MatchStatus::ok);
  CHECK(r.miss_reason == MissReason::none);
  REQUIRE(r.id);
  CHECK(to_string(*r.id) == to_string(id));
  CHECK(r.relaxations.count() == 0);
}

void check_partial(const MatchResult& r, const Uuid& id) {
  CHECK(r.status == MatchStatus::partial);
  CHECK(r.miss_reason == MissReason::none);
  REQUIRE(r.id);
  CHECK(to_string(*r.id) == to_string(id));
  CHECK(r.relaxations.count() > 0);
}

void check_miss(const MatchResult& r, MissReason reason) {
  CHECK(r.status == MatchStatus::miss);
  CHECK(r.miss_reason == reason);
  CHECK_FALSE(r.id);
}

} // namespace

TEST_CASE("statuses and miss reasons are written as the documentation spells them", "[match]") {
  CHECK(to_string(MatchStatus::ok) == "OK");
  CHECK(to_string(MatchStatus::partial) == "PARTIAL");
  CHECK(to_string(MatchStatus::miss) == "MISS");
  CHECK(to_string(MissReason::none).empty());
  CHECK(to_string(MissReason::sfr) == "SFR");
  CHECK(to_string(MissReason::condo) == "Condo Property (SFR)");
  CHECK(to_string(MissReason::missing) == "MISSING");
  CHECK(to_string(MissReason::unrecognized) == "Unrecognized address");
}

TEST_CASE("the documentation's addresses match their documented ids OK", "[match]") {
  check_ok(match("767 3rd Ave", "New York", "NY", "10017"), k767ThirdAve);
  check_ok(match("20 W 34th St", "New York", "NY", "10001"), k20West34th);
}

TEST_CASE("other spellings of an address match it OK", "[match]") {
  check_ok(match("767 Third Avenue, Suite 200", "new york", "New York", "10017-2505"),
           k767ThirdAve);
  check_ok(match("20 West 34th Street #5", "NEW YORK", "N.Y.", "100012505"), k20West34th);
  check_ok(match("767 3RD AVENUE 12th Floor", "New York", "", "10017"), k767ThirdAve);
}

TEST_CASE("every corpus address matches its own property by kind", "[match]") {
  const Corpus& corpus = small_corpus();
  std::size_t checked = 0;
  for (std::size_t i = 0; i < corpus.size(); i += 7) {
    const PropertyEntry& e = corpus.at(i);
    if (e.house_number == 0)
      continue;
    const AddressView a = corpus.address(e);
    if (corpus.find_by_address(e.house_number, a.street, a.zip5).size() != 1)
      continue;
    const MatchResult r = matcher().match_address(line_of(a), a.city, a.state, a.zip5);
    INFO(line_of(a) << ", " << a.city << ", " << a.state << " " << a.zip5);
    switch (e.kind) {
    case PropertyKind::commercial:
      check_ok(r, e.id);
      break;
    case PropertyKind::sfr:
      check_miss(r, MissReason::sfr);
      break;
    case PropertyKind::condo:
      check_miss(r, MissReason::condo);
      break;
    }
    ++checked;
  }
  CHECK(checked > 2000);
}

TEST_CASE("an address found through city and state instead of the ZIP is PARTIAL", "[match]") {
  SECTION("no ZIP") {
    const auto r = match("767 3rd Ave", "New York", "NY", "");
    check_partial(r, k767ThirdAve);
    CHECK(r.relaxations.zip);
  }
  SECTION("another ZIP of the city") {
    const auto r = match("767 3rd Ave", "New York", "NY", "10016");
    check_partial(r, k767ThirdAve);
    CHECK(r.relaxations.zip);
  }
  SECTION("a ZIP that does not exist") {
    check_partial(match("767 3rd Ave", "New York", "NY", "00000"), k767ThirdAve);
    check_partial(match("767 3rd Ave", "New York", "NY", "n/a"), k767ThirdAve);
  }
  SECTION("a state name") {
    check_partial(match("20 W 34th St", "New York", "New York", ""), k20West34th);
  }
}

TEST_CASE("a city alias is PARTIAL, with or without the ZIP", "[match]") {
  const auto with_zip = match("767 3rd Ave", "Manhattan", "NY", "10017");
  check_partial(with_zip, k767ThirdAve);
  CHECK(with_zip.relaxations.city);
  CHECK_FALSE(with_zip.relaxations.zip);

  const auto without_zip = match("767 3rd Ave", "NYC", "NY", "");
  check_partial(without_zip, k767ThirdAve);
  CHECK(without_zip.relaxations.city);
  CHECK(without_zip.relaxations.zip);
}

TEST_CASE("a city or state that contradicts a matching ZIP is PARTIAL", "[match]") {
  const auto city = match("767 3rd Ave", "Boston", "NY", "10017");
  check_partial(city, k767ThirdAve);
  CHECK(city.relaxations.city);
  const auto state = match("767 3rd Ave", "New York", "NJ", "10017");
  check_partial(state, k767ThirdAve);
  CHECK(state.relaxations.state);
}

TEST_CASE("an empty city or state beside a matching ZIP is still OK", "[match]") {
  check_ok(match("767 3rd Ave", "", "", "10017"), k767ThirdAve);
}

TEST_CASE("a house-number suffix or a range around the number is PARTIAL", "[match]") {
  for (const std::string_view line :
       {"767A 3rd Ave", "767-B 3rd Ave", "767 1/2 3rd Ave", "765-769 3rd Ave", "767-771 3rd Ave"}) {
    INFO(line);
    const auto r = match(line, "New York", "NY", "10017");
    check_partial(r, k767ThirdAve);
    CHECK(r.relaxations.house_number);
  }
  check_miss(match("769-775 3rd Ave", "New York", "NY", "10017"), MissReason::missing);
}

TEST_CASE("a direction or suffix left out is PARTIAL, a different one does not match", "[match]") {
  const auto no_direction = match("20 34th St", "New York", "NY", "10001");
  check_partial(no_direction, k20West34th);
  CHECK(no_direction.relaxations.direction);

  const auto direction_after = match("20 34th St West", "New York", "NY", "10001");
  check_partial(direction_after, k20West34th);
  CHECK(direction_after.relaxations.direction);

  const auto no_suffix = match("767 3rd", "New York", "NY", "10017");
  check_partial(no_suffix, k767ThirdAve);
  CHECK(no_suffix.relaxations.suffix);

  check_miss(match("20 E 34th St", "New York", "NY", "10001"), MissReason::missing);
  check_miss(match("767 3rd St", "New York", "NY", "10017"), MissReason::missing);
}

TEST_CASE("a residential property's address is MISS with SFR or Condo Property (SFR)", "[match]") {
  for (const auto& [kind, reason] : {std::pair{PropertyKind::sfr, MissReason::sfr},
                                     std::pair{PropertyKind::condo, MissReason::condo}}) {
    const PropertyEntry& e = sole_of_kind(kind);
    const AddressView a = small_corpus().address(e);
    INFO(line_of(a));
    check_miss(matcher().match_address(line_of(a), a.city, a.state, a.zip5), reason);
    // Relaxed matches of a residential property are residential too.
    check_miss(matcher().match_address(line_of(a), a.city, a.state, ""), reason);
  }
}

TEST_CASE("an address at a known place where no property is known is MISS MISSING", "[match]") {
  check_miss(match("1 Imaginary Ln", "New York", "NY", "10017"), MissReason::missing);
  check_miss(match("999999 3rd Ave", "New York", "NY", "10017"), MissReason::missing);
  check_miss(match("999999 3rd Ave", "New York", "NY", ""), MissReason::missing);
  check_miss(match("767 3rd Ave", "", "", "99501"), MissReason::missing);
}

TEST_CASE("a row that is not an address, or names no known place, is Unrecognized address",
          "[match]") {
  for (const std::string_view line : {"", "???", "Main St", "767", "PO Box 12", "#5"}) {
    INFO(line);
    check_miss(match(line, "New York", "NY", "10017"), MissReason::unrecognized);
  }
  check_miss(match("767 3rd Ave", "Atlantis", "XX", ""), MissReason::unrecognized);
  check_miss(match("767 3rd Ave", "", "", ""), MissReason::unrecognized);
  check_miss(match("767 3rd Ave", "New York", "", ""), MissReason::unrecognized);
  check_miss(match("767 3rd Ave", "Atlantis", "NY", "ABCDE"), MissReason::unrecognized);
}

TEST_CASE("the documentation's second coordinate matches 20 W 34th St OK", "[match]") {
  check_ok(matcher().match_coordinates("40.748562", "-73.9879465"), k20West34th);
  check_ok(matcher().match_coordinates(" 40.748562 ", "-73.9879465"), k20West34th);
}

TEST_CASE("the documentation's first coordinate is outside the radius of 767 3rd Ave", "[match]") {
  const double metres =
      detail::distance_metres(40.7541851, -73.9735753, 40.75419967294353, -73.97133902381856);
  CHECK(metres > Matcher::kCoordinateRadiusMetres);
  const auto r = matcher().match_coordinates("40.7541851", "-73.9735753");
  CHECK_FALSE((r.id && *r.id == k767ThirdAve));
  CHECK(r.status != MatchStatus::partial);
}

TEST_CASE("coordinates within the radius of a property match it; farther ones are MISSING",
          "[match]") {
  const Corpus& corpus = small_corpus();
  constexpr double kMetresPerDegree = 111'195.0; // the spatial index's earth radius
  const PropertyEntry* isolated = nullptr;
  for (const auto& e : corpus.entries()) {
    if (e.kind != PropertyKind::commercial)
      continue;
    const double inside = e.lat() + 40 / kMetresPerDegree,
                 outside = e.lat() + 60 / kMetresPerDegree;
    // e is the property nearest both points, so nothing else is within 60 m of the outer one.
    if (corpus.nearest(inside, e.lon(), 300) == &e && corpus.nearest(outside, e.lon(), 300) == &e) {
      isolated = &e;
      break;
    }
  }
  REQUIRE(isolated);
  check_ok(matcher().match_coordinates(degrees(isolated->lat()), degrees(isolated->lon())),
           isolated->id);
  check_ok(matcher().match_coordinates(degrees(isolated->lat() + 40 / kMetresPerDegree),
                                       degrees(isolated->lon())),
           isolated->id);
  check_miss(matcher().match_coordinates(degrees(isolated->lat() + 60 / kMetresPerDegree),
                                         degrees(isolated->lon())),
             MissReason::missing);
  check_miss(matcher().match_coordinates("0", "0"), MissReason::missing);
}

TEST_CASE("coordinates of a residential property are MISS with SFR or Condo Property (SFR)",
          "[match]") {
  for (const auto& [kind, reason] : {std::pair{PropertyKind::sfr, MissReason::sfr},
                                     std::pair{PropertyKind::condo, MissReason::condo}}) {
    const PropertyEntry& e = sole_of_kind(kind);
    REQUIRE(small_corpus().nearest(e.lat(), e.lon(), 0.01) == &e);
    check_miss(matcher().match_coordinates(degrees(e.lat()), degrees(e.lon())), reason);
  }
}

TEST_CASE("coordinates that are not numbers or out of range are Unrecognized address", "[match]") {
  const std::vector<std::pair<std::string_view, std::string_view>> bad = {
      {"", ""},     {"abc", "-73.98"}, {"40.75", ""},        {"40,75", "-73,98"},
      {"91", "0"},  {"-90.5", "0"},    {"0", "180.01"},      {"0", "-181"},
      {"nan", "0"}, {"inf", "0"},      {"40.75N", "73.98W"}, {"4e1x", "-73"}};
  for (const auto& [lat, lon] : bad) {
    INFO(lat << ", " << lon);
    check_miss(matcher().match_coordinates(lat, lon), MissReason::unrecognized);
  }
  // The edges of the ranges are coordinates (nowhere near a property).
  check_miss(matcher().match_coordinates("90", "180"), MissReason::missing);
  check_miss(matcher().match_coordinates("+40.0", "-180"), MissReason::missing);
}

TEST_CASE("match_row reads the mapped columns wherever they are", "[match]") {
  MatchMetadata address;
  address.headers = {"Name", "Zip", "Street", "State", "Town"};
  address.mapping = {MatchKind::address,
                     {{"address_line_1", "Street"},
                      {"address_city", "Town"},
                      {"address_state", "State"},
                      {"address_postal", "Zip"}}};
  const std::vector<std::string> row = {"Acme", "10017", "767 3rd Ave", "NY", "New York"};
  check_ok(match_row(matcher(), MatchColumns(address), row), k767ThirdAve);

  MatchMetadata coordinates;
  coordinates.headers = {"Lon", "Note", "Lat"};
  coordinates.mapping = {MatchKind::coordinates, {{"latitude", "Lat"}, {"longitude", "Lon"}}};
  const std::vector<std::string> point = {"-73.9879465", "x", "40.748562"};
  check_ok(match_row(matcher(), MatchColumns(coordinates), point), k20West34th);
}

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "data/corpus.hpp"
#include "data_test_support.hpp"

using namespace reonomy::mock;
using reonomy::mock::test::small_corpus;

namespace {
const Uuid k767ThirdAve = *parse_uuid("19cd94b6-0b51-543d-bfc1-3ed3205d13ae");
const Uuid k20West34th = *parse_uuid("66258e65-0022-5af5-831e-22443f6dd854");

// The 200,000-entry default-size corpus, for proportions.
const Corpus& full_corpus() {
  static const Corpus corpus = Corpus::generate(42, 200'000);
  return corpus;
}

std::string text(std::string_view v) {
  return std::string(v);
}
} // namespace

TEST_CASE("the same seed yields the same corpus", "[corpus]") {
  const Corpus again = Corpus::generate(test::kTestSeed, small_corpus().size());
  REQUIRE(again.size() == small_corpus().size());
  CHECK(
      std::equal(again.entries().begin(), again.entries().end(), small_corpus().entries().begin()));
}

TEST_CASE("a different seed yields a different corpus", "[corpus]") {
  const Corpus other = Corpus::generate(test::kTestSeed + 1, small_corpus().size());
  const std::size_t first_generated = small_corpus().gazetteer().known_properties().size();
  std::size_t same_id = 0, same_zip = 0;
  for (std::size_t i = first_generated; i < other.size(); ++i) {
    same_id += other.at(i).id == small_corpus().at(i).id;
    same_zip += other.at(i).zip == small_corpus().at(i).zip;
  }
  CHECK(same_id == 0);
  CHECK(same_zip < other.size() / 20);
}

TEST_CASE("the corpus has the requested size, unique ids, and finds every entry by id",
          "[corpus]") {
  const Corpus& c = small_corpus();
  REQUIRE(c.size() == 20'000);
  std::set<Uuid> ids;
  for (const auto& e : c.entries()) {
    ids.insert(e.id);
    REQUIRE(c.find(e.id) == &e);
  }
  CHECK(ids.size() == c.size());
  for (const auto& id : test::outside_ids())
    CHECK(c.find(id) == nullptr);
}

TEST_CASE("generated ids are UUID v5 of the seed and index in the mock namespace", "[corpus]") {
  const Corpus& c = small_corpus();
  const std::size_t i = c.gazetteer().known_properties().size() + 123;
  CHECK(c.at(i).id == uuid_v5(mock_namespace(), "corpus/7/" + std::to_string(i)));
  CHECK(Corpus::generated_id(7, i) == c.at(i).id);
  CHECK(to_string(c.at(i).id)[14] == '5');
}

TEST_CASE("a corpus smaller than the documented set still holds every documented id", "[corpus]") {
  const Corpus tiny = Corpus::generate(1, 3);
  CHECK(tiny.size() == tiny.gazetteer().known_properties().size());
  for (const auto& k : tiny.gazetteer().known_properties())
    CHECK(tiny.find(k.id) != nullptr);
}

TEST_CASE("767 3rd Ave resolves to the documented office in every corpus", "[corpus][known]") {
  for (const std::uint64_t seed : {0ULL, 7ULL, 123456789ULL}) {
    const Corpus c = Corpus::generate(seed, 100);
    const PropertyEntry* e = c.find(k767ThirdAve);
    REQUIRE(e != nullptr);
    const AddressView a = c.address(*e);
    CHECK(a.house_number == 767);
    CHECK(a.direction_left.empty());
    CHECK(a.street == "3RD");
    CHECK(a.mode == "AVE");
    CHECK(a.city == "NEW YORK");
    CHECK(a.state == "NY");
    CHECK(a.zip5 == "10017");
    CHECK(a.lat == 40.75419967294353);
    CHECK(a.lon == -73.97133902381856);
    CHECK(a.kind == PropertyKind::commercial);
    CHECK(c.gazetteer().categories()[e->category].name == "Office");
    CHECK(e->building_area == 286212);
    CHECK(e->year_built == 1980);
    CHECK(e->total_units == 40);
  }
}

TEST_CASE("20 W 34th St resolves to the documented id near its documented coordinates",
          "[corpus][known]") {
  const Corpus& c = small_corpus();
  const PropertyEntry* e = c.find(k20West34th);
  REQUIRE(e != nullptr);
  const AddressView a = c.address(*e);
  CHECK(a.house_number == 20);
  CHECK(a.direction_left == "W");
  CHECK(a.street == "34TH");
  CHECK(a.mode == "ST");
  CHECK(text(a.city) + "," + text(a.state) + "," + text(a.zip5) == "NEW YORK,NY,10001");
  CHECK(detail::distance_metres(a.lat, a.lon, 40.748562, -73.9879465) < 1.0);
}

TEST_CASE("documented ids have the same entries whatever the seed", "[corpus][known]") {
  const Corpus a = Corpus::generate(1, 100), b = Corpus::generate(99, 100);
  for (const auto& k : a.gazetteer().known_properties()) {
    REQUIRE(a.find(k.id) != nullptr);
    REQUIRE(b.find(k.id) != nullptr);
    CHECK(*a.find(k.id) == *b.find(k.id));
    CHECK(a.find(k.id)->kind == PropertyKind::commercial);
  }
}

TEST_CASE("an id outside the corpus gets a stable commercial entry derived from the id",
          "[corpus]") {
  const Corpus& c = small_corpus();
  const Corpus again = Corpus::generate(test::kTestSeed, 50);
  std::set<std::uint16_t> zips;
  for (const auto& id : test::outside_ids()) {
    const PropertyEntry e = c.entry_for(id);
    CHECK(e.id == id);
    CHECK(e.kind == PropertyKind::commercial);
    CHECK(e.known == kNotKnown);
    CHECK(e == again.entry_for(id));
    zips.insert(e.zip);
  }
  CHECK(zips.size() > 1);
}

TEST_CASE("entries are compact", "[corpus]") {
  CHECK(sizeof(PropertyEntry) <= 64);
}

TEST_CASE("about 5% of entries are residential, of which condos are the smaller part",
          "[corpus][proportions]") {
  std::map<PropertyKind, double> kinds;
  for (const auto& e : full_corpus().entries())
    kinds[e.kind] += 1;
  const double n = static_cast<double>(full_corpus().size());
  CHECK((kinds[PropertyKind::sfr] + kinds[PropertyKind::condo]) / n == Approx(0.05).margin(0.01));
  CHECK(kinds[PropertyKind::condo] < kinds[PropertyKind::sfr]);
  CHECK(kinds[PropertyKind::condo] > 0);
}

TEST_CASE("properties follow population: the big states and cities lead", "[corpus][proportions]") {
  const Corpus& c = full_corpus();
  std::map<std::string, double> states, cities;
  for (const auto& e : c.entries()) {
    const AddressView a = c.address(e);
    states[text(a.state)] += 1;
    cities[text(a.city) + ", " + text(a.state)] += 1;
  }
  const double n = static_cast<double>(c.size());
  CHECK(states["CA"] / n == Approx(0.13).margin(0.05)); // 12% of the population
  CHECK(states["TX"] / n == Approx(0.09).margin(0.04));
  CHECK(states["WY"] / n < 0.005);
  CHECK(states.size() == 51);
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& [city, count] : cities)
    ranked.emplace_back(count, city);
  std::sort(ranked.rbegin(), ranked.rend());
  std::set<std::string> top10;
  for (std::size_t i = 0; i < 10; ++i)
    top10.insert(ranked[i].second);
  CHECK(top10.count("LOS ANGELES, CA") == 1);
  CHECK(top10.count("CHICAGO, IL") == 1);
  CHECK(top10.count("HOUSTON, TX") == 1);
  CHECK(top10.count("NEW YORK, NY") == 1);
}

TEST_CASE("offices concentrate in big cities and industrial properties in the suburbs",
          "[corpus][proportions]") {
  const Corpus& c = full_corpus();
  const Gazetteer& g = c.gazetteer();
  const auto office = *g.find_category("Office");
  const auto industrial = *g.find_category("Industrial");
  std::array<double, 4> total{}, offices{}, industrials{};
  for (const auto& e : c.entries()) {
    if (e.kind != PropertyKind::commercial)
      continue;
    const auto u = g.zips()[e.zip].urbanity;
    total[u] += 1;
    offices[u] += e.category == office;
    industrials[u] += e.category == industrial;
  }
  const double all_offices = offices[0] + offices[1] + offices[2] + offices[3];
  const double all = total[0] + total[1] + total[2] + total[3];
  CHECK(all_offices / all == Approx(0.12).margin(0.05));
  CHECK(offices[0] / total[0] > 2 * offices[3] / total[3]);         // core vs rural
  CHECK(industrials[2] / total[2] > 2 * industrials[0] / total[0]); // suburb vs core
}

TEST_CASE("entries_in_zip lists exactly the entries of that ZIP", "[corpus][lookup]") {
  const Corpus& c = small_corpus();
  const auto zip5 = c.address(*c.find(k767ThirdAve)).zip5;
  const auto listed = c.entries_in_zip(zip5);
  std::vector<std::uint32_t> expected;
  for (std::uint32_t i = 0; i < c.size(); ++i) {
    if (c.address(c.at(i)).zip5 == zip5)
      expected.push_back(i);
  }
  CHECK(std::vector<std::uint32_t>(listed.begin(), listed.end()) == expected);
  CHECK(c.entries_in_zip("00000").empty());
  CHECK(c.entries_in_zip("1001").empty());
}

TEST_CASE("find_by_address finds the documented properties by number, street and ZIP",
          "[corpus][lookup]") {
  const Corpus& c = small_corpus();
  auto found = c.find_by_address(767, "3rd", "10017");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->id == k767ThirdAve);
  found = c.find_by_address(20, "34TH", "10001");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->id == k20West34th);
  CHECK(c.find_by_address(768, "3RD", "10017").empty());
  CHECK(c.find_by_address(767, "3RD", "10001").empty());
}

TEST_CASE("find_by_address finds a generated entry by its own address", "[corpus][lookup]") {
  const Corpus& c = small_corpus();
  for (std::size_t i = 100; i < 20'000; i += 1999) {
    const PropertyEntry& e = c.at(i);
    const AddressView a = c.address(e);
    const auto found = c.find_by_address(a.house_number, a.street, a.zip5);
    CHECK(std::find(found.begin(), found.end(), &e) != found.end());
  }
}

TEST_CASE("nearest returns the closest entry within the distance, of any kind",
          "[corpus][lookup]") {
  const Corpus& c = small_corpus();
  const PropertyEntry* e = c.nearest(40.75419967294353, -73.97133902381856, 50);
  REQUIRE(e != nullptr);
  CHECK(e->id == k767ThirdAve);
  CHECK(c.nearest(40.748562, -73.9879465, 25)->id == k20West34th);
  CHECK(c.nearest(0.0, -140.0, 5'000) == nullptr); // open Pacific
  for (std::size_t i = 500; i < 20'000; i += 2500) {
    const PropertyEntry& probe = c.at(i);
    const PropertyEntry* hit = c.nearest(probe.lat(), probe.lon(), 10);
    REQUIRE(hit != nullptr);
    CHECK(detail::distance_metres(hit->lat(), hit->lon(), probe.lat(), probe.lon()) == 0.0);
    // Brute force agrees on the nearest other entry within 3 km.
    const double lat = probe.lat() + 0.004, lon = probe.lon();
    double best = 3000;
    const PropertyEntry* expected = nullptr;
    for (const auto& other : c.entries()) {
      const double d = detail::distance_metres(lat, lon, other.lat(), other.lon());
      if (d < best)
        best = d, expected = &other;
    }
    CHECK(c.nearest(lat, lon, 3000) == expected);
  }
}

TEST_CASE("residential entries are flagged and keep their residential category", "[corpus]") {
  const Corpus& c = small_corpus();
  const Gazetteer& g = c.gazetteer();
  std::size_t residential = 0;
  for (const auto& e : c.entries()) {
    if (e.kind == PropertyKind::commercial) {
      CHECK(g.categories()[e.category].kind == PropertyKind::commercial);
    } else {
      ++residential;
      CHECK(e.category == g.category_of_kind(e.kind));
    }
  }
  CHECK(residential > 0);
}

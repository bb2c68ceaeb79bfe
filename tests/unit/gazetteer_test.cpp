#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "data/detail/table_reader.hpp"
#include "data/gazetteer.hpp"

using namespace reonomy::mock;

TEST_CASE("the gazetteer holds the ZIPs of the 50 states and DC with their cities", "[gazetteer]") {
  const auto g = Gazetteer::shared_default();
  CHECK(g->states().size() == 51);
  CHECK(g->zips().size() > 40'000);
  const auto z = g->find_zip("10017");
  REQUIRE(z);
  CHECK(g->city_of(g->zips()[*z]) == "NEW YORK");
  CHECK(g->state_of(g->zips()[*z]) == "NY");
  CHECK(g->state_fips(g->zips()[*z].state) == "36");
  CHECK(g->zips()[*z].urbanity == 0); // core
  CHECK_FALSE(g->find_zip("00000"));
  CHECK_FALSE(g->find_zip("09001")); // military mail is left out
}

TEST_CASE("street suffixes are found by abbreviation, full name or accepted spelling",
          "[gazetteer]") {
  const auto g = Gazetteer::shared_default();
  const auto ave = g->find_suffix("AVE");
  REQUIRE(ave);
  CHECK(g->suffixes()[*ave].suffix == "AVENUE");
  CHECK(g->find_suffix("avenue") == ave);
  CHECK(g->find_suffix("Avn") == ave);
  CHECK_FALSE(g->find_suffix("NOTASUFFIX"));
  CHECK(Gazetteer::find_direction("nw") == 6);
  CHECK_FALSE(Gazetteer::find_direction("X"));
}

TEST_CASE("every category has land uses and the residential kinds have their category",
          "[gazetteer]") {
  const auto g = Gazetteer::shared_default();
  for (const auto& c : g->categories()) {
    CHECK(c.land_use_count > 0);
    for (std::uint8_t i = 0; i < c.land_use_count; ++i) {
      CHECK(&g->categories()[g->land_uses()[c.first_land_use + i].category] == &c);
    }
  }
  CHECK(g->categories()[g->category_of_kind(PropertyKind::sfr)].kind == PropertyKind::sfr);
  CHECK(g->categories()[g->category_of_kind(PropertyKind::condo)].kind == PropertyKind::condo);
  CHECK(g->find_category("office") == g->find_category("Office"));
}

TEST_CASE("the documented properties are loaded with their facts", "[gazetteer]") {
  const auto g = Gazetteer::shared_default();
  REQUIRE(g->known_properties().size() == 14);
  const KnownProperty& k = g->known_properties().front();
  CHECK(to_string(k.id) == "19cd94b6-0b51-543d-bfc1-3ed3205d13ae");
  CHECK(k.apn == "1-1321-47");
  CHECK(k.house_number == 767u);
  CHECK(g->street_names()[*k.street] == "3RD");
}

TEST_CASE("a malformed fixture is reported with its file and line", "[gazetteer]") {
  const auto file = std::filesystem::temp_directory_path() / "reonomy_bad_fixture.tsv";
  {
    std::ofstream out(file);
    out << "# comment\na\tb\n1\t2\n3\n";
  }
  int rows = 0;
  try {
    detail::read_table(file, '\t', "a\tb", [&](const auto&) { ++rows; });
    FAIL("no error");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("reonomy_bad_fixture.tsv:4") &&
                             Catch::Contains("expected 2 fields"));
  }
  CHECK(rows == 1);
  CHECK_THROWS_WITH(detail::read_table(file, '\t', "x\ty", [](const auto&) {}),
                    Catch::Contains(":2: expected the header"));
  std::filesystem::remove(file);
  CHECK_THROWS_WITH(Gazetteer::load("/nonexistent"), Catch::Contains("cannot read fixture"));
}

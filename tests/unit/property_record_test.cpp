#include <catch2/catch.hpp>

#include <algorithm>

#include "core/time_format.hpp"
#include "data/detail/json_out.hpp"
#include "data/property_record.hpp"
#include "data/search_match.hpp"
#include "data/update_times.hpp"
#include "data_test_support.hpp"

using namespace reonomy::mock;
using nlohmann::json;
using test::kAllTypes;
using test::record_json;
using test::record_text;
using test::small_corpus;

namespace {
const Uuid k767ThirdAve = *parse_uuid("19cd94b6-0b51-543d-bfc1-3ed3205d13ae");
const Uuid kSearchExample = *parse_uuid("f5736c8b-2802-52b5-94a6-7e5283c9b084");

const std::vector<std::string> kBasicFields = {"active",
                                               "address_line1",
                                               "alternative_addresses",
                                               "apn",
                                               "asset_category",
                                               "bins",
                                               "block_id",
                                               "borough_id",
                                               "building_area",
                                               "building_class",
                                               "building_update_time",
                                               "census_tract",
                                               "city",
                                               "commercial_units",
                                               "direction_left",
                                               "direction_right",
                                               "existing_floor_area_ratio",
                                               "fips",
                                               "floors",
                                               "house_nbr",
                                               "location",
                                               "lot_size_acres",
                                               "lot_size_sqft",
                                               "master_update_time",
                                               "mode",
                                               "municipality",
                                               "residential_units",
                                               "state",
                                               "std_land_use_code",
                                               "std_land_use_code_description",
                                               "street",
                                               "total_units",
                                               "year_built",
                                               "zip5"};

std::vector<Uuid> sample_ids() {
  std::vector<Uuid> ids;
  const Corpus& c = small_corpus();
  for (std::size_t i = 0; i < c.size(); i += 397)
    ids.push_back(c.at(i).id);
  for (const auto& id : test::outside_ids())
    ids.push_back(id);
  return ids;
}

std::string date_of(std::int32_t days) {
  return format_date(std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days}}});
}
} // namespace

TEST_CASE("the same id always gives the same bytes, in the corpus or not", "[record]") {
  const Corpus again = Corpus::generate(test::kTestSeed, small_corpus().size());
  for (const auto& id : sample_ids()) {
    const std::string first = record_text(small_corpus(), id, kAllTypes);
    CHECK(first == record_text(small_corpus(), id, kAllTypes));
    CHECK(first == record_text(again, id, kAllTypes));
  }
}

TEST_CASE("another seed gives other records, except for documented ids", "[record]") {
  const Corpus other = Corpus::generate(test::kTestSeed + 1, 100);
  for (const auto& id : test::outside_ids()) {
    CHECK(record_text(small_corpus(), id, kAllTypes) != record_text(other, id, kAllTypes));
  }
  for (const auto& k : other.gazetteer().known_properties()) {
    CHECK(record_text(small_corpus(), k.id, kAllTypes) == record_text(other, k.id, kAllTypes));
  }
}

TEST_CASE("a record is one line of JSON appended to the buffer", "[record]") {
  std::string out = "previous line\n";
  write_record(out, small_corpus(), small_corpus().at(42).id, kAllTypes, false);
  REQUIRE(out.rfind("previous line\n{", 0) == 0);
  const std::string line = out.substr(14);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.back() == '}');
  CHECK_NOTHROW(json::parse(line));
}

TEST_CASE("every record parses and has the documented structure", "[record]") {
  for (const auto& id : sample_ids()) {
    const json r = record_json(small_corpus(), id, kAllTypes);
    REQUIRE(r.is_object());
    CHECK(r.at("property_id") == to_string(id));
    CHECK_FALSE(r.contains("basic"));
    for (const auto& field : kBasicFields)
      CHECK(r.contains(field));
    CHECK(r.at("location").at("lat").is_number());
    CHECK(r.at("location").at("lon").is_number());
    CHECK(r.at("mortgages").is_array());
    CHECK(r.at("sales").is_array());
    CHECK(r.at("taxes").is_array());
    CHECK(r.at("tenants").is_array());
    CHECK(r.at("reported_owner").is_object());
    const json& contacts = r.at("ownership").at("contacts");
    REQUIRE(contacts.is_array());
    REQUIRE_FALSE(contacts.empty());
    for (const auto& contact : contacts) {
      CHECK(contact.at("contact_type").is_string());
      CHECK(contact.at("is_signatory").is_boolean());
      CHECK(contact.at("match_score").is_number());
      CHECK(contact.at("is_green_match").is_boolean());
      CHECK((contact.at("company").is_null() || contact.at("company").at("name").is_string()));
      CHECK((contact.at("company").is_null() || contact.at("company").contains("parent_id")));
      for (const auto& person : contact.at("persons")) {
        CHECK(person.at("display").is_string());
        for (const char* list : {"jobs", "addresses", "phones", "emails"}) {
          CHECK(person.at(list).is_array());
        }
      }
    }
    for (const auto& tenant : r.at("tenants")) {
      CHECK(tenant.at("name").is_string());
      CHECK(tenant.at("contacts").is_array());
    }
  }
}

TEST_CASE("only the requested detail types appear", "[record]") {
  const Uuid id = small_corpus().at(1234).id;
  const std::vector<DetailType> some = {DetailType::sales, DetailType::ownership};
  const json r = record_json(small_corpus(), id, some);
  CHECK(r.size() == 3);
  CHECK(r.contains("property_id"));
  CHECK(r.contains("sales"));
  CHECK(r.contains("ownership"));
  const json basic_only = record_json(small_corpus(), id, std::vector{DetailType::basic});
  for (const char* key :
       {"mortgages", "ownership", "reported_owner", "sales", "taxes", "tenants"}) {
    CHECK_FALSE(basic_only.contains(key));
  }
  CHECK(basic_only.contains("address_line1"));
  const json none_basic = record_json(small_corpus(), id, std::vector{DetailType::taxes});
  CHECK_FALSE(none_basic.contains("address_line1"));
  CHECK(none_basic.size() == 2);
}

TEST_CASE("a detail type reads the same whichever other types are requested", "[record]") {
  for (const auto& id : sample_ids()) {
    const json all = record_json(small_corpus(), id, kAllTypes);
    for (std::size_t t = 1; t < kDetailTypeCount; ++t) {
      const auto type = static_cast<DetailType>(t);
      const json alone = record_json(small_corpus(), id, std::vector{type});
      const std::string key(kDetailTypeNames[t]);
      CHECK(alone.at(key) == all.at(key));
    }
    json basic = record_json(small_corpus(), id, std::vector{DetailType::basic});
    for (const auto& [key, value] : basic.items())
      CHECK(all.at(key) == value);
  }
}

TEST_CASE("the request's order and duplicates do not change the bytes", "[record]") {
  const Uuid id = small_corpus().at(77).id;
  const std::vector<DetailType> forward = {DetailType::basic, DetailType::sales, DetailType::taxes};
  const std::vector<DetailType> shuffled = {DetailType::taxes, DetailType::basic, DetailType::sales,
                                            DetailType::taxes};
  CHECK(record_text(small_corpus(), id, forward) == record_text(small_corpus(), id, shuffled));
}

TEST_CASE("a corpus record agrees with its corpus entry", "[record]") {
  const Corpus& c = small_corpus();
  const Gazetteer& g = c.gazetteer();
  for (std::size_t i = 0; i < c.size(); i += 311) {
    const PropertyEntry& e = c.at(i);
    const AddressView a = c.address(e);
    const json r = record_json(c, e.id, kAllTypes);
    CHECK(r.at("city") == a.city);
    CHECK(r.at("state") == a.state);
    CHECK(r.at("zip5") == a.zip5);
    CHECK(r.at("street") == a.street);
    if (a.house_number)
      CHECK(r.at("house_nbr") == std::to_string(a.house_number));
    CHECK(r.at("location").at("lat").get<double>() == Approx(a.lat).margin(1e-7));
    CHECK(r.at("location").at("lon").get<double>() == Approx(a.lon).margin(1e-7));
    CHECK(r.at("building_area") == e.building_area);
    CHECK(r.at("lot_size_sqft") == e.lot_size_sqft);
    CHECK(r.at("total_units") == e.total_units);
    CHECK(r.at("asset_category") == g.categories()[e.category].name);
    if (e.year_built)
      CHECK(r.at("year_built") == e.year_built);
    else
      CHECK(r.at("year_built").is_null());
    const json& sales = r.at("sales");
    CHECK(sales.empty() == !e.has_sale());
    if (e.has_sale()) {
      CHECK(sales[0].at("sale_amount") == e.last_sale_amount);
      CHECK(sales[0].at("sale_date") == date_of(e.last_sale_day));
    }
  }
}

TEST_CASE("767 3rd Ave reads as the documentation's example record", "[record][known]") {
  const json r = record_json(small_corpus(), k767ThirdAve, kAllTypes);
  CHECK(r.at("address_line1") == "767 3RD AVE");
  CHECK(r.at("city") == "NEW YORK");
  CHECK(r.at("state") == "NY");
  CHECK(r.at("zip5") == "10017");
  CHECK(r.at("apn") == "1-1321-47");
  CHECK(r.at("asset_category") == "Office");
  CHECK(r.at("building_area") == 286212);
  CHECK(r.at("year_built") == 1980);
  CHECK(r.at("total_units") == 40);
  CHECK(r.at("location").at("lat").get<double>() == 40.75419967294353);
  CHECK(r.at("location").at("lon").get<double>() == -73.97133902381856);
  CHECK(r.at("borough_id") == 1);
  // The exact coordinates survive as text too, not only as a close double.
  CHECK(record_text(small_corpus(), k767ThirdAve, kAllTypes)
            .find(R"("location":{"lat":40.75419967294353,"lon":-73.97133902381856})") !=
        std::string::npos);
}

TEST_CASE("the search example's id carries the documented update times", "[record][known]") {
  const json r = record_json(small_corpus(), kSearchExample, std::vector{DetailType::basic});
  CHECK(r.at("sale_update_time") == "2020-05-15");
  CHECK(r.at("shape_update_time") == "2020-04-16");
  CHECK(r.at("tax_update_time") == "2020-04-16");
  CHECK(r.at("building_update_time") == "2020-04-16");
  CHECK(r.at("master_update_time") == "2020-05-15");
  CHECK(r.at("mtg_update_time") == "2020-04-16");
  CHECK(r.at("owner_update_time") == "2020-04-16");
  std::string line;
  write_search_line(line, small_corpus(), *small_corpus().find(kSearchExample));
  CHECK(json::parse(line) == json::parse(R"({"sale_update_time": "2020-05-15",
      "shape_update_time": "2020-04-16", "tax_update_time": "2020-04-16",
      "building_update_time": "2020-04-16", "master_update_time": "2020-05-15",
      "mtg_update_time": "2020-04-16", "id": "f5736c8b-2802-52b5-94a6-7e5283c9b084",
      "owner_update_time": "2020-04-16"})"));
}

TEST_CASE("update times agree between record, search line and update_days, master the latest",
          "[record][updated]") {
  const Corpus& c = small_corpus();
  for (const auto& id : sample_ids()) {
    const json r = record_json(c, id, std::vector{DetailType::basic});
    const UpdateDays days = update_days(c, id);
    std::string line;
    write_search_line(line, c, c.entry_for(id));
    const json s = json::parse(line);
    CHECK(s.size() == 8);
    CHECK(s.at("id") == to_string(id));
    std::int32_t latest = 0;
    for (std::size_t i = 0; i < kUpdateTimeCount; ++i) {
      const std::string name(kUpdateTimeNames[i]);
      CHECK(r.at(name) == date_of(days[i]));
      CHECK(s.at(name) == date_of(days[i]));
      if (static_cast<UpdateTime>(i) != UpdateTime::master)
        latest = std::max(latest, days[i]);
    }
    CHECK(days[static_cast<std::size_t>(UpdateTime::master)] == latest);
  }
}

TEST_CASE("events never postdate the update time that reports them", "[record][updated]") {
  const Corpus& c = small_corpus();
  for (std::size_t i = 0; i < c.size(); i += 211) {
    const json r = record_json(c, c.at(i).id, kAllTypes);
    for (const auto& sale : r.at("sales")) {
      CHECK(sale.at("recording_date") <= r.at("sale_update_time"));
    }
    for (const auto& mortgage : r.at("mortgages")) {
      CHECK(mortgage.at("recording_date") <= r.at("mtg_update_time"));
    }
  }
}

TEST_CASE("each detail type's update date follows the documented map", "[record][updated]") {
  const Uuid id = small_corpus().at(321).id;
  const UpdateDays d = update_days(small_corpus(), id);
  const auto dates = update_dates(small_corpus(), id);
  const auto ymd = [](std::int32_t day) {
    return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{day}}};
  };
  const auto at = [&](UpdateTime t) { return d[static_cast<std::size_t>(t)]; };
  CHECK(dates[0] == ymd(std::max(at(UpdateTime::building), at(UpdateTime::shape))));
  CHECK(dates[1] == ymd(at(UpdateTime::mtg)));
  CHECK(dates[2] == ymd(at(UpdateTime::owner)));
  CHECK(dates[3] == ymd(at(UpdateTime::owner)));
  CHECK(dates[4] == ymd(at(UpdateTime::sale)));
  CHECK(dates[5] == ymd(at(UpdateTime::tax)));
  CHECK(dates[6] == ymd(at(UpdateTime::master)));
}

TEST_CASE("updated_since is true when any filtered type was updated on or after its date",
          "[record][updated]") {
  using std::chrono::year_month_day;
  using namespace std::chrono_literals;
  std::array<year_month_day, kDetailTypeCount> dates{};
  dates.fill(2020y / 1 / 1);
  dates[static_cast<std::size_t>(DetailType::ownership)] = 2021y / 6 / 1;
  std::array<std::optional<year_month_day>, kDetailTypeCount> since{};
  CHECK(updated_since(dates, since)); // no filter
  since[0] = 2020y / 1 / 1;
  CHECK(updated_since(dates, since)); // on the date counts
  since[0] = 2020y / 1 / 2;
  CHECK_FALSE(updated_since(dates, since));
  since[static_cast<std::size_t>(DetailType::ownership)] = 2021y / 6 / 1;
  CHECK(updated_since(dates, since)); // OR across types
  since[static_cast<std::size_t>(DetailType::ownership)] = 2021y / 6 / 2;
  CHECK_FALSE(updated_since(dates, since));
}

TEST_CASE("strings are escaped so that any text reads back unchanged", "[record][json]") {
  const std::string nasty =
      std::string("quote\" back\\slash\nnew\ttab\x01\x1f ctl ") + "caf\xc3\xa9 / end";
  std::string out;
  detail::append_json_string(out, nasty);
  CHECK(json::parse(out).get<std::string>() == nasty);
  CHECK(out.find('\n') == std::string::npos);
  CHECK(out.find("\\u0001") != std::string::npos);
}

TEST_CASE("records of residential entries are written with their residential category",
          "[record]") {
  const Corpus& c = small_corpus();
  const auto it = std::find_if(c.entries().begin(), c.entries().end(),
                               [](const PropertyEntry& e) { return e.kind == PropertyKind::sfr; });
  REQUIRE(it != c.entries().end());
  const json r = record_json(c, it->id, kAllTypes);
  CHECK(r.at("asset_category") == "Single Family Residence");
  CHECK(r.at("residential_units") == r.at("total_units"));
}

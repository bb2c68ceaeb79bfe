#include <catch2/catch.hpp>

#include <set>

#include "data/pii_filter.hpp"
#include "data_test_support.hpp"

using namespace reonomy::mock;
using nlohmann::json;
using test::kAllTypes;
using test::record_json;
using test::small_corpus;

namespace {
// Every leaf and container path of a JSON value, array indexes written as "[]".
void collect_paths(const json& node, const std::string& path, std::multiset<std::string>& out) {
  if (!path.empty())
    out.insert(path);
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      collect_paths(value, path.empty() ? key : path + "." + key, out);
    }
  } else if (node.is_array()) {
    for (const auto& value : node)
      collect_paths(value, path + "[]", out);
  }
}

bool listed(const std::string& path) {
  for (const auto& f : kPiiFields) {
    if (path == f.path || path.rfind(std::string(f.path) + ".", 0) == 0 ||
        path.rfind(std::string(f.path) + "[]", 0) == 0) {
      return true;
    }
  }
  return false;
}

std::vector<Uuid> sample_ids() {
  std::vector<Uuid> ids;
  for (std::size_t i = 0; i < small_corpus().size(); i += 97)
    ids.push_back(small_corpus().at(i).id);
  for (const auto& id : test::outside_ids())
    ids.push_back(id);
  return ids;
}
} // namespace

TEST_CASE("a filtered record equals the full record with the listed PII fields removed", "[pii]") {
  for (const auto& id : sample_ids()) {
    json full = record_json(small_corpus(), id, kAllTypes, false);
    const json filtered = record_json(small_corpus(), id, kAllTypes, true);
    remove_pii(full);
    CHECK(full == filtered);
  }
}

TEST_CASE("PII filtering removes only listed fields, and every listed field occurs", "[pii]") {
  std::set<std::string> removed_kinds;
  for (const auto& id : sample_ids()) {
    std::multiset<std::string> before, after;
    collect_paths(record_json(small_corpus(), id, kAllTypes, false), "", before);
    collect_paths(record_json(small_corpus(), id, kAllTypes, true), "", after);
    for (const auto& path : after)
      CHECK(before.count(path) >= after.count(path));
    for (const auto& path : before) {
      if (after.count(path) < before.count(path)) {
        INFO(path);
        CHECK(listed(path));
        for (const auto& f : kPiiFields) {
          if (path == f.path)
            removed_kinds.insert(std::string(f.path));
        }
      }
    }
  }
  for (const auto& f : kPiiFields) {
    INFO(f.path);
    CHECK(removed_kinds.count(std::string(f.path)) == 1);
  }
}

TEST_CASE("PII filtering keeps company names and drops person names", "[pii]") {
  std::size_t companies = 0, persons = 0;
  for (const auto& id : sample_ids()) {
    const json r = record_json(small_corpus(), id, kAllTypes, true);
    for (const auto& contact : r.at("ownership").at("contacts")) {
      CHECK_FALSE(contact.contains("persons"));
      if (contact.at("company").is_object()) {
        CHECK(contact.at("company").at("name").is_string());
        ++companies;
      }
    }
    const json& owner = r.at("reported_owner");
    CHECK(owner.contains("name") == (owner.at("owner_type") == "company"));
    for (const auto& m : r.at("mortgages")) {
      CHECK_FALSE(m.contains("signatory"));
      CHECK(m.contains("borrower_name") == (m.at("borrower_type") == "company"));
      CHECK(m.contains("lender_name"));
    }
    for (const auto& sale : r.at("sales")) {
      for (const char* side : {"buyers", "sellers"}) {
        for (const auto& party : sale.at(side)) {
          CHECK(party.contains("name") == (party.at("type") == "company"));
          persons += party.at("type") == "person";
        }
      }
    }
    for (const auto& tenant : r.at("tenants")) {
      CHECK(tenant.contains("name"));
      for (const auto& contact : tenant.at("contacts"))
        CHECK_FALSE(contact.contains("persons"));
    }
  }
  CHECK(companies > 0);
  CHECK(persons > 0);
}

TEST_CASE("a record without PII-bearing types is the same with or without the filter", "[pii]") {
  const std::vector<DetailType> plain = {DetailType::basic, DetailType::taxes};
  for (const auto& id : sample_ids()) {
    CHECK(test::record_text(small_corpus(), id, plain, true) ==
          test::record_text(small_corpus(), id, plain, false));
  }
}

TEST_CASE("remove_pii honours the person condition of each field", "[pii]") {
  json r = json::parse(R"({
    "reported_owner": {"name": "ACME LLC", "owner_type": "company"},
    "mortgages": [{"borrower_name": "JANE DOE", "borrower_type": "person", "signatory": "JANE DOE"},
                  {"borrower_name": "ACME LLC", "borrower_type": "company", "signatory": "JOHN ROE"}],
    "sales": [{"buyers": [{"name": "JOHN ROE", "type": "person"}],
               "sellers": [{"name": "ACME LLC", "type": "company"}]}],
    "ownership": {"contacts": [{"contact_type": "owner", "persons": [{"display": "Jane Doe"}]}]}
  })");
  remove_pii(r);
  CHECK(r == json::parse(R"({
    "reported_owner": {"name": "ACME LLC", "owner_type": "company"},
    "mortgages": [{"borrower_type": "person"},
                  {"borrower_name": "ACME LLC", "borrower_type": "company"}],
    "sales": [{"buyers": [{"type": "person"}],
               "sellers": [{"name": "ACME LLC", "type": "company"}]}],
    "ownership": {"contacts": [{"contact_type": "owner"}]}
  })"));
}

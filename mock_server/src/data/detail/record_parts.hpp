#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "data/corpus.hpp"
#include "data/detail/json_out.hpp"
#include "data/detail/rng.hpp"
#include "data/detail/timeline.hpp"
#include "specs/property_details_spec.hpp"

namespace reonomy::mock::detail {

// Everything the writers of one record share. Each writer draws from its own stream
// (record_stream), so a detail type reads the same whichever others are requested, and
// filter_pii only leaves fields out: it never changes the values of the fields that remain.
struct RecordContext {
  const Gazetteer& g;
  const PropertyEntry& e;
  const KnownProperty* known;
  std::uint64_t seed;
  bool filter_pii;
  Timeline timeline;
  const ZipCode& zip;
  const AssetCategory& category;
  const UrbanityClass& urbanity;
};

inline Rng record_stream(const RecordContext& c, DetailType type) {
  return Rng(c.seed, c.e.id, Stream::basic, static_cast<std::uint64_t>(type));
}

// A person as first and last name (views into the Gazetteer's lists).
struct Person {
  std::string_view first, last;
};

// The current owner, the same in ownership, reported_owner, sales and mortgages: a company with
// up to three principals, or one or two people.
struct Owner {
  bool is_person = false;
  std::string company; // upper case; empty for a person owner
  std::array<Person, 3> people{};
  std::uint8_t people_count = 0;
};

Owner current_owner(const RecordContext& c);
Person random_person(Rng& r, const Gazetteer& g);
// "JANE DOE".
std::string upper_name(const Person& p);
// An owning company's name, sometimes named for the property's own address.
std::string owner_company_name(Rng& r, const RecordContext& c);
std::string lender_name(Rng& r, const RecordContext& c);
// "767 3RD AVE", "20 W 34TH ST", "MAIN ST E".
void append_address_line(std::string& out, const RecordContext& c);
// A fresh random UUID (version 4 layout) from the stream, for ids of sales and mortgages.
Uuid random_uuid(Rng& r);

void write_basic_fields(JsonOut& out, const RecordContext& c); // record_basic.cpp
void write_ownership(JsonOut& out, const RecordContext& c);    // record_parties.cpp
void write_reported_owner(JsonOut& out, const RecordContext& c);
void write_tenants(JsonOut& out, const RecordContext& c);
void write_sales(JsonOut& out, const RecordContext& c); // record_finance.cpp
void write_mortgages(JsonOut& out, const RecordContext& c);
void write_taxes(JsonOut& out, const RecordContext& c);

} // namespace reonomy::mock::detail

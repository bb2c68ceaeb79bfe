#pragma once

#include <array>
#include <string_view>

#include <nlohmann/json.hpp>

#include "specs/property_details_spec.hpp"

namespace reonomy::mock {

// One field that `filter_pii: true` removes from property records (the key is omitted).
// `path` is dotted from the record's top level; `[]` stands for every element of an array.
// When `when_key` is set, the field is removed only from objects whose `when_key` equals
// `when_value` (a person's name goes, a company's stays).
struct PiiField {
  DetailType type;
  std::string_view path;
  std::string_view when_key;
  std::string_view when_value;
  std::string_view description;
};

// ours: the documentation defers the PII list to its data dictionary, which was not readable.
// The mock treats person-level data as PII and nothing else: company names and property facts
// stay.
inline constexpr std::array<PiiField, 7> kPiiFields = {{
    {DetailType::ownership, "ownership.contacts[].persons", "", "",
     "the people of an owner contact: display name, jobs, addresses, phones, emails"},
    {DetailType::tenants, "tenants[].contacts[].persons", "", "",
     "the people of a tenant contact: display name, jobs, addresses, phones, emails"},
    {DetailType::reported_owner, "reported_owner.name", "owner_type", "person",
     "the reported owner's name when the owner is a person"},
    {DetailType::mortgages, "mortgages[].borrower_name", "borrower_type", "person",
     "the borrower's name when the borrower is a person"},
    {DetailType::mortgages, "mortgages[].signatory", "", "",
     "the name of the person who signed for the borrower"},
    {DetailType::sales, "sales[].buyers[].name", "type", "person",
     "a buyer's name when the buyer is a person"},
    {DetailType::sales, "sales[].sellers[].name", "type", "person",
     "a seller's name when the seller is a person"},
}};

// Removes the kPiiFields from a record held as JSON, leaving everything else as it was. A record
// written with filter_pii equals the same record written without it and passed through this.
void remove_pii(nlohmann::json& record);

} // namespace reonomy::mock

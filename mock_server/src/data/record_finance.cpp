#include <algorithm>
#include <cmath>

#include "data/detail/calendar.hpp"
#include "data/detail/record_parts.hpp"

namespace reonomy::mock::detail {

namespace {
constexpr std::int32_t kYear = 365;

// A buyer, seller or borrower: a company, or a person whose name filter_pii removes.
struct Party {
  bool is_person = false;
  std::string name;
};

Party owner_party(const Owner& o) {
  if (!o.is_person)
    return {false, o.company};
  return {true, upper_name(o.people[0])};
}

// An earlier owner of the property (ours: companies four times in five).
Party earlier_party(Rng& r, const RecordContext& c) {
  if (r.chance(0.2))
    return {true, upper_name(random_person(r, c.g))};
  return {false, owner_company_name(r, c)};
}

// ours: buyers and sellers are {name, type}, type telling people (PII) from companies.
void write_party(JsonOut& out, const RecordContext& c, const Party& p) {
  out.begin_object();
  if (!(c.filter_pii && p.is_person))
    out.field("name", p.name);
  out.field("type", p.is_person ? "person" : "company");
  out.end_object();
}

// What the property was worth on `day`: its latest sale price moved by appreciation, or a price
// from its size when it never sold for money.
double value_on(const RecordContext& c, std::int32_t day) {
  constexpr double kAppreciation = 1.04;
  if (c.e.last_sale_amount > 0) {
    return c.e.last_sale_amount * std::pow(kAppreciation, (day - c.e.last_sale_day) / 365.25);
  }
  const double size = c.e.building_area > 0 ? c.e.building_area : c.e.lot_size_sqft;
  const double factor = c.e.kind == PropertyKind::commercial ? c.urbanity.price_factor : 1.0;
  return size * c.category.price_psf * factor /
         std::pow(kAppreciation, (kHorizonDay - day) / 365.25);
}

std::int64_t round_to(double amount, double step) {
  return static_cast<std::int64_t>(std::llround(amount / step) * static_cast<long long>(step));
}
} // namespace

void write_sales(JsonOut& out, const RecordContext& c) {
  Rng r = record_stream(c, DetailType::sales);
  out.key("sales").begin_array();
  if (!c.e.has_sale()) {
    out.end_array();
    return;
  }
  Party buyer = owner_party(current_owner(c));
  std::int32_t sale_day = c.e.last_sale_day;
  std::int32_t recorded = c.timeline.sale_recorded;
  std::int64_t amount = c.e.last_sale_amount;
  // ours: up to four recorded sales, newest first; each seller bought in the sale before.
  const auto count = r.between(1, 4);
  for (std::int64_t i = 0; i < count; ++i) {
    Party seller = earlier_party(r, c);
    out.begin_object();
    out.key("sales_id").uuid(random_uuid(r)); // ours: a UUID
    out.field_date("sale_date", sale_day);
    out.field_date("recording_date", recorded);
    out.field_int("sale_amount", amount);
    const auto& documents = c.g.words(WordRole::sale_document);
    out.field("document_type", amount == 0 ? std::string_view("Quitclaim Deed")
                                           : std::string_view(r.pick(documents)));
    out.key("buyers").begin_array();
    write_party(out, c, buyer);
    out.end_array();
    out.key("sellers").begin_array();
    write_party(out, c, seller);
    out.end_array();
    out.end_object();

    sale_day -= static_cast<std::int32_t>(r.between(2 * kYear, 15 * kYear));
    if (sale_day < kEarliestSaleDay)
      break;
    recorded = sale_day + static_cast<std::int32_t>(r.between(3, 60));
    amount = r.chance(0.08) ? 0 : round_to(value_on(c, sale_day) * r.lognormal(1, 0.15), 1000);
    buyer = std::move(seller);
  }
  out.end_array();
}

void write_mortgages(JsonOut& out, const RecordContext& c) {
  Rng r = record_stream(c, DetailType::mortgages);
  const Owner owner = current_owner(c);
  const Party current = owner_party(owner);
  const auto& t = c.timeline;
  out.key("mortgages").begin_array();
  for (std::uint8_t i = 0; i < t.mortgage_count; ++i) {
    const std::int32_t recorded = t.mortgage_recorded[i];
    const bool current_era = c.e.has_sale() && recorded >= t.sale_recorded;
    const Party borrower = current_era ? current : earlier_party(r, c);
    const Person signer = current_era ? owner.people[0] : random_person(r, c.g);
    const double base = recorded == t.sale_recorded && c.e.last_sale_amount > 0
                            ? static_cast<double>(c.e.last_sale_amount)
                            : value_on(c, recorded);
    const std::int64_t amount = round_to(base * (0.5 + 0.3 * r.uniform()), 1000);
    const std::int32_t originated = t.mortgage_originated[i]; // search filters on it too
    static constexpr int kTermYears[] = {5, 7, 10, 10, 10, 15, 25, 30};
    const int term = kTermYears[r.below(std::size(kTermYears))];

    out.begin_object();
    // ours: the item fields beyond lender_name, borrower_name and signatory follow the app's
    // mortgage summaries (amount, recording date) plus the dates a loan has.
    out.key("mortgage_id").uuid(random_uuid(r));
    out.field("document_type", r.pick(c.g.words(WordRole::mortgage_document)));
    out.field_int("amount", std::max<std::int64_t>(amount, 1000));
    out.field_date("recording_date", recorded);
    out.field_date("origination_date", originated);
    out.field_date("maturity_date", originated + term * kYear + term / 4);
    out.field("lender_name", lender_name(r, c));
    if (!(c.filter_pii && borrower.is_person))
      out.field("borrower_name", borrower.name);
    // ours: borrower_type tells company borrowers (kept by filter_pii) from person borrowers.
    out.field("borrower_type", borrower.is_person ? "person" : "company");
    // The signatory is always a person who signed for the borrower.
    if (!c.filter_pii)
      out.field("signatory", upper_name(signer));
    out.end_object();
  }
  out.end_array();
}

void write_taxes(JsonOut& out, const RecordContext& c) {
  Rng r = record_stream(c, DetailType::taxes);
  const std::int32_t updated = c.timeline.updates[static_cast<std::size_t>(UpdateTime::tax)];
  const int last_year = year_of(updated);
  // ours: assessment ratio and effective rate per property; the three latest tax years.
  const double assessment_ratio = 0.35 + 0.65 * r.uniform();
  const double effective_rate = 0.008 + 0.02 * r.uniform();
  out.key("taxes").begin_array();
  for (int year = last_year; year > last_year - 3; --year) {
    const double market = value_on(c, day_number(year, 1, 1)) * r.lognormal(1, 0.05);
    const double assessed = market * assessment_ratio;
    const auto amount_cents = std::llround(market * effective_rate * 100);
    out.begin_object();
    out.field_int("year", year);
    out.key("amount").fixed(amount_cents, 2);
    out.field_int("total_assessed_value", std::llround(assessed));
    out.field_int("total_market_value", std::llround(market));
    // ours: tax_rate in percent of the assessed value; no bill links.
    out.field_fixed(
        "tax_rate",
        std::llround(static_cast<double>(amount_cents) * 1000.0 / std::max(assessed, 1.0)), 3);
    out.field_null("tax_bill_link");
    out.end_object();
  }
  out.end_array();
}

} // namespace reonomy::mock::detail

#include <algorithm>

#include "data/detail/record_parts.hpp"
#include "data/detail/table_reader.hpp"

namespace reonomy::mock::detail {

namespace {
void append_upper(std::string& out, std::string_view text) {
  for (char ch : text)
    out.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 32) : ch);
}

void append_lower(std::string& out, std::string_view text) {
  for (char ch : text) {
    if (ch >= 'A' && ch <= 'Z')
      out.push_back(static_cast<char>(ch + 32));
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
      out.push_back(ch);
  }
}

const std::string& word(Rng& r, const Gazetteer& g, WordRole role) {
  return r.pick(g.words(role));
}

// ours: how likely the owner is a person rather than a company, by property kind and size.
double person_owner_share(const RecordContext& c) {
  if (c.e.kind != PropertyKind::commercial)
    return 0.9;
  return c.e.building_area < 10'000 ? 0.3 : 0.1;
}

// A mailing address somewhere in the country, drawn by population like the properties.
void write_random_address(JsonOut& out, Rng& r, const Gazetteer& g) {
  const ZipCode& z = g.zips()[r.weighted(g.zip_cumulative())];
  std::string line;
  append_digits(line, static_cast<std::uint64_t>(r.between(1, 9999)), 1);
  line.push_back(' ');
  line += g.street_names()[r.pick(g.surname_streets())];
  line += r.chance(0.5) ? " ST" : " AVE";
  out.begin_object();
  // ours: address, phone and e-mail shapes follow the Reonomy web app's people records.
  out.field("line1", line);
  out.field("city", g.city_of(z));
  out.field("state", g.state_of(z));
  out.field("postal_code", z.zip5());
  out.end_object();
}

// The five person-level fields filter_pii removes (as the whole `persons` array).
void write_person(JsonOut& out, Rng& r, const Gazetteer& g, const Person& p,
                  std::string_view company) {
  std::string text(p.first);
  text.push_back(' ');
  text += p.last;
  out.begin_object();
  out.field("display", text);
  // ours: a job is {title, company_name}.
  out.key("jobs").begin_array();
  if (!company.empty()) {
    out.begin_object();
    out.field("title", word(r, g, WordRole::contact_title));
    out.field("company_name", company);
    out.end_object();
  }
  out.end_array();
  out.key("addresses").begin_array();
  for (auto n = r.between(1, 2); n > 0; --n)
    write_random_address(out, r, g);
  out.end_array();
  out.key("phones").begin_array();
  for (auto n = r.between(0, 3); n > 0; --n) {
    // ours: numbers in the 555-01xx range, which is reserved for fiction.
    text.assign(1, '(');
    append_digits(
        text,
        static_cast<std::uint64_t>(r.between(2, 9) * 100 + r.between(0, 8) * 10 + r.between(2, 9)),
        3);
    text += ") 555-01";
    append_digits(text, r.below(100), 2);
    out.begin_object();
    out.field("number", text);
    out.field("type", r.chance(0.6) ? "mobile" : "landline"); // ours: phone type
    out.end_object();
  }
  out.end_array();
  out.key("emails").begin_array();
  for (auto n = r.between(0, 2); n > 0; --n) {
    text.clear();
    append_lower(text, p.first);
    text.push_back(n == 2 ? '_' : '.');
    append_lower(text, p.last);
    text.push_back('@');
    text += word(r, g, WordRole::email_domain); // reserved example domains only
    out.begin_object();
    out.field("address", text);
    out.end_object();
  }
  out.end_array();
  out.end_object();
}

// One element of ownership.contacts or tenants[].contacts. The persons come from a sub-stream
// keyed by one draw of `r`, so leaving them out (filter_pii) changes nothing else.
void write_contact(JsonOut& out, Rng& r, const RecordContext& c, std::string_view type,
                   std::string_view company, std::span<const Person> people) {
  const std::uint64_t persons_key = r.next();
  const auto score = r.between(55, 100);
  out.begin_object();
  // ours: contact_type is owner, manager or agent (ownership) or tenant (tenants); the owner's
  // contact is the signatory when it names people.
  out.field("contact_type", type);
  out.field_bool("is_signatory", type == "owner" && !people.empty());
  // ours: match_score in [0.55, 1.00]; a green match is one of 0.90 or more.
  out.field_fixed("match_score", score, 2);
  out.field_bool("is_green_match", score >= 90);
  if (company.empty()) {
    out.field_null("company");
  } else {
    out.key("company").begin_object();
    out.field("name", company);
    // ours: parent_id is the id of a parent company, present for one company in five.
    if (r.chance(0.2))
      out.key("parent_id").uuid(random_uuid(r));
    else
      out.field_null("parent_id");
    out.end_object();
  }
  if (!c.filter_pii) {
    Rng pr(persons_key);
    out.key("persons").begin_array();
    for (const auto& p : people)
      write_person(out, pr, c.g, p, company);
    out.end_array();
  }
  out.end_object();
}

// ours: tenant names in business-directory case, unlike the upper-case owners of record.
std::string tenant_name(Rng& r, const RecordContext& c) {
  const auto& g = c.g;
  std::string name(r.pick(g.last_names()));
  switch (r.below(3)) {
  case 0: // faker's "Koepp, Bauch and Hagenes"
    name += ", ";
    name += r.pick(g.last_names());
    name += " and ";
    name += r.pick(g.last_names());
    break;
  case 1:
    name.push_back(' ');
    name += word(r, g, WordRole::trade);
    name.push_back(' ');
    name += word(r, g, WordRole::entity);
    break;
  default:
    name.push_back(' ');
    name += word(r, g, WordRole::entity);
  }
  return name;
}

// ours: how many tenants a property lists, by its land-use family and size.
std::int64_t tenant_count(Rng& r, const RecordContext& c) {
  if (c.e.kind != PropertyKind::commercial || c.e.building_area == 0)
    return 0;
  const char family = c.g.land_uses()[c.e.land_use].code.front();
  const auto by_area = static_cast<std::int64_t>(c.e.building_area / 15'000);
  switch (family) {
  case '1':
    return r.between(0, std::clamp<std::int64_t>(by_area, 1, 15));
  case '2':
    return r.between(1, std::clamp<std::int64_t>(by_area, 1, 8));
  case '5':
    return r.between(1, 4);
  case '3':
    return r.between(0, 3);
  default:
    return r.between(0, 1);
  }
}
} // namespace

Person random_person(Rng& r, const Gazetteer& g) {
  return {r.pick(g.first_names()), r.pick(g.last_names())};
}

std::string upper_name(const Person& p) {
  std::string out;
  append_upper(out, p.first);
  out.push_back(' ');
  append_upper(out, p.last);
  return out;
}

std::string owner_company_name(Rng& r, const RecordContext& c) {
  const auto& g = c.g;
  std::string name;
  switch (r.below(4)) {
  case 0: // single-asset companies named for the property: "767 3RD AVE ASSOCIATES LLC"
    append_address_line(name, c);
    break;
  case 1:
    append_upper(name, r.pick(g.last_names()));
    break;
  case 2: // a coined place name: "BAUCHVILLE"
    append_upper(name, r.pick(g.last_names()));
    append_upper(name, word(r, g, WordRole::place_suffix));
    break;
  default:
    append_upper(name, word(r, g, WordRole::place_prefix));
    name.push_back(' ');
    name += g.street_names()[r.pick(g.surname_streets())];
  }
  name.push_back(' ');
  name += word(r, g, WordRole::owner_term);
  name.push_back(' ');
  name += word(r, g, WordRole::owner_entity);
  return name;
}

std::string lender_name(Rng& r, const RecordContext& c) {
  const auto& g = c.g;
  std::string name;
  if (r.chance(0.3))
    name = g.city_of(c.zip); // a local bank
  else
    append_upper(name, r.pick(g.last_names()));
  name.push_back(' ');
  name += word(r, g, WordRole::lender_term);
  return name;
}

Owner current_owner(const RecordContext& c) {
  Rng r(c.seed, c.e.id, Stream::owner);
  Owner o;
  o.is_person = r.chance(person_owner_share(c));
  const std::string company = owner_company_name(r, c);
  if (!o.is_person)
    o.company = company;
  o.people_count = static_cast<std::uint8_t>(o.is_person ? r.between(1, 2) : r.between(1, 3));
  o.people[0] = random_person(r, c.g);
  for (std::uint8_t i = 1; i < o.people_count; ++i) {
    o.people[i] = random_person(r, c.g);
    // A second person owner is usually a spouse who shares the last name.
    if (o.is_person && r.chance(0.7))
      o.people[i].last = o.people[0].last;
  }
  return o;
}

void write_ownership(JsonOut& out, const RecordContext& c) {
  Rng r = record_stream(c, DetailType::ownership);
  const Owner owner = current_owner(c);
  out.key("ownership").begin_object();
  out.key("contacts").begin_array();
  write_contact(out, r, c, "owner", owner.company,
                std::span<const Person>(owner.people.data(), owner.people_count));
  // ours: larger commercial properties also list a manager or an agent.
  if (c.e.kind == PropertyKind::commercial && r.chance(c.e.building_area > 20'000 ? 0.7 : 0.25)) {
    const std::string manager = owner_company_name(r, c);
    const Person p = random_person(r, c.g);
    write_contact(out, r, c, r.chance(0.7) ? "manager" : "agent", manager,
                  std::span<const Person>(&p, 1));
  }
  out.end_array();
  out.end_object();
}

void write_reported_owner(JsonOut& out, const RecordContext& c) {
  Rng r = record_stream(c, DetailType::reported_owner);
  const Owner owner = current_owner(c);
  // ours: the owner of record as the assessor lists it, with the mailing address of tax bills.
  out.key("reported_owner").begin_object();
  if (!(c.filter_pii && owner.is_person)) {
    std::string name = owner.is_person ? upper_name(owner.people[0]) : owner.company;
    if (owner.is_person && owner.people_count > 1) {
      name += " & ";
      name += upper_name(owner.people[1]);
    }
    out.field("name", name);
  }
  out.field("owner_type", owner.is_person ? "person" : "company");
  if (r.chance(0.5)) { // the tax bill goes to the property itself
    std::string line;
    append_address_line(line, c);
    out.field("address_line1", line);
    out.field("city", c.g.city_of(c.zip));
    out.field("state", c.g.state_of(c.zip));
    out.field("zip5", c.zip.zip5());
  } else {
    const ZipCode& z = c.g.zips()[r.weighted(c.g.zip_cumulative())];
    std::string line;
    append_digits(line, static_cast<std::uint64_t>(r.between(1, 9999)), 1);
    line.push_back(' ');
    line += c.g.street_names()[r.pick(c.g.surname_streets())];
    line += " ST";
    out.field("address_line1", line);
    out.field("city", c.g.city_of(z));
    out.field("state", c.g.state_of(z));
    out.field("zip5", z.zip5());
  }
  out.end_object();
}

void write_tenants(JsonOut& out, const RecordContext& c) {
  Rng r = record_stream(c, DetailType::tenants);
  out.key("tenants").begin_array();
  for (auto n = tenant_count(r, c); n > 0; --n) {
    const std::string name = tenant_name(r, c);
    out.begin_object();
    out.field("name", name);
    out.key("contacts").begin_array();
    for (auto k = r.between(0, 2); k > 0; --k) {
      const Person p = random_person(r, c.g);
      write_contact(out, r, c, "tenant", name, std::span<const Person>(&p, 1));
    }
    out.end_array();
    out.end_object();
  }
  out.end_array();
}

Uuid random_uuid(Rng& r) {
  Uuid id;
  const std::uint64_t a = r.next(), b = r.next();
  for (std::size_t i = 0; i < 8; ++i) {
    id[i] = static_cast<std::uint8_t>(a >> (8 * i));
    id[8 + i] = static_cast<std::uint8_t>(b >> (8 * i));
  }
  id[6] = static_cast<std::uint8_t>((id[6] & 0x0F) | 0x40);
  id[8] = static_cast<std::uint8_t>((id[8] & 0x3F) | 0x80);
  return id;
}

} // namespace reonomy::mock::detail

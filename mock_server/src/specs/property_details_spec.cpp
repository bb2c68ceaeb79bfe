#include "specs/property_details_spec.hpp"

#include <algorithm>
#include <bitset>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/api_error.hpp"
#include "core/time_format.hpp"
#include "core/utf8.hpp"
#include "specs/spec_text.hpp"

namespace reonomy::mock {

std::string_view to_string(DetailType type) {
  return kDetailTypeNames[static_cast<std::size_t>(type)];
}

// ours: names are case-sensitive, as the documentation writes them in lower case.
std::optional<DetailType> parse_detail_type(std::string_view name) {
  for (std::size_t i = 0; i < kDetailTypeCount; ++i)
    if (kDetailTypeNames[i] == name)
      return static_cast<DetailType>(i);
  return std::nullopt;
}

bool PropertyDetailsSpec::has_updated_filter() const {
  return std::any_of(updated.begin(), updated.end(), [](const auto& d) { return d.has_value(); });
}

namespace {

using Json = nlohmann::json;

enum class Field : std::uint8_t { detail_type, property_ids, updated, filters };
constexpr std::array<std::string_view, 4> kFieldNames = {"detail_type", "property_ids", "updated",
                                                         "filters"};

// Where the next SAX event lands. The spec is at most two levels deep, so a position is enough;
// anything nested deeper is a type error and stops the parse.
enum class Where { root, top, detail_type, property_ids, updated, filters, skip, done };

// A JSON value as the SAX events deliver it, enough to validate it or describe it.
struct Value {
  enum class Kind { null, boolean, number, string, object, array } kind;
  std::string_view text{}; // the string, or the number as written
  bool flag = false;
};

std::string describe(const Value& v) {
  switch (v.kind) {
  case Value::Kind::null:
    return "null";
  case Value::Kind::boolean:
    return v.flag ? "true" : "false";
  case Value::Kind::number:
    return "the number " + std::string(v.text);
  case Value::Kind::string:
    return "the string " + detail::quoted_value(v.text);
  case Value::Kind::object:
    return "an object";
  case Value::Kind::array:
    return "an array";
  }
  return "a value";
}

std::string detail_type_list() {
  return detail::join(kDetailTypeNames);
}

// Reads the spec straight from nlohmann's SAX events: a million ids become 16 MB of Uuid
// instead of a DOM of a million std::string nodes (~100 MB).
//
// A repeated key replaces the earlier value, as Python's json.loads keeps the last of two equal
// keys (the API is a Python service): the earlier value's contents and its errors are dropped.
// So a problem in a value is noted against the key it sits under (its slot: `detail_type`,
// `updated.sales`, `filters.filter_pii`), the rest of that value is skipped, and the parse goes
// on; the first problem still standing at the end is the one reported.
class SpecReader final : public nlohmann::json_sax<Json> {
public:
  explicit SpecReader(std::string_view input) : input_(input) {}

  bool null() override { return on_value({Value::Kind::null}); }
  bool boolean(bool b) override { return on_value({Value::Kind::boolean, {}, b}); }
  bool number_integer(number_integer_t v) override { return number(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return number(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& text) override { return number(text); }
  bool string(string_t& s) override { return on_value({Value::Kind::string, s}); }
  bool binary(binary_t&) override { return fail("(file)", "binary values are not JSON"); }

  bool start_object(std::size_t) override { return on_value({Value::Kind::object}); }
  bool start_array(std::size_t) override { return on_value({Value::Kind::array}); }
  bool key(string_t& k) override;
  bool end_object() override { return on_end(); }
  bool end_array() override { return on_end(); }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override;

  // After a parse that reached the end: the checks that need the whole document.
  PropertyDetailsSpec finish();

  // A syntax error, or one that stops the parse; else the first problem whose key was not given
  // again later.
  std::optional<ApiError> error() const {
    if (fatal_)
      return fatal_;
    if (!problems_.empty())
      return problems_.front().second;
    return std::nullopt;
  }

private:
  bool number(std::string_view text) { return on_value({Value::Kind::number, text}); }
  bool on_value(const Value& v);
  bool on_top_value(const Value& v);
  bool on_end();
  bool on_date(const std::string& path, const Value& v, std::optional<DetailType> type);

  // Stops the parse: the document cannot be a spec whatever follows.
  bool fail(const std::string& path, const std::string& problem) {
    if (!fatal_)
      fatal_ = validation_error(path, problem);
    return false;
  }

  // Notes a problem in the value of the current slot and goes on; the caller arranges for the
  // rest of that value to be skipped.
  bool note(const std::string& path, const std::string& problem) {
    problems_.emplace_back(slot_, validation_error(path, problem));
    return true;
  }

  // A key given again: what its earlier value left (problems, in its slot or below) is dropped.
  void forget(const std::string& slot) {
    std::erase_if(problems_, [&](const auto& p) {
      return p.first == slot || (p.first.size() > slot.size() && p.first.starts_with(slot) &&
                                 p.first[slot.size()] == '.');
    });
  }
  void forget_field(Field field);

  // Skips the next value whole (of a key being ignored), then continues in `back`.
  void skip_next_value(Where back) {
    where_ = Where::skip;
    skip_depth_ = 0;
    skip_back_ = back;
  }
  // Skips to the end of the `open` innermost open containers, then continues in `back`.
  void skip_open(std::size_t open, Where back) {
    where_ = Where::skip;
    skip_depth_ = open;
    skip_back_ = back;
  }
  // After a bad value `v` inside a container that is open (the array of detail_type or
  // property_ids): skip the value if it is a container, and the rest of the array.
  bool note_in_array(const Value& v, const std::string& path, const std::string& problem) {
    const bool container = v.kind == Value::Kind::object || v.kind == Value::Kind::array;
    skip_open(container ? 2 : 1, Where::top);
    return note(path, problem);
  }
  // After a bad value `v` that is the whole value of its slot: skip it if it is a container.
  bool note_value(const Value& v, Where back, const std::string& path, const std::string& problem) {
    if (v.kind == Value::Kind::object || v.kind == Value::Kind::array)
      skip_open(1, back);
    return note(path, problem);
  }

  std::string_view input_;
  std::optional<ApiError> fatal_;
  std::vector<std::pair<std::string, ApiError>> problems_; // (slot, problem), in document order
  std::string slot_;                                       // of the value being read
  Where where_ = Where::root;
  Where skip_back_ = Where::top;
  std::size_t skip_depth_ = 0;
  Field pending_ = Field::detail_type;          // the top-level key whose value comes next
  DetailType pending_type_ = DetailType::basic; // the updated.<type> whose date comes next
  std::bitset<4> seen_fields_;
  std::bitset<kDetailTypeCount> requested_, seen_updated_;
  std::size_t index_ = 0; // of the next element in detail_type or property_ids
  std::vector<std::string> unknown_keys_;
  std::vector<DetailType> updated_order_;
  std::optional<std::chrono::year_month_day> updated_all_;
  PropertyDetailsSpec spec_;
};

bool SpecReader::on_value(const Value& v) {
  const bool container = v.kind == Value::Kind::object || v.kind == Value::Kind::array;
  switch (where_) {
  case Where::root:
    if (v.kind != Value::Kind::object)
      return fail("(file)",
                  "expected a JSON object with detail_type and property_ids, got " + describe(v));
    where_ = Where::top;
    return true;
  case Where::top:
    return on_top_value(v);
  case Where::skip:
    if (container)
      ++skip_depth_;
    else if (skip_depth_ == 0)
      where_ = skip_back_;
    return true;
  case Where::detail_type: {
    const std::string path = "detail_type[" + std::to_string(index_) + "]";
    if (v.kind != Value::Kind::string)
      return note_in_array(
          v, path, "expected a detail type name (" + detail_type_list() + "), got " + describe(v));
    const auto type = parse_detail_type(v.text);
    if (!type)
      return note_in_array(v, path,
                           detail::quoted_value(v.text) + " is not a detail type; use one of " +
                               detail_type_list());
    const auto bit = static_cast<std::size_t>(*type);
    if (requested_[bit]) {
      const auto earlier = std::find(spec_.detail_types.begin(), spec_.detail_types.end(), *type);
      return note_in_array(v, path,
                           detail::quoted_value(v.text) + " is listed twice (also at detail_type[" +
                               std::to_string(earlier - spec_.detail_types.begin()) +
                               "]); list each type once");
    }
    requested_[bit] = true;
    spec_.detail_types.push_back(*type);
    ++index_;
    return true;
  }
  case Where::property_ids: {
    if (v.kind != Value::Kind::string)
      return note_in_array(v, "property_ids[" + std::to_string(index_) + "]",
                           "expected a property id string, got " + describe(v));
    const auto id = parse_uuid(v.text);
    if (!id)
      return note_in_array(v, "property_ids[" + std::to_string(index_) + "]",
                           detail::quoted_value(v.text) +
                               " is not a property id; expected a UUID such as "
                               "51e2200a-5160-5ab1-8f98-20a17fedbb87");
    // ours: a repeated id is kept, not refused; the documentation is silent and it is harmless.
    // Past the limit the ids are still checked and counted so the error can say how many came.
    if (index_ < kMaxPropertyIds)
      spec_.property_ids.push_back(*id);
    ++index_;
    return true;
  }
  case Where::updated:
    return on_date("updated." + std::string(to_string(pending_type_)), v, pending_type_);
  case Where::filters:
    if (v.kind != Value::Kind::boolean)
      return note_value(v, Where::filters, "filters.filter_pii",
                        "expected true or false, got " + describe(v));
    spec_.filter_pii = v.flag;
    return true;
  case Where::done:
    break;
  }
  return fail("(file)", "unexpected content after the top-level object");
}

bool SpecReader::on_top_value(const Value& v) {
  const std::string path(kFieldNames[static_cast<std::size_t>(pending_)]);
  switch (pending_) {
  case Field::detail_type:
    if (v.kind != Value::Kind::array)
      return note_value(v, Where::top, path,
                        "expected an array of detail type names (" + detail_type_list() +
                            "), got " + describe(v));
    where_ = Where::detail_type;
    index_ = 0;
    return true;
  case Field::property_ids:
    if (v.kind != Value::Kind::array)
      return note_value(v, Where::top, path,
                        "expected an array of property id strings, got " + describe(v));
    where_ = Where::property_ids;
    index_ = 0;
    // Each id takes at least 38 bytes of JSON ("<36 chars>",), so this bounds the count from
    // above and saves the regrowth copies of a million-element vector.
    spec_.property_ids.reserve(std::min(kMaxPropertyIds, input_.size() / 38 + 1));
    return true;
  case Field::updated:
    // ours: an empty object is accepted as no filter, like an absent `updated`; so are empty
    // `filters`.
    if (v.kind == Value::Kind::object) {
      where_ = Where::updated;
      return true;
    }
    if (v.kind == Value::Kind::string)
      return on_date(path, v, std::nullopt);
    return note_value(v, Where::top, path,
                      "expected a YYYY-MM-DD date or an object mapping detail types to dates, "
                      "got " +
                          describe(v));
  case Field::filters:
    if (v.kind != Value::Kind::object)
      return note_value(v, Where::top, path,
                        "expected an object such as {\"filter_pii\": true}, got " + describe(v));
    where_ = Where::filters;
    return true;
  }
  return false;
}

bool SpecReader::on_date(const std::string& path, const Value& v, std::optional<DetailType> type) {
  // Inside `updated` a bad value is skipped back into it; a plain date string is a scalar.
  if (v.kind != Value::Kind::string)
    return note_value(v, Where::updated, path,
                      "expected a YYYY-MM-DD date string, got " + describe(v));
  const auto date = parse_date(v.text);
  if (!date)
    return note(path, detail::quoted_value(v.text) + " is not a real date in YYYY-MM-DD form");
  if (type)
    spec_.updated[static_cast<std::size_t>(*type)] = date;
  else
    updated_all_ = date;
  return true;
}

bool SpecReader::key(string_t& k) {
  switch (where_) {
  case Where::top: {
    const auto it = std::find(kFieldNames.begin(), kFieldNames.end(), k);
    if (it == kFieldNames.end()) {
      // Gather every unknown key before complaining: a typo rarely comes alone.
      if (std::find(unknown_keys_.begin(), unknown_keys_.end(), k) == unknown_keys_.end())
        unknown_keys_.push_back(k);
      skip_next_value(Where::top);
      return true;
    }
    const auto field = static_cast<std::size_t>(it - kFieldNames.begin());
    slot_ = k;
    if (seen_fields_[field])
      forget_field(static_cast<Field>(field)); // the last of equal keys wins, as in Python
    seen_fields_[field] = true;
    pending_ = static_cast<Field>(field);
    return true;
  }
  case Where::updated: {
    slot_ = "updated." + k;
    forget(slot_);
    const auto type = parse_detail_type(k);
    if (!type) {
      skip_next_value(Where::updated);
      return note("updated", detail::quoted_value(k) + " is not a detail type; use one of " +
                                 detail_type_list());
    }
    const auto bit = static_cast<std::size_t>(*type);
    // A repeated type keeps its first place, as a Python dict does; its value is replaced.
    if (!seen_updated_[bit])
      updated_order_.push_back(*type);
    seen_updated_[bit] = true;
    pending_type_ = *type;
    return true;
  }
  case Where::filters:
    slot_ = "filters." + k;
    forget(slot_);
    if (k != "filter_pii") {
      skip_next_value(Where::filters);
      return note("filters",
                  detail::quoted_value(k) + " is not a filter; the only filter is filter_pii");
    }
    return true;
  default:
    return true; // keys inside a skipped value
  }
}

bool SpecReader::on_end() {
  switch (where_) {
  case Where::skip:
    if (--skip_depth_ == 0)
      where_ = skip_back_;
    return true;
  case Where::top:
    where_ = Where::done;
    return true;
  case Where::detail_type:
    where_ = Where::top;
    if (index_ == 0)
      return note("detail_type", "empty; request at least one of " + detail_type_list());
    return true;
  case Where::property_ids:
    where_ = Where::top;
    if (index_ == 0)
      return note("property_ids",
                  "empty; send 1 to " + detail::thousands(kMaxPropertyIds) + " property ids");
    if (index_ > kMaxPropertyIds)
      return note("property_ids", detail::thousands(index_) + " ids sent; a job takes at most " +
                                      detail::thousands(kMaxPropertyIds) +
                                      ", so split them across jobs");
    return true;
  case Where::updated:
  case Where::filters:
    where_ = Where::top;
    return true;
  default:
    return true;
  }
}

void SpecReader::forget_field(Field field) {
  forget(std::string(kFieldNames[static_cast<std::size_t>(field)]));
  switch (field) {
  case Field::detail_type:
    requested_.reset();
    spec_.detail_types.clear();
    return;
  case Field::property_ids:
    spec_.property_ids.clear();
    return;
  case Field::updated:
    spec_.updated = {};
    seen_updated_.reset();
    updated_order_.clear();
    updated_all_.reset();
    return;
  case Field::filters:
    spec_.filter_pii = false;
    return;
  }
}

bool SpecReader::parse_error(std::size_t, const std::string&,
                             const nlohmann::detail::exception& ex) {
  // A syntax error wins over any problem noted so far: json.loads fails before any check runs.
  fatal_.reset();
  if (const auto blank = detail::blank_file_problem(input_))
    return fail("(file)", *blank + "; expected a JSON object with detail_type and property_ids");
  // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column 5: ...",
  // and its "last read" part echoes input bytes, which may be long or not UTF-8.
  std::string what = ex.what();
  if (const auto bracket = what.find("] "); what.starts_with("[json.") && bracket != what.npos)
    what.erase(0, bracket + 2);
  if (what.size() > 300)
    what = what.substr(0, 300) + "...";
  return fail("(file)",
              "not valid JSON: " + printable_utf8(what) + detail::python_literal_hint(input_));
}

PropertyDetailsSpec SpecReader::finish() {
  if (!unknown_keys_.empty())
    throw validation_error(
        "(file)", std::string(unknown_keys_.size() == 1 ? "unknown key " : "unknown keys ") +
                      detail::join(unknown_keys_, ", ", true) +
                      "; allowed keys: " + detail::join(kFieldNames));
  if (!seen_fields_[static_cast<std::size_t>(Field::detail_type)])
    throw validation_error("detail_type",
                           "missing; list the detail types you want from " + detail_type_list());
  if (!seen_fields_[static_cast<std::size_t>(Field::property_ids)])
    throw validation_error("property_ids", "missing; list 1 to " +
                                               detail::thousands(kMaxPropertyIds) +
                                               " property ids");
  for (DetailType type : updated_order_)
    if (!requested_[static_cast<std::size_t>(type)])
      throw validation_error("updated." + std::string(to_string(type)),
                             std::string(to_string(type)) +
                                 " is not in detail_type; every type in updated must also be "
                                 "requested");
  if (updated_all_)
    for (DetailType type : spec_.detail_types)
      spec_.updated[static_cast<std::size_t>(type)] = updated_all_;
  return std::move(spec_);
}

} // namespace

PropertyDetailsSpec parse_property_details_spec(std::string_view json_text) {
  SpecReader reader(json_text);
  const bool ok = Json::sax_parse(json_text.begin(), json_text.end(), &reader);
  if (!ok || reader.error()) {
    if (reader.error())
      throw *reader.error();
    throw validation_error("(file)", "not valid JSON");
  }
  return reader.finish();
}

} // namespace reonomy::mock

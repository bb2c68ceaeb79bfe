#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/ids.hpp"

namespace reonomy::mock::detail {

// Appends compact JSON text to a string, placing commas itself. Keys are written as given (they
// are the schema's literal names, which never need escaping); string values are escaped.
// Nesting is limited to 64 levels.
class JsonOut {
public:
  explicit JsonOut(std::string& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }

  // Writes `"name":`; the next value or begin_* call is its value.
  JsonOut& key(std::string_view name);

  void string(std::string_view value);
  void integer(std::int64_t value);
  // `scaled` / 10^decimals, written with exactly `decimals` digits after the point.
  void fixed(std::int64_t scaled, int decimals);
  // Shortest text that reads back as the same double.
  void number(double value);
  void boolean(bool value);
  void null();
  // A date given as days since 1970-01-01, as "YYYY-MM-DD".
  void date(std::int64_t days);
  // A UUID in canonical lower-case form.
  void uuid(const Uuid& id);

  void field(std::string_view name, std::string_view value) { key(name).string(value); }
  void field(std::string_view name, const char* value) { key(name).string(value); }
  void field_int(std::string_view name, std::int64_t value) { key(name).integer(value); }
  void field_fixed(std::string_view name, std::int64_t scaled, int decimals) {
    key(name).fixed(scaled, decimals);
  }
  void field_bool(std::string_view name, bool value) { key(name).boolean(value); }
  void field_null(std::string_view name) { key(name).null(); }
  void field_date(std::string_view name, std::int64_t days) { key(name).date(days); }
  // An integer, or null when the value is 0 (unknown).
  void field_int_or_null(std::string_view name, std::int64_t value) {
    if (value == 0)
      field_null(name);
    else
      field_int(name, value);
  }
  void field_string_or_null(std::string_view name, std::string_view value) {
    if (value.empty())
      field_null(name);
    else
      field(name, value);
  }

private:
  void separate();
  void open(char c);
  void close(char c);

  std::string& out_;
  std::uint64_t has_items_ = 0; // bit d: the container at depth d already holds an item
  int depth_ = 0;
  bool after_key_ = false;
};

// Appends `value` to `out` as a JSON string literal (quotes included).
void append_json_string(std::string& out, std::string_view value);

// Appends the decimal digits of v, zero-padded to at least `width`.
void append_digits(std::string& out, std::uint64_t v, int width = 1);

} // namespace reonomy::mock::detail

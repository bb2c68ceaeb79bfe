#include "data/detail/json_out.hpp"

#include <charconv>
#include <chrono>
#include <cstring>

#include "core/hex.hpp"

namespace reonomy::mock::detail {

namespace {
bool needs_escape(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\';
}

// Writes v with at least `width` digits (zero-padded) ending at `end`; returns the first char.
char* digits_before(char* end, std::uint64_t v, int width) {
  do {
    *--end = static_cast<char>('0' + v % 10);
    v /= 10;
    --width;
  } while (v != 0 || width > 0);
  return end;
}

} // namespace

void append_digits(std::string& out, std::uint64_t v, int width) {
  char buf[24];
  char* const end = buf + sizeof buf;
  const char* begin = digits_before(end, v, width);
  out.append(begin, static_cast<std::size_t>(end - begin));
}

void append_json_string(std::string& out, std::string_view value) {
  out.push_back('"');
  std::size_t run = 0; // start of the pending run of characters that need no escape
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (!needs_escape(c))
      continue;
    out.append(value.data() + run, i - run);
    run = i + 1;
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    default:
      out += "\\u00";
      append_hex(out, c);
    }
  }
  out.append(value.data() + run, value.size() - run);
  out.push_back('"');
}

void JsonOut::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  const std::uint64_t bit = 1ULL << depth_;
  if (has_items_ & bit)
    out_.push_back(',');
  has_items_ |= bit;
}

void JsonOut::open(char c) {
  separate();
  out_.push_back(c);
  ++depth_;
  has_items_ &= ~(1ULL << depth_);
}

void JsonOut::close(char c) {
  out_.push_back(c);
  --depth_;
}

JsonOut& JsonOut::key(std::string_view name) {
  separate();
  // One append: keys are short schema names, and this runs ~60 times a record.
  char buf[72];
  if (name.size() + 3 > sizeof buf) {
    out_.push_back('"');
    out_.append(name);
    out_.append("\":");
  } else {
    buf[0] = '"';
    std::memcpy(buf + 1, name.data(), name.size());
    buf[name.size() + 1] = '"';
    buf[name.size() + 2] = ':';
    out_.append(buf, name.size() + 3);
  }
  after_key_ = true;
  return *this;
}

void JsonOut::string(std::string_view value) {
  separate();
  append_json_string(out_, value);
}

void JsonOut::integer(std::int64_t value) {
  separate();
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out_.append(buf, end);
}

void JsonOut::fixed(std::int64_t scaled, int decimals) {
  separate();
  if (scaled < 0) {
    out_.push_back('-');
    scaled = -scaled;
  }
  std::uint64_t divisor = 1;
  for (int i = 0; i < decimals; ++i)
    divisor *= 10;
  const auto magnitude = static_cast<std::uint64_t>(scaled);
  append_digits(out_, magnitude / divisor, 1);
  if (decimals > 0) {
    out_.push_back('.');
    append_digits(out_, magnitude % divisor, decimals);
  }
}

void JsonOut::number(double value) {
  separate();
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out_.append(buf, end);
}

void JsonOut::boolean(bool value) {
  separate();
  out_.append(value ? "true" : "false");
}

void JsonOut::null() {
  separate();
  out_.append("null");
}

void JsonOut::date(std::int64_t days) {
  separate();
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  char buf[12] = "\"0000-00-00";
  digits_before(buf + 5, static_cast<std::uint64_t>(static_cast<int>(ymd.year())), 4);
  digits_before(buf + 8, static_cast<unsigned>(ymd.month()), 2);
  digits_before(buf + 11, static_cast<unsigned>(ymd.day()), 2);
  buf[11] = '"';
  out_.append(buf, 12);
}

void JsonOut::uuid(const Uuid& id) {
  separate();
  char buf[38];
  char* p = buf;
  *p++ = '"';
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      *p++ = '-';
    *p++ = hex_digit(id[i] >> 4);
    *p++ = hex_digit(id[i]);
  }
  *p++ = '"';
  out_.append(buf, static_cast<std::size_t>(p - buf));
}

} // namespace reonomy::mock::detail

#include "data/detail/json_out.hpp"

#include <charconv>
#include <chrono>

namespace reonomy::mock::detail {

namespace {
constexpr char kHex[] = "0123456789abcdef";

bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

void append_digits(std::string& out, std::uint64_t v, int width) {
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0 || n < width);
  while (n > 0) out.push_back(buf[--n]);
}
} // namespace

void append_json_string(std::string& out, std::string_view value) {
  out.push_back('"');
  std::size_t run = 0; // start of the pending run of characters that need no escape
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (!needs_escape(c)) continue;
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
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
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
  if (has_items_ & bit) out_.push_back(',');
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
  out_.push_back('"');
  out_.append(name);
  out_.append("\":");
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
  for (int i = 0; i < decimals; ++i) divisor *= 10;
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
  out_.push_back('"');
  append_digits(out_, static_cast<std::uint64_t>(static_cast<int>(ymd.year())), 4);
  out_.push_back('-');
  append_digits(out_, static_cast<unsigned>(ymd.month()), 2);
  out_.push_back('-');
  append_digits(out_, static_cast<unsigned>(ymd.day()), 2);
  out_.push_back('"');
}

void JsonOut::uuid(const Uuid& id) {
  separate();
  out_.push_back('"');
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out_.push_back('-');
    out_.push_back(kHex[id[i] >> 4]);
    out_.push_back(kHex[id[i] & 0x0F]);
  }
  out_.push_back('"');
}

} // namespace reonomy::mock::detail

#include "match/csv_reader.hpp"

#include <csv.h>

#include <new>
#include <optional>

#include "core/utf8.hpp"

namespace reonomy::mock {

namespace {
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// libcsv trims spaces and tabs around unquoted fields by default; RFC 4180 keeps them.
int never_space(unsigned char) {
  return 0;
}

bool line_break(char c) {
  return c == '\n' || c == '\r';
}
} // namespace

// ours: empty lines are skipped anywhere (libcsv's default, and csv.DictReader's), not only at
// the end of the file, where the documentation's editors and exporters tend to leave them.
//
// libcsv reports fields and record ends but not where they are. Feeding it one physical line at
// a time (each segment ends at the first CR, LF or CRLF) means a record ends, at the latest, at
// the end of the segment being fed, so the line counter stays exact across quoted line breaks.
struct CsvReader::Impl {
  std::string_view rest;
  csv_parser parser{};
  std::size_t line = 1;     // of the next segment
  bool record_open = false; // some bytes of a record were fed and its end was not seen
  bool finished = false;
  CsvRecord building;
  std::optional<CsvRecord> ready;

  explicit Impl(std::string_view text) : rest(text) {
    if (rest.starts_with(kUtf8Bom))
      rest.remove_prefix(kUtf8Bom.size());
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
      throw std::bad_alloc();
    csv_set_space_func(&parser, never_space);
  }
  ~Impl() { csv_free(&parser); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  static void on_field(void* data, std::size_t size, void* self) {
    auto& impl = *static_cast<Impl*>(self);
    std::string_view value(data ? static_cast<const char*>(data) : "", data ? size : 0);
    if (impl.building.valid_utf8 && !is_valid_utf8(value))
      impl.building.valid_utf8 = false;
    impl.building.fields.emplace_back(value);
  }

  static void on_record_end(int, void* self) {
    auto& impl = *static_cast<Impl*>(self);
    impl.ready = std::move(impl.building);
    impl.building = CsvRecord{};
    impl.record_open = false;
  }

  // Feeds one segment; returns false at the end of the input (after flushing the last record).
  bool feed() {
    if (rest.empty()) {
      if (!finished) {
        finished = true;
        if (csv_fini(&parser, on_field, on_record_end, this) != 0)
          throw CsvError(building.line, "a quoted field is still open at the end of the file; "
                                        "close it with a double quote (\")");
      }
      return false;
    }
    std::size_t end = 0;
    while (end < rest.size() && !line_break(rest[end]))
      ++end;
    const bool has_content = end > 0;
    if (end < rest.size())
      end += rest.compare(end, 2, "\r\n") == 0 ? 2 : 1;
    const std::string_view segment = rest.substr(0, end);
    if (!record_open && has_content) {
      record_open = true;
      building.line = line;
    }
    if (csv_parse(&parser, segment.data(), segment.size(), on_field, on_record_end, this) !=
        segment.size())
      throw CsvError(line, csv_error(&parser) == CSV_EPARSE
                               ? "malformed CSV: a double quote inside an unquoted field or "
                                 "after a closing quote; quote the whole field and double "
                                 "any quote inside it (\"\")"
                               : csv_strerror(csv_error(&parser)));
    rest.remove_prefix(end);
    if (end > 0 && line_break(segment.back()))
      ++line;
    return true;
  }
};

CsvReader::CsvReader(std::string_view text) : impl_(std::make_unique<Impl>(text)) {}
CsvReader::~CsvReader() = default;

bool CsvReader::next(CsvRecord& record) {
  while (!impl_->ready)
    if (!impl_->feed())
      break;
  if (!impl_->ready)
    return false;
  record = std::move(*impl_->ready);
  impl_->ready.reset();
  return true;
}

void write_csv_field(std::string& out, std::string_view value) {
  const bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (char c : value) {
    if (c == '"')
      out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

} // namespace reonomy::mock

#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace reonomy::mock {

// One CSV record: its fields unquoted, where it starts, and whether its bytes are UTF-8.
struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;   // 1-based physical line of the record's first byte
  bool valid_utf8 = true; // every byte of every field is well-formed UTF-8 (core/utf8.hpp)
};

// A malformed CSV: a quote inside an unquoted field or after a closing quote, or a quoted field
// still open at the end of the input. what() reads "line N: ...".
class CsvError : public std::runtime_error {
public:
  CsvError(std::size_t line, const std::string& problem)
      : std::runtime_error("line " + std::to_string(line) + ": " + problem), line_(line),
        problem_(problem) {}

  std::size_t line() const noexcept { return line_; }
  const std::string& problem() const noexcept { return problem_; }

private:
  std::size_t line_;
  std::string problem_;
};

// An RFC 4180 reader (comma, double quote; fields kept byte for byte, spaces included) over text
// that stays alive and unchanged while the reader is used. Lines may end in CRLF, LF or CR; a
// UTF-8 byte order mark at the start is skipped. Records come one at a time, so only the current
// record is held. Empty lines are skipped, as Python's csv.DictReader skips them, but they count
// in line numbers; so do the line breaks inside quoted fields.
class CsvReader {
public:
  explicit CsvReader(std::string_view text);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Replaces `record` with the next record and returns true, or returns false at the end of the
  // input. Throws CsvError on malformed input; the reader is then unusable.
  bool next(CsvRecord& record);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Appends `value` as one CSV field, quoted (with quotes doubled) only when it holds a comma, a
// quote, CR or LF, or begins or ends with a space, so that CsvReader reads it back unchanged.
void write_csv_field(std::string& out, std::string_view value);

} // namespace reonomy::mock

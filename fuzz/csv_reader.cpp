// The CSV reader on its own: every record comes out or a CsvError names the line; what it reads
// back after writing a record's fields is the same record.
#include <algorithm>

#include "fuzz_support.hpp"
#include "match/csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy;
  try {
    mock::CsvReader reader(fuzz::as_text(data, size));
    mock::CsvRecord record;
    std::size_t last_line = 0;
    while (reader.next(record)) {
      fuzz::expect(record.line > last_line, "record line numbers did not increase");
      last_line = record.line;
      // Written after a first column, as the match writer writes them after reonomy_id (a
      // record of one empty field would otherwise be an empty line, which readers skip).
      std::string line = "id";
      for (const auto& field : record.fields) {
        line += ',';
        mock::write_csv_field(line, field);
      }
      line += "\r\n";
      mock::CsvReader again(line);
      mock::CsvRecord echoed;
      fuzz::expect(
          again.next(echoed) && echoed.fields.size() == record.fields.size() + 1 &&
              std::equal(record.fields.begin(), record.fields.end(), echoed.fields.begin() + 1),
          "write_csv_field did not round-trip a record");
    }
  } catch (const mock::CsvError& e) {
    fuzz::expect(e.line() >= 1, "a CSV error named line 0");
  }
  return 0;
}

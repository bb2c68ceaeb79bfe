// A whole match job: the metadata field, a NUL byte, then the CSV upload. Parsed and checked
// against each other, or refused with a 400.
#include "specs/match_spec.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy;
  const auto text = fuzz::as_text(data, size);
  const std::size_t nul = text.find('\0');
  const auto metadata = text.substr(0, nul);
  const auto csv = nul == std::string_view::npos ? std::string_view() : text.substr(nul + 1);
  fuzz::refuses_only_with_400([&] {
    const auto spec = mock::parse_match_spec(metadata, csv);
    fuzz::expect(spec.count >= 1 && spec.count <= mock::kMaxMatchRows,
                 "accepted a CSV with a row count out of range");
    fuzz::expect(spec.duplicate < spec.count, "counted every row as a duplicate");
    fuzz::expect(spec.error_decoding_lines.size() <= spec.count,
                 "listed more undecodable lines than rows");
    (void)mock::metadata_json(spec).dump();
  });
  return 0;
}

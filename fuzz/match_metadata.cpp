// The match job's metadata form field, in both quote styles: JSON and the single-quoted Python
// literal the documentation shows. Parsed and checked, or refused with a 400.
#include <algorithm>

#include "fuzz_support.hpp"
#include "specs/match_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy;
  fuzz::refuses_only_with_400([&] {
    const auto metadata = mock::parse_match_metadata(fuzz::as_text(data, size));
    for (const auto& [api_name, column] : metadata.mapping.columns)
      fuzz::expect(std::find(metadata.headers.begin(), metadata.headers.end(), column) !=
                       metadata.headers.end(),
                   "accepted a mapping to a column that is not in headers");
  });
  return 0;
}

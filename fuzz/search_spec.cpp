// The search job spec ({"settings": {...}}): parsed and validated, or refused with a 400.
#include "specs/search_spec.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy;
  fuzz::refuses_only_with_400([&] {
    const auto spec = mock::parse_search_spec(fuzz::as_text(data, size));
    for (const auto& [name, range] : spec.range_filters)
      fuzz::expect(!range.min || !range.max || *range.min <= *range.max,
                   "accepted a range filter with min > max");
    for (const auto& [name, range] : spec.date_filters)
      fuzz::expect(!range.min || !range.max || *range.min <= *range.max,
                   "accepted a date range with min > max");
  });
  return 0;
}

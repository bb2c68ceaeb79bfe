// The property-details job spec (the uploaded JSON file): parsed and validated, or refused with
// a 400 ValidationError.
#include "specs/property_details_spec.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy;
  fuzz::refuses_only_with_400([&] {
    const auto spec = mock::parse_property_details_spec(fuzz::as_text(data, size));
    fuzz::expect(!spec.detail_types.empty(), "accepted a spec without detail types");
    fuzz::expect(!spec.property_ids.empty() && spec.property_ids.size() <= mock::kMaxPropertyIds,
                 "accepted a spec with a property id count out of range");
  });
  return 0;
}

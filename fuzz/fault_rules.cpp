// The fault rules of POST /_mock/faults and --faults: parsed and checked, or refused with a 400.
// Accepted rules are shown and fired at, as the control plane and the server do.
#include "faults/fault_rules.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy;
  const auto pieces = fuzz::split_nul(fuzz::as_text(data, size));
  fuzz::refuses_only_with_400([&] {
    auto rules = mock::parse_fault_rules(
        pieces[0], [](std::string_view key) { return key == "demo-access-key" || key == "other"; });
    fuzz::expect(!rules.empty(), "accepted a body with no rule");
    mock::FaultRules engine;
    const auto views = engine.add(std::move(rules));
    // The path of an event comes from the rest of the input: globs meet arbitrary text.
    const std::string_view path = pieces.size() > 1 ? pieces[1] : "/v2/jobs/file/x";
    for (const auto site : {mock::FaultSite::request, mock::FaultSite::download,
                            mock::FaultSite::submission, mock::FaultSite::sftp}) {
      engine.fire({site, "GET", path, "demo-access-key", mock::JobType::match});
      engine.fire_all({site, "POST", path, "other", std::nullopt});
    }
    fuzz::expect(engine.list().size() == views.size(), "lost a rule");
  });
  return 0;
}

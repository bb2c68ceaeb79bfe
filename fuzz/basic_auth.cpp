// The Authorization header: `Basic base64(key:secret)` names an account, anything else is a 401
// AuthorizationException; and a refusal never echoes the secret it was given.
#include <string>

#include "fuzz_support.hpp"
#include "jobs/accounts.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace reonomy;
  static const mock::Accounts accounts({{"fuzz-key", "fuzz-secret-value"}, {"k", "s"}});
  const std::string_view header = fuzz::as_text(data, size);
  try {
    const mock::Account& account = accounts.authenticate(header);
    fuzz::expect(account.access_key == "fuzz-key" || account.access_key == "k",
                 "authenticated an account that does not exist");
  } catch (const mock::ApiError& e) {
    fuzz::expect(e.status() == 401, "a bad Authorization header got a status other than 401");
    const std::string message = e.what();
    fuzz::expect(message.find("fuzz-secret-value") == std::string::npos,
                 "a 401 message shows an account's secret");
  }
  return 0;
}

#include "jobs/accounts.hpp"

#include <openssl/crypto.h>

#include <stdexcept>

#include "core/api_error.hpp"
#include "core/basic_auth.hpp"
#include "core/ids.hpp"

namespace reonomy::mock {

namespace {
ApiError unauthorized(const std::string& why) {
  return ApiError(401, error_type::kAuthorization,
                  why + " Send `Authorization: Basic base64(access_key:secret_key)`.",
                  {{"WWW-Authenticate", "Basic realm=\"reonomy\""}});
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string why_unusable(BasicAuthFlaw flaw) {
  switch (flaw) {
  case BasicAuthFlaw::missing:
    return "The request has no Authorization header.";
  case BasicAuthFlaw::not_basic:
    return "The Authorization header is not Basic authentication.";
  case BasicAuthFlaw::not_base64:
    return "The Basic credentials are not valid base64.";
  case BasicAuthFlaw::no_colon:
    return "The Basic credentials have no ':' between access key and secret.";
  }
  return "The Authorization header is unusable.";
}
} // namespace

Accounts::Accounts(const std::vector<Credentials>& credentials) {
  for (const auto& c : credentials) {
    if (c.access_key.empty() || c.secret.empty())
      throw std::invalid_argument("an account needs a non-empty access key and secret");
    if (c.access_key.find(':') != std::string::npos)
      throw std::invalid_argument("an access key cannot contain ':' (Basic auth splits on it)");
    if (find(c.access_key))
      throw std::invalid_argument("access key '" + c.access_key + "' is given twice");
    accounts_.push_back({c.access_key, c.secret,
                         to_string(uuid_v5(mock_namespace(), "user:" + c.access_key)),
                         to_hex(uuid_v5(mock_namespace(), "group:" + c.access_key))});
  }
}

const Account& Accounts::authenticate(std::string_view authorization) const {
  const auto parsed = parse_basic_authorization(authorization);
  if (const auto* flaw = std::get_if<BasicAuthFlaw>(&parsed))
    throw unauthorized(why_unusable(*flaw));
  const auto& credentials = std::get<BasicCredentials>(parsed);
  const Account* account = verify(credentials.access_key, credentials.secret);
  if (!account)
    throw unauthorized("The access key or secret key is wrong.");
  return *account;
}

const Account* Accounts::verify(std::string_view access_key, std::string_view secret) const {
  const Account* account = find(access_key);
  // Compare a secret either way so an unknown key takes as long as a wrong secret.
  const bool secret_ok = equal_in_constant_time(secret, account ? account->secret : "");
  return account && secret_ok ? account : nullptr;
}

const Account* Accounts::find(std::string_view access_key) const {
  for (const auto& a : accounts_)
    if (a.access_key == access_key)
      return &a;
  return nullptr;
}

} // namespace reonomy::mock

#include "jobs/accounts.hpp"

#include <openssl/crypto.h>

#include <stdexcept>

#include "core/api_error.hpp"
#include "core/base64.hpp"
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

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size())
    return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i])
      return false;
  return true;
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
  if (authorization.empty())
    throw unauthorized("The request has no Authorization header.");
  if (!iequals_prefix(authorization, "basic "))
    throw unauthorized("The Authorization header is not Basic authentication.");
  std::string_view encoded = authorization.substr(6);
  while (!encoded.empty() && encoded.front() == ' ')
    encoded.remove_prefix(1);
  while (!encoded.empty() && encoded.back() == ' ')
    encoded.remove_suffix(1);
  const auto decoded = base64_decode(encoded);
  if (!decoded)
    throw unauthorized("The Basic credentials are not valid base64.");
  const auto colon = decoded->find(':');
  if (colon == std::string::npos)
    throw unauthorized("The Basic credentials have no ':' between access key and secret.");
  const std::string_view key = std::string_view(*decoded).substr(0, colon);
  const std::string_view secret = std::string_view(*decoded).substr(colon + 1);
  const Account* account = verify(key, secret);
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

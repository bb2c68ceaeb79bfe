#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reonomy_mock/options.hpp"

namespace reonomy::mock {

struct Account {
  std::string access_key;
  std::string secret;
  std::string user;       // UUID, stable per access key (the job's `user`)
  std::string group_path; // 32 hex digits, stable per access key (the job's `group_path`)
};

// The accounts a server knows, fixed at start.
class Accounts {
public:
  // Throws std::invalid_argument on an empty key, an empty secret or a key given twice.
  explicit Accounts(const std::vector<Credentials>& credentials);

  // The account named by an `Authorization: Basic base64(key:secret)` header value. Throws ApiError
  // 401 AuthorizationException saying what is wrong with the header; an unknown key and a wrong
  // secret get the same message, so the answer does not reveal which keys exist.
  const Account& authenticate(std::string_view authorization) const;

  // The account with this key and secret, or nullptr; the same work whether the key exists or
  // not (SFTP logs in with these two as user name and password).
  const Account* verify(std::string_view access_key, std::string_view secret) const;

  const Account* find(std::string_view access_key) const;
  const std::vector<Account>& all() const noexcept { return accounts_; }

private:
  std::vector<Account> accounts_;
};

} // namespace reonomy::mock

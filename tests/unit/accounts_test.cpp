#include <catch2/catch.hpp>

#include "core/api_error.hpp"
#include "core/base64.hpp"
#include "jobs/accounts.hpp"

using namespace reonomy::mock;

namespace {
std::string basic(const std::string& user_pass) {
  return "Basic " + base64_encode(user_pass);
}

std::string rejection(const Accounts& accounts, const std::string& header) {
  try {
    accounts.authenticate(header);
  } catch (const ApiError& e) {
    CHECK(e.status() == 401);
    CHECK(e.type() == "AuthorizationException");
    return e.what();
  }
  FAIL("credentials were accepted: " << header);
  return "";
}
} // namespace

TEST_CASE("Basic credentials of a known account authenticate", "[accounts]") {
  const Accounts accounts(
      std::vector<Credentials>{{"key-a", "secret-a"}, {"key-b", "s:with:colons"}});
  CHECK(accounts.authenticate(basic("key-a:secret-a")).access_key == "key-a");
  CHECK(accounts.authenticate(basic("key-b:s:with:colons")).access_key == "key-b");
  CHECK(accounts.authenticate("basic  " + base64_encode("key-a:secret-a")).access_key == "key-a");
}

TEST_CASE("missing, malformed and wrong credentials get 401 saying what is wrong", "[accounts]") {
  const Accounts accounts(std::vector<Credentials>{{"key-a", "secret-a"}});
  CHECK_THAT(rejection(accounts, ""), Catch::Contains("no Authorization header"));
  CHECK_THAT(rejection(accounts, "Bearer abc"), Catch::Contains("not Basic"));
  CHECK_THAT(rejection(accounts, "Basic !!!"), Catch::Contains("not valid base64"));
  CHECK_THAT(rejection(accounts, basic("key-a")), Catch::Contains("no ':'"));
  // An unknown key and a wrong secret read the same.
  CHECK(rejection(accounts, basic("key-a:wrong")) == rejection(accounts, basic("nobody:secret-a")));
}

TEST_CASE("user and group_path are stable per access key and differ between keys", "[accounts]") {
  const Accounts a(std::vector<Credentials>{{"key-a", "x"}, {"key-b", "y"}});
  const Accounts again(std::vector<Credentials>{{"key-a", "other secret"}});
  CHECK(a.find("key-a")->user == again.find("key-a")->user);
  CHECK(a.find("key-a")->group_path == again.find("key-a")->group_path);
  CHECK(a.find("key-a")->user != a.find("key-b")->user);
  CHECK(a.find("key-a")->group_path.size() == 32);
  CHECK(a.find("key-a")->user.size() == 36);
}

TEST_CASE("an account list with a repeated or empty key is refused", "[accounts]") {
  CHECK_THROWS_AS(Accounts(std::vector<Credentials>{{"k", "a"}, {"k", "b"}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(Accounts(std::vector<Credentials>{{"", "a"}}), std::invalid_argument);
  CHECK_THROWS_AS(Accounts(std::vector<Credentials>{{"k", ""}}), std::invalid_argument);
}

TEST_CASE("base64 round-trips and rejects malformed text", "[base64]") {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"})
    CHECK(base64_decode(base64_encode(s)) == s);
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK_FALSE(base64_decode("Zm8"));
  CHECK_FALSE(base64_decode("Zm=8"));
  CHECK_FALSE(base64_decode("Z==="));
  CHECK_FALSE(base64_decode("Zm8*"));
}

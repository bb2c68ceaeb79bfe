#include "http/admin_access.hpp"

#include <arpa/inet.h>
#include <openssl/crypto.h>

#include <optional>
#include <string>

#include "core/api_error.hpp"
#include "http/responses.hpp"

namespace reonomy::mock {

namespace {

constexpr std::string_view kTokenHeader = "X-Mock-Admin-Token";

std::optional<std::string> presented_token(const httplib::Request& req) {
  if (req.has_header(std::string(kTokenHeader)))
    return req.get_header_value(std::string(kTokenHeader));
  const std::string authorization = req.get_header_value("Authorization");
  if (authorization.size() >= 7 &&
      (authorization.compare(0, 7, "Bearer ") == 0 || authorization.compare(0, 7, "bearer ") == 0))
    return authorization.substr(7);
  return std::nullopt;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

ApiError refused(const std::string& why) {
  return ApiError(401, error_type::kAuthorization, why,
                  {{"WWW-Authenticate", "Bearer realm=\"reonomy-mock control plane\""}});
}

} // namespace

bool is_loopback_host(std::string_view host) {
  if (host == "localhost")
    return true;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string text(host);
  in_addr v4{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1)
    return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return ::inet_pton(AF_INET6, text.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

httplib::Server::HandlerResponse admit_control_request(const ServiceContext& ctx,
                                                       const httplib::Request& req,
                                                       httplib::Response& res) {
  using R = httplib::Server::HandlerResponse;
  const std::string& token = ctx.options.admin_token;
  const auto presented = presented_token(req);
  std::optional<ApiError> refusal;
  if (presented) {
    if (token.empty())
      refusal = refused("An admin token was presented, but this mock has none (--admin-token). "
                        "Drop the token, or start the mock with --admin-token.");
    else if (!equal_in_constant_time(*presented, token))
      refusal = refused("The admin token is wrong. Send the value given to --admin-token as "
                        "`Authorization: Bearer TOKEN` (or `X-Mock-Admin-Token: TOKEN`).");
  } else if (!is_loopback_host(ctx.options.host)) {
    refusal = refused(
        token.empty()
            ? "The control plane (/_mock/) is closed: this mock listens on " + ctx.options.host +
                  ", not on loopback, and has no admin token. Start it with --admin-token TOKEN "
                  "and send `Authorization: Bearer TOKEN`, or listen on 127.0.0.1."
            : std::string("The control plane (/_mock/) needs the admin token on a mock that "
                          "listens beyond loopback: send `Authorization: Bearer TOKEN` (or "
                          "`X-Mock-Admin-Token: TOKEN`) with the --admin-token value."));
  }
  if (!refusal)
    return R::Unhandled;
  render_error(res, *refusal);
  if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding"))
    res.set_header("Connection", "close");
  return R::Handled;
}

} // namespace reonomy::mock

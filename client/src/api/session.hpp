#pragma once

#include <memory>
#include <string>

#include "http/pacer.hpp"
#include "reonomy_client/http.hpp"
#include "reonomy_client/options.hpp"

namespace reonomy::client::detail {

// "Basic base64(username:password)", the Authorization value of HTTP Basic auth.
std::string basic_auth(const std::string& username, const std::string& password);

// Who a request is for: the API takes Basic auth; a presigned result URL must not get it (S3
// refuses a request that carries two kinds of authentication).
enum class Audience { api, result };

// The ground floor of every request the client sends: resolves paths against the base URL, adds
// the User-Agent and (for the API) Basic auth, and holds the pace. No retries, no judgement.
class Session {
public:
  Session(ClientOptions options, std::shared_ptr<Transport> transport);

  HttpResponse send(HttpRequest request, Audience audience);
  HttpResponse stream(HttpRequest request, Audience audience, const StreamHandlers& handlers);

  // Counts a request that goes through another channel, waiting for its slot when `wait`.
  void pace(bool wait) { wait ? pacer_.acquire() : pacer_.note(); }
  void forget_rate_window() { pacer_.forget(); }

  std::string resolve(const std::string& url) const;
  // "Basic base64(access_key:secret_key)".
  std::string authorization() const;

  const ClientOptions& options() const { return options_; }
  Clock& clock() { return *options_.clock; }
  Clock& job_clock() { return *options_.job_clock; }
  ClientObserver& observer() { return options_.observer ? *options_.observer : silent_; }

private:
  void prepare(HttpRequest& request, Audience audience) const;

  ClientOptions options_;
  std::shared_ptr<Transport> transport_;
  Pacer pacer_;
  ClientObserver silent_;
};

} // namespace reonomy::client::detail

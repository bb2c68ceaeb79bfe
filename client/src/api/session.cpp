#include "api/session.hpp"

#include <openssl/evp.h>

#include <cstdlib>
#include <thread>

#include "http/httplib_transport.hpp"
#include "http/url.hpp"

namespace reonomy::client {

void SystemClock::sleep_for(Duration duration) {
  std::this_thread::sleep_for(duration);
}

ClientOptions ClientOptions::from_environment() {
  ClientOptions options;
  const auto env = [](const char* name) -> std::string {
    const char* value = std::getenv(name);
    return value ? value : "";
  };
  if (auto v = env("REONOMY_BASE_URL"); !v.empty())
    options.base_url = v;
  options.access_key = env("REONOMY_ACCESS_KEY");
  options.secret_key = env("REONOMY_SECRET_KEY");
  return options;
}

namespace detail {

namespace {

ClientOptions completed(ClientOptions options) {
  if (!options.clock)
    options.clock = std::make_shared<SystemClock>();
  if (!options.job_clock)
    options.job_clock = options.clock;
  parse_url(options.base_url); // fail early, with the URL in the message
  return options;
}

std::string base64(const std::string& text) {
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  const int n = ::EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(text.data()),
                                  static_cast<int>(text.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

} // namespace

std::string basic_auth(const std::string& username, const std::string& password) {
  return "Basic " + base64(username + ":" + password);
}

Session::Session(ClientOptions options, std::shared_ptr<Transport> transport)
    : options_(completed(std::move(options))), transport_(std::move(transport)),
      pacer_(options_.max_requests_per_second, *options_.clock) {
  if (!transport_)
    transport_ = std::make_shared<HttplibTransport>(HttplibTransport::Settings{
        options_.ca_file, options_.connect_timeout, options_.read_timeout});
}

std::string Session::resolve(const std::string& url) const {
  return resolve_url(options_.base_url, url);
}

std::string Session::authorization() const {
  return basic_auth(options_.access_key, options_.secret_key);
}

void Session::prepare(HttpRequest& request, Audience audience) const {
  request.url = resolve(request.url);
  if (!has_header(request.headers, "User-Agent"))
    request.headers.emplace_back("User-Agent", options_.user_agent);
  if (audience == Audience::api && !has_header(request.headers, "Authorization"))
    request.headers.emplace_back("Authorization", authorization());
}

HttpResponse Session::send(HttpRequest request, Audience audience) {
  prepare(request, audience);
  pacer_.acquire();
  return transport_->send(request);
}

HttpResponse Session::stream(HttpRequest request, Audience audience,
                             const StreamHandlers& handlers) {
  prepare(request, audience);
  pacer_.acquire();
  return transport_->stream(request, handlers);
}

} // namespace detail
} // namespace reonomy::client

#include "client_fixture.hpp"

namespace reonomy::client::testing {

void FakeClock::sleep_for(Duration duration) {
  sleeps.push_back(duration);
  now_ += duration;
  if (on_sleep)
    on_sleep(duration);
}

HttpResponse ScriptedTransport::next(const HttpRequest& request) {
  requests.push_back(request);
  if (script_.empty())
    throw TransportError("the script has no answer for " + request.url);
  Entry entry = std::move(script_.front());
  script_.pop_front();
  if (auto* message = std::get_if<std::string>(&entry))
    throw TransportError(*message);
  return std::get<HttpResponse>(entry);
}

HttpResponse ScriptedTransport::send(const HttpRequest& request) {
  return next(request);
}

HttpResponse ScriptedTransport::stream(const HttpRequest& request, const StreamHandlers& handlers) {
  HttpResponse response = next(request);
  if (handlers.on_head(response.status, response.headers))
    handlers.on_body(response.body.data(), response.body.size());
  response.body.clear();
  return response;
}

LocalServer::LocalServer() {
  http_.set_tcp_nodelay(true);
}

LocalServer::~LocalServer() {
  if (thread_.joinable()) {
    http_.stop();
    thread_.join();
  }
}

void LocalServer::start() {
  port_ = http_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0)
    throw std::runtime_error("cannot bind a loopback port");
  thread_ = std::thread([this] { http_.listen_after_bind(); });
  while (!http_.is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

std::string LocalServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

ObservedClient::ObservedClient(const std::string& base_url) {
  auto options = test_client_options(base_url, clock);
  options.observer = &observer;
  client = std::make_unique<Client>(options);
}

ClientOptions test_client_options(const std::string& base_url, std::shared_ptr<FakeClock> clock) {
  ClientOptions options;
  options.base_url = base_url;
  options.access_key = "demo-access-key";
  options.secret_key = "demo-secret-key";
  options.clock = std::move(clock);
  options.retry.jitter_seed = 42;
  options.retry.base_delay = std::chrono::milliseconds(100);
  options.retry.max_delay = std::chrono::milliseconds(1600);
  options.connect_timeout = std::chrono::seconds(5);
  options.read_timeout = std::chrono::seconds(10);
  return options;
}

nlohmann::json job_json(const std::string& id, const nlohmann::json& status,
                        const std::vector<std::string>& result_urls) {
  nlohmann::json urls = result_urls.empty() ? nlohmann::json(nullptr) : nlohmann::json(result_urls);
  std::string joined;
  for (const auto& u : result_urls)
    joined += (joined.empty() ? "" : ",") + u;
  return {{"id", id},
          {"job_type", "property-details"},
          {"status", status},
          {"message", nullptr},
          {"filename", "spec.json"},
          {"result_url", result_urls.empty() ? nlohmann::json(nullptr) : nlohmann::json(joined)},
          {"result_urls", urls}};
}

} // namespace reonomy::client::testing

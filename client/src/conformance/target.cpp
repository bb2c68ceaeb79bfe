#include "conformance/target.hpp"

#include <algorithm>

#include "reonomy_mock/server.hpp"

namespace reonomy::client::detail {

bool Target::has(const std::string& capability) const {
  return std::find(capabilities.begin(), capabilities.end(), capability) != capabilities.end();
}

EmbeddedMock::EmbeddedMock() {
  mock::Options options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.clock = mock::ClockMode::manual;
  options.log_format = mock::LogFormat::off;
  options.threads = 8;
  options.sftp_port = 0;
  access_key_ = options.users.front().access_key;
  secret_key_ = options.users.front().secret;
  server_ = std::make_unique<mock::Server>(options);
  server_->start();
}

EmbeddedMock::~EmbeddedMock() = default;

std::string EmbeddedMock::base_url() const {
  return server_->base_url();
}

int EmbeddedMock::sftp_port() const {
  return server_->sftp_port();
}

std::vector<std::string> detect_capabilities(Client& client) {
  std::vector<std::string> found;
  HttpResponse health;
  try {
    health = client.send_once({"GET", "/_mock/health", {}, "", {}});
  } catch (const TransportError& e) {
    throw ServiceUnavailable(std::string("the target does not answer: ") + e.what());
  }
  const auto body = nlohmann::json::parse(health.body, nullptr, false);
  if (health.status != 200 || !body.is_object() || !body.contains("capabilities") ||
      !body["capabilities"].is_array())
    return found;
  for (const auto& capability : body["capabilities"])
    if (capability.is_string())
      found.push_back(capability.get<std::string>());
  // A manual clock is only as good as GET /_mock/clock says.
  const auto manual = std::find(found.begin(), found.end(), "manual-clock");
  if (manual != found.end()) {
    const auto clock = client.send_once({"GET", "/_mock/clock", {}, "", {}});
    const auto state = nlohmann::json::parse(clock.body, nullptr, false);
    if (clock.status != 200 || !state.is_object() || state.value("mode", "") != "manual")
      found.erase(manual);
  }
  return found;
}

} // namespace reonomy::client::detail

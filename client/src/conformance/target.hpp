#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reonomy_client/client.hpp"
#include "reonomy_client/sftp.hpp"

namespace reonomy::mock {
class Server;
}

namespace reonomy::client::detail {

// What the scenarios run against, and what it offers beyond the documented API.
struct Target {
  std::string description;
  std::string base_url;
  std::vector<std::string> capabilities;
  // Where match outputs are served over SFTP, when known: the "sftp" capability.
  std::optional<SftpOptions> sftp;
  bool has(const std::string& capability) const;
};

// A reonomy-mock inside this process: loopback, a free port, a manual clock (time-based
// scenarios take milliseconds), the default rate limit of 5 requests a second, no request log,
// and its SFTP server for match outputs on another free port.
class EmbeddedMock {
public:
  EmbeddedMock();
  ~EmbeddedMock();
  EmbeddedMock(const EmbeddedMock&) = delete;
  EmbeddedMock& operator=(const EmbeddedMock&) = delete;

  std::string base_url() const;
  int sftp_port() const;
  const std::string& access_key() const { return access_key_; }
  const std::string& secret_key() const { return secret_key_; }

private:
  std::unique_ptr<reonomy::mock::Server> server_;
  std::string access_key_;
  std::string secret_key_;
};

// Asks GET /_mock/health for its `capabilities` and confirms manual-clock with GET /_mock/clock.
// A server without the control plane (the real API) offers none.
std::vector<std::string> detect_capabilities(Client& client);

} // namespace reonomy::client::detail

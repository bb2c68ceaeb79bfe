#pragma once

#include <memory>
#include <string>

#include "reonomy_mock/options.hpp"

namespace reonomy::mock {

// A running mock of Reonomy's v2 batch jobs API. The `reonomy-mock` executable is a thin wrapper
// around it; tests and the reference client embed it directly:
//
//   reonomy::mock::Options options;
//   options.port = 0;                       // any free port
//   options.clock = reonomy::mock::ClockMode::manual;
//   reonomy::mock::Server server(options);
//   server.start();                         // listening when it returns
//   ... talk to server.base_url() ...
//   server.stop();                          // also done by the destructor
class Server {
public:
  // Throws std::invalid_argument when the options are inconsistent (e.g. no account), and
  // std::runtime_error naming the file or setting when Options::state_dir cannot be used
  // (damaged file, other settings, held by another mock).
  explicit Server(Options options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, starts serving HTTP (and SFTP unless turned off) on background threads and returns once
  // requests are answered; writes the port file if one was asked for. Throws std::runtime_error
  // when the address cannot be bound. Call at most once.
  void start();

  // Stops accepting, finishes the requests in flight and joins the serving thread. Idempotent.
  void stop();

  int port() const;
  // The SFTP server's port (match outputs), or -1 when Options::sftp_port is -1.
  int sftp_port() const;
  // http://host:port (https:// with TLS), the address this server answers on.
  std::string base_url() const;
  // Options::public_url, or base_url() when none was given.
  std::string public_url() const;
  // The PEM certificate served over HTTPS (the generated one with Options::tls_self_signed), for
  // a client to trust; empty when the server speaks plain HTTP.
  std::string certificate_pem() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace reonomy::mock

#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sftp/sftp_tree.hpp"

namespace reonomy::mock {

struct SftpServerOptions {
  std::string host = "127.0.0.1";
  int port = 0; // 0: any free port; SftpServer::port() tells which

  // Where the private host key lives. Empty: a fresh ed25519 key per run, in memory only (every
  // client sees a new, unknown host). Otherwise it is loaded from there, or generated and saved
  // (mode 0600) on first start, so clients see the same host across restarts.
  std::filesystem::path host_key_path;

  // Username and password as the client sent them (the API access key and secret). Called from
  // session threads, concurrently: must be thread-safe. Throwing counts as a refusal.
  std::function<bool(std::string_view user, std::string_view password)> authenticate;

  // What each account sees; shared with the caller, who keeps filling it.
  std::shared_ptr<SftpTree> tree;

  // ours: connections beyond this many are closed right after accept, so a flood of clients
  // cannot exhaust threads. Each connection has its own thread.
  std::size_t max_connections = 64;
};

// A read-only SFTP server (SSH password authentication, SFTP version 3) over a virtual tree:
// the delivery path of Reonomy's match job outputs ("sftp://sftp.reonomy.com on port 22 using
// your API access key as the username and your secret key as the password").
//
//   SftpServerOptions options;
//   options.authenticate = [&](auto user, auto password) { return check(user, password); };
//   options.tree = std::make_shared<MatchOutputTree>(files, start_time);
//   SftpServer sftp(std::move(options));
//   sftp.start();                          // listening when it returns
//   ... sftp -P <sftp.port()> KEY@127.0.0.1 ...
//   sftp.stop();                           // also done by the destructor
//
// Each account sees only its own tree, with "/" as home directory. Reading works (ls, stat,
// realpath, get); every change (put, rm, rename, mkdir, rmdir, chmod, ln) is answered
// SSH_FX_PERMISSION_DENIED. Paths are normalised before the tree sees them, so ".." never leaves
// "/". Every accepted socket has TCP_NODELAY (OpenSSH's sftp waits on each reply; without it a
// transfer crawls behind delayed ACKs).
//
// Threading: one acceptor thread, plus one thread per connection for its whole life. A client
// that disconnects mid-transfer ends only its own thread.
class SftpServer {
public:
  // Throws std::invalid_argument when `authenticate` or `tree` is missing.
  explicit SftpServer(SftpServerOptions options);
  ~SftpServer();
  SftpServer(const SftpServer&) = delete;
  SftpServer& operator=(const SftpServer&) = delete;

  // Loads or creates the host key, binds and starts accepting; returns once clients can
  // connect. Throws std::runtime_error when the key cannot be read or written or the address
  // cannot be bound. Call at most once.
  void start();

  // Stops accepting and ends every connection, in well under a second even with clients in
  // the middle of a transfer (they see the connection close). Idempotent.
  void stop();

  // After start(): the bound port (the real one when options.port was 0).
  int port() const;
  // After start(): the host's public key as known_hosts holds it ("ssh-ed25519 AAAA...").
  const std::string& host_public_key() const;
  // After start(): its fingerprint as OpenSSH prints it ("SHA256:...").
  const std::string& host_key_fingerprint() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace reonomy::mock

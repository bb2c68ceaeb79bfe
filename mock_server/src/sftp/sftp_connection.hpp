#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "sftp/sftp_tree.hpp"
#include "sftp/ssh_api.hpp"

namespace reonomy::mock::detail {

// What all connections of one server share. Outlives every connection.
struct ConnectionShared {
  std::function<bool(std::string_view user, std::string_view password)> authenticate;
  SftpTree* tree = nullptr;
  const std::atomic<bool>* stopping = nullptr;
};

// One client connection from TCP accept to hang-up: key exchange, password authentication, one
// session channel with the "sftp" subsystem, then SFTP requests until the client leaves or the
// server stops. run() takes the whole life of the connection on the calling thread; interrupt()
// may be called from any other thread.
class SftpConnection {
public:
  // ours: OpenSSH's sshd defaults (MaxAuthTries 6, LoginGraceTime 2 min, shortened here).
  static constexpr int kMaxAuthTries = 6;
  static constexpr std::chrono::seconds kLoginGrace{30};

  // `session` was accepted on socket `fd` and owns it.
  SftpConnection(SshSession session, int fd, const ConnectionShared& shared);
  SftpConnection(const SftpConnection&) = delete;
  SftpConnection& operator=(const SftpConnection&) = delete;

  void run();

  // Makes every blocking libssh call of this connection fail at once (the socket is shut down),
  // for a stop that cannot wait for a polite goodbye. A no-op once run() has finished.
  void interrupt();

private:
  bool await_sftp_channel();
  void serve_sftp();
  void end_channel();
  bool wait_for_data();
  bool stopping() const;

  static int on_password(ssh_session session, const char* user, const char* password, void* self);
  static ssh_channel on_channel_open(ssh_session session, void* self);
  static int on_subsystem(ssh_session session, ssh_channel channel, const char* subsystem,
                          void* self);

  SshSession session_;
  const ConnectionShared& shared_;
  ssh_server_callbacks_struct server_callbacks_{};
  ssh_channel_callbacks_struct channel_callbacks_{};
  ssh_channel channel_ = nullptr; // owned by session_
  std::string account_;
  bool authenticated_ = false;
  int auth_failures_ = 0;
  bool sftp_requested_ = false;
  bool dropped_ = false; // a fault rule dropped the connection: end without a goodbye

  std::mutex fd_mutex_;
  int fd_; // -1 once run() no longer uses it, so interrupt() never touches a reused number
};

} // namespace reonomy::mock::detail

#include "sftp/sftp_connection.hpp"

#include <sys/socket.h>

#include <cstring>
#include <utility>

#include "sftp/sftp_requests.hpp"

namespace reonomy::mock::detail {

namespace {

using Clock = std::chrono::steady_clock;

// How long a wait may last before the stop flag is looked at again; bounds how long stop()
// waits for a polite goodbye.
constexpr int kPollMillis = 200;
// ours: a client normally hangs up within a round trip of the channel close; a stopping server
// waits less.
constexpr std::chrono::milliseconds kGoodbyeWait{2000};
constexpr std::chrono::milliseconds kGoodbyeWaitStopping{200};
// ours: bounds any single blocking libssh call (key exchange, a write to a client that stopped
// reading), so a stalled peer cannot hold a thread forever.
constexpr long kBlockingTimeoutSeconds = 60;

// Runs the session's events (callbacks, channel requests, the client's close) until `done()`,
// the deadline, or the client hangs up.
template <typename Done>
void pump(ssh_session session, Clock::time_point deadline, int poll_millis, Done done) {
  const SshEvent event(ssh_event_new());
  if (!event || ssh_event_add_session(event.get(), session) != SSH_OK)
    return;
  while (!done() && Clock::now() < deadline && ssh_is_connected(session)) {
    if (ssh_event_dopoll(event.get(), poll_millis) == SSH_ERROR)
      break;
  }
  ssh_event_remove_session(event.get(), session);
}

} // namespace

SftpConnection::SftpConnection(SshSession session, int fd, const ConnectionShared& shared)
    : session_(std::move(session)), shared_(shared), fd_(fd) {}

bool SftpConnection::stopping() const {
  return shared_.stopping->load();
}

void SftpConnection::interrupt() {
  const std::lock_guard lock(fd_mutex_);
  if (fd_ >= 0)
    ::shutdown(fd_, SHUT_RDWR);
}

void SftpConnection::run() {
  ssh_session session = session_.get();
  const long timeout = kBlockingTimeoutSeconds;
  ssh_options_set(session, SSH_OPTIONS_TIMEOUT, &timeout);

  ssh_callbacks_init(&server_callbacks_);
  server_callbacks_.userdata = this;
  server_callbacks_.auth_password_function = &SftpConnection::on_password;
  server_callbacks_.channel_open_request_session_function = &SftpConnection::on_channel_open;
  ssh_set_server_callbacks(session, &server_callbacks_);

  if (ssh_handle_key_exchange(session) == SSH_OK) {
    // Password only: the API's access key and secret are the only credentials there are.
    ssh_set_auth_methods(session, SSH_AUTH_METHOD_PASSWORD);
    if (await_sftp_channel())
      serve_sftp();
    if (!dropped_)
      end_channel();
  }
  const std::lock_guard lock(fd_mutex_);
  fd_ = -1;
  session_.reset();
}

bool SftpConnection::await_sftp_channel() {
  const auto deadline = Clock::now() + kLoginGrace;
  pump(session_.get(), deadline, kPollMillis,
       [this] { return sftp_requested_ || stopping() || auth_failures_ >= kMaxAuthTries; });
  return sftp_requested_ && !stopping();
}

bool SftpConnection::wait_for_data() {
  while (!stopping()) {
    const int available = ssh_channel_poll_timeout(channel_, kPollMillis, 0);
    if (available > 0)
      return true;
    if (available != 0 || ssh_channel_is_closed(channel_))
      return false; // EOF or error
  }
  return false;
}

void SftpConnection::serve_sftp() {
  sftp_session sftp = sftp_server_new(session_.get(), channel_);
  if (sftp == nullptr)
    return;
  // sftp_get_client_message blocks until a whole request arrived, so it is called only once
  // the channel has data; waiting in wait_for_data keeps the stop flag in view.
  if (wait_for_data() && sftp_server_init(sftp) == 0) {
    SftpRequestHandler handler(*shared_.tree, account_);
    while (wait_for_data()) {
      sftp_client_message msg = sftp_get_client_message(sftp);
      if (msg == nullptr)
        break;
      bool sent = false;
      try {
        sent = handler.handle(msg);
      } catch (const SftpDropConnection&) {
        dropped_ = true;
        interrupt(); // the socket goes down under the session: no goodbye of any kind
      }
      sftp_client_message_free(msg);
      if (!sent)
        break;
    }
  }
  sftp_server_free(sftp);
}

// Closes the channel the way sshd does (exit status, EOF, close) and lets the client hang up
// first: dropping the connection at once makes some clients report an error for a transfer
// that succeeded.
void SftpConnection::end_channel() {
  ssh_session session = session_.get();
  // Without a channel (refused login, a key scan) there is nothing to wind down.
  if (channel_ == nullptr || !ssh_is_connected(session))
    return;
  if (ssh_channel_is_open(channel_)) {
    ssh_channel_request_send_exit_status(channel_, 0);
    ssh_channel_send_eof(channel_);
    ssh_channel_close(channel_);
  }
  const auto wait = stopping() ? kGoodbyeWaitStopping : kGoodbyeWait;
  pump(session, Clock::now() + wait, 50, [] { return false; });
}

int SftpConnection::on_password(ssh_session, const char* user, const char* password,
                                void* self_ptr) {
  auto& self = *static_cast<SftpConnection*>(self_ptr);
  bool accepted = false;
  try {
    accepted = !self.authenticated_ && self.shared_.authenticate(user, password);
  } catch (const std::exception&) {
    accepted = false; // a failing check is a refusal, never a way in
  }
  if (!accepted) {
    // The same answer for an unknown user and a wrong password: nothing tells which was wrong.
    ++self.auth_failures_;
    return SSH_AUTH_DENIED;
  }
  self.authenticated_ = true;
  self.account_ = user;
  return SSH_AUTH_SUCCESS;
}

ssh_channel SftpConnection::on_channel_open(ssh_session session, void* self_ptr) {
  auto& self = *static_cast<SftpConnection*>(self_ptr);
  // ours: one session channel per connection, the one sftp needs; others are refused.
  if (!self.authenticated_ || self.channel_ != nullptr)
    return nullptr;
  self.channel_ = ssh_channel_new(session);
  if (self.channel_ == nullptr)
    return nullptr;
  ssh_callbacks_init(&self.channel_callbacks_);
  self.channel_callbacks_.userdata = self_ptr;
  self.channel_callbacks_.channel_subsystem_request_function = &SftpConnection::on_subsystem;
  ssh_set_channel_callbacks(self.channel_, &self.channel_callbacks_);
  return self.channel_;
}

int SftpConnection::on_subsystem(ssh_session, ssh_channel channel, const char* subsystem,
                                 void* self_ptr) {
  auto& self = *static_cast<SftpConnection*>(self_ptr);
  // Shell, exec and other subsystems get libssh's default refusal.
  if (channel != self.channel_ || self.sftp_requested_ || std::strcmp(subsystem, "sftp") != 0)
    return SSH_ERROR;
  self.sftp_requested_ = true;
  return SSH_OK;
}

} // namespace reonomy::mock::detail

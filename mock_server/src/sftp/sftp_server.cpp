#include "sftp/sftp_server.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "sftp/host_key.hpp"
#include "sftp/sftp_connection.hpp"
#include "sftp/ssh_api.hpp"

namespace reonomy::mock {

namespace {

constexpr int kAcceptPollMillis = 200;
// How long stop() lets connections notice the flag and close politely before it shuts their
// sockets: one poll interval plus the short goodbye, with margin.
constexpr std::chrono::milliseconds kPoliteStop{500};

void set_flag(int fd, int get, int set, int flag) {
  const int flags = ::fcntl(fd, get);
  if (flags >= 0)
    ::fcntl(fd, set, flags | flag);
}

int bound_port(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    return 0;
  if (address.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
  return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
}

} // namespace

struct SftpServer::Impl {
  struct Slot {
    std::unique_ptr<detail::SftpConnection> connection;
    std::thread thread;
    std::atomic<bool> done{false};
  };

  SftpServerOptions options;
  detail::ConnectionShared shared;
  std::atomic<bool> stopping{false};
  std::string public_key;
  std::string fingerprint;
  detail::SshBind bind;
  int port = 0;
  bool started = false;
  std::thread acceptor;
  std::list<std::unique_ptr<Slot>> slots; // touched by the acceptor, then by stop() after join

  void accept_loop();
  void accept_one(int listen_fd);
  void reap_finished();
  void end_connections();
};

void SftpServer::Impl::accept_loop() {
  const int listen_fd = ssh_bind_get_fd(bind.get());
  pollfd waiting{listen_fd, POLLIN, 0};
  while (!stopping.load()) {
    reap_finished();
    if (::poll(&waiting, 1, kAcceptPollMillis) > 0)
      accept_one(listen_fd);
  }
}

void SftpServer::Impl::accept_one(int listen_fd) {
  // Close-on-exec: a process the embedding program starts (tests run `sftp`) must not inherit
  // the socket, or the connection would outlive its close here.
  const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
  if (fd < 0)
    return;
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (slots.size() >= options.max_connections) {
    ::close(fd);
    return;
  }
  ssh_session session = ssh_new();
  if (session == nullptr) {
    ::close(fd);
    return;
  }
  if (ssh_bind_accept_fd(bind.get(), session, fd) != SSH_OK) {
    // The session owns the socket only if it got that far; never close a number twice.
    const bool owned = ssh_get_fd(session) == fd;
    ssh_free(session);
    if (!owned)
      ::close(fd);
    return;
  }
  auto slot = std::make_unique<Slot>();
  slot->connection =
      std::make_unique<detail::SftpConnection>(detail::SshSession(session), fd, shared);
  Slot* raw = slot.get();
  slot->thread = std::thread([raw] {
    raw->connection->run();
    raw->done.store(true);
  });
  slots.push_back(std::move(slot));
}

void SftpServer::Impl::reap_finished() {
  for (auto it = slots.begin(); it != slots.end();) {
    if ((*it)->done.load()) {
      (*it)->thread.join();
      it = slots.erase(it);
    } else {
      ++it;
    }
  }
}

void SftpServer::Impl::end_connections() {
  const auto deadline = std::chrono::steady_clock::now() + kPoliteStop;
  auto all_done = [this] {
    for (const auto& slot : slots)
      if (!slot->done.load())
        return false;
    return true;
  };
  while (!all_done() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  for (const auto& slot : slots)
    slot->connection->interrupt();
  for (const auto& slot : slots)
    slot->thread.join();
  slots.clear();
}

SftpServer::SftpServer(SftpServerOptions options) : impl_(std::make_unique<Impl>()) {
  if (!options.authenticate)
    throw std::invalid_argument("SftpServer needs an authenticate callback");
  if (!options.tree)
    throw std::invalid_argument("SftpServer needs a tree");
  impl_->options = std::move(options);
  impl_->shared.authenticate = impl_->options.authenticate;
  impl_->shared.tree = impl_->options.tree.get();
  impl_->shared.stopping = &impl_->stopping;
}

SftpServer::~SftpServer() {
  stop();
}

void SftpServer::start() {
  Impl& impl = *impl_;
  if (impl.started)
    throw std::logic_error("SftpServer::start called twice");
  detail::HostKey key = detail::load_or_create_host_key(impl.options.host_key_path);
  impl.public_key = key.public_key;
  impl.fingerprint = key.fingerprint;

  impl.bind.reset(ssh_bind_new());
  if (!impl.bind)
    throw std::runtime_error("SFTP server: libssh could not create a listener");
  ssh_bind bind = impl.bind.get();
  const int port = impl.options.port;
  // The mock is configured by its own options only, never by /etc/ssh files of the host.
  const bool process_config = false;
  // IMPORT_KEY hands the key to the listener, which frees it.
  if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &process_config) != SSH_OK ||
      ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDADDR, impl.options.host.c_str()) != SSH_OK ||
      ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BINDPORT, &port) != SSH_OK ||
      ssh_bind_options_set(bind, SSH_BIND_OPTIONS_IMPORT_KEY, key.private_key.release()) != SSH_OK)
    throw std::runtime_error(std::string("SFTP server: ") + ssh_get_error(bind));
  if (ssh_bind_listen(bind) != SSH_OK)
    throw std::runtime_error("SFTP server: cannot listen on " + impl.options.host + ":" +
                             std::to_string(port) + ": " + ssh_get_error(bind));
  const int listen_fd = ssh_bind_get_fd(bind);
  set_flag(listen_fd, F_GETFD, F_SETFD, FD_CLOEXEC);
  // Non-blocking, so an accept after a connection vanished cannot hang the acceptor.
  set_flag(listen_fd, F_GETFL, F_SETFL, O_NONBLOCK);
  impl.port = bound_port(listen_fd);
  impl.started = true;
  impl.acceptor = std::thread([&impl] { impl.accept_loop(); });
}

void SftpServer::stop() {
  Impl& impl = *impl_;
  if (!impl.started || impl.stopping.exchange(true))
    return;
  impl.acceptor.join();
  impl.end_connections();
  impl.bind.reset();
}

int SftpServer::port() const {
  return impl_->port;
}
const std::string& SftpServer::host_public_key() const {
  return impl_->public_key;
}
const std::string& SftpServer::host_key_fingerprint() const {
  return impl_->fingerprint;
}

} // namespace reonomy::mock

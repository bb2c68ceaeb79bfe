#pragma once

#include <memory>

#include <httplib.h>

namespace reonomy::mock {

// cpp-httplib 0.11 listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG, compiled into Debian's
// library, so the macro cannot change it). When more clients connect at once, as 64 kept-alive
// pollers do when they open or renew their connections, the kernel drops their SYNs and each
// waits for a retransmission: about a second, the p99 latency bench/compare measured at 16 and
// 64 connections. Linux lets a listening socket be listened on again with a longer queue.
class ListenBacklog {
public:
  // Installs socket options on `http` that keep the library's defaults and note the socket.
  explicit ListenBacklog(httplib::Server& http);
  // Call after bind_to_port / bind_to_any_port: the queue becomes `backlog` (SOMAXCONN caps it).
  void widen(int backlog) const;

private:
  std::shared_ptr<socket_t> socket_ = std::make_shared<socket_t>(INVALID_SOCKET);
};

} // namespace reonomy::mock

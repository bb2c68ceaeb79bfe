#include "http/listen_backlog.hpp"

#include <sys/socket.h>

namespace reonomy::mock {

ListenBacklog::ListenBacklog(httplib::Server& http) {
  http.set_socket_options([socket = socket_](socket_t sock) {
    httplib::default_socket_options(sock);
    *socket = sock;
  });
}

void ListenBacklog::widen(int backlog) const {
  // A failure leaves the library's queue of 5: slower under bursts, still correct.
  if (*socket_ != INVALID_SOCKET) ::listen(*socket_, backlog);
}

} // namespace reonomy::mock

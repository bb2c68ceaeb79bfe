#include "http/connection_control.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>

#include <cstdlib>
#include <string>

namespace reonomy::mock {

namespace {

// "127.0.0.1" and port from a socket address, as cpp-httplib fills Request::remote_addr.
bool same_endpoint(const sockaddr_storage& addr, const std::string& host, int port) {
  char text[INET6_ADDRSTRLEN] = {};
  int got_port = -1;
  if (addr.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
    got_port = ntohs(in.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(addr);
    inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
    got_port = ntohs(in6.sin6_port);
  } else {
    return false;
  }
  return got_port == port && host == text;
}

} // namespace

int connection_socket(const httplib::Request& req) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return -1;
  int found = -1;
  while (const dirent* entry = readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dirfd(dir)) continue;
    struct stat st {};
    if (fstat(static_cast<int>(fd), &st) != 0 || !S_ISSOCK(st.st_mode)) continue;
    sockaddr_storage peer{}, local{};
    socklen_t peer_len = sizeof peer, local_len = sizeof local;
    if (getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0 ||
        getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &local_len) != 0)
      continue;
    if (same_endpoint(peer, req.remote_addr, req.remote_port) &&
        same_endpoint(local, req.local_addr, req.local_port)) {
      found = static_cast<int>(fd);
      break;
    }
  }
  closedir(dir);
  return found;
}

void end_after_answer(const httplib::Request& req) {
  const int fd = connection_socket(req);
  if (fd < 0) return;
  // A lingering close: what the client is still sending (the refused body) is read and dropped
  // until it stops (EOF, or 500 ms of silence, at most 5 s). Closing on unread bytes would send
  // an RST that can destroy the answer before the client reads it, or break its upload (EPIPE).
  char buf[16384];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 500) <= 0) break;
    const ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n <= 0) break;
  }
  shutdown(fd, SHUT_RDWR);
}

void reset_on_close(int fd) {
  if (fd < 0) return;
  const linger abort_now{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_now, sizeof abort_now);
}

bool end_connection(int fd, bool reset) {
  if (fd < 0) return false;
  if (reset) reset_on_close(fd);
  else shutdown(fd, SHUT_RDWR); // FIN now, whatever dup2 below does with pending data
  const int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null < 0) return shutdown(fd, SHUT_RDWR) == 0;
  // dup2 closes the socket (sending the RST when lingering 0) and puts /dev/null in its place.
  const bool ok = dup2(null, fd) == fd;
  close(null);
  return ok;
}

} // namespace reonomy::mock

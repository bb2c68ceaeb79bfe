#pragma once

// A raw client connection for tests that send what no HTTP library would build: bytes as they
// are, read back until the server closes.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>

namespace reonomy::mock::testing {

// A raw client connection: sends bytes as they are, reads what comes back, tells when the server
// closes.
class RawConnection {
public:
  explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends everything it can; false when the server stopped reading (closed).
  bool send(const std::string& bytes) {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0)
        return false;
      sent += std::size_t(n);
    }
    return true;
  }

  // Reads until the server closes or `timeout` passes; `closed` says which.
  std::string read_all(std::chrono::milliseconds timeout) {
    std::string out;
    const auto start = std::chrono::steady_clock::now();
    const auto deadline = start + timeout;
    closed_ = false;
    first_byte_after_ = timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (::poll(&p, 1, static_cast<int>(std::max<long long>(left.count(), 0))) <= 0)
        break;
      char buf[65536];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) {
        closed_ = true;
        break;
      }
      if (out.empty())
        first_byte_after_ = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
      out.append(buf, std::size_t(n));
    }
    return out;
  }
  bool closed() const { return closed_; }
  // How long the last read_all waited for the first byte of an answer.
  std::chrono::milliseconds first_byte_after() const { return first_byte_after_; }

private:
  int fd_;
  bool closed_ = false;
  std::chrono::milliseconds first_byte_after_{};
};

inline int status_of(const std::string& response) {
  return response.size() > 12 && response.starts_with("HTTP/1.1 ")
             ? std::stoi(response.substr(9, 3))
             : 0;
}

} // namespace reonomy::mock::testing

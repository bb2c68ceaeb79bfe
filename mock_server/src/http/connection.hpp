#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <httplib.h>

#include "http/request_framing.hpp"

namespace reonomy::mock {

// One client connection, owned by the mock for its whole life (cpp-httplib 0.11 makes a new
// stream per request and drops what it read ahead, so pipelined requests were lost). It reads
// into a buffer that outlives each request and presents cpp-httplib with one request at a time:
// the framed head, then exactly the body's bytes, then the end. Whatever follows stays in the
// buffer for the next request, and a body left unread is never parsed as one.
class Connection final : public httplib::Stream {
public:
  struct Timeouts {
    std::chrono::milliseconds read{5000}, write{5000}, keep_alive{5000};
  };
  Connection(int fd, SSL* ssl, Timeouts timeouts);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // httplib::Stream, as cpp-httplib's request processing uses it: reads end with the request.
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override;

  enum class Wait { request, closed };
  // Waits up to the keep-alive timeout for the first byte of a request; `stopping` is asked every
  // 100 ms, so an idle connection ends soon after the server stops.
  Wait wait_for_request(const std::function<bool()>& stopping);

  // Reads the next request's head. nullopt: the client closed or went silent mid-head
  // (`timed_out` tells which) or the head passed kMaxHeadBytes (`too_large`).
  std::optional<std::string> read_head(bool& timed_out, bool& too_large);

  // The request whose head and body the stream now yields.
  void begin_request(std::string head, BodyFraming framing, std::uint64_t length);
  // True when the current request declared a body and not all of it was read.
  bool body_unread() const;
  // How many body bytes of the current request have been read.
  std::uint64_t body_bytes_read() const { return body_read_; }
  const FramedRequest* request() const { return request_; }
  void set_request(const FramedRequest* framed) { request_ = framed; }

  // Marks the connection to end after the current answer (its answer says Connection: close).
  void close_after_answer() { close_after_answer_ = true; }
  bool closing() const { return close_after_answer_; }

  // Writes bytes straight to the client (an answer the connection layer makes itself).
  bool send_all(std::string_view bytes);

  // A body from a file, sent from the page cache with sendfile(2) and never copied through the
  // process: a plain (not TLS) connection only. After send_file(fd, offset, n) succeeds, the
  // answer's writer is told with write(kAlreadySent, n), which counts the bytes without sending
  // them again (cpp-httplib's content provider counts its offset through its sink's writes).
  bool can_send_file() const { return fd_ >= 0 && !ssl_; }
  bool send_file(int file, std::uint64_t offset, std::size_t length);
  static const char kAlreadySent[1];

  // Ends the connection now, as a network failure would: a FIN, or an RST when `reset`. Later
  // writes fail quietly; the request's processing runs to its end without a client.
  void end_now(bool reset);
  // The eventual close sends an RST instead of a FIN (SO_LINGER 0).
  void reset_on_close();
  bool ended() const { return fd_ < 0; }

  // The close after an answer to a request whose body was not read: half-close (the answer is
  // delivered), then read and drop what the client still sends for a bounded time and size,
  // then close. Closing at once on unread bytes would send an RST that can destroy the answer.
  void lingering_close();

private:
  ssize_t fill(std::chrono::milliseconds timeout, bool& timed_out);
  bool wait_readable(std::chrono::milliseconds timeout) const;
  void close_socket();

  int fd_;
  SSL* ssl_;
  std::string remote_ip_, local_ip_;
  int remote_port_ = -1, local_port_ = -1;
  Timeouts timeouts_;
  std::string buffer_; // bytes read from the client and not yet consumed
  std::size_t begin_ = 0;
  std::string head_; // the current request's head, yielded first
  std::size_t head_pos_ = 0;
  BodyFraming framing_ = BodyFraming::none;
  std::uint64_t body_left_ = 0; // length framing: bytes of the body not yet yielded
  std::uint64_t body_read_ = 0;
  bool body_declared_ = false;
  bool close_after_answer_ = false;
  bool reset_on_close_ = false;
  const FramedRequest* request_ = nullptr;
};

// The connection whose request this thread is handling, or nullptr outside one.
Connection* current_connection();

// Reads the body of the request this thread is handling, in pieces of at most 64 KiB, each passed
// to `sink` (which returns false to stop). True when the whole body was read; false when `sink`
// stopped, the client went silent past the read timeout or closed, or the body is chunked (never
// read: see request_limits). What is left unread closes the connection after the answer.
bool read_request_body(const std::function<bool(const char*, std::size_t)>& sink);

// What the server does with framing refusals and with every answer before it is written.
struct ConnectionHooks {
  // A request refused by its framing: fill `res` (status, body); the connection layer writes it
  // with Date and Connection: close, then closes. `req` holds what could be parsed.
  std::function<void(const httplib::Request& req, httplib::Response& res, const FramingError&)>
      refused;
};

// cpp-httplib's Server (or SSLServer) with the connection handling above in place of its own.
std::unique_ptr<httplib::Server>
make_owned_server(ConnectionHooks hooks,
                  std::function<bool(SSL_CTX&)> setup_tls = nullptr); // HTTPS when set

// Puts the headers every answer needs before it is written: Date, and a Connection header
// consistent with what happens next (close when the request's body was left unread or the
// answer asks for it, and then no Keep-Alive). Call from the post-routing handler.
void finish_answer(const httplib::Request& req, httplib::Response& res);

// Lengthens the listen queue of a server made by make_owned_server (cpp-httplib's is 5, so a
// burst of connections waits for SYN retransmissions). Call after binding.
void widen_listen_backlog(httplib::Server& server, int backlog);

} // namespace reonomy::mock

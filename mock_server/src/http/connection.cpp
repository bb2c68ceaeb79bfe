#include "http/connection.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <type_traits>

#include "core/time_format.hpp"
#include "http/results_routes.hpp"

namespace reonomy::mock {

namespace {

using std::chrono::milliseconds;

thread_local Connection* current = nullptr;

struct CurrentScope {
  explicit CurrentScope(Connection* c) { current = c; }
  ~CurrentScope() { current = nullptr; }
  CurrentScope(const CurrentScope&) = delete;
  CurrentScope& operator=(const CurrentScope&) = delete;
};

constexpr std::size_t kReadPiece = 64 * 1024;
// A lingering close reads and drops at most this much, for at most this long, and stops after
// this long without a byte.
constexpr std::size_t kLingerBytes = 64 * 1024 * 1024;
constexpr milliseconds kLingerTotal{5000};
constexpr milliseconds kLingerQuiet{500};
constexpr milliseconds kIdleSlice{100};

int poll_ms(milliseconds timeout) {
  return static_cast<int>(std::clamp<milliseconds::rep>(timeout.count(), 0, 1 << 30));
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  const int rc = peer ? getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                      : getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  if (rc != 0)
    return;
  char host[NI_MAXHOST] = {}, serv[NI_MAXSERV] = {};
  if (getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                  NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host;
    port = std::atoi(serv);
  }
}

const char* reason_phrase(int status) {
  switch (status) {
  case 400:
    return "Bad Request";
  case 408:
    return "Request Timeout";
  case 411:
    return "Length Required";
  case 413:
    return "Payload Too Large";
  case 414:
    return "URI Too Long";
  case 431:
    return "Request Header Fields Too Large";
  case 501:
    return "Not Implemented";
  case 505:
    return "HTTP Version Not Supported";
  default:
    return "Error";
  }
}

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

} // namespace

Connection* current_connection() {
  return current;
}

bool read_request_body(const std::function<bool(const char*, std::size_t)>& sink) {
  Connection* conn = current_connection();
  if (!conn)
    return false;
  std::string piece(kReadPiece, '\0');
  for (;;) {
    const ssize_t n = conn->read(piece.data(), piece.size());
    if (n == 0)
      return !conn->body_unread();
    if (n < 0 || !sink(piece.data(), static_cast<std::size_t>(n)))
      return false;
  }
}

Connection::Connection(int fd, SSL* ssl, Timeouts timeouts)
    : fd_(fd), ssl_(ssl), timeouts_(timeouts) {
  address_of(fd_, true, remote_ip_, remote_port_);
  address_of(fd_, false, local_ip_, local_port_);
}

Connection::~Connection() {
  close_socket();
}

void Connection::close_socket() {
  if (ssl_) {
    if (fd_ >= 0 && !reset_on_close_)
      SSL_shutdown(ssl_); // close_notify, one way
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  if (fd_ < 0)
    return;
  ::close(fd_);
  fd_ = -1;
}

bool Connection::wait_readable(milliseconds timeout) const {
  if (fd_ < 0)
    return false;
  if (ssl_ && SSL_pending(ssl_) > 0)
    return true;
  pollfd p{fd_, POLLIN, 0};
  return poll(&p, 1, poll_ms(timeout)) > 0;
}

ssize_t Connection::fill(milliseconds timeout, bool& timed_out) {
  if (begin_ == buffer_.size()) {
    buffer_.clear();
    begin_ = 0;
  } else if (begin_ >= kReadPiece) {
    buffer_.erase(0, begin_);
    begin_ = 0;
  }
  if (!wait_readable(timeout)) {
    timed_out = fd_ >= 0;
    return -1;
  }
  const std::size_t old = buffer_.size();
  buffer_.resize(old + kReadPiece);
  ssize_t n = 0;
  if (ssl_) {
    const int got = SSL_read(ssl_, buffer_.data() + old, static_cast<int>(kReadPiece));
    n = got > 0 ? got : (SSL_get_error(ssl_, got) == SSL_ERROR_ZERO_RETURN ? 0 : -1);
  } else {
    n = ::recv(fd_, buffer_.data() + old, kReadPiece, 0);
  }
  buffer_.resize(old + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
  return n;
}

bool Connection::is_readable() const {
  if (head_pos_ < head_.size())
    return true;
  if (framing_ != BodyFraming::length || body_left_ == 0)
    return false;
  return begin_ < buffer_.size() || wait_readable(timeouts_.read);
}

bool Connection::is_writable() const {
  if (fd_ < 0)
    return false;
  pollfd p{fd_, POLLOUT, 0};
  return poll(&p, 1, poll_ms(timeouts_.write)) > 0 && (p.revents & (POLLERR | POLLHUP)) == 0;
}

ssize_t Connection::read(char* ptr, size_t size) {
  if (head_pos_ < head_.size()) {
    const std::size_t n = std::min(size, head_.size() - head_pos_);
    std::memcpy(ptr, head_.data() + head_pos_, n);
    head_pos_ += n;
    return static_cast<ssize_t>(n);
  }
  if (framing_ != BodyFraming::length || body_left_ == 0)
    return 0; // the request ends here
  if (begin_ == buffer_.size()) {
    bool timed_out = false;
    if (fill(timeouts_.read, timed_out) <= 0)
      return -1;
  }
  const std::size_t n = static_cast<std::size_t>(
      std::min<std::uint64_t>({size, buffer_.size() - begin_, body_left_}));
  std::memcpy(ptr, buffer_.data() + begin_, n);
  begin_ += n;
  body_left_ -= n;
  body_read_ += n;
  return static_cast<ssize_t>(n);
}

const char Connection::kAlreadySent[1] = {0};

bool Connection::send_file(int file, std::uint64_t offset, std::size_t length) {
  if (!can_send_file())
    return false;
  auto at = static_cast<off_t>(offset);
  while (length > 0) {
    const ssize_t n = ::sendfile(fd_, file, &at, length);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false; // the client went away, or stopped reading for the write timeout
    length -= static_cast<std::size_t>(n);
  }
  return true;
}

ssize_t Connection::write(const char* ptr, size_t size) {
  if (fd_ < 0)
    return -1;
  if (ptr == kAlreadySent)
    return static_cast<ssize_t>(size);
  if (ssl_) {
    const int n = SSL_write(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
    return n > 0 ? n : -1;
  }
  return ::send(fd_, ptr, size, MSG_NOSIGNAL);
}

void Connection::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = remote_ip_;
  port = remote_port_;
}

void Connection::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = local_ip_;
  port = local_port_;
}

socket_t Connection::socket() const {
  return fd_;
}

Connection::Wait Connection::wait_for_request(const std::function<bool()>& stopping) {
  for (auto left = timeouts_.keep_alive; begin_ == buffer_.size();) {
    if (fd_ < 0 || left <= milliseconds::zero() || stopping())
      return Wait::closed;
    const auto slice = std::min(left, kIdleSlice);
    left -= slice;
    if (!wait_readable(slice))
      continue;
    bool timed_out = false;
    if (fill(milliseconds::zero(), timed_out) <= 0)
      return Wait::closed;
  }
  return Wait::request;
}

std::optional<std::string> Connection::read_head(bool& timed_out, bool& too_large) {
  timed_out = too_large = false;
  std::size_t scanned = 0;
  for (;;) {
    begin_ += leading_empty_lines(std::string_view(buffer_).substr(begin_));
    const std::string_view pending = std::string_view(buffer_).substr(begin_);
    if (const auto end = head_end(pending, scanned)) {
      std::string head(pending.substr(0, *end));
      begin_ += *end;
      return head;
    }
    scanned = pending.size();
    if (pending.size() >= kMaxHeadBytes) {
      too_large = true;
      return std::nullopt;
    }
    if (fill(timeouts_.read, timed_out) <= 0)
      return std::nullopt;
  }
}

void Connection::begin_request(std::string head, BodyFraming framing, std::uint64_t length) {
  head_ = std::move(head);
  head_pos_ = 0;
  framing_ = framing;
  body_left_ = framing == BodyFraming::length ? length : 0;
  body_read_ = 0;
  body_declared_ = framing != BodyFraming::none;
  close_after_answer_ = false;
}

bool Connection::body_unread() const {
  return body_declared_ && (framing_ == BodyFraming::chunked || body_left_ > 0);
}

bool Connection::send_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = write(bytes.data(), bytes.size());
    if (n <= 0)
      return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void Connection::reset_on_close() {
  if (fd_ < 0)
    return;
  reset_on_close_ = true;
  const linger abort_now{1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort_now, sizeof abort_now);
}

void Connection::end_now(bool reset) {
  if (fd_ < 0)
    return;
  if (reset)
    reset_on_close();
  else
    ::shutdown(fd_, SHUT_RDWR);
  reset_on_close_ = true; // no close_notify on a connection that just failed
  close_socket();
}

void Connection::lingering_close() {
  if (fd_ < 0)
    return;
  if (ssl_) {
    SSL_shutdown(ssl_);
    reset_on_close_ = true; // close_notify sent
  }
  ::shutdown(fd_, SHUT_WR);
  char sink[16384];
  std::size_t dropped = 0;
  const auto deadline = std::chrono::steady_clock::now() + kLingerTotal;
  while (dropped < kLingerBytes && std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, poll_ms(kLingerQuiet)) <= 0)
      break;
    const ssize_t n = ::recv(fd_, sink, sizeof sink, MSG_DONTWAIT);
    if (n <= 0)
      break;
    dropped += static_cast<std::size_t>(n);
  }
  reset_on_close_ = reset_on_close_ && !ssl_;
  close_socket();
}

namespace {

// The server half: cpp-httplib accepts and hands each socket to a worker, which runs this loop
// instead of the library's.
class BacklogWidener {
public:
  virtual ~BacklogWidener() = default;
  virtual void widen(int backlog) = 0;
};

template <class Base> class OwnedServer final : public Base, public BacklogWidener {
public:
  template <class... Args>
  explicit OwnedServer(ConnectionHooks hooks, Args&&... args)
      : Base(std::forward<Args>(args)...), hooks_(std::move(hooks)) {}

  void widen(int backlog) override {
    const socket_t sock = this->svr_sock_;
    // A failure leaves the library's queue of 5: slower under bursts, still correct.
    if (sock != INVALID_SOCKET)
      ::listen(sock, backlog);
  }

private:
  static constexpr bool kTls = std::is_same_v<Base, httplib::SSLServer>;

  Connection::Timeouts timeouts() const {
    const auto ms = [](time_t sec, time_t usec) {
      return milliseconds(static_cast<long long>(sec) * 1000 + usec / 1000);
    };
    return {ms(this->read_timeout_sec_, this->read_timeout_usec_),
            ms(this->write_timeout_sec_, this->write_timeout_usec_),
            ms(this->keep_alive_timeout_sec_, 0)};
  }

  bool process_and_close_socket(socket_t sock) override {
    SSL* ssl = nullptr;
    if constexpr (kTls) {
      // The socket is blocking with the read timeout set by the accept loop, so a client that
      // never finishes its handshake is dropped after it.
      ssl = SSL_new(this->ssl_context());
      if (!ssl || SSL_set_fd(ssl, sock) != 1 || SSL_accept(ssl) != 1) {
        if (ssl)
          SSL_free(ssl);
        ::close(sock);
        return false;
      }
    }
    Connection conn(sock, ssl, timeouts());
    return serve(conn, ssl);
  }

  bool serve(Connection& conn, SSL* ssl) {
    const auto stopping = [this] { return this->svr_sock_ == INVALID_SOCKET; };
    for (std::size_t count = 0;; ++count) {
      if (conn.wait_for_request(stopping) != Connection::Wait::request)
        return true;
      bool timed_out = false, too_large = false;
      const auto head = conn.read_head(timed_out, too_large);
      if (!head) {
        if (too_large)
          refuse(conn, FramedRequest{}, head_too_large());
        else if (timed_out)
          refuse(conn, FramedRequest{},
                 {400, "BadRequest",
                  "The request's header section did not arrive within the read timeout (" +
                      std::to_string(timeouts().read.count() / 1000) + " s)."});
        return true;
      }
      FramedRequest framed = frame_request(*head);
      if (framed.error) {
        refuse(conn, framed, *framed.error);
        return true;
      }
      conn.begin_request(framed.head, framed.body, framed.length);
      conn.set_request(&framed);
      const bool last = count + 1 >= this->keep_alive_max_count_;
      bool client_closes = false;
      bool written = false;
      {
        CurrentScope scope(&conn);
        written = this->process_request(conn, last, client_closes, [&](httplib::Request& req) {
          if (framed.range)
            req.headers.emplace("Range", *framed.range);
          // S3 never compresses an answer, whatever the client accepts (cpp-httplib would
          // compress an XML error).
          if (is_object_path(req.path))
            req.headers.erase("Accept-Encoding");
          if constexpr (kTls)
            req.ssl = ssl;
        });
      }
      conn.set_request(nullptr);
      if (conn.ended())
        return written;
      if (conn.body_unread() || conn.closing()) {
        conn.lingering_close();
        return written;
      }
      if (!written || client_closes || last)
        return written;
    }
  }

  void refuse(Connection& conn, const FramedRequest& framed, const FramingError& error) {
    httplib::Request req;
    req.method = framed.method;
    req.target = framed.target;
    req.path = framed.target.substr(0, framed.target.find('?'));
    req.version = framed.version;
    for (const auto& [name, value] : framed.fields)
      req.headers.emplace(name, value);
    conn.get_remote_ip_and_port(req.remote_addr, req.remote_port);
    conn.get_local_ip_and_port(req.local_addr, req.local_port);
    httplib::Response res;
    res.status = error.status;
    if (hooks_.refused)
      hooks_.refused(req, res, error);
    std::string out =
        "HTTP/1.1 " + std::to_string(res.status) + " " + reason_phrase(res.status) + "\r\n";
    for (const auto& [name, value] : res.headers) {
      if (name == "Connection" || name == "Keep-Alive" || name == "Content-Length" ||
          name == "Date")
        continue;
      out += name + ": " + value + "\r\n";
    }
    out += "Date: " + http_date(now_seconds()) + "\r\n";
    out += "Content-Length: " + std::to_string(res.body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    out += res.body;
    conn.send_all(out);
    conn.lingering_close();
  }

  ConnectionHooks hooks_;
};

} // namespace

std::unique_ptr<httplib::Server> make_owned_server(ConnectionHooks hooks,
                                                   std::function<bool(SSL_CTX&)> setup_tls) {
  if (!setup_tls)
    return std::make_unique<OwnedServer<httplib::Server>>(std::move(hooks));
  return std::make_unique<OwnedServer<httplib::SSLServer>>(std::move(hooks), std::move(setup_tls));
}

void widen_listen_backlog(httplib::Server& server, int backlog) {
  if (auto* owned = dynamic_cast<BacklogWidener*>(&server))
    owned->widen(backlog);
}

void finish_answer(const httplib::Request& req, httplib::Response& res) {
  // A 304 has no body, so no length of one (RFC 9110 §15.4.5); cpp-httplib adds 0.
  if (res.status == 304)
    res.headers.erase("Content-Length");
  // cpp-httplib adds Accept-Ranges to every HEAD answer; only object GETs take ranges here.
  if (req.method == "HEAD")
    res.headers.erase("Accept-Ranges");
  res.headers.erase("Date");
  res.set_header("Date", http_date(now_seconds()));
  Connection* conn = current_connection();
  bool close = res.get_header_value("Connection") == "close";
  if (conn && conn->body_unread())
    close = true;
  if (close) {
    res.headers.erase("Connection");
    res.headers.erase("Keep-Alive");
    res.set_header("Connection", "close");
    if (conn)
      conn->close_after_answer();
  }
}

} // namespace reonomy::mock

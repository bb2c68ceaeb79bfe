#include "http/raw_http.hpp"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <charconv>
#include <memory>
#include <utility>

#include "http/url.hpp"

namespace reonomy::client::detail {

namespace {

class Socket {
public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  Socket(Socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  Socket& operator=(Socket&&) = delete;
  int fd() const { return fd_; }

private:
  int fd_;
};

Socket connect_to(const Url& url, std::chrono::seconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(url.port);
  if (const int rc = ::getaddrinfo(url.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    throw TransportError("cannot resolve " + url.host + ": " + ::gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, ::freeaddrinfo);
  timeval tv{static_cast<time_t>(timeout.count()), 0};
  for (const addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    Socket s(::socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol));
    if (s.fd() < 0)
      continue;
    ::setsockopt(s.fd(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(s.fd(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(s.fd(), ai->ai_addr, ai->ai_addrlen) == 0)
      return s;
  }
  throw TransportError("cannot connect to " + url.origin());
}

std::string ssl_error_text() {
  const unsigned long code = ::ERR_get_error();
  if (code == 0)
    return "TLS failure";
  char text[256];
  ::ERR_error_string_n(code, text, sizeof text);
  return text;
}

// Moves bytes over a plain socket or a TLS session on it.
class Channel {
public:
  Channel(const Url& url, const RawSettings& settings)
      : socket_(connect_to(url, settings.timeout)) {
    if (url.scheme != "https")
      return;
    ctx_.reset(::SSL_CTX_new(::TLS_client_method()));
    if (!ctx_)
      throw TransportError(ssl_error_text());
    ::SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_PEER, nullptr);
    const bool loaded =
        settings.ca_file.empty()
            ? ::SSL_CTX_set_default_verify_paths(ctx_.get()) == 1
            : ::SSL_CTX_load_verify_locations(ctx_.get(), settings.ca_file.c_str(), nullptr) == 1;
    if (!loaded)
      throw TransportError("cannot load certificate authorities: " + ssl_error_text());
    ssl_.reset(::SSL_new(ctx_.get()));
    ::SSL_set_fd(ssl_.get(), socket_.fd());
    // SSL_set_tlsext_host_name is a macro with a C cast; this is what it expands to.
    ::SSL_ctrl(ssl_.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(url.host.c_str()));
    ::SSL_set1_host(ssl_.get(), url.host.c_str());
    if (::SSL_connect(ssl_.get()) != 1)
      throw TransportError("TLS handshake with " + url.origin() + " failed: " + ssl_error_text());
  }

  void write_all(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const std::size_t left = bytes.size() - sent;
      const long n = ssl_ ? ::SSL_write(ssl_.get(), bytes.data() + sent, static_cast<int>(left))
                          : ::send(socket_.fd(), bytes.data() + sent, left, MSG_NOSIGNAL);
      // A server may answer and close before reading a whole body it refuses; what it said is
      // still worth reading, so stop writing instead of failing.
      if (n <= 0)
        return;
      sent += static_cast<std::size_t>(n);
    }
  }

  std::string read_all() {
    std::string out;
    char buffer[16384];
    for (;;) {
      const long n = ssl_ ? ::SSL_read(ssl_.get(), buffer, sizeof buffer)
                          : ::recv(socket_.fd(), buffer, sizeof buffer, 0);
      if (n <= 0)
        break;
      out.append(buffer, static_cast<std::size_t>(n));
    }
    return out;
  }

private:
  struct CtxFree {
    void operator()(SSL_CTX* c) const { ::SSL_CTX_free(c); }
  };
  struct SslFree {
    void operator()(SSL* s) const { ::SSL_free(s); }
  };
  Socket socket_;
  std::unique_ptr<SSL_CTX, CtxFree> ctx_;
  std::unique_ptr<SSL, SslFree> ssl_;
};

std::string decode_chunked(std::string_view body) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    const auto line_end = body.find("\r\n", pos);
    if (line_end == std::string_view::npos)
      throw TransportError("truncated chunked body");
    std::size_t size = 0;
    const auto size_text = body.substr(pos, line_end - pos);
    const auto [end, ec] =
        std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (ec != std::errc() || end == size_text.data())
      throw TransportError("bad chunk size");
    pos = line_end + 2;
    if (size == 0)
      return out;
    if (pos + size > body.size())
      throw TransportError("truncated chunked body");
    out.append(body.substr(pos, size));
    pos += size + 2;
  }
}

} // namespace

HttpResponse parse_http_response(const std::string& bytes, bool to_head) {
  const auto head_end = bytes.find("\r\n\r\n");
  if (!bytes.starts_with("HTTP/") || head_end == std::string::npos)
    throw TransportError(bytes.empty() ? "the server closed the connection without answering"
                                       : "the answer is not an HTTP response");
  HttpResponse res;
  const auto space = bytes.find(' ');
  const auto [end, ec] =
      std::from_chars(bytes.data() + space + 1, bytes.data() + head_end, res.status);
  if (ec != std::errc())
    throw TransportError("the answer has no status code");
  std::size_t line = bytes.find("\r\n") + 2;
  while (line < head_end) {
    const auto next = bytes.find("\r\n", line);
    const auto colon = bytes.find(':', line);
    if (colon != std::string::npos && colon < next) {
      std::string value = bytes.substr(colon + 1, next - colon - 1);
      while (!value.empty() && value.front() == ' ')
        value.erase(0, 1);
      while (!value.empty() && value.back() == ' ')
        value.pop_back();
      res.headers.emplace_back(bytes.substr(line, colon - line), value);
    }
    line = next + 2;
  }
  std::string_view body(bytes);
  body.remove_prefix(head_end + 4);
  if (to_head || res.status / 100 == 1 || res.status == 204 || res.status == 304)
    return res;
  const auto coding = header_value(res.headers, "Transfer-Encoding");
  if (coding && coding->find("chunked") != std::string::npos) {
    res.body = decode_chunked(body);
  } else if (const auto length = header_value(res.headers, "Content-Length")) {
    std::size_t n = 0;
    std::from_chars(length->data(), length->data() + length->size(), n);
    if (n > body.size())
      throw TransportError("the body ended before its Content-Length");
    res.body = std::string(body.substr(0, n));
  } else {
    res.body = std::string(body);
  }
  return res;
}

HttpResponse send_raw(const RawRequest& request, const RawSettings& settings) {
  const Url url = parse_url(request.url);
  std::string head = request.method + " " + url.target + " HTTP/1.1\r\n";
  if (!has_header(request.headers, "Host"))
    head += "Host: " + url.host_header() + "\r\n";
  for (const auto& [name, value] : request.headers)
    head += name + ": " + value + "\r\n";
  if (!request.body.empty() && !has_header(request.headers, "Content-Length") &&
      !has_header(request.headers, "Transfer-Encoding"))
    head += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  if (!has_header(request.headers, "Connection"))
    head += "Connection: close\r\n";
  Channel channel(url, settings);
  channel.write_all(head + "\r\n" + request.body);
  return parse_http_response(channel.read_all(), request.method == "HEAD");
}

} // namespace reonomy::client::detail

#include "http/httplib_transport.hpp"

#include <httplib.h>

#include "http/url.hpp"
#include "reonomy_client/errors.hpp"

namespace reonomy::client::detail {

namespace {

httplib::Headers to_httplib(const Headers& headers) {
  httplib::Headers out;
  for (const auto& [name, value] : headers)
    out.emplace(name, value);
  return out;
}

Headers from_httplib(const httplib::Headers& headers) {
  return Headers(headers.begin(), headers.end());
}

[[noreturn]] void fail(const HttpRequest& request, httplib::Error error) {
  const std::string what = request.method + " " + request.url.substr(0, request.url.find('?')) +
                           ": " + httplib::to_string(error);
  // An untrusted certificate stays untrusted: retrying would only delay the answer.
  if (error == httplib::Error::SSLServerVerification || error == httplib::Error::SSLLoadingCerts)
    throw ClientError(ExitCode::unavailable,
                      what + " (the server's certificate is not signed by a trusted authority; "
                             "pass its authority's PEM file with --ca-file)");
  throw TransportError(what);
}

} // namespace

HttplibTransport::HttplibTransport(Settings settings) : settings_(std::move(settings)) {}

HttplibTransport::~HttplibTransport() = default;

httplib::Client& HttplibTransport::client_for(const Url& url) {
  auto& slot = clients_[url.origin()];
  if (!slot) {
    slot = std::make_unique<httplib::Client>(url.origin());
    slot->set_tcp_nodelay(true); // without it each kept-alive request stalls ~40 ms
    slot->set_keep_alive(true);
    slot->set_url_encode(false); // result URLs arrive encoded; send them byte for byte
    slot->set_connection_timeout(settings_.connect_timeout);
    slot->set_read_timeout(settings_.read_timeout);
    slot->set_write_timeout(settings_.read_timeout);
    if (url.scheme == "https") {
      slot->enable_server_certificate_verification(true);
      if (!settings_.ca_file.empty())
        slot->set_ca_cert_path(settings_.ca_file);
    }
  }
  return *slot;
}

HttpResponse HttplibTransport::send(const HttpRequest& request) {
  const Url url = parse_url(request.url);
  auto& client = client_for(url);
  httplib::Result result = [&] {
    if (request.multipart) {
      // The library writes the boundary into the Content-Type it sets: the documented way.
      httplib::MultipartFormDataItems items;
      for (const auto& part : *request.multipart)
        items.push_back({part.name, part.content, part.filename, part.content_type});
      return client.Post(url.target, to_httplib(request.headers), items);
    }
    httplib::Request req;
    req.method = request.method;
    req.path = url.target;
    req.headers = to_httplib(request.headers);
    req.body = request.body;
    return client.send(req);
  }();
  if (!result)
    fail(request, result.error());
  return {result->status, from_httplib(result->headers), std::move(result->body)};
}

HttpResponse HttplibTransport::stream(const HttpRequest& request, const StreamHandlers& handlers) {
  const Url url = parse_url(request.url);
  auto& client = client_for(url);
  HttpResponse head;
  bool stopped = false;
  httplib::Request req;
  req.method = request.method;
  req.path = url.target;
  req.headers = to_httplib(request.headers);
  req.body = request.body;
  req.response_handler = [&](const httplib::Response& res) {
    head.status = res.status;
    head.headers = from_httplib(res.headers);
    stopped = !handlers.on_head(head.status, head.headers);
    return !stopped;
  };
  req.content_receiver = [&](const char* data, std::size_t size, std::uint64_t, std::uint64_t) {
    stopped = !handlers.on_body(data, size);
    return !stopped;
  };
  httplib::Result result = client.send(req);
  if (result)
    return head;
  if (stopped && result.error() == httplib::Error::Canceled)
    return head;
  fail(request, result.error());
}

} // namespace reonomy::client::detail

#include "reonomy_mock/server.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "faults/fault_rule.hpp"
#include "http/access_log.hpp"
#include "http/admin_access.hpp"
#include "http/connection.hpp"
#include "http/context.hpp"
#include "http/control_routes.hpp"
#include "http/echo_route.hpp"
#include "http/gatekeeper.hpp"
#include "http/jobs_routes.hpp"
#include "http/library_errors.hpp"
#include "http/match_outputs.hpp"
#include "http/openapi_route.hpp"
#include "http/property_routes.hpp"
#include "http/request_limits.hpp"
#include "http/responses.hpp"
#include "http/results_routes.hpp"
#include "http/routes.hpp"
#include "http/tls_identity.hpp"
#include "http/worker_pool.hpp"
#include "sftp/sftp_server.hpp"

namespace reonomy::mock {

namespace {

void check(const Options& o) {
  if (o.users.empty())
    throw std::invalid_argument("at least one account (--user) is needed");
  if (!(o.pending_seconds >= 0) || !(o.started_seconds >= 0))
    throw std::invalid_argument("phase durations must be >= 0 seconds");
  if (o.port < 0 || o.port > 65535)
    throw std::invalid_argument("port must be 0..65535");
  if (o.sftp_port < -1 || o.sftp_port > 65535)
    throw std::invalid_argument("SFTP port must be 0..65535, or -1 for none");
  if (o.threads == 0)
    throw std::invalid_argument("at least one worker thread is needed");
  if (o.chunk_size == 0)
    throw std::invalid_argument("chunk size must be at least 1");
  if (!(o.url_ttl_seconds >= 0) || !(o.object_ttl_seconds >= 0))
    throw std::invalid_argument("TTLs must be >= 0 seconds");
  if (o.tls_cert.empty() != o.tls_key.empty())
    throw std::invalid_argument(
        "HTTPS needs both a certificate and its key (--tls-cert, --tls-key)");
  if (o.tls_self_signed && !o.tls_cert.empty())
    throw std::invalid_argument("choose --tls-self-signed or --tls-cert/--tls-key, not both");
  if (!o.tls_cert_out.empty() && !o.tls_self_signed)
    throw std::invalid_argument("--tls-cert-out writes the certificate --tls-self-signed makes; "
                                "add --tls-self-signed");
}

// The names a self-signed certificate vouches for: loopback by every spelling, and the listen
// address unless it is a wildcard.
std::vector<std::string> certificate_names(const std::string& host) {
  std::vector<std::string> names = {"localhost", "127.0.0.1", "::1"};
  if (host != "0.0.0.0" && host != "::" &&
      std::find(names.begin(), names.end(), host) == names.end())
    names.push_back(host);
  return names;
}

std::optional<TlsIdentity> tls_identity_of(const Options& o) {
  if (o.tls_self_signed)
    return make_self_signed_identity(certificate_names(o.host));
  if (!o.tls_cert.empty())
    return load_tls_identity(o.tls_cert, o.tls_key);
  return std::nullopt;
}

// A request refused for its framing never reaches routing; it is journaled and logged as any
// other answer is.
ConnectionHooks connection_hooks(ServiceContext& ctx) {
  ConnectionHooks hooks;
  hooks.refused = [&ctx](const httplib::Request& req, httplib::Response& res,
                         const FramingError& error) {
    note_request_start();
    if (!is_control_path(req.path))
      request_note().seq = ctx.journal.next_seq();
    render_error(res, ApiError(error.status, error.type, error.message));
    const auto entry = summarize_request(req, res, ctx.clock.now(), ctx.accounts);
    if (!is_control_path(req.path))
      ctx.journal.record(entry);
    if (ctx.options.log_format != LogFormat::off)
      log_request(ctx.options.log_format, entry);
  };
  return hooks;
}

std::unique_ptr<httplib::Server> make_http_server(ServiceContext& ctx,
                                                  const std::optional<TlsIdentity>& identity) {
  if (!identity)
    return make_owned_server(connection_hooks(ctx));
  auto https = make_owned_server(connection_hooks(ctx), [&identity](SSL_CTX& ssl) {
    return install_tls_identity(ssl, *identity);
  });
  if (!https->is_valid())
    throw std::runtime_error("OpenSSL refused the TLS certificate or key");
  return https;
}

void write_port_file(const std::string& path, int http_port, int sftp_port) {
  write_file_atomically(
      path, nlohmann::json{{"http", http_port},
                           {"sftp", sftp_port > 0 ? nlohmann::json(sftp_port) : nlohmann::json()}}
                    .dump() +
                "\n");
}

std::string loopback_if_any(const std::string& host) {
  if (host == "0.0.0.0")
    return "127.0.0.1";
  if (host == "::")
    return "[::1]";
  if (host.find(':') != std::string::npos && host.front() != '[')
    return "[" + host + "]";
  return host;
}

} // namespace

std::vector<FaultRule> load_fault_rules(const std::string& path, const Accounts& accounts) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::invalid_argument("cannot read the fault rules file " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    return parse_fault_rules(
        text, [&accounts](std::string_view key) { return accounts.find(key) != nullptr; });
  } catch (const ApiError& e) {
    throw std::invalid_argument("fault rules file " + path + ": " + e.what());
  }
}

struct Server::Impl {
  explicit Impl(Options options)
      : ctx((check(options), std::move(options))), tls(tls_identity_of(ctx.options)),
        http(make_http_server(ctx, tls)) {
    if (!ctx.options.faults_file.empty())
      ctx.faults.add(load_fault_rules(ctx.options.faults_file, ctx.accounts));
  }

  ServiceContext ctx;
  std::optional<TlsIdentity> tls; // HTTPS when set
  std::unique_ptr<httplib::Server> http;
  Routes routes{*http};
  std::unique_ptr<SftpServer> sftp;
  std::thread thread;
  int port = -1;
  bool started = false;
};

Server::Server(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {
  auto& http = *impl_->http;
  auto& ctx = impl_->ctx;
  const unsigned threads = ctx.options.threads;
  http.new_task_queue = [threads] { return new WorkerPool(threads); };
  http.set_tcp_nodelay(true); // without it keep-alive requests stall ~40 ms each
  http.set_keep_alive_max_count(1000);
  http.set_payload_max_length(ctx.options.max_upload_bytes);
  // cpp-httplib's read timeout applies to each read: a client that sends nothing for 5 s while a
  // request is due (a slow-loris sender, a half-sent request) loses its connection and its
  // worker; an idle kept-alive connection is closed after 5 s too. 5 s is the library's default,
  // set here so the promise is visible. A sender that trickles a byte every few seconds holds
  // one worker for as long as it keeps that up: --threads of them are needed to starve others.
  http.set_read_timeout(5, 0);
  http.set_keep_alive_timeout(5);
  http.set_pre_routing_handler(
      [&ctx, &routes = impl_->routes](const httplib::Request& req, httplib::Response& res) {
        note_request_start();
        if (is_control_path(req.path)) {
          if (admit_control_request(ctx, req, res) == httplib::Server::HandlerResponse::Handled)
            return httplib::Server::HandlerResponse::Handled;
        } else {
          request_note().seq = ctx.journal.next_seq();
        }
        if (const auto refusal = refuse_by_shape(req, ctx.options.max_upload_bytes)) {
          render_error(res, *refusal);
          res.set_header("Connection", "close");
          return httplib::Server::HandlerResponse::Handled;
        }
        if (!is_control_path(req.path) &&
            admit_request(ctx, req, res) == httplib::Server::HandlerResponse::Handled)
          return httplib::Server::HandlerResponse::Handled;
        // Routes that read their own bodies (multipart uploads) run here, before cpp-httplib would
        // read and parse the body itself.
        return routes.dispatch_body_readers(req, res) ? httplib::Server::HandlerResponse::Handled
                                                      : httplib::Server::HandlerResponse::Unhandled;
      });
  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [&ctx, &routes = impl_->routes](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty())
          return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 404 && !is_object_path(req.path)) {
          // RFC 9110 §15.5.6: a path that exists under other methods gets 405 and Allow.
          const std::string allow = routes.allowed_methods(req.path);
          if (!allow.empty()) {
            render_error(res, ApiError(405, "MethodNotAllowed",
                                       req.method + " is not a method of " + req.path +
                                           "; it takes " + allow + ".",
                                       {{"Allow", allow}}));
            return httplib::Server::HandlerResponse::Handled;
          }
        }
        render_error(res,
                     error_for_library_response(req, res.status, ctx.options.max_upload_bytes));
        // What follows a request the library could not read is not a request either.
        if (res.status == 400 || res.status == 413 || res.status == 414)
          res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
      }));
  // The journal takes each request once its answer is decided and before it is written, so a
  // client that got an answer finds it in the journal. ours: the journal keeps the API's
  // traffic; the control plane's own calls would crowd it.
  http.set_post_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
    finish_answer(req, res);
    if (!is_control_path(req.path))
      ctx.journal.record(summarize_request(req, res, ctx.clock.now(), ctx.accounts));
  });
  // The logger runs once the answer is written. What happens to the connection next (a body left
  // unread, an answer that says Connection: close) is the connection layer's (http/connection).
  http.set_logger([&ctx](const httplib::Request& req, const httplib::Response& res) {
    if (ctx.options.log_format != LogFormat::off) // tests and benches run without a log
      log_request(ctx.options.log_format,
                  summarize_request(req, res, ctx.clock.now(), ctx.accounts));
  });
  auto& routes = impl_->routes;
  add_jobs_routes(routes, ctx);
  add_results_routes(routes, ctx);
  add_property_routes(routes, ctx);
  add_control_routes(routes, ctx);
  add_echo_route(routes, ctx);
  add_openapi_route(routes, ctx);
}

Server::~Server() {
  stop();
}

void Server::start() {
  if (impl_->port != -1)
    throw std::logic_error("Server::start() can be called once");
  const Options& o = impl_->ctx.options;
  auto& http = *impl_->http;
  if (o.port == 0) {
    impl_->port = http.bind_to_any_port(o.host);
  } else {
    impl_->port = http.bind_to_port(o.host, o.port) ? o.port : -1;
  }
  if (impl_->port <= 0)
    throw std::runtime_error("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                             " (address in use or not available)");
  widen_listen_backlog(http, 1024);
  impl_->started = true;
  impl_->ctx.public_url = o.public_url.empty() ? base_url() : o.public_url;
  while (!impl_->ctx.public_url.empty() && impl_->ctx.public_url.back() == '/')
    impl_->ctx.public_url.pop_back();
  impl_->thread = std::thread([&http] { http.listen_after_bind(); });
  // cpp-httplib has no readiness callback; is_running() turns true once the accept loop runs.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!http.is_running()) {
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("the HTTP server did not start within 10 s");
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  // The corpus takes a few hundred ms to build: the server answers meanwhile, and what needs it
  // waits for it (http/corpus_gate.hpp).
  impl_->ctx.build_corpus();
  if (o.sftp_port >= 0) {
    auto& ctx = impl_->ctx;
    SftpServerOptions sftp;
    sftp.host = o.host;
    sftp.port = o.sftp_port;
    sftp.host_key_path = o.sftp_host_key;
    if (o.sftp_host_key.empty() && impl_->ctx.state)
      sftp.host_key_path = impl_->ctx.state->host_key_path();
    sftp.authenticate = [&ctx](std::string_view user, std::string_view password) {
      return ctx.accounts.verify(user, password) != nullptr;
    };
    const auto start_seconds = std::chrono::floor<std::chrono::seconds>(ctx.clock.now());
    sftp.tree = std::make_shared<MatchOutputTree>(match_output_files(ctx),
                                                  start_seconds.time_since_epoch().count());
    impl_->sftp = std::make_unique<SftpServer>(std::move(sftp));
    try {
      impl_->sftp->start();
    } catch (...) {
      stop();
      throw;
    }
  }
  if (!o.tls_cert_out.empty())
    write_file_atomically(o.tls_cert_out, certificate_pem());
  if (!o.port_file.empty())
    write_port_file(o.port_file, impl_->port, sftp_port());
}

void Server::stop() {
  if (!impl_ || !impl_->started)
    return;
  if (impl_->sftp)
    impl_->sftp->stop();
  impl_->http->stop();
  if (impl_->thread.joinable())
    impl_->thread.join();
  impl_->started = false;
}

int Server::port() const {
  return impl_->port;
}

int Server::sftp_port() const {
  return impl_->sftp ? impl_->sftp->port() : -1;
}

std::string Server::base_url() const {
  return std::string(impl_->tls ? "https://" : "http://") +
         loopback_if_any(impl_->ctx.options.host) + ":" + std::to_string(impl_->port);
}

std::string Server::public_url() const {
  return impl_->ctx.public_url;
}

std::string Server::certificate_pem() const {
  return impl_->tls ? impl_->tls->certificate_pem : std::string();
}

} // namespace reonomy::mock

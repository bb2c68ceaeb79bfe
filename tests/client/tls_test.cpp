// HTTPS: the client trusts a server whose certificate chains to --ca-file, and only that one.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include "client_fixture.hpp"
#include "http/raw_http.hpp"

using namespace reonomy::client;
using namespace reonomy::client::testing;

namespace {

// A self-signed certificate for 127.0.0.1 made in-process, and its PEM file.
struct SelfSigned {
  SelfSigned() {
    key = EVP_EC_gen("P-256");
    cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_EXTENSION* san =
        X509V3_EXT_conf_nid(nullptr, nullptr, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    X509_add_ext(cert, san, -1);
    X509_EXTENSION_free(san);
    X509_sign(cert, key, EVP_sha256());
    pem = std::filesystem::temp_directory_path() /
          ("reonomy-tls-test-" + std::to_string(::getpid()) + ".pem");
    FILE* out = std::fopen(pem.c_str(), "w");
    PEM_write_X509(out, cert);
    std::fclose(out);
  }
  ~SelfSigned() {
    std::filesystem::remove(pem);
    X509_free(cert);
    EVP_PKEY_free(key);
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  std::filesystem::path pem;
};

// An HTTPS server on a free loopback port answering GET /v2/jobs/file.
struct TlsServer {
  explicit TlsServer(const SelfSigned& identity) : http(identity.cert, identity.key) {
    http.Get("/v2/jobs/file", [](const httplib::Request& req, httplib::Response& res) {
      const bool authorized = req.has_header("Authorization") && req.has_header("User-Agent");
      res.status = authorized ? 200 : 401;
      res.set_content(R"({"count": 0, "items": []})", "application/json");
    });
    port = http.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { http.listen_after_bind(); });
    while (!http.is_running())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TlsServer() {
    http.stop();
    thread.join();
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port); }
  httplib::SSLServer http;
  int port = 0;
  std::thread thread;
};

} // namespace

TEST_CASE("HTTPS works with the server's authority in --ca-file", "[client][tls]") {
  SelfSigned identity;
  TlsServer server(identity);
  auto options = test_client_options(server.url(), std::make_shared<FakeClock>());
  options.ca_file = identity.pem.string();
  Client client(options);
  CHECK(client.list().count == 0);

  detail::RawRequest raw{"GET",
                         server.url() + "/v2/jobs/file",
                         {{"User-Agent", "t"}, {"Authorization", "Basic x"}},
                         ""};
  CHECK(detail::send_raw(raw, {identity.pem.string(), std::chrono::seconds(5)}).status == 200);
}

TEST_CASE("HTTPS refuses a server its authorities do not vouch for", "[client][tls]") {
  SelfSigned identity;
  TlsServer server(identity);
  auto options = test_client_options(server.url(), std::make_shared<FakeClock>());
  auto clock = std::make_shared<FakeClock>();
  options.clock = clock;
  Client client(options); // the system's authorities: the self-signed certificate is unknown
  try {
    client.list();
    FAIL("an untrusted server was accepted");
  } catch (const ClientError& e) {
    CHECK(e.exit_code() == ExitCode::unavailable);
    CHECK_THAT(e.what(), Catch::Contains("--ca-file"));
  }
  CHECK(clock->sleeps.empty()); // not retried: it would not become trusted

  detail::RawRequest raw{"GET", server.url() + "/v2/jobs/file", {{"User-Agent", "t"}}, ""};
  CHECK_THROWS_WITH(detail::send_raw(raw, {"", std::chrono::seconds(5)}),
                    Catch::Contains("TLS handshake"));
}

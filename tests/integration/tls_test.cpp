// HTTPS: a generated or given certificate, URLs with the https scheme, and clients that trust the
// certificate (and those that do not) seeing what they should.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "http/tls_identity.hpp"
#include "mock_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {

Options tls_options() {
  Options o = test_options();
  o.tls_self_signed = true;
  return o;
}

// A scratch file removed with the test.
struct TempFile {
  explicit TempFile(const std::string& name, const std::string& content = "")
      : path(std::filesystem::temp_directory_path() /
             ("reonomy-tls-" + std::to_string(::getpid()) + "-" + name)) {
    if (!content.empty())
      std::ofstream(path) << content;
  }
  ~TempFile() { std::filesystem::remove(path); }
  std::filesystem::path path;
};

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

httplib::Client trusting(const Server& server, const std::string& ca_file) {
  httplib::Client client(server.base_url());
  client.set_ca_cert_path(ca_file.c_str());
  client.enable_server_certificate_verification(true);
  client.set_read_timeout(30, 0);
  client.set_connection_timeout(5, 0);
  return client;
}

std::string path_of(const std::string& url) {
  return url.substr(url.find('/', url.find("://") + 3));
}

} // namespace

TEST_CASE("a job's whole lifecycle over HTTPS with the generated certificate trusted", "[tls]") {
  TempFile cert("cert.pem");
  Options options = tls_options();
  options.tls_cert_out = cert.path.string();
  Server server(options);
  server.start();
  CHECK(server.base_url() == "https://127.0.0.1:" + std::to_string(server.port()));
  CHECK(read(cert.path) == server.certificate_pem());
  CHECK(server.certificate_pem().rfind("-----BEGIN CERTIFICATE-----", 0) == 0);

  auto client = trusting(server, cert.path.string());
  const auto health = client.Get("/_mock/health");
  REQUIRE(health);
  CHECK(nlohmann::json::parse(health->body)["scheme"] == "https");

  const httplib::Headers auth = {{"Authorization", basic_auth(kKey, kSecret)},
                                 {"User-Agent", "tls-test"}};
  const auto created = client.Post(
      "/v2/jobs/file", auth,
      httplib::MultipartFormDataItems{{"job_type", "property-details", "", ""},
                                      {"file", property_details_spec(), "spec.json", ""}});
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const std::string id = nlohmann::json::parse(created->body)["id"];
  REQUIRE(client.Post("/_mock/clock/advance", R"({"seconds": 10})", "application/json")->status ==
          200);
  const auto job = nlohmann::json::parse(client.Get("/v2/jobs/file/" + id, auth)->body);
  REQUIRE(job["status"] == "SUCCESS");
  const std::string url = job["result_urls"][0];
  CHECK(url.rfind(server.base_url() + "/job_cache/", 0) == 0); // presigned URLs say https
  const auto download = client.Get(path_of(url));
  REQUIRE(download);
  CHECK(download->status == 200);
  CHECK(std::count(download->body.begin(), download->body.end(), '\n') == 2);
  server.stop();
}

TEST_CASE("a client that does not trust the certificate fails the handshake, and plain HTTP "
          "gets no answer",
          "[tls]") {
  Server server(tls_options());
  server.start();
  // It trusts another self-signed certificate for the same names, not this one.
  TempFile other("other-ca.pem", make_self_signed_identity({"127.0.0.1"}).certificate_pem);
  httplib::SSLClient untrusting("127.0.0.1", server.port());
  untrusting.set_ca_cert_path(other.path.c_str());
  untrusting.enable_server_certificate_verification(true);
  untrusting.set_connection_timeout(5, 0);
  const auto refused = untrusting.Get("/_mock/health");
  CHECK_FALSE(refused);
  CHECK(refused.error() == httplib::Error::SSLServerVerification);

  httplib::Client plain("127.0.0.1", server.port());
  plain.set_read_timeout(5, 0);
  CHECK_FALSE(plain.Get("/_mock/health"));
  server.stop();
}

TEST_CASE("a certificate and key from files are served; bad ones are refused at start", "[tls]") {
  const TlsIdentity identity = make_self_signed_identity({"127.0.0.1"});
  TempFile cert("given-cert.pem", identity.certificate_pem);
  TempFile key("given-key.pem", identity.private_key_pem);
  Options options = test_options();
  options.tls_cert = cert.path.string();
  options.tls_key = key.path.string();
  {
    Server server(options);
    server.start();
    CHECK(server.certificate_pem() == identity.certificate_pem);
    auto client = trusting(server, cert.path.string());
    const auto res = client.Get("/_mock/clock");
    REQUIRE(res);
    CHECK(res->status == 200);
    server.stop();
  }

  TempFile other_key("other-key.pem", make_self_signed_identity({"x"}).private_key_pem);
  options.tls_key = other_key.path.string();
  CHECK_THROWS_WITH(Server(options), Catch::Contains("does not belong"));
  options.tls_key = (cert.path.string() + ".missing");
  CHECK_THROWS_WITH(Server(options), Catch::Contains(".missing"));
  options.tls_key = cert.path.string(); // a certificate is no key
  CHECK_THROWS_WITH(Server(options), Catch::Contains("no unencrypted PEM private key"));
}

TEST_CASE("inconsistent TLS options are refused", "[tls]") {
  Options options = test_options();
  options.tls_cert = "cert.pem";
  CHECK_THROWS_AS(Server(options), std::invalid_argument);
  options = test_options();
  options.tls_cert_out = "out.pem";
  CHECK_THROWS_WITH(Server(options), Catch::Contains("--tls-self-signed"));
  options = tls_options();
  options.tls_cert = "c.pem";
  options.tls_key = "k.pem";
  CHECK_THROWS_AS(Server(options), std::invalid_argument);
}

TEST_CASE("the generated certificate names loopback and the listen address", "[tls]") {
  Options options = tls_options();
  options.host = "0.0.0.0";
  Server server(options);
  server.start();
  const std::string pem = server.certificate_pem();
  // Reached at 127.0.0.1 and at localhost, verified by name each time.
  for (const char* host : {"127.0.0.1", "localhost"}) {
    TempFile ca(std::string("ca-") + host, pem);
    httplib::SSLClient client(host, server.port());
    client.set_ca_cert_path(ca.path.c_str());
    client.enable_server_certificate_verification(true);
    const auto res = client.Get("/_mock/nothing"); // 401 from the closed control plane is fine
    INFO(host);
    REQUIRE(res);
    CHECK(res->status == 401);
  }
  server.stop();
}

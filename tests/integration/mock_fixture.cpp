#include "mock_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "core/base64.hpp"

namespace reonomy::mock::testing {

Options test_options() {
  Options o;
  o.host = "127.0.0.1";
  o.port = 0;
  o.clock = ClockMode::manual;
  o.users = {{kKey, kSecret}, {kOtherKey, kOtherSecret}};
  o.pending_seconds = 2;
  o.started_seconds = 3;
  o.rate_limit = 0;
  o.threads = 8;
  o.log_format = LogFormat::off;
  o.corpus_size = 20000; // enough for searches with hits, quick to build for each test
  o.sftp_port = -1;      // the SFTP tests turn it on
  return o;
}

Options instant_test_options() {
  Options o = test_options();
  o.pending_seconds = o.started_seconds = 0;
  return o;
}

MockFixture::MockFixture(Options options) : server_(std::move(options)) {
  server_.start();
}

MockFixture::~MockFixture() {
  server_.stop();
}

httplib::Client MockFixture::client() const {
  httplib::Client c("127.0.0.1", server_.port());
  c.set_read_timeout(30, 0);
  return c;
}

std::string basic_auth(const std::string& key, const std::string& secret) {
  return "Basic " + base64_encode(key + ":" + secret);
}

httplib::Headers MockFixture::auth(const std::string& key, const std::string& secret) const {
  return {{"Authorization", basic_auth(key, secret)}, {"User-Agent", "reonomy-mock-tests"}};
}

httplib::Result MockFixture::submit(const std::string& job_type, const std::string& file_content,
                                    const std::string& filename, const std::string& metadata,
                                    const std::string& key, const std::string& secret) const {
  httplib::MultipartFormDataItems items = {{"job_type", job_type, "", ""},
                                           {"file", file_content, filename, "application/json"}};
  if (!metadata.empty())
    items.push_back({"metadata", metadata, "", ""});
  return client().Post("/v2/jobs/file", auth(key, secret), items);
}

httplib::Result MockFixture::get(const std::string& path, const std::string& key,
                                 const std::string& secret) const {
  return client().Get(path.c_str(), auth(key, secret));
}

void MockFixture::advance(double seconds) const {
  const auto res = client().Post("/_mock/clock/advance",
                                 nlohmann::json{{"seconds", seconds}}.dump(), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
}

nlohmann::json MockFixture::finished_job(const std::string& job_type,
                                         const std::string& file_content,
                                         const std::string& filename,
                                         const std::string& metadata) const {
  const auto created = submit(job_type, file_content, filename, metadata);
  REQUIRE(created);
  INFO(created->body);
  REQUIRE(created->status == 201);
  const auto job = body_of(get("/v2/jobs/file/" + body_of(created)["id"].get<std::string>()));
  REQUIRE(job["status"] == "SUCCESS");
  return job;
}

httplib::Result MockFixture::download(const std::string& url) const {
  return client().Get(url.substr(url.find('/', url.find("://") + 3)).c_str());
}

MockFixture::RawResponse MockFixture::raw(const std::string& request) const {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(server_.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0)
      break;
    sent += std::size_t(n);
  }
  std::string response;
  char buf[4096];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    response.append(buf, std::size_t(n));
  ::close(fd);
  RawResponse out;
  const auto head_end = response.find("\r\n\r\n");
  REQUIRE(head_end != std::string::npos);
  out.headers = response.substr(0, head_end);
  out.body = response.substr(head_end + 4);
  out.status = std::stoi(response.substr(9, 3));
  return out;
}

nlohmann::json body_of(const httplib::Result& res) {
  REQUIRE(res);
  auto json = nlohmann::json::parse(res->body, nullptr, false);
  INFO("body: " << res->body);
  REQUIRE_FALSE(json.is_discarded());
  return json;
}

std::string property_details_spec(int ids) {
  nlohmann::json spec = {{"detail_type", {"basic", "ownership"}},
                         {"property_ids", nlohmann::json::array()}};
  const char* known[] = {"51e2200a-5160-5ab1-8f98-20a17fedbb87",
                         "60a041c1-06e9-5b56-9468-2d398b07de75",
                         "6ea9347d-5cff-59db-81ef-3713478b510f"};
  for (int i = 0; i < ids; ++i)
    spec["property_ids"].push_back(known[i % 3]);
  return spec.dump();
}

} // namespace reonomy::mock::testing

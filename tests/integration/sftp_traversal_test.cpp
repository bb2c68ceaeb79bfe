// Path traversal over SFTP with libssh's client, which sends paths exactly as given (OpenSSH's
// sftp resolves some of them itself first): nothing outside an account's tree is reachable.
#include <catch2/catch.hpp>

#include <fcntl.h>

#include "sftp/ssh_api.hpp"
#include "sftp_fixture.hpp"

using namespace reonomy::mock;
using namespace reonomy::mock::testing;

namespace {

const std::string kMine = "mine,only\n1,2\n";
const std::string kTheirs = "theirs,only\n3,4\n";

// A logged-in libssh SFTP session, closed on destruction.
class LibsshClient {
public:
  LibsshClient(int port, const std::string& user, const std::string& password) {
    ssh_ = ssh_new();
    REQUIRE(ssh_);
    const int no = 0;
    long timeout = 10;
    ssh_options_set(ssh_, SSH_OPTIONS_HOST, "127.0.0.1");
    ssh_options_set(ssh_, SSH_OPTIONS_PORT, &port);
    ssh_options_set(ssh_, SSH_OPTIONS_USER, user.c_str());
    ssh_options_set(ssh_, SSH_OPTIONS_TIMEOUT, &timeout);
    ssh_options_set(ssh_, SSH_OPTIONS_PROCESS_CONFIG, &no);
    REQUIRE(ssh_connect(ssh_) == SSH_OK);
    // The test server's host key is new each run: not checked here.
    REQUIRE(ssh_userauth_password(ssh_, nullptr, password.c_str()) == SSH_AUTH_SUCCESS);
    sftp_ = sftp_new(ssh_);
    REQUIRE(sftp_);
    REQUIRE(sftp_init(sftp_) == SSH_OK);
  }
  ~LibsshClient() {
    sftp_free(sftp_);
    ssh_disconnect(ssh_);
    ssh_free(ssh_);
  }
  LibsshClient(const LibsshClient&) = delete;
  LibsshClient& operator=(const LibsshClient&) = delete;

  // The whole file at `path`, or nothing when the server refuses to open it.
  std::optional<std::string> read(const std::string& path) {
    sftp_file file = sftp_open(sftp_, path.c_str(), O_RDONLY, 0);
    if (!file)
      return std::nullopt;
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = sftp_read(file, buf, sizeof buf)) > 0;)
      out.append(buf, std::size_t(n));
    sftp_close(file);
    return out;
  }
  bool exists(const std::string& path) {
    sftp_attributes attributes = sftp_stat(sftp_, path.c_str());
    if (!attributes)
      return false;
    sftp_attributes_free(attributes);
    return true;
  }
  std::vector<std::string> list(const std::string& path) {
    std::vector<std::string> names;
    sftp_dir dir = sftp_opendir(sftp_, path.c_str());
    if (!dir)
      return names;
    while (sftp_attributes a = sftp_readdir(sftp_, dir)) {
      names.emplace_back(a->name);
      sftp_attributes_free(a);
    }
    sftp_closedir(dir);
    return names;
  }
  std::string canonical(const std::string& path) {
    char* resolved = sftp_canonicalize_path(sftp_, path.c_str());
    if (!resolved)
      return "(refused)";
    std::string out = resolved;
    ssh_string_free_char(resolved);
    return out;
  }
  int error() const { return sftp_get_error(sftp_); }

private:
  ssh_session ssh_ = nullptr;
  sftp_session sftp_ = nullptr;
};

} // namespace

TEST_CASE("abuse: SFTP paths that climb out of the tree reach nothing, with libssh's client",
          "[abuse][sftp]") {
  auto files = std::make_shared<SftpTestFiles>();
  files->add(kSftpKey, "mine.csv", kMine, 1700000000);
  files->add(kSftpOtherKey, "theirs.csv", kTheirs, 1700000000);
  SftpFixture sftp(files);
  LibsshClient client(sftp.port(), kSftpKey, kSftpSecret);

  // The way in works, by any spelling that stays inside.
  CHECK(client.read("/jobs/match/mine.csv") == kMine);
  CHECK(client.read("jobs/match/mine.csv") == kMine);
  CHECK(client.read("/jobs/../jobs/./match//mine.csv") == kMine);
  CHECK(client.read("/../../jobs/match/mine.csv") == kMine); // .. at the root stays at the root

  const std::vector<std::string> outside = {
      "/etc/passwd",
      "../../../../etc/passwd",
      "/jobs/match/../../../../../etc/passwd",
      "jobs/match/../../../../etc/hostname",
      "..%2f..%2f..%2fetc%2fpasswd",
      "%2e%2e/%2e%2e/etc/passwd",
      "/jobs/match/..\\..\\..\\etc\\passwd",
      "/proc/self/environ",
      "/jobs/match/theirs.csv",
      "/../" + std::string(kSftpOtherKey) + "/jobs/match/theirs.csv",
  };
  for (const auto& path : outside) {
    INFO(path);
    CHECK_FALSE(client.read(path).has_value());
    CHECK(client.error() == SSH_FX_NO_SUCH_FILE);
    CHECK_FALSE(client.exists(path));
  }
  // Listings and canonical names never show anything above the account's root.
  CHECK(client.canonical("../../..") == "/");
  CHECK(client.canonical("/jobs/match/../../../..") == "/");
  CHECK(client.list("/..") == client.list("/"));
  CHECK(client.list("../../etc").empty());
  // The session still serves normal requests afterwards.
  CHECK(client.read("/jobs/match/mine.csv") == kMine);
}

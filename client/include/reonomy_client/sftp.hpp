#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace reonomy::client {

// doc: match outputs are delivered over SFTP at sftp://sftp.reonomy.com on port 22, user name =
// access key, password = secret key, in the jobs/match folder.
struct SftpOptions {
  std::string host = "sftp.reonomy.com";
  int port = 22;
  std::string username; // the access key
  std::string password; // the secret key
  // A host key that is not in ~/.ssh/known_hosts is refused unless this is set (trust on first
  // use; the key is not written anywhere). A key that differs from a known one is always refused.
  bool accept_unknown_host_key = false;
  // The known_hosts file to check the host key against; empty: ~/.ssh/known_hosts.
  std::string known_hosts_file;
  std::chrono::seconds timeout{30};
};

// "sftp://HOST[:PORT]" (port 22 when absent) into `options`; UsageError otherwise.
void parse_sftp_url(const std::string& url, SftpOptions& options);

struct SftpEntry {
  std::string name;
  std::uint64_t size = 0;
  std::int64_t mtime = 0; // seconds since the epoch
  bool directory = false;
};

// One logged-in SFTP session (libssh). Throws ClientError: unauthorized (4) when the login is
// refused, unavailable (7) when the server cannot be reached or its host key is not trusted,
// download_failed (6) when a listing or a transfer fails.
class SftpClient {
public:
  explicit SftpClient(const SftpOptions& options);
  ~SftpClient();
  SftpClient(const SftpClient&) = delete;
  SftpClient& operator=(const SftpClient&) = delete;

  // The entries of `directory` (without . and ..), sorted by name.
  std::vector<SftpEntry> list(const std::string& directory);
  // Copies `remote` to `local` through `local`.part, renamed once complete. Returns the bytes.
  std::uint64_t get(const std::string& remote, const std::filesystem::path& local);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace reonomy::client

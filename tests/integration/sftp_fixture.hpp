#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sftp/match_output_tree.hpp"
#include "sftp/sftp_server.hpp"

namespace reonomy::mock::testing {

inline constexpr const char* kSftpKey = "sftp-access-key";
inline constexpr const char* kSftpSecret = "sftp-secret-key";
inline constexpr const char* kSftpOtherKey = "sftp-other-key";
inline constexpr const char* kSftpOtherSecret = "sftp-other-secret";

// Byte `offset + i` of generated file number `seed`, for files too big to keep in memory.
std::string generated_bytes(std::uint64_t seed, std::uint64_t offset, std::size_t length);

// The match outputs the SFTP tests serve: per account, files held in memory or generated from
// their offset. Thread-safe, as the server calls it from session threads. source() keeps the
// object alive for as long as the server holds the functions.
class SftpTestFiles : public std::enable_shared_from_this<SftpTestFiles> {
public:
  void add(const std::string& account, const std::string& name, std::string content,
           std::int64_t mtime);
  void add_generated(const std::string& account, const std::string& name, std::uint64_t size,
                     std::uint64_t seed, std::int64_t mtime);
  MatchOutputFiles source();

private:
  struct File {
    SftpEntry entry;
    std::shared_ptr<const std::string> content; // null: generated
    std::uint64_t seed = 0;
  };
  std::mutex mutex_;
  std::map<std::string, std::map<std::string, File>> accounts_;
};

// A directory under the system temp directory, removed with everything in it.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

// An SftpServer on a free loopback port with two accounts (kSftpKey, kSftpOtherKey).
class SftpFixture {
public:
  explicit SftpFixture(std::shared_ptr<SftpTestFiles> files,
                       std::filesystem::path host_key_path = {});
  SftpServer& server() { return server_; }
  int port() const { return server_.port(); }

private:
  SftpServer server_;
};

// A child process in its own process group, so killing it takes sshpass, sftp and ssh at once.
// Its stdout and stderr go to a file. The destructor kills and reaps a child still running.
class ChildProcess {
public:
  ChildProcess(const std::vector<std::string>& argv, std::filesystem::path output);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The exit status (128 + signal when killed), or nothing when still running after `timeout`.
  std::optional<int> wait_for(std::chrono::milliseconds timeout);
  void kill_group();
  std::string output() const;

private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::filesystem::path output_;
};

// OpenSSH's `sftp` through sshpass, in batch mode, as a user would script it: `batch` holds the
// commands, one a line. Host keys are neither checked nor remembered.
std::unique_ptr<ChildProcess> start_sftp(int port, const std::string& user,
                                         const std::string& password, const std::string& batch,
                                         const std::filesystem::path& workdir);

struct SftpRun {
  int status = -1;
  std::string output; // stdout and stderr, with the echoed batch commands
};
// start_sftp, then waits (at most 30 s).
SftpRun run_sftp(int port, const std::string& user, const std::string& password,
                 const std::string& batch, const std::filesystem::path& workdir);

std::string read_file(const std::filesystem::path& path);

} // namespace reonomy::mock::testing

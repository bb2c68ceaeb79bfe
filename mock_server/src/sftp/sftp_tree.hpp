#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace reonomy::mock {

// One file or directory as an SFTP client sees it.
struct SftpEntry {
  std::string name;       // last path component; "/" for the root
  std::uint64_t size = 0; // bytes; ignored for directories
  std::int64_t mtime = 0; // seconds since the Unix epoch (the mock clock's, not the host's)
  bool is_dir = false;
};

// The bytes of one open file. The server asks for pieces in whatever order the client requests
// them (OpenSSH keeps up to 64 reads of 32 KiB in flight), so content can be generated on demand
// from an offset instead of living in a file or a buffer.
//
// A reader is used by one session thread only, but several readers of the same file may exist
// at once (parallel clients).
class SftpReader {
public:
  virtual ~SftpReader() = default;

  // Copies up to `len` bytes starting at `offset` into `buf` and returns how many it copied.
  // Fewer than `len` is allowed; 0 means end of file (always so at or past the size).
  virtual std::size_t read(std::uint64_t offset, char* buf, std::size_t len) = 0;
};

// Thrown by a reader to end the client's connection at once, as a network failure would (no
// status reply, no channel close): how fault rules drop an SFTP transfer midway.
class SftpDropConnection : public std::exception {
public:
  const char* what() const noexcept override { return "SFTP connection dropped on purpose"; }
};

// A virtual, read-only filesystem per account, supplied by whoever embeds the SFTP server.
//
// Every path handed to a tree is absolute and normalised by the server: it starts with "/", has
// no "." or ".." components, no repeated or trailing slashes ("/", "/jobs", "/jobs/match/a.csv").
// `account` is the authenticated user name (the API access key). A tree must answer for that
// account only; that is what keeps one account's files invisible to another.
//
// Methods are called concurrently from session threads and must be thread-safe. An exception
// thrown by a method is reported to the client as a generic failure for that request only.
class SftpTree {
public:
  virtual ~SftpTree() = default;

  // The entry at `path`, or nothing when it does not exist. The root "/" must exist.
  virtual std::optional<SftpEntry> stat(std::string_view account, std::string_view path) = 0;

  // The entries directly inside directory `dir`, without "." and "..". Called only for paths
  // stat() reported as directories; the listing is taken once when the client opens the
  // directory.
  virtual std::vector<SftpEntry> list(std::string_view account, std::string_view dir) = 0;

  // A reader over the regular file at `path`, or nullptr when there is none. Called only after
  // stat() found a file there; the size stat() reported is what clients are told.
  virtual std::unique_ptr<SftpReader> open(std::string_view account, std::string_view path) = 0;
};

} // namespace reonomy::mock

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sftp/sftp_tree.hpp"
#include "sftp/ssh_api.hpp"

namespace reonomy::mock::detail {

// The SFTP protocol (version 3) for one authenticated session: answers each request from the
// account's SftpTree and refuses every change with SSH_FX_PERMISSION_DENIED. Knows nothing of
// sockets or SSH; the session feeds it messages. One per session, used by one thread.
class SftpRequestHandler {
public:
  // ours: the same bound libssh's own handle table has; a client needing more is misbehaving.
  static constexpr std::size_t kMaxOpenHandles = 256;

  SftpRequestHandler(SftpTree& tree, std::string account);

  // Answers `msg` (which stays owned by the caller). Returns false when the reply could not be
  // sent, which means the connection is gone.
  bool handle(sftp_client_message msg);

private:
  struct OpenFile {
    SftpEntry entry;
    std::unique_ptr<SftpReader> reader;
  };
  struct OpenDir {
    std::vector<SftpEntry> entries; // "." and ".." first, then the tree's listing
    std::size_t next = 0;
  };
  using Handle = std::variant<OpenFile, OpenDir>;

  bool on_open(sftp_client_message msg);
  bool on_opendir(sftp_client_message msg);
  bool on_read(sftp_client_message msg);
  bool on_readdir(sftp_client_message msg);
  bool on_close(sftp_client_message msg);
  bool on_stat(sftp_client_message msg);
  bool on_fstat(sftp_client_message msg);
  bool on_realpath(sftp_client_message msg);
  bool on_readlink(sftp_client_message msg);
  bool on_extended(sftp_client_message msg);

  bool reply_handle(sftp_client_message msg, Handle handle);
  Handle* find(sftp_client_message msg);
  std::optional<SftpEntry> stat_path(const std::string& path);

  SftpTree& tree_;
  std::string account_;
  std::map<std::uint32_t, Handle> handles_;
  // Handle ids are never reused within a session, so a stale handle cannot reach a newer file.
  std::uint32_t next_handle_ = 1;
  std::vector<char> buffer_;
};

} // namespace reonomy::mock::detail

#include "sftp/sftp_requests.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>
#include <utility>

#include "sftp/sftp_path.hpp"

namespace reonomy::mock::detail {

namespace {

// ours: OpenSSH asks for 32 KiB per read; answering at most 64 KiB keeps one reply within a
// few SSH packets and the per-session buffer small, and SFTP lets a server return less.
constexpr std::size_t kMaxReadBytes = 64 * 1024;
// OpenSSH's sftp-server sends directory listings in batches of 100 names.
constexpr std::size_t kNamesPerReaddir = 100;
constexpr std::uint32_t kWriteFlags =
    SSH_FXF_WRITE | SSH_FXF_APPEND | SSH_FXF_CREAT | SSH_FXF_TRUNC | SSH_FXF_EXCL;

constexpr const char* kReadOnly =
    "permission denied: this SFTP server is read-only (it only delivers match job outputs)";

std::uint32_t clamp_time(std::int64_t seconds) {
  return static_cast<std::uint32_t>(
      std::clamp<std::int64_t>(seconds, 0, std::numeric_limits<std::uint32_t>::max()));
}

// libssh serialises only the fields `flags` announces; everything else stays zero.
sftp_attributes_struct attributes_of(const SftpEntry& entry) {
  sftp_attributes_struct attr{};
  attr.flags = SSH_FILEXFER_ATTR_SIZE | SSH_FILEXFER_ATTR_PERMISSIONS | SSH_FILEXFER_ATTR_ACMODTIME;
  attr.size = entry.is_dir ? 0 : entry.size;
  // ours: read-only modes, so `ls -l` already tells users not to try writing.
  attr.permissions = entry.is_dir ? (SSH_S_IFDIR | 0555) : (SSH_S_IFREG | 0444);
  attr.atime = attr.mtime = clamp_time(entry.mtime);
  attr.atime64 = attr.mtime64 = attr.mtime;
  return attr;
}

// The `ls -l` line SFTP v3 carries beside each name; OpenSSH's client prints it verbatim.
// ours: owner "reonomy" and an ISO date in UTC, which needs no notion of "now" (ls switches
// between time and year by age) and reads the same whatever the mock clock says.
std::string long_name(const SftpEntry& entry) {
  const std::time_t mtime = clamp_time(entry.mtime);
  std::tm tm{};
  gmtime_r(&mtime, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
  char line[128];
  std::snprintf(line, sizeof line, "%s    1 reonomy  reonomy  %10llu %s ",
                entry.is_dir ? "dr-xr-xr-x" : "-r--r--r--",
                static_cast<unsigned long long>(entry.is_dir ? 0 : entry.size), date);
  return line + entry.name;
}

bool reply_status(sftp_client_message msg, std::uint32_t status, const char* message) {
  return sftp_reply_status(msg, status, message) == 0;
}

bool no_such_file(sftp_client_message msg) {
  return reply_status(msg, SSH_FX_NO_SUCH_FILE, "no such file or directory");
}

bool bad_handle(sftp_client_message msg) {
  // SFTP v3 has no invalid-handle status; OpenSSH's sftp-server also answers a plain failure.
  return reply_status(msg, SSH_FX_FAILURE, "invalid handle: not open in this session");
}

std::string filename_of(sftp_client_message msg) {
  const char* name = sftp_client_message_get_filename(msg);
  return normalize_sftp_path(name == nullptr ? "" : name);
}

} // namespace

SftpRequestHandler::SftpRequestHandler(SftpTree& tree, std::string account)
    : tree_(tree), account_(std::move(account)), buffer_(kMaxReadBytes) {}

bool SftpRequestHandler::handle(sftp_client_message msg) {
  try {
    switch (sftp_client_message_get_type(msg)) {
    case SSH_FXP_OPEN:
      return on_open(msg);
    case SSH_FXP_OPENDIR:
      return on_opendir(msg);
    case SSH_FXP_READ:
      return on_read(msg);
    case SSH_FXP_READDIR:
      return on_readdir(msg);
    case SSH_FXP_CLOSE:
      return on_close(msg);
    case SSH_FXP_STAT:
    case SSH_FXP_LSTAT:
      return on_stat(msg); // there are no symbolic links
    case SSH_FXP_FSTAT:
      return on_fstat(msg);
    case SSH_FXP_REALPATH:
      return on_realpath(msg);
    case SSH_FXP_READLINK:
      return on_readlink(msg);
    case SSH_FXP_EXTENDED:
      return on_extended(msg);
    case SSH_FXP_WRITE:
    case SSH_FXP_REMOVE:
    case SSH_FXP_RENAME:
    case SSH_FXP_MKDIR:
    case SSH_FXP_RMDIR:
    case SSH_FXP_SETSTAT:
    case SSH_FXP_FSETSTAT:
    case SSH_FXP_SYMLINK:
      return reply_status(msg, SSH_FX_PERMISSION_DENIED, kReadOnly);
    default:
      return reply_status(msg, SSH_FX_OP_UNSUPPORTED, "operation not supported");
    }
  } catch (const SftpDropConnection&) {
    throw; // the connection ends here (SftpConnection::serve_sftp)
  } catch (const std::exception&) {
    // A failing tree spoils this request only; the client may go on with others.
    return reply_status(msg, SSH_FX_FAILURE, "the server could not complete this request");
  }
}

std::optional<SftpEntry> SftpRequestHandler::stat_path(const std::string& path) {
  return tree_.stat(account_, path);
}

bool SftpRequestHandler::on_open(sftp_client_message msg) {
  if (sftp_client_message_get_flags(msg) & kWriteFlags)
    return reply_status(msg, SSH_FX_PERMISSION_DENIED, kReadOnly);
  const std::string path = filename_of(msg);
  std::optional<SftpEntry> entry = stat_path(path);
  if (!entry)
    return no_such_file(msg);
  if (entry->is_dir)
    return reply_status(msg, SSH_FX_FAILURE, "is a directory, not a file");
  std::unique_ptr<SftpReader> reader = tree_.open(account_, path);
  if (!reader)
    return no_such_file(msg);
  return reply_handle(msg, OpenFile{std::move(*entry), std::move(reader)});
}

bool SftpRequestHandler::on_opendir(sftp_client_message msg) {
  const std::string path = filename_of(msg);
  std::optional<SftpEntry> dir = stat_path(path);
  if (!dir)
    return no_such_file(msg);
  if (!dir->is_dir)
    return reply_status(msg, SSH_FX_FAILURE, "not a directory");
  // ours: "." and ".." are listed as OpenSSH's sftp-server lists them; clients hide them.
  OpenDir open;
  SftpEntry self = *dir;
  self.name = ".";
  std::optional<SftpEntry> parent = path == "/" ? dir : stat_path(parent_sftp_path(path));
  SftpEntry up = parent ? *parent : self;
  up.name = "..";
  open.entries.push_back(std::move(self));
  open.entries.push_back(std::move(up));
  for (SftpEntry& entry : tree_.list(account_, path))
    open.entries.push_back(std::move(entry));
  return reply_handle(msg, std::move(open));
}

bool SftpRequestHandler::on_read(sftp_client_message msg) {
  Handle* handle = find(msg);
  if (handle == nullptr)
    return bad_handle(msg);
  auto* file = std::get_if<OpenFile>(handle);
  if (file == nullptr)
    return reply_status(msg, SSH_FX_FAILURE, "is a directory, not a file");
  const std::size_t wanted = std::min<std::size_t>(msg->len, buffer_.size());
  if (msg->offset > std::numeric_limits<std::uint64_t>::max() - wanted)
    return reply_status(msg, SSH_FX_EOF, "end of file");
  std::size_t got = 0;
  // A reader may answer in smaller pieces; fill the reply so clients need not re-request.
  while (got < wanted) {
    const std::size_t n = file->reader->read(msg->offset + got, buffer_.data() + got, wanted - got);
    if (n == 0)
      break;
    got += std::min(n, wanted - got);
  }
  if (got == 0)
    return reply_status(msg, SSH_FX_EOF, "end of file");
  return sftp_reply_data(msg, buffer_.data(), static_cast<int>(got)) == 0;
}

bool SftpRequestHandler::on_readdir(sftp_client_message msg) {
  Handle* handle = find(msg);
  if (handle == nullptr)
    return bad_handle(msg);
  auto* dir = std::get_if<OpenDir>(handle);
  if (dir == nullptr)
    return reply_status(msg, SSH_FX_FAILURE, "not a directory");
  if (dir->next >= dir->entries.size())
    return reply_status(msg, SSH_FX_EOF, "end of directory");
  const std::size_t end = std::min(dir->entries.size(), dir->next + kNamesPerReaddir);
  for (; dir->next < end; ++dir->next) {
    const SftpEntry& entry = dir->entries[dir->next];
    sftp_attributes_struct attr = attributes_of(entry);
    if (sftp_reply_names_add(msg, entry.name.c_str(), long_name(entry).c_str(), &attr) != 0)
      return false;
  }
  return sftp_reply_names(msg) == 0;
}

bool SftpRequestHandler::on_close(sftp_client_message msg) {
  Handle* handle = find(msg);
  if (handle == nullptr)
    return bad_handle(msg);
  std::uint32_t id = 0;
  std::memcpy(&id, ssh_string_data(msg->handle), sizeof id);
  handles_.erase(id);
  return reply_status(msg, SSH_FX_OK, "closed");
}

bool SftpRequestHandler::on_stat(sftp_client_message msg) {
  const std::optional<SftpEntry> entry = stat_path(filename_of(msg));
  if (!entry)
    return no_such_file(msg);
  sftp_attributes_struct attr = attributes_of(*entry);
  return sftp_reply_attr(msg, &attr) == 0;
}

bool SftpRequestHandler::on_fstat(sftp_client_message msg) {
  Handle* handle = find(msg);
  if (handle == nullptr)
    return bad_handle(msg);
  const auto* file = std::get_if<OpenFile>(handle);
  sftp_attributes_struct attr =
      attributes_of(file != nullptr ? file->entry : std::get<OpenDir>(*handle).entries.front());
  return sftp_reply_attr(msg, &attr) == 0;
}

bool SftpRequestHandler::on_realpath(sftp_client_message msg) {
  // ours: lexical, and a missing final component is no error, so `cd` can report the missing
  // directory itself (it stats the answer).
  sftp_attributes_struct no_attributes{};
  return sftp_reply_name(msg, filename_of(msg).c_str(), &no_attributes) == 0;
}

bool SftpRequestHandler::on_readlink(sftp_client_message msg) {
  if (!stat_path(filename_of(msg)))
    return no_such_file(msg);
  return reply_status(msg, SSH_FX_FAILURE, "not a symbolic link");
}

bool SftpRequestHandler::on_extended(sftp_client_message msg) {
  const char* name = sftp_client_message_get_submessage(msg);
  const std::string_view request = name == nullptr ? "" : name;
  // libssh announces these two OpenSSH extensions itself; both would change the tree.
  if (request == "posix-rename@openssh.com" || request == "hardlink@openssh.com")
    return reply_status(msg, SSH_FX_PERMISSION_DENIED, kReadOnly);
  return reply_status(msg, SSH_FX_OP_UNSUPPORTED, "extension not supported");
}

bool SftpRequestHandler::reply_handle(sftp_client_message msg, Handle handle) {
  if (handles_.size() >= kMaxOpenHandles)
    return reply_status(msg, SSH_FX_FAILURE, "too many open handles: close some first");
  const std::uint32_t id = next_handle_++;
  ssh_string wire = ssh_string_new(sizeof id);
  if (wire == nullptr)
    return reply_status(msg, SSH_FX_FAILURE, "out of memory");
  ssh_string_fill(wire, &id, sizeof id);
  handles_.emplace(id, std::move(handle));
  const bool sent = sftp_reply_handle(msg, wire) == 0;
  ssh_string_free(wire);
  return sent;
}

SftpRequestHandler::Handle* SftpRequestHandler::find(sftp_client_message msg) {
  if (msg->handle == nullptr || ssh_string_len(msg->handle) != sizeof(std::uint32_t))
    return nullptr;
  std::uint32_t id = 0;
  std::memcpy(&id, ssh_string_data(msg->handle), sizeof id);
  const auto it = handles_.find(id);
  return it == handles_.end() ? nullptr : &it->second;
}

} // namespace reonomy::mock::detail

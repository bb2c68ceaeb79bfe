#include "reonomy_client/sftp.hpp"

#include <fcntl.h>
#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <algorithm>
#include <charconv>
#include <fstream>

#include "reonomy_client/errors.hpp"

namespace reonomy::client {

namespace {

// What one sftp_read asks for: libssh and most servers cap a read request at 64 KiB or less.
constexpr std::size_t kReadSize = 32 * 1024;

std::string where(const SftpOptions& o) {
  return "sftp://" + o.host + ":" + std::to_string(o.port);
}

} // namespace

void parse_sftp_url(const std::string& url, SftpOptions& options) {
  constexpr std::string_view scheme = "sftp://";
  if (!url.starts_with(scheme))
    throw UsageError("'" + url + "' is not an sftp://HOST[:PORT] URL");
  std::string rest = url.substr(scheme.size());
  if (const auto slash = rest.find('/'); slash != std::string::npos)
    rest.resize(slash);
  const auto colon = rest.rfind(':');
  options.host = rest.substr(0, colon);
  options.port = 22;
  if (colon != std::string::npos) {
    const std::string port = rest.substr(colon + 1);
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), options.port);
    if (ec != std::errc() || end != port.data() + port.size() || options.port < 1 ||
        options.port > 65535)
      throw UsageError("'" + url + "': the port must be a number from 1 to 65535");
  }
  if (options.host.empty())
    throw UsageError("'" + url + "' names no host");
}

struct SftpClient::Impl {
  ssh_session ssh = nullptr;
  sftp_session sftp = nullptr;
  std::string origin;

  ~Impl() {
    if (sftp)
      sftp_free(sftp);
    if (ssh) {
      ssh_disconnect(ssh);
      ssh_free(ssh);
    }
  }

  [[noreturn]] void fail(ExitCode code, const std::string& what) const {
    throw ClientError(code, origin + ": " + what);
  }
  std::string ssh_error() const { return ssh_get_error(ssh); }
  std::string sftp_error_text() const {
    switch (sftp_get_error(sftp)) {
    case SSH_FX_NO_SUCH_FILE:
      return "no such file";
    case SSH_FX_PERMISSION_DENIED:
      return "permission denied";
    default:
      return ssh_error();
    }
  }
};

SftpClient::SftpClient(const SftpOptions& options) : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.origin = where(options);
  s.ssh = ssh_new();
  if (!s.ssh)
    s.fail(ExitCode::unexpected, "cannot create an SSH session");
  const long timeout = options.timeout.count();
  const bool no = false;
  ssh_options_set(s.ssh, SSH_OPTIONS_HOST, options.host.c_str());
  ssh_options_set(s.ssh, SSH_OPTIONS_PORT, &options.port);
  ssh_options_set(s.ssh, SSH_OPTIONS_USER, options.username.c_str());
  ssh_options_set(s.ssh, SSH_OPTIONS_TIMEOUT, &timeout);
  // The user's ~/.ssh/config is for their own logins, not for this program's.
  ssh_options_set(s.ssh, SSH_OPTIONS_PROCESS_CONFIG, &no);
  if (!options.known_hosts_file.empty())
    ssh_options_set(s.ssh, SSH_OPTIONS_KNOWNHOSTS, options.known_hosts_file.c_str());
  if (ssh_connect(s.ssh) != SSH_OK)
    s.fail(ExitCode::unavailable, "cannot connect: " + s.ssh_error());

  switch (ssh_session_is_known_server(s.ssh)) {
  case SSH_KNOWN_HOSTS_OK:
    break;
  case SSH_KNOWN_HOSTS_NOT_FOUND:
  case SSH_KNOWN_HOSTS_UNKNOWN:
    if (!options.accept_unknown_host_key)
      s.fail(
          ExitCode::unavailable,
          "the server's host key is not in " +
              (options.known_hosts_file.empty() ? "~/.ssh/known_hosts" : options.known_hosts_file) +
              "; add it (ssh-keyscan) or pass --accept-new-host-key to trust it for this run");
    break;
  case SSH_KNOWN_HOSTS_CHANGED:
  case SSH_KNOWN_HOSTS_OTHER:
    s.fail(ExitCode::unavailable,
           "the server's host key differs from the one in ~/.ssh/known_hosts; refusing to log in");
  case SSH_KNOWN_HOSTS_ERROR:
    s.fail(ExitCode::unavailable, "host key check: " + s.ssh_error());
  }

  if (ssh_userauth_password(s.ssh, nullptr, options.password.c_str()) != SSH_AUTH_SUCCESS)
    s.fail(ExitCode::unauthorized,
           "login refused for user '" + options.username +
               "' (the user name is the access key, the password the secret key)");
  s.sftp = sftp_new(s.ssh);
  if (!s.sftp || sftp_init(s.sftp) != SSH_OK)
    s.fail(ExitCode::unavailable, "the SFTP subsystem did not start: " + s.ssh_error());
}

SftpClient::~SftpClient() = default;

std::vector<SftpEntry> SftpClient::list(const std::string& directory) {
  Impl& s = *impl_;
  sftp_dir dir = sftp_opendir(s.sftp, directory.c_str());
  if (!dir)
    s.fail(ExitCode::download_failed, "cannot list " + directory + ": " + s.sftp_error_text());
  std::vector<SftpEntry> entries;
  while (sftp_attributes attributes = sftp_readdir(s.sftp, dir)) {
    const std::string name = attributes->name ? attributes->name : "";
    if (name != "." && name != "..")
      entries.push_back({name, attributes->size, static_cast<std::int64_t>(attributes->mtime),
                         attributes->type == SSH_FILEXFER_TYPE_DIRECTORY});
    sftp_attributes_free(attributes);
  }
  const bool complete = sftp_dir_eof(dir) == 1;
  sftp_closedir(dir);
  if (!complete)
    s.fail(ExitCode::download_failed, "listing " + directory + " broke off");
  std::sort(entries.begin(), entries.end(),
            [](const SftpEntry& a, const SftpEntry& b) { return a.name < b.name; });
  return entries;
}

std::uint64_t SftpClient::get(const std::string& remote, const std::filesystem::path& local) {
  Impl& s = *impl_;
  sftp_file file = sftp_open(s.sftp, remote.c_str(), O_RDONLY, 0);
  if (!file)
    s.fail(ExitCode::download_failed, "cannot open " + remote + ": " + s.sftp_error_text());
  // The name + ".part" while it downloads; a name near NAME_MAX (the mock's names reach 255
  // bytes) is shortened first so the partial file can be made at all.
  constexpr std::size_t kNameMax = 255;
  std::string part_name = local.filename().string();
  if (part_name.size() > kNameMax - 5)
    part_name.resize(kNameMax - 5);
  const std::filesystem::path part = local.parent_path() / (part_name + ".part");
  std::ofstream out(part, std::ios::binary | std::ios::trunc);
  std::uint64_t total = 0;
  std::string buffer(kReadSize, '\0');
  ssize_t n = 0;
  while ((n = sftp_read(file, buffer.data(), buffer.size())) > 0) {
    out.write(buffer.data(), static_cast<std::streamsize>(n));
    total += static_cast<std::uint64_t>(n);
  }
  sftp_close(file);
  out.close();
  if (n < 0 || !out) {
    std::filesystem::remove(part);
    s.fail(ExitCode::download_failed, "reading " + remote + " broke off: " + s.ssh_error());
  }
  std::filesystem::rename(part, local);
  return total;
}

} // namespace reonomy::client

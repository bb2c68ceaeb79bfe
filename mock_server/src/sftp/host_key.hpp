#pragma once

#include <filesystem>
#include <string>

#include "sftp/ssh_api.hpp"

namespace reonomy::mock::detail {

// The SFTP server's identity. Clients pin it in known_hosts, so with a path it must survive
// restarts: a changed key makes OpenSSH refuse to connect.
struct HostKey {
  SshKey private_key;
  std::string public_key;  // "ssh-ed25519 AAAA...", the form known_hosts and ssh-keyscan show
  std::string fingerprint; // "SHA256:...", as `ssh-keygen -l` and the first-connect prompt show
};

// With an empty path, a fresh ed25519 key that lives only in memory. Otherwise the private key
// stored at `path` (OpenSSH format); when the file is missing, a new ed25519 key is generated
// and written there with mode 0600, creating missing parent directories. Two servers starting
// on the same missing path end up with the same key. Throws std::runtime_error naming the path
// when the file cannot be read, parsed or written.
HostKey load_or_create_host_key(const std::filesystem::path& path);

} // namespace reonomy::mock::detail

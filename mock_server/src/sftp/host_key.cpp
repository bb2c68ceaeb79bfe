#include "sftp/host_key.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>
#include <system_error>

namespace reonomy::mock::detail {

namespace {

std::runtime_error key_error(const std::filesystem::path& path, const std::string& what) {
  return std::runtime_error("SFTP host key " + path.string() + ": " + what);
}

SshKey generate() {
  ssh_key key = nullptr;
  if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &key) != SSH_OK)
    throw std::runtime_error("SFTP host key: libssh could not generate an ed25519 key");
  return SshKey(key);
}

SshKey import(const std::filesystem::path& path) {
  ssh_key key = nullptr;
  if (ssh_pki_import_privkey_file(path.c_str(), nullptr, nullptr, nullptr, &key) != SSH_OK)
    throw key_error(path, "cannot be read as an unencrypted OpenSSH private key; remove it to "
                          "have a new one generated");
  return SshKey(key);
}

// Writes a new key next to `path` and links it into place, so a reader never sees a partly
// written file and a concurrent creator's key is never overwritten: link() fails when the name
// exists, and then the key already there wins.
SshKey create(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path(), ec);
  if (ec)
    throw key_error(path, "cannot create its directory: " + ec.message());

  std::random_device random;
  const std::filesystem::path temp =
      path.string() + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(random());
  // Created 0600 before any key byte is written: export_privkey_file keeps the mode of an
  // existing file, so the secret is never readable by others, not even for an instant.
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw key_error(path, std::string("cannot be created: ") + std::strerror(errno));
  ::close(fd);

  SshKey key = generate();
  if (ssh_pki_export_privkey_file(key.get(), nullptr, nullptr, nullptr, temp.c_str()) != SSH_OK ||
      ::chmod(temp.c_str(), 0600) != 0) {
    ::unlink(temp.c_str());
    throw key_error(path, "cannot be written");
  }
  const int linked = ::link(temp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked == 0)
    return key;
  if (link_errno == EEXIST)
    return import(path);
  throw key_error(path, std::string("cannot be stored: ") + std::strerror(link_errno));
}

std::string public_key_line(ssh_key private_key) {
  ssh_key public_key = nullptr;
  if (ssh_pki_export_privkey_to_pubkey(private_key, &public_key) != SSH_OK)
    throw std::runtime_error("SFTP host key: cannot derive the public key");
  const SshKey owned(public_key);
  char* base64 = nullptr;
  if (ssh_pki_export_pubkey_base64(public_key, &base64) != SSH_OK)
    throw std::runtime_error("SFTP host key: cannot encode the public key");
  std::string line = std::string(ssh_key_type_to_char(ssh_key_type(public_key))) + " " + base64;
  ssh_string_free_char(base64);
  return line;
}

std::string fingerprint_of(ssh_key key) {
  unsigned char* hash = nullptr;
  std::size_t length = 0;
  if (ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &length) != SSH_OK)
    throw std::runtime_error("SFTP host key: cannot hash the public key");
  char* text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, length);
  ssh_clean_pubkey_hash(&hash);
  if (text == nullptr)
    throw std::runtime_error("SFTP host key: cannot format the fingerprint");
  std::string fingerprint = text;
  ssh_string_free_char(text);
  return fingerprint;
}

} // namespace

HostKey load_or_create_host_key(const std::filesystem::path& path) {
  SshKey key;
  if (path.empty())
    key = generate();
  else if (std::filesystem::exists(path))
    key = import(path);
  else
    key = create(path);
  HostKey host_key;
  host_key.public_key = public_key_line(key.get());
  host_key.fingerprint = fingerprint_of(key.get());
  host_key.private_key = std::move(key);
  return host_key;
}

} // namespace reonomy::mock::detail

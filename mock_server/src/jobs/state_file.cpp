#include "jobs/state_file.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/hex.hpp"

namespace reonomy::mock::state {

namespace {

constexpr std::string_view kMagic = "reonomy-mock-state 1 ";
constexpr std::string_view kChecksumPrefix = "sha256 ";
constexpr std::size_t kChecksumLine = kChecksumPrefix.size() + 64 + 1;

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr))
    throw std::runtime_error("SHA-256 failed");
  return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), len));
}

std::string system_error(const std::string& what, const std::filesystem::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

// A file descriptor closed on every path out.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0)
      ::close(fd);
  }
};

void fsync_or_throw(int fd, const std::filesystem::path& path) {
  if (::fsync(fd) != 0)
    throw std::runtime_error(system_error("cannot fsync", path));
}

} // namespace

Record& Record::add(std::string name, std::string value) {
  fields.emplace_back(std::move(name), std::move(value));
  return *this;
}

const std::string* Record::find(std::string_view name) const {
  for (const auto& [key, value] : fields)
    if (key == name)
      return &value;
  return nullptr;
}

const std::string& Record::at(std::string_view name) const {
  const std::string* value = find(name);
  if (!value)
    throw std::runtime_error("missing field " + std::string(name));
  return *value;
}

long long Record::integer(std::string_view name) const {
  const std::string& text = at(name);
  long long n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw std::runtime_error("field " + std::string(name) + " is not an integer: '" + text + "'");
  return n;
}

std::string encode(const Record& record) {
  std::string out(kMagic);
  out += record.kind;
  out += '\n';
  for (const auto& [name, value] : record.fields) {
    out += name;
    out += ' ';
    out += std::to_string(value.size());
    out += '\n';
    out += value;
    out += '\n';
  }
  const std::string checksum = sha256_hex(out);
  out += kChecksumPrefix;
  out += checksum;
  out += '\n';
  return out;
}

Record decode(std::string_view bytes) {
  constexpr std::string_view kWord = "reonomy-mock-state";
  if (!bytes.starts_with(kWord) && !kWord.starts_with(bytes))
    throw std::runtime_error("not a reonomy-mock state file (bad first line)");
  if (bytes.size() < kChecksumLine ||
      !bytes.substr(bytes.size() - kChecksumLine).starts_with(kChecksumPrefix) ||
      bytes.back() != '\n')
    throw std::runtime_error("truncated (no checksum line at the end)");
  const std::string_view trailer = bytes.substr(bytes.size() - kChecksumLine);
  const std::string_view body = bytes.substr(0, bytes.size() - kChecksumLine);
  const std::string_view stored = trailer.substr(kChecksumPrefix.size(), 64);
  if (sha256_hex(body) != stored)
    throw std::runtime_error("checksum mismatch (the file was damaged or edited)");
  if (!body.starts_with(kMagic))
    throw std::runtime_error("unsupported state format (expected '" +
                             std::string(kMagic.substr(0, kMagic.size() - 1)) + "')");

  Record record;
  std::size_t pos = kMagic.size();
  const auto line_end = [&](const char* what) {
    const std::size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos)
      throw std::runtime_error(std::string("malformed ") + what);
    return nl;
  };
  std::size_t nl = line_end("first line");
  record.kind = std::string(body.substr(pos, nl - pos));
  pos = nl + 1;
  while (pos < body.size()) {
    nl = line_end("field header");
    const std::string_view header = body.substr(pos, nl - pos);
    const std::size_t space = header.rfind(' ');
    std::size_t len = 0;
    if (space == std::string_view::npos || space == 0)
      throw std::runtime_error("malformed field header '" + std::string(header) + "'");
    const auto [end, ec] =
        std::from_chars(header.data() + space + 1, header.data() + header.size(), len);
    if (ec != std::errc() || end != header.data() + header.size() || len >= body.size() ||
        nl + 1 + len >= body.size() || body[nl + 1 + len] != '\n')
      throw std::runtime_error("malformed field header '" + std::string(header) + "'");
    record.add(std::string(header.substr(0, space)), std::string(body.substr(nl + 1, len)));
    pos = nl + 1 + len + 1;
  }
  return record;
}

Record read_record(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw StateFileError(path, std::string("cannot be read: ") + std::strerror(errno));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad())
    throw StateFileError(path, "cannot be read");
  try {
    return decode(bytes.view());
  } catch (const std::runtime_error& e) {
    throw StateFileError(path, e.what());
  }
}

void sync_directory(const std::filesystem::path& dir) {
  const Fd fd{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (fd.fd < 0)
    throw std::runtime_error(system_error("cannot open directory", dir));
  fsync_or_throw(fd.fd, dir);
}

void write_durably(const std::filesystem::path& path, std::string_view bytes) {
  std::filesystem::path tmp = path;
  tmp += kTemporarySuffix;
  try {
    {
      const Fd fd{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
      if (fd.fd < 0)
        throw std::runtime_error(system_error("cannot create", tmp));
      std::size_t done = 0;
      while (done < bytes.size()) {
        const ssize_t n = ::write(fd.fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
          continue;
        if (n < 0)
          throw std::runtime_error(system_error("cannot write", tmp));
        done += static_cast<std::size_t>(n);
      }
      fsync_or_throw(fd.fd, tmp);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0)
      throw std::runtime_error(system_error("cannot rename " + tmp.string() + " to", path));
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  sync_directory(path.parent_path());
}

void make_directory_durably(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::is_directory(dir, ec))
    return;
  if (!std::filesystem::create_directories(dir, ec) && ec)
    throw std::runtime_error("cannot create directory " + dir.string() + ": " + ec.message());
  sync_directory(dir.parent_path().empty() ? "." : dir.parent_path());
}

void remove_durably(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    throw std::runtime_error(system_error("cannot remove", path));
  sync_directory(path.parent_path());
}

} // namespace reonomy::mock::state

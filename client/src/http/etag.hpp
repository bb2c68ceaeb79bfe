#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace reonomy::client::detail {

// The MD5 an S3 ETag states, as 32 lowercase hex digits, or nullopt when it states none. An
// object uploaded in one piece has the quoted MD5 of its bytes
// ("9e107d9d372bb6826bd81d3542a419d6"); one uploaded in parts has the MD5 of its parts' MD5s and
// their count ("...-2"), and a weak or foreign ETag (W/"...", unquoted) promises nothing about the
// bytes: those give nullopt.
std::optional<std::string> etag_md5(std::string_view etag);

// An incremental MD5 (OpenSSL's EVP), fed piece by piece as a download arrives, so a file is
// verified without being read twice. Counts the bytes it has seen.
class Md5 {
public:
  Md5();
  ~Md5();
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;

  void reset();
  void update(const char* data, std::size_t size);
  // Feeds the first `bytes` of a file (the part of a resumed download already on disk). Returns
  // false when the file holds fewer bytes or cannot be read.
  bool update_from_file(const std::filesystem::path& path, std::uint64_t bytes);
  std::uint64_t bytes() const { return bytes_; }
  // The digest of everything fed so far as 32 lowercase hex digits; the state is left as it was.
  std::string hex() const;

private:
  struct Context;
  std::unique_ptr<Context> context_;
  std::uint64_t bytes_ = 0;
};

} // namespace reonomy::client::detail

#include "http/etag.hpp"

#include <fstream>
#include <stdexcept>
#include <vector>

#include <openssl/evp.h>

namespace reonomy::client::detail {

namespace {

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char lower(char c) {
  return c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c;
}

} // namespace

std::optional<std::string> etag_md5(std::string_view etag) {
  if (etag.size() != 34 || etag.front() != '"' || etag.back() != '"')
    return std::nullopt;
  std::string hex;
  for (const char c : etag.substr(1, 32)) {
    if (!is_hex(c))
      return std::nullopt;
    hex += lower(c);
  }
  return hex;
}

struct Md5::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Context() { EVP_MD_CTX_free(ctx); }
};

Md5::Md5() : context_(std::make_unique<Context>()) {
  if (!context_->ctx)
    throw std::bad_alloc();
  reset();
}

Md5::~Md5() = default;

void Md5::reset() {
  if (EVP_DigestInit_ex(context_->ctx, EVP_md5(), nullptr) != 1)
    throw std::runtime_error("OpenSSL cannot compute MD5 (a FIPS-only provider?)");
  bytes_ = 0;
}

void Md5::update(const char* data, std::size_t size) {
  EVP_DigestUpdate(context_->ctx, data, size);
  bytes_ += size;
}

bool Md5::update_from_file(const std::filesystem::path& path, std::uint64_t bytes) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> buffer(1 << 20);
  while (bytes > 0 && in) {
    const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(bytes, buffer.size()));
    in.read(buffer.data(), want);
    const auto got = in.gcount();
    if (got <= 0)
      break;
    update(buffer.data(), static_cast<std::size_t>(got));
    bytes -= static_cast<std::uint64_t>(got);
  }
  return bytes == 0;
}

std::string Md5::hex() const {
  // Finalizing consumes the context: finalize a copy, so more pieces can still follow.
  EVP_MD_CTX* copy = EVP_MD_CTX_new();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const bool ok = copy && EVP_MD_CTX_copy_ex(copy, context_->ctx) == 1 &&
                  EVP_DigestFinal_ex(copy, digest, &size) == 1;
  EVP_MD_CTX_free(copy);
  if (!ok)
    throw std::runtime_error("OpenSSL could not finish an MD5");
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (unsigned int i = 0; i < size; ++i) {
    text += kDigits[digest[i] >> 4];
    text += kDigits[digest[i] & 0xF];
  }
  return text;
}

} // namespace reonomy::client::detail

#include "core/ids.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>

#include <stdexcept>

#include "core/hex.hpp"

namespace reonomy::mock {

namespace {
void set_version(Uuid& id, std::uint8_t version) {
  id[6] = static_cast<std::uint8_t>((id[6] & 0x0F) | (version << 4));
  id[8] = static_cast<std::uint8_t>((id[8] & 0x3F) | 0x80); // RFC 4122 variant
}
} // namespace

Uuid uuid_v4() {
  Uuid id;
  if (RAND_bytes(id.data(), int(id.size())) != 1)
    throw std::runtime_error("RAND_bytes failed");
  set_version(id, 4);
  return id;
}

Uuid uuid_v5(const Uuid& ns, std::string_view name) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx, ns.data(), ns.size()) == 1 &&
                  EVP_DigestUpdate(ctx, name.data(), name.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx, digest, &len) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok)
    throw std::runtime_error("SHA-1 failed");
  Uuid id;
  std::copy_n(digest, id.size(), id.begin());
  set_version(id, 5);
  return id;
}

std::string to_string(const Uuid& id) {
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10)
      out.push_back('-');
    append_hex(out, id[i]);
  }
  return out;
}

std::string to_hex(const Uuid& id) {
  return hex_encode(std::string_view(reinterpret_cast<const char*>(id.data()), id.size()));
}

std::optional<Uuid> parse_uuid(std::string_view text) {
  if (text.size() != 36)
    return std::nullopt;
  Uuid id{};
  std::size_t byte = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-')
        return std::nullopt;
      ++i;
      continue;
    }
    const int hi = hex_digit_value(text[i]), lo = hex_digit_value(text[i + 1]);
    if (hi < 0 || lo < 0)
      return std::nullopt;
    id[byte++] = static_cast<std::uint8_t>(hi << 4 | lo);
    i += 2;
  }
  return id;
}

const Uuid& mock_namespace() {
  // RFC 4122 URL namespace 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
  static const Uuid ns = uuid_v5(Uuid{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4,
                                      0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8},
                                 "https://github.com/reonomy-mock");
  return ns;
}

} // namespace reonomy::mock

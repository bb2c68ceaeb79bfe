#include "results/presigner.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>
#include <stdexcept>

#include "core/base64.hpp"
#include "core/hex.hpp"
#include "core/random.hpp"

namespace reonomy::mock {

namespace {
const std::string* single(const std::multimap<std::string, std::string>& params,
                          const std::string& name) {
  if (params.count(name) != 1)
    return nullptr;
  return &params.find(name)->second;
}
// The parameters SigV2 adds to the canonicalized resource (botocore's HmacV1 list).
bool is_subresource(std::string_view name) {
  static constexpr std::string_view kNames[] = {"accelerate",
                                                "acl",
                                                "analytics",
                                                "cors",
                                                "defaultObjectAcl",
                                                "delete",
                                                "inventory",
                                                "lifecycle",
                                                "location",
                                                "logging",
                                                "metrics",
                                                "notification",
                                                "object-lock",
                                                "partNumber",
                                                "policy",
                                                "replication",
                                                "requestPayment",
                                                "response-cache-control",
                                                "response-content-disposition",
                                                "response-content-encoding",
                                                "response-content-language",
                                                "response-content-type",
                                                "response-expires",
                                                "restore",
                                                "select",
                                                "select-type",
                                                "storageClass",
                                                "tagging",
                                                "torrent",
                                                "uploadId",
                                                "uploads",
                                                "versionId",
                                                "versioning",
                                                "versions",
                                                "website"};
  for (const auto known : kNames)
    if (name == known)
      return true;
  return false;
}

} // namespace

std::string url_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 2);
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      append_hex(out, u, HexCase::upper);
    }
  }
  return out;
}

std::multimap<std::string, std::string> parse_s3_query(std::string_view query) {
  const auto decode = [](std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '+') {
        out += ' ';
      } else if (text[i] == '%' && i + 2 < text.size() && hex_digit_value(text[i + 1]) >= 0 &&
                 hex_digit_value(text[i + 2]) >= 0) {
        out += char(hex_digit_value(text[i + 1]) * 16 + hex_digit_value(text[i + 2]));
        i += 2;
      } else {
        out += text[i];
      }
    }
    return out;
  };
  std::multimap<std::string, std::string> params;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos)
      end = query.size();
    const std::string_view item = query.substr(start, end - start);
    if (!item.empty()) {
      const std::size_t eq = item.find('=');
      params.emplace(decode(item.substr(0, eq)),
                     eq == std::string_view::npos ? std::string() : decode(item.substr(eq + 1)));
    }
    start = end + 1;
  }
  return params;
}

Presigner::Identity Presigner::random_identity() {
  static constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  Identity id;
  id.access_key_id = "ASIA";
  for (const char b : random_bytes(16))
    id.access_key_id += kAlnum[static_cast<unsigned char>(b) % 32];
  id.secret = random_bytes(32);
  id.security_token = base64_encode(random_bytes(96));
  return id;
}

Presigner::Presigner(std::string bucket) : Presigner(std::move(bucket), random_identity()) {}

Presigner::Presigner(std::string bucket, Identity identity)
    : bucket_(std::move(bucket)), identity_(std::move(identity)) {}

std::string Presigner::string_to_sign(std::string_view method, std::string_view key,
                                      std::string_view expires,
                                      const std::multimap<std::string, std::string>& params) const {
  std::string to_sign(method);
  to_sign += "\n\n\n";
  to_sign.append(expires);
  to_sign += "\nx-amz-security-token:" + identity_.security_token + "\n/" + bucket_ + "/";
  to_sign.append(key);
  char separator = '?';
  for (const auto& [name, value] : params) { // a multimap: sorted by name, as SigV2 wants
    if (!is_subresource(name))
      continue;
    to_sign += separator;
    to_sign += name;
    if (!value.empty())
      to_sign += "=" + value;
    separator = '&';
  }
  return to_sign;
}

std::string Presigner::signature(const std::string& to_sign) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!HMAC(EVP_sha1(), identity_.secret.data(), int(identity_.secret.size()),
            reinterpret_cast<const unsigned char*>(to_sign.data()), to_sign.size(), mac, &len))
    throw std::runtime_error("HMAC-SHA1 failed");
  return base64_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

std::string Presigner::sign(std::string_view key, TimePoint expires) const {
  const std::string expires_s = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count());
  return "AWSAccessKeyId=" + identity_.access_key_id +
         "&Signature=" + url_encode(signature(string_to_sign("GET", key, expires_s, {}))) +
         "&x-amz-security-token=" + url_encode(identity_.security_token) + "&Expires=" + expires_s;
}

std::string Presigner::sign(std::string_view method, std::string_view key, TimePoint expires,
                            const std::multimap<std::string, std::string>& subresources) const {
  const std::string expires_s = std::to_string(
      std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count());
  return signature(string_to_sign(method, key, expires_s, subresources));
}

Presigner::Verdict Presigner::verify(std::string_view method, std::string_view key,
                                     const std::multimap<std::string, std::string>& params,
                                     TimePoint now, std::string* string_to_sign_out) const {
  const std::string* key_id = single(params, "AWSAccessKeyId");
  const std::string* sig = single(params, "Signature");
  const std::string* expires = single(params, "Expires");
  const std::string* token = single(params, "x-amz-security-token");
  if (!key_id || !sig || !expires || !token)
    return Verdict::missing_parameters;
  if (*key_id != identity_.access_key_id)
    return Verdict::unknown_access_key;
  long long expires_s = 0;
  const auto [end, ec] =
      std::from_chars(expires->data(), expires->data() + expires->size(), expires_s);
  if (ec != std::errc() || end != expires->data() + expires->size() || expires->empty())
    return Verdict::bad_signature;
  const std::string to_sign = string_to_sign(method, key, *expires, params);
  if (string_to_sign_out)
    *string_to_sign_out = to_sign;
  if (*token != identity_.security_token)
    return Verdict::bad_signature;
  const std::string expected = signature(to_sign);
  if (expected.size() != sig->size() ||
      CRYPTO_memcmp(expected.data(), sig->data(), expected.size()) != 0)
    return Verdict::bad_signature;
  if (now >= TimePoint(std::chrono::seconds(expires_s)))
    return Verdict::expired;
  return Verdict::ok;
}

} // namespace reonomy::mock

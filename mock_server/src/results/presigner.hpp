#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace reonomy::mock {

// Presigned result URLs in S3's signature version 2 query form, as the documentation's examples
// show them: ?AWSAccessKeyId=ASIA...&Signature=...&x-amz-security-token=...&Expires=<epoch s>.
// Signature = base64(HMAC-SHA1(secret,
// "GET\n\n\n<Expires>\nx-amz-security-token:<token>\n/<bucket>/<key>")). The secret, key id and
// token are made per run from OpenSSL's CSPRNG unless given.
class Presigner {
public:
  struct Identity {
    std::string access_key_id;  // ASIA + 16 upper-case letters and digits
    std::string secret;         // the HMAC key; never leaves the process
    std::string security_token; // opaque, base64
  };

  explicit Presigner(std::string bucket);
  Presigner(std::string bucket, Identity identity);

  // The query string (without '?') that makes GET /<key> valid until `expires`.
  std::string sign(std::string_view key, TimePoint expires) const;

  enum class Verdict {
    ok,
    missing_parameters, // 403 AccessDenied
    unknown_access_key, // 403 InvalidAccessKeyId
    bad_signature,      // 403 SignatureDoesNotMatch (signature, token, key or Expires changed)
    expired,            // 403 AccessDenied "Request has expired"
  };
  // Checks a request for `key` with query parameters `params` at `now`. The signature is checked
  // before expiry, so moving Expires forward never revives a URL.
  Verdict verify(std::string_view key, const std::multimap<std::string, std::string>& params,
                 TimePoint now) const;

  const std::string& bucket() const noexcept { return bucket_; }
  const Identity& identity() const noexcept { return identity_; }

  static Identity random_identity();

private:
  std::string signature(std::string_view key, std::string_view expires) const;

  std::string bucket_;
  Identity identity_;
};

// Percent-encodes everything but unreserved characters (RFC 3986), as S3 URLs do.
std::string url_encode(std::string_view text);

} // namespace reonomy::mock

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
  // Checks a `method` request for `key` with query parameters `params` at `now`. The signature
  // is checked before expiry, so moving Expires forward never revives a URL. SigV2 signs the
  // verb and the sub-resources among the parameters (response-content-type and the other
  // response-* overrides, versionId, acl...), so a GET-signed URL sent as HEAD, or with an
  // unsigned response-content-type, is a bad signature. `string_to_sign`, when given, receives
  // what the signature was checked against (S3 shows it in SignatureDoesNotMatch).
  Verdict verify(std::string_view method, std::string_view key,
                 const std::multimap<std::string, std::string>& params, TimePoint now,
                 std::string* string_to_sign = nullptr) const;
  Verdict verify(std::string_view key, const std::multimap<std::string, std::string>& params,
                 TimePoint now) const {
    return verify("GET", key, params, now);
  }
  // A signature for `method` on `key` with these sub-resources (as a holder of the secret would
  // sign one), for tests of signed response-* overrides.
  std::string sign(std::string_view method, std::string_view key, TimePoint expires,
                   const std::multimap<std::string, std::string>& subresources) const;

  const std::string& bucket() const noexcept { return bucket_; }
  const Identity& identity() const noexcept { return identity_; }

  static Identity random_identity();

private:
  std::string string_to_sign(std::string_view method, std::string_view key,
                             std::string_view expires,
                             const std::multimap<std::string, std::string>& params) const;
  std::string signature(const std::string& string_to_sign) const;

  std::string bucket_;
  Identity identity_;
};

// Percent-encodes everything but unreserved characters (RFC 3986), as S3 URLs do.
std::string url_encode(std::string_view text);

// A query string as S3 reads it: parameters split at '&', each name from its value at the first
// '=' (so a Signature's unencoded trailing '=' stays in it), '+' read as a space and %XX
// decoded.
std::multimap<std::string, std::string> parse_s3_query(std::string_view query);

} // namespace reonomy::mock

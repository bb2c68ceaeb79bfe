#pragma once

#include <string>
#include <vector>

#include <openssl/types.h>

namespace reonomy::mock {

// The certificate (chain) and private key an HTTPS server presents, as PEM text.
struct TlsIdentity {
  std::string certificate_pem; // the server's certificate first, then any intermediates
  std::string private_key_pem;
};

// Reads a PEM certificate (chain) file and its private key file. Throws std::runtime_error naming
// the file that cannot be read or holds no certificate or key, or saying that the key does not
// belong to the certificate.
TlsIdentity load_tls_identity(const std::string& cert_path, const std::string& key_path);

// A fresh P-256 key and a self-signed certificate for `names` (IP addresses become IP entries of
// the subjectAltName, anything else DNS entries), valid from an hour ago (clock skew) for 30 days.
TlsIdentity make_self_signed_identity(const std::vector<std::string>& names);

// Installs `identity` in an OpenSSL server context: the certificate, its chain and the key.
// Returns false when OpenSSL refuses any of them.
bool install_tls_identity(SSL_CTX& ctx, const TlsIdentity& identity);

} // namespace reonomy::mock

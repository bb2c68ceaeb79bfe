#include "http/tls_identity.hpp"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "specs/spec_text.hpp"

namespace reonomy::mock {

namespace {

template <auto Free> struct Deleter {
  template <class T> void operator()(T* p) const { Free(p); }
};
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

// OpenSSL's reason for the last failure, for messages.
std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0)
    return "no details from OpenSSL";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

std::string read_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read the TLS " + std::string(what) + " file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

BioPtr memory_bio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::vector<X509Ptr> read_certificates(const std::string& pem) {
  std::vector<X509Ptr> chain;
  const BioPtr bio = memory_bio(pem);
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
    chain.emplace_back(cert);
  ERR_clear_error(); // the end of the input reads as an error
  return chain;
}

KeyPtr read_private_key(const std::string& pem) {
  const BioPtr bio = memory_bio(pem);
  return KeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::string to_pem(const std::function<int(BIO*)>& write) {
  const BioPtr bio(BIO_new(BIO_s_mem()));
  if (write(bio.get()) != 1)
    throw std::runtime_error("cannot encode PEM: " + openssl_error());
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

bool is_ip_address(const std::string& name) {
  unsigned char buf[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, name.c_str(), buf) == 1 ||
         ::inet_pton(AF_INET6, name.c_str(), buf) == 1;
}

} // namespace

TlsIdentity load_tls_identity(const std::string& cert_path, const std::string& key_path) {
  TlsIdentity identity{read_file(cert_path, "certificate"), read_file(key_path, "key")};
  const auto chain = read_certificates(identity.certificate_pem);
  if (chain.empty())
    throw std::runtime_error("the TLS certificate file '" + cert_path +
                             "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
  const KeyPtr key = read_private_key(identity.private_key_pem);
  if (!key)
    throw std::runtime_error("the TLS key file '" + key_path +
                             "' holds no unencrypted PEM private key: " + openssl_error());
  if (X509_check_private_key(chain.front().get(), key.get()) != 1) {
    ERR_clear_error();
    throw std::runtime_error("the TLS key in '" + key_path +
                             "' does not belong to the certificate in '" + cert_path + "'");
  }
  return identity;
}

TlsIdentity make_self_signed_identity(const std::vector<std::string>& names) {
  const KeyPtr key(EVP_EC_gen("P-256"));
  const X509Ptr cert(X509_new());
  if (!key || !cert)
    throw std::runtime_error("cannot make a TLS key: " + openssl_error());
  X509_set_version(cert.get(), 2); // v3, for extensions
  // A random serial: clients that cached an earlier run's certificate see a different one.
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1)
    throw std::runtime_error("no randomness: " + openssl_error());
  serial[0] &= 0x7f; // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* subject = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("reonomy-mock"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), subject);
  std::vector<std::string> entries;
  for (const auto& name : names)
    entries.push_back((is_ip_address(name) ? "IP:" : "DNS:") + name);
  const std::string san = detail::join(entries, ",");
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, san},
                                   {NID_basic_constraints, std::string("critical,CA:FALSE")},
                                   {NID_ext_key_usage, std::string("serverAuth")}}) {
    const ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext || X509_add_ext(cert.get(), ext.get(), -1) != 1)
      throw std::runtime_error("cannot add '" + value + "' to the certificate: " + openssl_error());
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
    throw std::runtime_error("cannot sign the certificate: " + openssl_error());
  return {to_pem([&](BIO* b) { return PEM_write_bio_X509(b, cert.get()); }), to_pem([&](BIO* b) {
            return PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
          })};
}

bool install_tls_identity(SSL_CTX& ctx, const TlsIdentity& identity) {
  auto chain = read_certificates(identity.certificate_pem);
  const KeyPtr key = read_private_key(identity.private_key_pem);
  if (chain.empty() || !key || SSL_CTX_use_certificate(&ctx, chain.front().get()) != 1)
    return false;
  for (std::size_t i = 1; i < chain.size(); ++i)
    if (SSL_CTX_add1_chain_cert(&ctx, chain[i].get()) != 1)
      return false;
  return SSL_CTX_use_PrivateKey(&ctx, key.get()) == 1 && SSL_CTX_check_private_key(&ctx) == 1;
}

} // namespace reonomy::mock

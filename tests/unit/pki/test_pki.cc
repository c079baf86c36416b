#include "test_pki.h"

#include <openssl/bn.h>
#include <openssl/pem.h>

#include <map>
#include <mutex>
#include <stdexcept>

namespace certflow::pki::testing {

namespace {

struct BnFree {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ExtFree {
  void operator()(X509_EXTENSION* ext) const { X509_EXTENSION_free(ext); }
};

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test certificate builder: ") + what);
}

std::string drain(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(length));
}

template <typename Write>
std::string write_to_string(Write write, const char* what) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(bio && write(bio.get()) == 1, what);
  return drain(bio.get());
}

void set_time(ASN1_TIME* field, TimePoint t) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
  check(ASN1_TIME_set(field, static_cast<time_t>(seconds)) != nullptr, "time");
}

void add_name_entry(X509_NAME* name, const char* field, const std::string& value) {
  if (value.empty()) return;
  check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                   0) == 1,
        "name entry");
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  if (value.empty()) return;
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, ExtFree> ext(
      X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value.c_str()));
  check(ext && X509_add_ext(cert, ext.get(), -1) == 1, "extension");
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ",") + part;
  return out;
}

}  // namespace

TimePoint test_now() {
  TimePoint t;
  parse_iso8601("2027-03-01T00:00:00Z", t);
  return t;
}

TimePoint days_from_now(int days) { return test_now() + std::chrono::days(days); }

EvpPkeyPtr rsa_key(int bits) {
  static std::mutex mutex;
  static std::map<int, EvpPkeyPtr> cache;
  std::lock_guard lock(mutex);
  EvpPkeyPtr& key = cache[bits];
  if (!key) key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
  check(key != nullptr && EVP_PKEY_up_ref(key.get()) == 1, "RSA key");
  return EvpPkeyPtr(key.get());
}

EvpPkeyPtr ec_key(const char* curve) {
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
  check(key != nullptr, "EC key");
  return key;
}

EvpPkeyPtr ed25519_key() {
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  check(key != nullptr, "Ed25519 key");
  return key;
}

X509Ptr issue(const CertSpec& spec, EVP_PKEY& subject_key, X509* issuer, EVP_PKEY& issuer_key) {
  X509Ptr cert(X509_new());
  check(cert && X509_set_version(cert.get(), X509_VERSION_3) == 1, "new certificate");
  BIGNUM* raw_serial = nullptr;
  check(BN_hex2bn(&raw_serial, spec.serial_hex.c_str()) > 0, "serial");
  std::unique_ptr<BIGNUM, BnFree> serial(raw_serial);
  check(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) != nullptr, "serial");
  set_time(X509_getm_notBefore(cert.get()), spec.not_before);
  set_time(X509_getm_notAfter(cert.get()), spec.not_after);
  check(X509_set_pubkey(cert.get(), &subject_key) == 1, "public key");

  X509_NAME* name = X509_get_subject_name(cert.get());
  add_name_entry(name, "C", spec.country);
  add_name_entry(name, "O", spec.organization);
  add_name_entry(name, "CN", spec.common_name);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer)) == 1, "issuer");

  add_extension(cert.get(), signer, NID_basic_constraints,
                spec.ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (issuer != nullptr) add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid");
  add_extension(cert.get(), signer, NID_key_usage, spec.key_usage);
  add_extension(cert.get(), signer, NID_ext_key_usage, spec.extended_key_usage);
  add_extension(cert.get(), signer, NID_subject_alt_name, join(spec.subject_alt_names));

  const EVP_MD* digest = spec.digest != nullptr ? spec.digest : EVP_sha256();
  if (EVP_PKEY_get_base_id(&issuer_key) == EVP_PKEY_ED25519) digest = nullptr;
  check(X509_sign(cert.get(), &issuer_key, digest) > 0, "sign");
  return cert;
}

CertSpec ca_spec(const std::string& common_name) {
  CertSpec spec;
  spec.common_name = common_name;
  spec.ca = true;
  spec.key_usage = "critical,keyCertSign,cRLSign";
  spec.not_before = days_from_now(-365);
  spec.not_after = days_from_now(3650);
  return spec;
}

Hierarchy make_hierarchy(EvpPkeyPtr leaf_key, const CertSpec& leaf_spec) {
  Hierarchy h;
  h.root_key = ec_key("P-384");
  h.intermediate_key = ec_key("P-256");
  h.leaf_key = std::move(leaf_key);
  h.root = issue(ca_spec("Example Root CA"), *h.root_key, nullptr, *h.root_key);
  CertSpec intermediate = ca_spec("Example Intermediate CA");
  intermediate.serial_hex = "1001";
  h.intermediate = issue(intermediate, *h.intermediate_key, h.root.get(), *h.root_key);
  h.leaf = issue(leaf_spec, *h.leaf_key, h.intermediate.get(), *h.intermediate_key);
  return h;
}

std::string pem(X509& cert) {
  return write_to_string([&](BIO* bio) { return PEM_write_bio_X509(bio, &cert); }, "cert PEM");
}

std::string der(X509& cert) {
  return write_to_string([&](BIO* bio) { return i2d_X509_bio(bio, &cert); }, "cert DER");
}

std::string pkcs8_pem(EVP_PKEY& key) {
  return write_to_string(
      [&](BIO* bio) {
        return PEM_write_bio_PKCS8PrivateKey(bio, &key, nullptr, nullptr, 0, nullptr, nullptr);
      },
      "PKCS#8 PEM");
}

std::string pkcs8_der(EVP_PKEY& key) {
  return write_to_string(
      [&](BIO* bio) {
        return i2d_PKCS8PrivateKey_bio(bio, &key, nullptr, nullptr, 0, nullptr, nullptr);
      },
      "PKCS#8 DER");
}

std::string traditional_pem(EVP_PKEY& key) {
  return write_to_string(
      [&](BIO* bio) {
        return PEM_write_bio_PrivateKey_traditional(bio, &key, nullptr, nullptr, 0, nullptr,
                                                    nullptr);
      },
      "traditional PEM");
}

std::string traditional_der(EVP_PKEY& key) {
  unsigned char* out = nullptr;
  int length = i2d_PrivateKey(&key, &out);
  check(length > 0, "traditional DER");
  std::string bytes(reinterpret_cast<char*>(out), static_cast<size_t>(length));
  OPENSSL_free(out);
  return bytes;
}

std::string encrypted_pkcs8_pem(EVP_PKEY& key) {
  return write_to_string(
      [&](BIO* bio) {
        return PEM_write_bio_PKCS8PrivateKey(bio, &key, EVP_aes_256_cbc(), "secret-pass", 11,
                                             nullptr, nullptr);
      },
      "encrypted PKCS#8 PEM");
}

std::string encrypted_pkcs8_der(EVP_PKEY& key) {
  return write_to_string(
      [&](BIO* bio) {
        return i2d_PKCS8PrivateKey_bio(bio, &key, EVP_aes_256_cbc(), "secret-pass", 11, nullptr,
                                       nullptr);
      },
      "encrypted PKCS#8 DER");
}

std::string encrypted_traditional_pem(EVP_PKEY& key) {
  return write_to_string(
      [&](BIO* bio) {
        auto* pass = reinterpret_cast<const unsigned char*>("secret-pass");
        return PEM_write_bio_PrivateKey_traditional(bio, &key, EVP_aes_256_cbc(), pass, 11, nullptr,
                                                    nullptr);
      },
      "encrypted traditional PEM");
}

std::string public_key_pem(EVP_PKEY& key) {
  return write_to_string([&](BIO* bio) { return PEM_write_bio_PUBKEY(bio, &key); },
                         "public key PEM");
}

}  // namespace certflow::pki::testing

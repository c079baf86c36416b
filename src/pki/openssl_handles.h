// RAII owners for the OpenSSL objects the pki room touches, so every handle is freed on every
// path, including early error returns. Private to src/pki.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <memory>

namespace certflow::pki {

template <auto Free>
struct OpenSslFree {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};

using X509Ptr = std::unique_ptr<X509, OpenSslFree<&X509_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslFree<&EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpenSslFree<&EVP_PKEY_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, OpenSslFree<&BIO_free_all>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OpenSslFree<&X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSslFree<&X509_STORE_CTX_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OpenSslFree<&GENERAL_NAMES_free>>;
using ExtendedKeyUsagePtr =
    std::unique_ptr<EXTENDED_KEY_USAGE, OpenSslFree<&EXTENDED_KEY_USAGE_free>>;
using BasicConstraintsPtr =
    std::unique_ptr<BASIC_CONSTRAINTS, OpenSslFree<&BASIC_CONSTRAINTS_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, OpenSslFree<&X509_REQ_free>>;
using X509CrlPtr = std::unique_ptr<X509_CRL, OpenSslFree<&X509_CRL_free>>;
using X509RevokedPtr = std::unique_ptr<X509_REVOKED, OpenSslFree<&X509_REVOKED_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OpenSslFree<&X509_NAME_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, OpenSslFree<&X509_EXTENSION_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, OpenSslFree<&ASN1_INTEGER_free>>;
using Asn1EnumeratedPtr = std::unique_ptr<ASN1_ENUMERATED, OpenSslFree<&ASN1_ENUMERATED_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, OpenSslFree<&ASN1_TIME_free>>;
using Asn1OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, OpenSslFree<&ASN1_OCTET_STRING_free>>;
using Asn1BitStringPtr = std::unique_ptr<ASN1_BIT_STRING, OpenSslFree<&ASN1_BIT_STRING_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, OpenSslFree<&GENERAL_NAME_free>>;
using AuthorityKeyIdPtr = std::unique_ptr<AUTHORITY_KEYID, OpenSslFree<&AUTHORITY_KEYID_free>>;
using DistPointPtr = std::unique_ptr<DIST_POINT, OpenSslFree<&DIST_POINT_free>>;
using CrlDistPointsPtr = std::unique_ptr<CRL_DIST_POINTS, OpenSslFree<&CRL_DIST_POINTS_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslFree<&BN_free>>;

// A STACK_OF(X509) that owns its certificates (sk_X509_pop_free is a macro, hence the struct).
struct X509StackFree {
  void operator()(STACK_OF(X509) * stack) const { sk_X509_pop_free(stack, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;

// The STACK_OF(X509_EXTENSION) that X509_REQ_get_extensions returns, with its extensions.
struct X509ExtensionStackFree {
  void operator()(STACK_OF(X509_EXTENSION) * stack) const {
    sk_X509_EXTENSION_pop_free(stack, X509_EXTENSION_free);
  }
};
using X509ExtensionStackPtr = std::unique_ptr<STACK_OF(X509_EXTENSION), X509ExtensionStackFree>;

// Memory from OPENSSL_malloc (OPENSSL_free is a macro, hence the struct).
struct OpenSslMemFree {
  void operator()(void* p) const { OPENSSL_free(p); }
};
template <typename T>
using OpenSslBuffer = std::unique_ptr<T, OpenSslMemFree>;

// OpenSSL's error queue is per thread and grows until someone clears it. Every public pki
// entry point holds one of these, so a failed parse never leaves stale errors behind for the
// next, unrelated OpenSSL call on this thread.
class ErrorQueueGuard {
 public:
  ErrorQueueGuard() = default;
  ErrorQueueGuard(const ErrorQueueGuard&) = delete;
  ErrorQueueGuard& operator=(const ErrorQueueGuard&) = delete;
  ~ErrorQueueGuard() { ERR_clear_error(); }
};

}  // namespace certflow::pki

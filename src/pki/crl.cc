// Certificate revocation lists (RFC 5280 section 5), as Private CA publishes them.
#include <array>

#include "pki/issuance.h"
#include "pki/issuance_support.h"
#include "pki/parsed_cache.h"
#include "pki/pem_io.h"

namespace certflow::pki {

namespace {

struct Reason {
  std::string_view name;
  int code;  // CRLReason (RFC 5280 5.3.1)
};

constexpr std::array<Reason, 8> kReasons = {{
    {"UNSPECIFIED", 0},
    {"KEY_COMPROMISE", 1},
    {"CERTIFICATE_AUTHORITY_COMPROMISE", 2},
    {"AFFILIATION_CHANGED", 3},
    {"SUPERSEDED", 4},
    {"CESSATION_OF_OPERATION", 5},
    {"PRIVILEGE_WITHDRAWN", 9},
    {"A_A_COMPROMISE", 10},
}};

Result<int> reason_code(std::string_view name) {
  for (const Reason& reason : kReasons) {
    if (reason.name == name) return reason.code;
  }
  return fail(ErrorCode::kInvalidArgs,
              "Unknown revocation reason '" + std::string(name.substr(0, 64)) +
                  "'. Use UNSPECIFIED, KEY_COMPROMISE, CERTIFICATE_AUTHORITY_COMPROMISE, "
                  "AFFILIATION_CHANGED, SUPERSEDED, CESSATION_OF_OPERATION, "
                  "PRIVILEGE_WITHDRAWN or A_A_COMPROMISE.");
}

Result<X509RevokedPtr> revoked_entry(const RevokedEntry& entry) {
  auto code = reason_code(entry.reason);
  if (!code) return tl::unexpected(code.error());
  auto serial = serial_integer(entry.serial_hex);
  if (!serial) return tl::unexpected(serial.error());
  auto when = asn1_time(entry.revoked_at);
  if (!when) return tl::unexpected(when.error());
  X509RevokedPtr revoked(X509_REVOKED_new());
  if (!revoked || X509_REVOKED_set_serialNumber(revoked.get(), serial->get()) != 1 ||
      X509_REVOKED_set_revocationDate(revoked.get(), when->get()) != 1) {
    return fail(ErrorCode::kInternal, "cannot build a CRL entry");
  }
  // RFC 5280 5.3.1: the reasonCode extension is left out rather than saying "unspecified".
  if (*code != 0) {
    Asn1EnumeratedPtr reason(ASN1_ENUMERATED_new());
    if (!reason || ASN1_ENUMERATED_set(reason.get(), *code) != 1 ||
        X509_REVOKED_add1_ext_i2d(revoked.get(), NID_crl_reason, reason.get(), 0,
                                  X509V3_ADD_DEFAULT) != 1) {
      return fail(ErrorCode::kInternal, "cannot encode a CRL entry's reason");
    }
  }
  return revoked;
}

Status add_entries(X509_CRL& crl, const std::vector<RevokedEntry>& entries) {
  for (const RevokedEntry& entry : entries) {
    auto revoked = revoked_entry(entry);
    if (!revoked) return tl::unexpected(revoked.error());
    if (X509_CRL_add0_revoked(&crl, revoked->get()) != 1) {
      return fail(ErrorCode::kInternal, "cannot add a CRL entry");
    }
    revoked->release();
  }
  return {};
}

Status add_crl_extensions(X509_CRL& crl, X509& issuer, int64_t crl_number) {
  Asn1IntegerPtr number(ASN1_INTEGER_new());
  if (!number || ASN1_INTEGER_set_int64(number.get(), crl_number) != 1 ||
      X509_CRL_add1_ext_i2d(&crl, NID_crl_number, number.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return fail(ErrorCode::kInternal, "cannot encode the CRL number");
  }
  auto authority = authority_key_id(issuer);
  if (!authority) return tl::unexpected(authority.error());
  if (X509_CRL_add1_ext_i2d(&crl, NID_authority_key_identifier, authority->get(), 0,
                            X509V3_ADD_DEFAULT) != 1) {
    return fail(ErrorCode::kInternal, "cannot encode the CRL's authority key identifier");
  }
  return {};
}

}  // namespace

Result<std::string> sign_crl(const CrlRequest& request, const Signer& signer) {
  ErrorQueueGuard guard;
  if (request.crl_number < 0) {
    return fail(ErrorCode::kInvalidArgs, "The CRL number must not be negative.");
  }
  if (std::chrono::floor<std::chrono::seconds>(request.next_update) <=
      std::chrono::floor<std::chrono::seconds>(request.this_update)) {
    return fail(ErrorCode::kInvalidArgs, "The CRL's nextUpdate (" +
                                             to_iso8601(request.next_update) +
                                             ") must be later than its thisUpdate (" +
                                             to_iso8601(request.this_update) + ").");
  }
  auto key = load_private_key(signer.private_key_pem, "the issuing CA's private key");
  if (!key) return tl::unexpected(key.error());
  auto key_algorithm = issuance_key_algorithm(**key, ErrorCode::kInvalidArgs, "The CA's key");
  if (!key_algorithm) return tl::unexpected(key_algorithm.error());
  auto digest = signing_digest(request.signing_algorithm, *key_algorithm);
  if (!digest) return tl::unexpected(digest.error());
  if (signer.certificate_pem.empty()) {
    return fail(ErrorCode::kInvalidArgs, "A CA without a certificate cannot sign a CRL.");
  }
  auto issuer = cached_certificate(signer.certificate_pem);
  if (!issuer) {
    return fail(ErrorCode::kInvalidArgs,
                "The CA's certificate cannot be read: " + issuer.error().message);
  }
  if (X509_check_private_key(issuer->get(), key->get()) != 1) {
    return fail(ErrorCode::kInvalidArgs,
                "The CA's private key does not belong to its certificate.");
  }
  auto this_update = asn1_time(request.this_update);
  if (!this_update) return tl::unexpected(this_update.error());
  auto next_update = asn1_time(request.next_update);
  if (!next_update) return tl::unexpected(next_update.error());

  X509CrlPtr crl(X509_CRL_new());
  if (!crl || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer->get())) != 1 ||
      X509_CRL_set1_lastUpdate(crl.get(), this_update->get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next_update->get()) != 1) {
    return fail(ErrorCode::kInternal, "cannot build the CRL");
  }
  auto ok = add_entries(*crl, request.revoked);
  if (ok) ok = add_crl_extensions(*crl, **issuer, request.crl_number);
  if (!ok) return tl::unexpected(ok.error());
  if (X509_CRL_sort(crl.get()) != 1 || X509_CRL_sign(crl.get(), key->get(), *digest) <= 0) {
    return fail(ErrorCode::kInternal, "cannot sign the CRL");
  }
  unsigned char* der = nullptr;
  int length = i2d_X509_CRL(crl.get(), &der);
  OpenSslBuffer<unsigned char> owned(der);
  if (length <= 0) return fail(ErrorCode::kInternal, "cannot encode the CRL");
  return std::string(reinterpret_cast<const char*>(der), static_cast<size_t>(length));
}

}  // namespace certflow::pki

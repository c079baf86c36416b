#include "pki/certificate_info.h"

#include "pki/key_algorithm.h"
#include "pki/openssl_handles.h"
#include "pki/pem_io.h"
#include "pki/x509_fields.h"

namespace certflow::pki {

namespace {

// ACM's DomainName: the CN, else the first DNS name, else (for an IP-only certificate) the
// first address.
Result<std::string> domain_name_of(const SubjectNames& names) {
  if (names.common_name && !names.common_name->empty()) return *names.common_name;
  if (!names.dns_names.empty()) return names.dns_names.front();
  if (!names.alt_names.empty()) return names.alt_names.front();
  return fail(ErrorCode::kValidation,
              "The certificate names no domain: it has neither a subject common name (CN) nor a "
              "DNS subject alternative name.");
}

Status check_key_algorithm(X509& cert, CertificateInfo& info) {
  const EVP_PKEY* key = X509_get0_pubkey(&cert);
  if (key == nullptr) {
    return fail(ErrorCode::kValidation, "The certificate's public key cannot be read.");
  }
  KeyAlgorithm algorithm = classify_key(*key);
  if (!algorithm.supported()) {
    return fail(ErrorCode::kValidation,
                "The certificate's key algorithm (" + algorithm.description +
                    ") is not supported. Supported key algorithms: " + kSupportedKeyAlgorithms +
                    ".");
  }
  info.key_algorithm = algorithm.acm_name;
  return {};
}

Status fill_names(const X509& cert, CertificateInfo& info) {
  auto names = subject_names(cert);
  if (!names) return tl::unexpected(names.error());
  auto domain = domain_name_of(*names);
  if (!domain) return tl::unexpected(domain.error());
  info.domain_name = std::move(*domain);
  // ACM lists the SAN extension's names; a certificate without any lists its domain name.
  if (names->alt_names.empty()) {
    info.subject_alternative_names = {info.domain_name};
  } else {
    info.subject_alternative_names = std::move(names->alt_names);
  }
  return {};
}

Status fill_validity(const X509& cert, CertificateInfo& info) {
  auto not_before = time_point(X509_get0_notBefore(&cert));
  if (!not_before) return tl::unexpected(not_before.error());
  auto not_after = time_point(X509_get0_notAfter(&cert));
  if (!not_after) return tl::unexpected(not_after.error());
  info.not_before = *not_before;
  info.not_after = *not_after;
  return {};
}

}  // namespace

Result<CertificateInfo> describe_certificate(X509& cert) {
  // OpenSSL decodes extensions lazily and flags, rather than rejects, the broken ones.
  const uint32_t flags = X509_get_extension_flags(&cert);
  if ((flags & EXFLAG_INVALID) != 0) {
    return fail(ErrorCode::kValidation,
                "The certificate has a malformed or repeated extension and cannot be imported.");
  }
  CertificateInfo info;
  if (auto ok = check_key_algorithm(cert, info); !ok) return tl::unexpected(ok.error());
  if (auto ok = fill_names(cert, info); !ok) return tl::unexpected(ok.error());
  if (auto ok = fill_validity(cert, info); !ok) return tl::unexpected(ok.error());
  auto extended = extended_key_usages(cert);
  if (!extended) return tl::unexpected(extended.error());
  info.extended_key_usages = std::move(*extended);
  info.key_usages = key_usage_names(cert);
  info.serial = serial_text(cert);
  info.subject = name_text(X509_get_subject_name(&cert));
  info.issuer = name_text(X509_get_issuer_name(&cert));
  info.signature_algorithm = signature_algorithm_text(cert);
  info.self_signed = X509_self_signed(&cert, 1) == 1;
  info.is_ca = (flags & EXFLAG_CA) != 0;
  return info;
}

Result<CertificateInfo> inspect_certificate(std::string_view pem_or_der) {
  ErrorQueueGuard guard;
  auto cert = read_one_certificate(pem_or_der);
  if (!cert) return tl::unexpected(cert.error());
  return describe_certificate(**cert);
}

}  // namespace certflow::pki

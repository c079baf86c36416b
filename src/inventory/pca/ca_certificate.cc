// GetCertificateAuthorityCsr, ImportCertificateAuthorityCertificate,
// GetCertificateAuthorityCertificate: the CA's own certificate.
#include "inventory/pca/ca_access.h"
#include "inventory/pca/signing.h"
#include "pki/certificate.h"

namespace certflow::pca {

namespace {

constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kEnd = "-----END CERTIFICATE-----";

// The chain's certificates one by one (PEM blocks; a chain without PEM markers is taken as
// one DER certificate).
std::vector<std::string> split_chain(const std::string& chain) {
  std::vector<std::string> parts;
  size_t at = chain.find(kBegin);
  if (at == std::string::npos) {
    if (!chain.empty()) parts.push_back(chain);
    return parts;
  }
  while (at != std::string::npos) {
    size_t end = chain.find(kEnd, at);
    if (end == std::string::npos) {
      parts.push_back(chain.substr(at));  // inspect_certificate reports it as malformed
      break;
    }
    end += kEnd.size();
    parts.push_back(chain.substr(at, end - at) + "\n");
    at = chain.find(kBegin, end);
  }
  return parts;
}

Result<pki::CertificateInfo> parse_certificate(const std::string& text, const std::string& what) {
  auto info = pki::inspect_certificate(text);
  if (!info) {
    return fail(ErrorCode::kMalformedCertificate,
                what + " cannot be parsed: " + info.error().message);
  }
  return info;
}

// What the certificate's own fields must say for this CA: a CA certificate, self-signed for a
// root, issued by the chain's first certificate for a subordinate, and the chain ordered from
// the issuer up to a self-signed root.
Status check_shape(const CaRecord& ca, const pki::CertificateInfo& info, const std::string& chain) {
  if (!info.is_ca) {
    return fail(
        ErrorCode::kInvalidRequest,
        "The certificate is not a CA certificate (its basicConstraints do not say CA:TRUE). "
        "Sign the CA's CSR with a CA template, e.g. RootCACertificate/V1 or "
        "SubordinateCACertificate_PathLen0/V1.");
  }
  if (ca.type == "ROOT") {
    if (!info.self_signed) {
      return fail(ErrorCode::kInvalidRequest,
                  "A ROOT CA's certificate must be self-signed; this one is issued by " +
                      info.issuer +
                      ". Issue it with IssueCertificate and the template "
                      "arn:aws:acm-pca:::template/RootCACertificate/V1 on this CA.");
    }
    if (!chain.empty()) {
      return fail(ErrorCode::kInvalidRequest,
                  "A ROOT CA's certificate takes no CertificateChain; leave it out.");
    }
    return {};
  }
  if (info.self_signed) {
    return fail(ErrorCode::kInvalidRequest,
                "A SUBORDINATE CA's certificate must be signed by its parent CA, not self-signed. "
                "Create a ROOT CA for a self-signed certificate.");
  }
  std::vector<std::string> parts = split_chain(chain);
  if (parts.empty()) {
    return fail(ErrorCode::kInvalidRequest,
                "A SUBORDINATE CA's certificate needs a CertificateChain: the parent CA's "
                "certificate and its parents up to the root, as PEM blocks.");
  }
  std::string expected_issuer = info.issuer;
  for (size_t i = 0; i < parts.size(); ++i) {
    auto link = parse_certificate(
        parts[i], "Certificate " + std::to_string(i + 1) + " of the certificate chain");
    if (!link) return tl::unexpected(link.error());
    if (link->subject != expected_issuer) {
      return fail(ErrorCode::kInvalidRequest,
                  "The certificate chain does not link: certificate " + std::to_string(i + 1) +
                      " is " + link->subject + ", but the certificate before it was issued by " +
                      expected_issuer +
                      ". List the issuing CA first, then each parent, ending with the root.");
    }
    if (!link->is_ca) {
      return fail(ErrorCode::kInvalidRequest, "Certificate " + std::to_string(i + 1) +
                                                  " of the certificate chain (" + link->subject +
                                                  ") is not a CA certificate.");
    }
    if (i + 1 == parts.size() && !link->self_signed) {
      return fail(ErrorCode::kInvalidRequest,
                  "The certificate chain must end with the root CA's self-signed certificate; "
                  "it ends with " +
                      link->subject + ", issued by " + link->issuer + ".");
    }
    expected_issuer = link->issuer;
  }
  return {};
}

// pki::validate_import checks the key match first, then the dates, then the chain's
// signatures; a key mismatch is Private CA's CertificateMismatchException.
Error classify_import_failure(const Error& error) {
  const std::string& message = error.message;
  if (message.find("does not match the public key") != std::string::npos ||
      message.find("cannot sign for the certificate") != std::string::npos) {
    return Error{ErrorCode::kCertificateMismatch,
                 "The certificate's public key is not this CA's key. Sign the CSR that "
                 "GetCertificateAuthorityCsr returns for this CA."};
  }
  if (error.code == ErrorCode::kValidation) return Error{ErrorCode::kInvalidRequest, message};
  return error;
}

}  // namespace

Result<std::string> CertificateAuthorities::get_csr(const std::string& ca_arn) {
  auto ca = load_live_ca(store_, config_, ca_arn, clock_.now(), "its CSR is not available");
  if (!ca) return tl::unexpected(ca.error());
  return ca->csr_pem;
}

Status CertificateAuthorities::import_ca_certificate(const std::string& ca_arn,
                                                     const std::string& certificate,
                                                     const std::string& chain) {
  auto txn = store_.begin();
  if (!txn) return tl::unexpected(txn.error());
  const TimePoint now = clock_.now();
  auto ca = load_live_ca(**txn, config_, ca_arn, now, "a CA certificate cannot be imported");
  if (!ca) return tl::unexpected(ca.error());
  if (ca->status != "PENDING_CERTIFICATE" && ca->status != "ACTIVE") {
    return tl::unexpected(invalid_state(*ca, effective_status(*ca, now),
                                        "enable it before importing a new CA certificate"));
  }
  auto info = parse_certificate(certificate, "The certificate");
  if (!info) return tl::unexpected(info.error());
  if (auto ok = check_shape(*ca, *info, chain); !ok) return ok;

  auto key = open_ca_key(master_key_, *ca);
  if (!key) return tl::unexpected(key.error());
  auto validated = pki::validate_import(certificate, key->view(), chain, now);
  if (!validated) return tl::unexpected(classify_import_failure(validated.error()));

  ca->certificate_pem = std::move(validated->certificate_pem);
  ca->chain_pem = std::move(validated->chain_pem);
  ca->serial = validated->info.serial;
  ca->not_before_ms = to_epoch_millis(validated->info.not_before);
  ca->not_after_ms = to_epoch_millis(validated->info.not_after);
  if (ca->status != "ACTIVE") {
    ca->status = "ACTIVE";
    ca->last_state_change_ms = to_epoch_millis(now);
  }
  // The CRL names its issuer's certificate: a new CA certificate means a new CRL.
  if (auto ok = refresh_crl(*ca, master_key_, now); !ok) return ok;
  if (auto ok = save_ca(**txn, *ca, now); !ok) return ok;
  return (*txn)->commit();
}

Result<CertificateWithChain> CertificateAuthorities::get_ca_certificate(const std::string& ca_arn) {
  const TimePoint now = clock_.now();
  auto ca = load_live_ca(store_, config_, ca_arn, now, "its certificate is not available");
  if (!ca) return tl::unexpected(ca.error());
  if (!ca->has_certificate()) {
    return tl::unexpected(invalid_state(
        *ca, effective_status(*ca, now),
        "it has no CA certificate yet; import one with ImportCertificateAuthorityCertificate"));
  }
  return CertificateWithChain{ca->certificate_pem, ca->chain_pem};
}

}  // namespace certflow::pca

// Signing a certificate from a checked CSR and one of Private CA's templates.
#include <openssl/objects.h>

#include "pki/issuance.h"
#include "pki/issuance_support.h"
#include "pki/parsed_cache.h"
#include "pki/pem_io.h"
#include "pki/x509_fields.h"

namespace certflow::pki {

namespace {

// KeyUsage bit positions (RFC 5280 4.2.1.3).
constexpr int kDigitalSignature = 0;
constexpr int kKeyEncipherment = 2;
constexpr int kKeyCertSign = 5;
constexpr int kCrlSign = 6;

struct Issuer {
  X509Ptr certificate;  // null when a root CA signs its own certificate
  EvpPkeyPtr key;
  std::string key_algorithm;
};

TimePoint whole_seconds(TimePoint t) { return std::chrono::floor<std::chrono::seconds>(t); }

Result<X509ReqPtr> parse_request(const std::string& der) {
  const auto* start = reinterpret_cast<const unsigned char*>(der.data());
  const unsigned char* cursor = start;
  X509ReqPtr request(d2i_X509_REQ(nullptr, &cursor, static_cast<long>(der.size())));
  if (der.empty() || !request || cursor != start + der.size()) {
    return fail(ErrorCode::kMalformedCsr,
                "The CSR does not parse as a PKCS#10 certificate signing request.");
  }
  return request;
}

Result<Issuer> load_issuer(const SigningRequest& request, const Signer& signer) {
  Issuer issuer;
  auto key = load_private_key(signer.private_key_pem, "the issuing CA's private key");
  if (!key) return tl::unexpected(key.error());
  issuer.key = std::move(*key);
  auto key_algorithm =
      issuance_key_algorithm(*issuer.key, ErrorCode::kInvalidArgs, "The issuing CA's key");
  if (!key_algorithm) return tl::unexpected(key_algorithm.error());
  auto algorithm_ok = check_signing_algorithm(request.signing_algorithm, *key_algorithm);
  if (!algorithm_ok) return tl::unexpected(algorithm_ok.error());
  issuer.key_algorithm = std::move(*key_algorithm);
  if (request.template_choice.kind == Template::kRootCa) return issuer;

  if (signer.certificate_pem.empty()) {
    return fail(ErrorCode::kInvalidArgs,
                "The issuing CA has no certificate yet; until one is installed it can only sign "
                "its own certificate with " +
                    template_arn({Template::kRootCa, 0}) + ".");
  }
  auto certificate = cached_certificate(signer.certificate_pem);
  if (!certificate) {
    return fail(ErrorCode::kInvalidArgs,
                "The issuing CA's certificate cannot be read: " + certificate.error().message);
  }
  issuer.certificate = std::move(*certificate);
  if (X509_check_private_key(issuer.certificate.get(), issuer.key.get()) != 1) {
    return fail(ErrorCode::kInvalidArgs,
                "The issuing CA's private key does not belong to its certificate.");
  }
  return issuer;
}

Status check_validity(const SigningRequest& request, X509* issuer) {
  TimePoint not_before = whole_seconds(request.not_before);
  TimePoint not_after = whole_seconds(request.not_after);
  if (not_after <= not_before) {
    return fail(ErrorCode::kInvalidArgs, "The certificate's NotAfter (" + to_iso8601(not_after) +
                                             ") must be later than its NotBefore (" +
                                             to_iso8601(not_before) + ").");
  }
  if (issuer == nullptr) return {};
  auto ca_not_before = time_point(X509_get0_notBefore(issuer));
  auto ca_not_after = time_point(X509_get0_notAfter(issuer));
  if (!ca_not_before || !ca_not_after) {
    return fail(ErrorCode::kInvalidArgs, "The issuing CA certificate's validity does not parse.");
  }
  if (not_before < *ca_not_before || not_after > *ca_not_after) {
    return fail(ErrorCode::kInvalidArgs,
                "The certificate's validity (" + to_iso8601(not_before) + " to " +
                    to_iso8601(not_after) + ") must lie within the issuing CA certificate's (" +
                    to_iso8601(*ca_not_before) + " to " + to_iso8601(*ca_not_after) +
                    "). Shorten the validity or renew the CA certificate.");
  }
  return {};
}

Status add(X509& cert, int nid, void* value, bool critical) {
  if (X509_add1_ext_i2d(&cert, nid, value, critical ? 1 : 0, X509V3_ADD_DEFAULT) != 1) {
    return fail(ErrorCode::kInternal,
                std::string("cannot add the ") + OBJ_nid2ln(nid) + " extension");
  }
  return {};
}

Status add_basic_constraints(X509& cert, const TemplateChoice& choice) {
  BasicConstraintsPtr constraints(BASIC_CONSTRAINTS_new());
  if (!constraints) return fail(ErrorCode::kInternal, "cannot allocate basicConstraints");
  bool ca = choice.kind == Template::kSubordinateCa || choice.kind == Template::kRootCa;
  constraints->ca = ca ? 0xff : 0;
  if (choice.kind == Template::kSubordinateCa) {
    constraints->pathlen = ASN1_INTEGER_new();
    if (constraints->pathlen == nullptr ||
        ASN1_INTEGER_set(constraints->pathlen, choice.path_length) != 1) {
      return fail(ErrorCode::kInternal, "cannot encode the path length");
    }
  }
  return add(cert, NID_basic_constraints, constraints.get(), true);
}

Status add_key_usage(X509& cert, const TemplateChoice& choice, bool ec_subject) {
  std::vector<int> bits = {kDigitalSignature};
  switch (choice.kind) {
    case Template::kEndEntity:
    case Template::kEndEntityServerAuth:
      // RSA key exchange encrypts to the key; an EC key never does, so it only signs.
      if (!ec_subject) bits.push_back(kKeyEncipherment);
      break;
    case Template::kEndEntityClientAuth: break;
    case Template::kSubordinateCa:
    case Template::kRootCa: bits.insert(bits.end(), {kKeyCertSign, kCrlSign}); break;
  }
  Asn1BitStringPtr usage(ASN1_BIT_STRING_new());
  if (!usage) return fail(ErrorCode::kInternal, "cannot allocate keyUsage");
  for (int bit : bits) {
    if (ASN1_BIT_STRING_set_bit(usage.get(), bit, 1) != 1) {
      return fail(ErrorCode::kInternal, "cannot encode keyUsage");
    }
  }
  return add(cert, NID_key_usage, usage.get(), true);
}

Status add_extended_key_usage(X509& cert, const TemplateChoice& choice) {
  std::vector<int> purposes;
  switch (choice.kind) {
    case Template::kEndEntity: purposes = {NID_server_auth, NID_client_auth}; break;
    case Template::kEndEntityServerAuth: purposes = {NID_server_auth}; break;
    case Template::kEndEntityClientAuth: purposes = {NID_client_auth}; break;
    case Template::kSubordinateCa:
    case Template::kRootCa: return {};
  }
  ExtendedKeyUsagePtr usage(sk_ASN1_OBJECT_new_null());
  if (!usage) return fail(ErrorCode::kInternal, "cannot allocate extendedKeyUsage");
  for (int nid : purposes) {
    // OBJ_nid2obj returns OpenSSL's static objects, which freeing the stack leaves alone.
    if (sk_ASN1_OBJECT_push(usage.get(), OBJ_nid2obj(nid)) == 0) {
      return fail(ErrorCode::kInternal, "cannot encode extendedKeyUsage");
    }
  }
  return add(cert, NID_ext_key_usage, usage.get(), false);
}

Status add_crl_distribution_point(X509& cert, const std::string& url) {
  for (char c : url) {
    if (c <= 0x20 || c >= 0x7f) {
      return fail(ErrorCode::kInvalidArgs,
                  "The CRL distribution point URL must be printable ASCII without spaces.");
    }
  }
  GeneralNamesPtr names(GENERAL_NAMES_new());
  GeneralNamePtr name(GENERAL_NAME_new());
  ASN1_IA5STRING* uri = ASN1_IA5STRING_new();
  if (!names || !name || uri == nullptr ||
      ASN1_STRING_set(uri, url.data(), static_cast<int>(url.size())) != 1) {
    ASN1_IA5STRING_free(uri);
    return fail(ErrorCode::kInternal, "cannot encode the CRL distribution point");
  }
  GENERAL_NAME_set0_value(name.get(), GEN_URI, uri);
  if (sk_GENERAL_NAME_push(names.get(), name.get()) == 0) {
    return fail(ErrorCode::kInternal, "cannot encode the CRL distribution point");
  }
  name.release();
  DistPointPtr point(DIST_POINT_new());
  CrlDistPointsPtr points(sk_DIST_POINT_new_null());
  if (!point || !points || (point->distpoint = DIST_POINT_NAME_new()) == nullptr) {
    return fail(ErrorCode::kInternal, "cannot encode the CRL distribution point");
  }
  point->distpoint->type = 0;  // fullName
  point->distpoint->name.fullname = names.release();
  if (sk_DIST_POINT_push(points.get(), point.get()) == 0) {
    return fail(ErrorCode::kInternal, "cannot encode the CRL distribution point");
  }
  point.release();
  return add(cert, NID_crl_distribution_points, points.get(), false);
}

Status add_subject_alt_names(X509& cert, const std::vector<std::string>& dns_names,
                             bool empty_subject) {
  if (dns_names.empty()) {
    if (!empty_subject) return {};
    return fail(ErrorCode::kInvalidArgs,
                "The certificate would name nobody: its subject is empty and it has no DNS "
                "names. Give the CSR a subject or request a subjectAltName.");
  }
  auto names = dns_general_names(dns_names);
  if (!names) return tl::unexpected(names.error());
  // RFC 5280 4.2.1.6: with an empty subject, the alternative names are the identity.
  return add(cert, NID_subject_alt_name, names->get(), empty_subject);
}

Status add_extensions(X509& cert, X509* issuer, const SigningRequest& request,
                      const std::vector<std::string>& dns_names, bool ec_subject) {
  const TemplateChoice& choice = request.template_choice;
  auto ok = add_basic_constraints(cert, choice);
  if (ok) ok = add_key_usage(cert, choice, ec_subject);
  if (ok) ok = add_extended_key_usage(cert, choice);
  if (!ok) return ok;
  auto subject_key_id = public_key_identifier(cert);
  if (!subject_key_id) return tl::unexpected(subject_key_id.error());
  ok = add(cert, NID_subject_key_identifier, subject_key_id->get(), false);
  if (ok && issuer != nullptr) {
    auto authority = authority_key_id(*issuer);
    if (!authority) return tl::unexpected(authority.error());
    ok = add(cert, NID_authority_key_identifier, authority->get(), false);
  }
  if (ok) {
    ok = add_subject_alt_names(cert, dns_names,
                               X509_NAME_entry_count(X509_get_subject_name(&cert)) == 0);
  }
  if (ok && !request.crl_url.empty()) ok = add_crl_distribution_point(cert, request.crl_url);
  return ok;
}

// X509_set_pubkey costs about 0.25 ms in OpenSSL 3.0: it encodes the key through the provider
// encoders and decodes the result again. The CSR holds the SubjectPublicKeyInfo already, so
// its fields are copied as they are.
Status copy_public_key(X509& cert, X509_REQ& request) {
  ASN1_OBJECT* algorithm = nullptr;
  const unsigned char* bits = nullptr;
  int length = 0;
  X509_ALGOR* parameters = nullptr;
  X509_PUBKEY* from = X509_REQ_get_X509_PUBKEY(&request);
  X509_PUBKEY* to = X509_get_X509_PUBKEY(&cert);
  if (from == nullptr || to == nullptr ||
      X509_PUBKEY_get0_param(&algorithm, &bits, &length, &parameters, from) != 1 || length <= 0) {
    return fail(ErrorCode::kMalformedCsr, "The CSR's public key cannot be read.");
  }
  const ASN1_OBJECT* parameter_object = nullptr;
  int parameter_type = V_ASN1_UNDEF;
  const void* parameter_value = nullptr;
  X509_ALGOR_get0(&parameter_object, &parameter_type, &parameter_value, parameters);
  // RSA keys carry NULL parameters and named-curve EC keys an OID; inspect_csr refuses the rest.
  if (parameter_type != V_ASN1_NULL && parameter_type != V_ASN1_UNDEF &&
      parameter_type != V_ASN1_OBJECT) {
    return fail(ErrorCode::kMalformedCsr, "The CSR's public key has unsupported parameters.");
  }
  using ObjectPtr = std::unique_ptr<ASN1_OBJECT, OpenSslFree<&ASN1_OBJECT_free>>;
  ObjectPtr algorithm_copy(OBJ_dup(algorithm));
  ObjectPtr value_copy(parameter_type == V_ASN1_OBJECT
                           ? OBJ_dup(static_cast<const ASN1_OBJECT*>(parameter_value))
                           : nullptr);
  OpenSslBuffer<unsigned char> bits_copy(
      static_cast<unsigned char*>(OPENSSL_memdup(bits, static_cast<size_t>(length))));
  if (!algorithm_copy || !bits_copy || (parameter_type == V_ASN1_OBJECT && !value_copy) ||
      X509_PUBKEY_set0_param(to, algorithm_copy.get(), parameter_type, value_copy.get(),
                             bits_copy.get(), length) != 1) {
    return fail(ErrorCode::kInternal, "cannot copy the CSR's public key");
  }
  algorithm_copy.release();
  value_copy.release();
  bits_copy.release();
  return {};
}

Status set_validity(X509& cert, const SigningRequest& request) {
  auto not_before = asn1_time(request.not_before);
  if (!not_before) return tl::unexpected(not_before.error());
  auto not_after = asn1_time(request.not_after);
  if (!not_after) return tl::unexpected(not_after.error());
  if (X509_set1_notBefore(&cert, not_before->get()) != 1 ||
      X509_set1_notAfter(&cert, not_after->get()) != 1) {
    return fail(ErrorCode::kInternal, "cannot set the certificate's validity");
  }
  return {};
}

}  // namespace

Result<std::string> sign_certificate(const SigningRequest& request, const Signer& signer) {
  ErrorQueueGuard guard;
  auto csr = parse_request(request.csr_der);
  if (!csr) return tl::unexpected(csr.error());
  EVP_PKEY* subject_key = X509_REQ_get0_pubkey(csr->get());
  if (subject_key == nullptr) {
    return fail(ErrorCode::kMalformedCsr, "The CSR's public key cannot be read.");
  }
  auto subject_algorithm =
      issuance_key_algorithm(*subject_key, ErrorCode::kMalformedCsr, "The CSR's key");
  if (!subject_algorithm) return tl::unexpected(subject_algorithm.error());
  auto issuer = load_issuer(request, signer);
  if (!issuer) return tl::unexpected(issuer.error());
  bool root = request.template_choice.kind == Template::kRootCa;
  if (root && EVP_PKEY_eq(subject_key, issuer->key.get()) != 1) {
    return fail(ErrorCode::kInvalidArgs,
                "The RootCACertificate/V1 template signs only the CA's own certificate, but the "
                "CSR's public key is not the CA's key. Use the CA's own CSR "
                "(GetCertificateAuthorityCsr).");
  }
  if (request.template_choice.kind == Template::kSubordinateCa &&
      (request.template_choice.path_length < 0 || request.template_choice.path_length > 3)) {
    return fail(ErrorCode::kInvalidArgs, "The subordinate CA path length must be 0 to 3.");
  }
  auto validity_ok = check_validity(request, issuer->certificate.get());
  if (!validity_ok) return tl::unexpected(validity_ok.error());
  auto digest = signing_digest(request.signing_algorithm, issuer->key_algorithm);
  if (!digest) return tl::unexpected(digest.error());
  auto serial = serial_integer(request.serial_hex);
  if (!serial) return tl::unexpected(serial.error());

  X509NamePtr subject;
  if (request.subject) {
    auto built = build_name(*request.subject);
    if (!built) return tl::unexpected(built.error());
    subject = std::move(*built);
  } else {
    subject.reset(X509_NAME_dup(X509_REQ_get_subject_name(csr->get())));
    if (!subject) return fail(ErrorCode::kInternal, "cannot copy the CSR's subject");
  }
  std::vector<std::string> dns_names;
  if (request.dns_names) {
    dns_names = *request.dns_names;
  } else {
    auto requested = csr_dns_names(**csr);
    if (!requested) return tl::unexpected(requested.error());
    dns_names = std::move(*requested);
  }

  X509Ptr cert(X509_new());
  const X509_NAME* issuer_name =
      root ? subject.get() : X509_get_subject_name(issuer->certificate.get());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      X509_set_serialNumber(cert.get(), serial->get()) != 1 ||
      X509_set_subject_name(cert.get(), subject.get()) != 1 ||
      X509_set_issuer_name(cert.get(), issuer_name) != 1) {
    return fail(ErrorCode::kInternal, "cannot build the certificate");
  }
  auto ok = copy_public_key(*cert, **csr);
  if (ok) ok = set_validity(*cert, request);
  if (ok) {
    ok = add_extensions(*cert, issuer->certificate.get(), request, dns_names,
                        EVP_PKEY_get_base_id(subject_key) == EVP_PKEY_EC);
  }
  if (!ok) return tl::unexpected(ok.error());
  if (X509_sign(cert.get(), issuer->key.get(), *digest) <= 0) {
    return fail(ErrorCode::kInternal, "cannot sign the certificate");
  }
  return certificate_pem(*cert);
}

}  // namespace certflow::pki

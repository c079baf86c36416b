// PKCS#10 certificate signing requests: building them for keys this room generates, and
// checking the ones a caller sends before anything is signed from them.
#include <openssl/pem.h>

#include "pki/issuance.h"
#include "pki/issuance_support.h"
#include "pki/pem_io.h"
#include "pki/x509_fields.h"

namespace certflow::pki {

namespace {

constexpr char kUnparsable[] =
    "The CSR does not parse as a PKCS#10 certificate signing request. Provide it PEM-encoded "
    "(-----BEGIN CERTIFICATE REQUEST-----), for example as written by: openssl req -new";

bool printable_ascii(const unsigned char* data, int length) {
  for (int i = 0; i < length; ++i) {
    if (data[i] <= 0x20 || data[i] >= 0x7f) return false;
  }
  return true;
}

Result<X509ReqPtr> decode_der(const unsigned char* der, long length) {
  const unsigned char* cursor = der;
  X509ReqPtr request(d2i_X509_REQ(nullptr, &cursor, length));
  if (!request || cursor != der + length) return fail(ErrorCode::kMalformedCsr, kUnparsable);
  return request;
}

Result<X509ReqPtr> decode_pem(std::string_view text) {
  auto blocks = read_pem_blocks(text);
  if (!blocks) {
    return fail(ErrorCode::kMalformedCsr,
                "The CSR is not valid PEM: a BEGIN/END block is broken or its base64 does not "
                "decode. Provide the request exactly as openssl req wrote it.");
  }
  const PemBlock* found = nullptr;
  for (const PemBlock& block : *blocks) {
    if (block.name() != PEM_STRING_X509_REQ && block.name() != PEM_STRING_X509_REQ_OLD) {
      if (block.name().find("CERTIFICATE") != std::string::npos) {
        return fail(ErrorCode::kMalformedCsr,
                    "The CSR field contains a certificate, not a certificate signing request "
                    "(BEGIN CERTIFICATE REQUEST).");
      }
      return fail(ErrorCode::kMalformedCsr,
                  "The CSR contains " + block_name_for_message(block) +
                      "; it must hold exactly one CERTIFICATE REQUEST block.");
    }
    if (found != nullptr) {
      return fail(ErrorCode::kMalformedCsr,
                  "The CSR contains more than one certificate signing request; send one.");
    }
    found = &block;
  }
  return decode_der(found->data(), found->length());
}

}  // namespace

Result<GeneralNamesPtr> dns_general_names(const std::vector<std::string>& dns_names) {
  GeneralNamesPtr names(GENERAL_NAMES_new());
  if (!names) return fail(ErrorCode::kInternal, "cannot allocate subject alternative names");
  for (const std::string& dns : dns_names) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(dns.data());
    if (dns.empty() || dns.size() > 253 || !printable_ascii(bytes, static_cast<int>(dns.size()))) {
      return fail(ErrorCode::kInvalidArgs,
                  "The DNS name '" + (dns.size() > 253 ? dns.substr(0, 253) + "..." : dns) +
                      "' is not a valid DNS name: it must be 1 to 253 printable ASCII "
                      "characters without spaces.");
    }
    GeneralNamePtr name(GENERAL_NAME_new());
    ASN1_IA5STRING* text = ASN1_IA5STRING_new();
    if (!name || text == nullptr ||
        ASN1_STRING_set(text, dns.data(), static_cast<int>(dns.size())) != 1) {
      ASN1_IA5STRING_free(text);
      return fail(ErrorCode::kInternal, "cannot encode a DNS name");
    }
    GENERAL_NAME_set0_value(name.get(), GEN_DNS, text);
    if (sk_GENERAL_NAME_push(names.get(), name.get()) == 0) {
      return fail(ErrorCode::kInternal, "cannot encode a DNS name");
    }
    name.release();
  }
  return names;
}

Result<std::vector<std::string>> csr_dns_names(X509_REQ& request) {
  std::vector<std::string> out;
  bool has_request = X509_REQ_get_attr_by_NID(&request, NID_ext_req, -1) >= 0 ||
                     X509_REQ_get_attr_by_NID(&request, NID_ms_ext_req, -1) >= 0;
  if (!has_request) return out;
  X509ExtensionStackPtr extensions(X509_REQ_get_extensions(&request));
  if (!extensions) {
    return fail(ErrorCode::kMalformedCsr, "The CSR's extension request does not parse.");
  }
  int critical = -1;
  GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
      X509V3_get_d2i(extensions.get(), NID_subject_alt_name, &critical, nullptr)));
  if (!names) {
    if (critical == -1) return out;
    return fail(ErrorCode::kMalformedCsr,
                critical == -2 ? "The CSR requests more than one subjectAltName extension."
                               : "The CSR's requested subjectAltName extension does not parse.");
  }
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != GEN_DNS) continue;
    const ASN1_IA5STRING* dns = name->d.dNSName;
    if (dns->length <= 0 || dns->length > 253 || !printable_ascii(dns->data, dns->length)) {
      return fail(ErrorCode::kMalformedCsr,
                  "The CSR requests a DNS name that is not 1 to 253 printable ASCII characters.");
    }
    out.emplace_back(reinterpret_cast<const char*>(dns->data), static_cast<size_t>(dns->length));
  }
  return out;
}

Result<std::string> build_csr(const crypto::SecretBytes& private_key_pem,
                              const DistinguishedName& subject,
                              const std::vector<std::string>& dns_names,
                              std::string_view signing_algorithm) {
  ErrorQueueGuard guard;
  auto key = load_private_key(private_key_pem, "the private key");
  if (!key) return tl::unexpected(key.error());
  auto key_algorithm = issuance_key_algorithm(**key, ErrorCode::kInvalidArgs, "The private key");
  if (!key_algorithm) return tl::unexpected(key_algorithm.error());
  auto digest = signing_digest(signing_algorithm, *key_algorithm);
  if (!digest) return tl::unexpected(digest.error());
  auto name = build_name(subject);
  if (!name) return tl::unexpected(name.error());

  X509ReqPtr request(X509_REQ_new());
  if (!request || X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) != 1 ||
      X509_REQ_set_subject_name(request.get(), name->get()) != 1 ||
      X509_REQ_set_pubkey(request.get(), key->get()) != 1) {
    return fail(ErrorCode::kInternal, "cannot build the certificate signing request");
  }
  if (!dns_names.empty()) {
    auto names = dns_general_names(dns_names);
    if (!names) return tl::unexpected(names.error());
    X509ExtensionStackPtr extensions(sk_X509_EXTENSION_new_null());
    X509ExtensionPtr san(X509V3_EXT_i2d(NID_subject_alt_name, 0, names->get()));
    if (!extensions || !san || sk_X509_EXTENSION_push(extensions.get(), san.get()) == 0) {
      return fail(ErrorCode::kInternal, "cannot encode the requested subjectAltName");
    }
    san.release();
    if (X509_REQ_add_extensions(request.get(), extensions.get()) != 1) {
      return fail(ErrorCode::kInternal, "cannot encode the requested subjectAltName");
    }
  }
  if (X509_REQ_sign(request.get(), key->get(), *digest) <= 0) {
    return fail(ErrorCode::kInternal, "cannot sign the certificate signing request");
  }
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509_REQ(bio.get(), request.get()) != 1) {
    return fail(ErrorCode::kInternal, "cannot encode the certificate signing request as PEM");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

Result<CsrInfo> inspect_csr(std::string_view pem_or_der) {
  ErrorQueueGuard guard;
  if (pem_or_der.empty()) {
    return fail(ErrorCode::kMalformedCsr,
                "The CSR is empty. Provide a PEM-encoded PKCS#10 certificate signing request "
                "(-----BEGIN CERTIFICATE REQUEST-----).");
  }
  auto request = looks_like_pem(pem_or_der)
                     ? decode_pem(pem_or_der)
                     : decode_der(reinterpret_cast<const unsigned char*>(pem_or_der.data()),
                                  static_cast<long>(pem_or_der.size()));
  if (!request) return tl::unexpected(request.error());
  EVP_PKEY* key = X509_REQ_get0_pubkey(request->get());
  if (key == nullptr) {
    return fail(ErrorCode::kMalformedCsr,
                "The CSR's public key cannot be read: it is malformed or of an unknown type.");
  }
  CsrInfo info;
  auto key_algorithm = issuance_key_algorithm(*key, ErrorCode::kMalformedCsr, "The CSR's key");
  if (!key_algorithm) return tl::unexpected(key_algorithm.error());
  info.key_algorithm = std::move(*key_algorithm);
  if (X509_REQ_verify(request->get(), key) != 1) {
    return fail(ErrorCode::kMalformedCsr,
                "The CSR's signature does not verify against its own public key: it was altered "
                "after signing or signed with another key. Generate the CSR again.");
  }
  auto dns_names = csr_dns_names(**request);
  if (!dns_names) return tl::unexpected(dns_names.error());
  info.dns_names = std::move(*dns_names);
  info.subject = name_text(X509_REQ_get_subject_name(request->get()));

  unsigned char* der = nullptr;
  int length = i2d_X509_REQ(request->get(), &der);
  OpenSslBuffer<unsigned char> owned(der);
  if (length <= 0) return fail(ErrorCode::kInternal, "cannot re-encode the CSR");
  info.der.assign(reinterpret_cast<const char*>(der), static_cast<size_t>(length));
  return info;
}

}  // namespace certflow::pki

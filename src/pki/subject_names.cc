// The names a certificate is for: its subject CN and its subject alternative names.
#include <arpa/inet.h>
#include <openssl/x509v3.h>

#include "pki/openssl_handles.h"
#include "pki/text.h"
#include "pki/x509_fields.h"

namespace certflow::pki {

namespace {

Result<std::optional<std::string>> common_name(const X509& cert) {
  const X509_NAME* subject = X509_get_subject_name(&cert);
  if (subject == nullptr) return std::nullopt;
  // The last CN is the most specific one (RFC 2253 prints it first).
  int index = -1;
  for (int next = -1; (next = X509_NAME_get_index_by_NID(subject, NID_commonName, next)) >= 0;) {
    index = next;
  }
  if (index < 0) return std::nullopt;
  const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
  unsigned char* utf8 = nullptr;
  int length = value != nullptr ? ASN1_STRING_to_UTF8(&utf8, value) : -1;
  OpenSslBuffer<unsigned char> owned(utf8);
  if (length < 0) {
    return fail(ErrorCode::kValidation,
                "The certificate's subject common name (CN) is not valid text.");
  }
  std::string text(reinterpret_cast<const char*>(utf8), static_cast<size_t>(length));
  if (!is_valid_utf8(text) || !has_no_control_characters(text)) {
    return fail(ErrorCode::kValidation,
                "The certificate's subject common name (CN) contains characters that are not "
                "allowed (control characters or invalid UTF-8).");
  }
  return text;
}

std::optional<std::string> ip_text(const ASN1_OCTET_STRING* address) {
  const unsigned char* bytes = ASN1_STRING_get0_data(address);
  int length = ASN1_STRING_length(address);
  char text[INET6_ADDRSTRLEN] = {};
  int family = length == 4 ? AF_INET : length == 16 ? AF_INET6 : -1;
  if (family < 0 || inet_ntop(family, bytes, text, sizeof(text)) == nullptr) return std::nullopt;
  return std::string(text);
}

}  // namespace

Result<SubjectNames> subject_names(const X509& cert) {
  SubjectNames names;
  auto cn = common_name(cert);
  if (!cn) return tl::unexpected(cn.error());
  names.common_name = std::move(*cn);

  int critical = 0;
  GeneralNamesPtr sans(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(&cert, NID_subject_alt_name, &critical, nullptr)));
  if (!sans) {
    if (critical == -1) return names;  // no such extension
    return fail(ErrorCode::kValidation,
                "The certificate's subject alternative name extension is malformed or repeated.");
  }
  names.has_san_extension = true;
  for (int i = 0; i < sk_GENERAL_NAME_num(sans.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(sans.get(), i);
    if (name->type == GEN_DNS) {
      const ASN1_IA5STRING* dns = name->d.dNSName;
      std::string text(reinterpret_cast<const char*>(ASN1_STRING_get0_data(dns)),
                       static_cast<size_t>(ASN1_STRING_length(dns)));
      if (!is_dns_text(text)) {
        return fail(ErrorCode::kValidation,
                    "The certificate has a DNS subject alternative name with characters that are "
                    "not allowed in a domain name.");
      }
      names.dns_names.push_back(text);
      names.alt_names.push_back(std::move(text));
    } else if (name->type == GEN_IPADD) {
      auto text = ip_text(name->d.iPAddress);
      if (!text) {
        return fail(ErrorCode::kValidation,
                    "The certificate has an IP address subject alternative name that is neither "
                    "IPv4 nor IPv6.");
      }
      names.alt_names.push_back(std::move(*text));
    }
  }
  return names;
}

}  // namespace certflow::pki

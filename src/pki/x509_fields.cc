#include "pki/x509_fields.h"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <array>
#include <cctype>
#include <ctime>
#include <utility>

#include "pki/openssl_handles.h"
#include "pki/text.h"

namespace certflow::pki {

namespace {

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<size_t>(length)) : std::string();
}

std::optional<std::string> print_name(const X509_NAME* name, unsigned long flags) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) return std::nullopt;
  return bio_contents(bio.get());
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string object_text(const ASN1_OBJECT* object) {
  std::array<char, 128> buffer{};
  int length = OBJ_obj2txt(buffer.data(), buffer.size(), object, 1);
  if (length <= 0) return "";
  // OBJ_obj2txt truncates long OIDs; such an OID is nonsense anyway, but never cut it silently.
  if (static_cast<size_t>(length) >= buffer.size()) return "";
  return std::string(buffer.data(), static_cast<size_t>(length));
}

// Bouncy Castle's names, which are what ACM reports.
std::string public_key_part(int pk_nid) {
  switch (pk_nid) {
    case NID_rsaEncryption: return "RSA";
    case NID_rsassaPss: return "RSAANDMGF1";
    case NID_X9_62_id_ecPublicKey: return "ECDSA";
    case NID_dsa: return "DSA";
    default: return "";
  }
}

}  // namespace

std::string serial_text(const X509& cert) {
  const ASN1_INTEGER* serial = X509_get0_serialNumber(&cert);
  if (serial == nullptr) return "";
  const unsigned char* data = ASN1_STRING_get0_data(serial);
  int length = ASN1_STRING_length(serial);
  if (length <= 0) return "00";
  constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(static_cast<size_t>(length) * 3);
  for (int i = 0; i < length; ++i) {
    if (i > 0) text.push_back(':');
    text.push_back(kHex[data[i] >> 4]);
    text.push_back(kHex[data[i] & 0x0f]);
  }
  return text;
}

std::string name_text(const X509_NAME* name) {
  if (name == nullptr) return "";
  // RFC 2253 as OpenSSL writes it, but with non-ASCII characters left as UTF-8 instead of
  // \XX escapes. If the name's strings do not decode, escape everything non-ASCII, and as a
  // last resort dump the values as hex, which always succeeds.
  constexpr unsigned long kUtf8 = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
  constexpr unsigned long kAscii = XN_FLAG_RFC2253;
  constexpr unsigned long kHexDump = XN_FLAG_RFC2253 | ASN1_STRFLGS_DUMP_ALL;
  for (unsigned long flags : {kUtf8, kAscii, kHexDump}) {
    std::optional<std::string> text = print_name(name, flags);
    if (text && is_valid_utf8(*text)) return *text;
  }
  return "";
}

std::string signature_algorithm_text(X509& cert) {
  int md_nid = NID_undef;
  int pk_nid = NID_undef;
  if (X509_get_signature_info(&cert, &md_nid, &pk_nid, nullptr, nullptr) == 1) {
    if (pk_nid == NID_ED25519) return "ED25519";
    if (pk_nid == NID_ED448) return "ED448";
    std::string key = public_key_part(pk_nid);
    const char* digest = md_nid != NID_undef ? OBJ_nid2sn(md_nid) : nullptr;
    if (!key.empty() && digest != nullptr) return upper(digest) + "WITH" + key;
  }
  // Anything else: the algorithm's OpenSSL name, or its OID when OpenSSL has no name for it.
  const X509_ALGOR* algorithm = nullptr;
  X509_get0_signature(nullptr, &algorithm, &cert);
  if (algorithm == nullptr) return "";
  const ASN1_OBJECT* object = nullptr;
  X509_ALGOR_get0(&object, nullptr, nullptr, algorithm);
  int nid = OBJ_obj2nid(object);
  if (nid != NID_undef && OBJ_nid2ln(nid) != nullptr) return upper(OBJ_nid2ln(nid));
  return object_text(object);
}

Result<TimePoint> time_point(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
    return fail(ErrorCode::kValidation, "The certificate's validity dates cannot be read.");
  }
  using namespace std::chrono;
  year_month_day date{year(tm.tm_year + 1900), month(static_cast<unsigned>(tm.tm_mon + 1)),
                      day(static_cast<unsigned>(tm.tm_mday))};
  if (!date.ok()) {
    return fail(ErrorCode::kValidation, "The certificate's validity dates cannot be read.");
  }
  return time_point_cast<milliseconds>(sys_days(date) + hours(tm.tm_hour) + minutes(tm.tm_min) +
                                       seconds(tm.tm_sec));
}

std::vector<std::string> key_usage_names(X509& cert) {
  static constexpr std::pair<uint32_t, const char*> kBits[] = {
      {KU_DIGITAL_SIGNATURE, "DIGITAL_SIGNATURE"},
      {KU_NON_REPUDIATION, "NON_REPUDIATION"},
      {KU_KEY_ENCIPHERMENT, "KEY_ENCIPHERMENT"},
      {KU_DATA_ENCIPHERMENT, "DATA_ENCIPHERMENT"},
      {KU_KEY_AGREEMENT, "KEY_AGREEMENT"},
      {KU_KEY_CERT_SIGN, "CERTIFICATE_SIGNING"},
      {KU_CRL_SIGN, "CRL_SIGNING"},
      {KU_ENCIPHER_ONLY, "ENCIPHER_ONLY"},
      {KU_DECIPHER_ONLY, "DECIPHER_ONLY"},
  };
  std::vector<std::string> names;
  if ((X509_get_extension_flags(&cert) & EXFLAG_KUSAGE) == 0) return names;
  uint32_t usage = X509_get_key_usage(&cert);
  for (const auto& [bit, name] : kBits) {
    if ((usage & bit) != 0) names.emplace_back(name);
  }
  return names;
}

Result<std::vector<ExtendedKeyUsage>> extended_key_usages(const X509& cert) {
  static constexpr std::pair<std::string_view, const char*> kKnown[] = {
      {"1.3.6.1.5.5.7.3.1", "TLS_WEB_SERVER_AUTHENTICATION"},
      {"1.3.6.1.5.5.7.3.2", "TLS_WEB_CLIENT_AUTHENTICATION"},
      {"1.3.6.1.5.5.7.3.3", "CODE_SIGNING"},
      {"1.3.6.1.5.5.7.3.4", "EMAIL_PROTECTION"},
      {"1.3.6.1.5.5.7.3.5", "IPSEC_END_SYSTEM"},
      {"1.3.6.1.5.5.7.3.6", "IPSEC_TUNNEL"},
      {"1.3.6.1.5.5.7.3.7", "IPSEC_USER"},
      {"1.3.6.1.5.5.7.3.8", "TIME_STAMPING"},
      {"1.3.6.1.5.5.7.3.9", "OCSP_SIGNING"},
      {"2.5.29.37.0", "ANY"},
  };
  std::vector<ExtendedKeyUsage> usages;
  int critical = 0;
  ExtendedKeyUsagePtr ekus(static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(&cert, NID_ext_key_usage, &critical, nullptr)));
  if (!ekus) {
    if (critical == -1) return usages;  // no such extension
    return fail(ErrorCode::kValidation,
                "The certificate's extended key usage extension is malformed or repeated.");
  }
  for (int i = 0; i < sk_ASN1_OBJECT_num(ekus.get()); ++i) {
    std::string oid = object_text(sk_ASN1_OBJECT_value(ekus.get(), i));
    if (oid.empty()) {
      return fail(ErrorCode::kValidation,
                  "The certificate's extended key usage extension holds an unreadable OID.");
    }
    ExtendedKeyUsage usage{"CUSTOM", oid};
    for (const auto& [known_oid, name] : kKnown) {
      if (oid == known_oid) usage.name = name;
    }
    usages.push_back(std::move(usage));
  }
  return usages;
}

}  // namespace certflow::pki

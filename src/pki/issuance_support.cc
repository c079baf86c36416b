#include "pki/issuance_support.h"

#include <openssl/asn1.h>
#include <openssl/sha.h>

#include <array>
#include <ctime>

#include "pki/x509_fields.h"

namespace certflow::pki {

namespace {

struct NameField {
  const char* openssl_name;
  std::string DistinguishedName::*member;
  const char* aws_name;
};

// Most general first, so the common name ends up most specific, as `openssl req` writes it.
constexpr std::array<NameField, 14> kNameFields = {{
    {"C", &DistinguishedName::country, "Country"},
    {"ST", &DistinguishedName::state, "State"},
    {"L", &DistinguishedName::locality, "Locality"},
    {"O", &DistinguishedName::organization, "Organization"},
    {"OU", &DistinguishedName::organizational_unit, "OrganizationalUnit"},
    {"dnQualifier", &DistinguishedName::distinguished_name_qualifier, "DistinguishedNameQualifier"},
    {"serialNumber", &DistinguishedName::serial_number, "SerialNumber"},
    {"title", &DistinguishedName::title, "Title"},
    {"SN", &DistinguishedName::surname, "Surname"},
    {"GN", &DistinguishedName::given_name, "GivenName"},
    {"initials", &DistinguishedName::initials, "Initials"},
    {"pseudonym", &DistinguishedName::pseudonym, "Pseudonym"},
    {"generationQualifier", &DistinguishedName::generation_qualifier, "GenerationQualifier"},
    {"CN", &DistinguishedName::common_name, "CommonName"},
}};

}  // namespace

Result<X509NamePtr> build_name(const DistinguishedName& name) {
  X509NamePtr out(X509_NAME_new());
  if (!out) return fail(ErrorCode::kInternal, "cannot allocate an X.509 name");
  for (const NameField& field : kNameFields) {
    const std::string& value = name.*field.member;
    if (value.empty()) continue;
    // OpenSSL's string table enforces each attribute's type and X.520 upper bound (Country: two
    // printable characters, CommonName: 64); the API model's own limits are checked in api/.
    if (X509_NAME_add_entry_by_txt(out.get(), field.openssl_name, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1) {
      std::string hint = field.member == &DistinguishedName::country
                             ? " It must be a two-letter country code such as US."
                             : " It must be valid UTF-8 within the attribute's length limit.";
      return fail(ErrorCode::kInvalidArgs,
                  std::string("The subject's ") + field.aws_name + " is not valid." + hint);
    }
  }
  return out;
}

Result<Asn1IntegerPtr> serial_integer(std::string_view hex) {
  auto normalized = normalize_serial_hex(hex);
  if (!normalized) {
    return fail(ErrorCode::kInvalidArgs, "The serial number is not hexadecimal.");
  }
  if (normalized->size() > 40) {
    return fail(ErrorCode::kInvalidArgs, "The serial number is longer than 20 bytes.");
  }
  BIGNUM* raw = nullptr;
  if (BN_hex2bn(&raw, normalized->c_str()) == 0) {
    return fail(ErrorCode::kInvalidArgs, "The serial number is not hexadecimal.");
  }
  BignumPtr number(raw);
  if (BN_is_zero(number.get())) {
    return fail(ErrorCode::kInvalidArgs, "The serial number must be positive, not zero.");
  }
  Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(number.get(), nullptr));
  if (!serial) return fail(ErrorCode::kInternal, "cannot encode the serial number");
  return serial;
}

Result<Asn1TimePtr> asn1_time(TimePoint t) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
  Asn1TimePtr out(ASN1_TIME_set(nullptr, static_cast<time_t>(seconds)));
  if (!out) {
    return fail(ErrorCode::kInvalidArgs,
                "The time " + to_iso8601(t) + " cannot be written into a certificate.");
  }
  return out;
}

Result<Asn1OctetStringPtr> public_key_identifier(const X509& cert) {
  const ASN1_BIT_STRING* key = X509_get0_pubkey_bitstr(&cert);
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  unsigned int length = 0;
  Asn1OctetStringPtr out(ASN1_OCTET_STRING_new());
  if (key == nullptr || !out ||
      EVP_Digest(key->data, static_cast<size_t>(key->length), digest.data(), &length, EVP_sha1(),
                 nullptr) != 1 ||
      ASN1_OCTET_STRING_set(out.get(), digest.data(), static_cast<int>(length)) != 1) {
    return fail(ErrorCode::kInternal, "cannot compute the key identifier");
  }
  return out;
}

Result<Asn1OctetStringPtr> key_identifier(X509& cert) {
  if (const ASN1_OCTET_STRING* existing = X509_get0_subject_key_id(&cert)) {
    Asn1OctetStringPtr copy(ASN1_OCTET_STRING_dup(existing));
    if (!copy) return fail(ErrorCode::kInternal, "cannot copy the subject key identifier");
    return copy;
  }
  return public_key_identifier(cert);
}

Result<AuthorityKeyIdPtr> authority_key_id(X509& issuer) {
  auto keyid = key_identifier(issuer);
  if (!keyid) return tl::unexpected(keyid.error());
  AuthorityKeyIdPtr akid(AUTHORITY_KEYID_new());
  if (!akid) return fail(ErrorCode::kInternal, "cannot allocate the authority key identifier");
  akid->keyid = keyid->release();
  return akid;
}

std::string name_for_message(const X509_NAME* name) {
  std::string text = name_text(name);
  return text.empty() ? "an empty name" : text;
}

}  // namespace certflow::pki

#include <gtest/gtest.h>

#include "pki/certificate.h"
#include "test_pki.h"

namespace certflow::pki {
namespace {

using testing::CertSpec;
using testing::der;
using testing::ec_key;
using testing::issue;
using testing::pem;

CertificateInfo inspect_ok(X509& cert) {
  auto info = inspect_certificate(pem(cert));
  if (!info) ADD_FAILURE() << info.error().message;
  return info ? *info : CertificateInfo{};
}

std::string inspect_error(std::string_view input) {
  auto info = inspect_certificate(input);
  EXPECT_FALSE(info.has_value());
  if (info) return "";
  EXPECT_EQ(info.error().code, ErrorCode::kValidation);
  return info.error().message;
}

TEST(InspectCertificate, ReportsEveryFieldOfALeafCertificate) {
  CertSpec spec;
  spec.serial_hex = "0A1B2C3D4E5F";
  spec.subject_alt_names = {"DNS:www.example.com", "DNS:example.com", "IP:192.0.2.1",
                            "IP:2001:db8::1"};
  spec.key_usage = "critical,digitalSignature,keyEncipherment";
  spec.extended_key_usage = "serverAuth,clientAuth,1.2.3.4.5";
  auto h = testing::make_hierarchy(testing::rsa_key(2048), spec);

  CertificateInfo info = inspect_ok(*h.leaf);
  EXPECT_EQ(info.domain_name, "www.example.com");
  EXPECT_EQ(
      info.subject_alternative_names,
      (std::vector<std::string>{"www.example.com", "example.com", "192.0.2.1", "2001:db8::1"}));
  EXPECT_EQ(info.serial, "0a:1b:2c:3d:4e:5f");
  EXPECT_EQ(info.subject, "CN=www.example.com,O=Example Corp,C=US");
  EXPECT_EQ(info.issuer, "CN=Example Intermediate CA,O=Example Corp,C=US");
  EXPECT_EQ(info.not_before, spec.not_before);
  EXPECT_EQ(info.not_after, spec.not_after);
  EXPECT_EQ(info.key_algorithm, "RSA_2048");
  EXPECT_EQ(info.signature_algorithm, "SHA256WITHECDSA");  // signed by the P-256 intermediate
  EXPECT_EQ(info.key_usages, (std::vector<std::string>{"DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"}));
  EXPECT_EQ(info.extended_key_usages,
            (std::vector<ExtendedKeyUsage>{{"TLS_WEB_SERVER_AUTHENTICATION", "1.3.6.1.5.5.7.3.1"},
                                           {"TLS_WEB_CLIENT_AUTHENTICATION", "1.3.6.1.5.5.7.3.2"},
                                           {"CUSTOM", "1.2.3.4.5"}}));
  EXPECT_FALSE(info.self_signed);
  EXPECT_FALSE(info.is_ca);
}

TEST(InspectCertificate, ReportsARootAsSelfSignedCa) {
  auto key = ec_key("P-384");
  CertSpec spec = testing::ca_spec("Example Root CA");
  spec.digest = EVP_sha384();
  auto root = issue(spec, *key, nullptr, *key);

  CertificateInfo info = inspect_ok(*root);
  EXPECT_TRUE(info.self_signed);
  EXPECT_TRUE(info.is_ca);
  EXPECT_EQ(info.subject, info.issuer);
  EXPECT_EQ(info.key_algorithm, "EC_secp384r1");
  EXPECT_EQ(info.signature_algorithm, "SHA384WITHECDSA");
  EXPECT_EQ(info.key_usages, (std::vector<std::string>{"CERTIFICATE_SIGNING", "CRL_SIGNING"}));
  EXPECT_TRUE(info.extended_key_usages.empty());
}

TEST(InspectCertificate, DomainNameFallsBackToTheFirstDnsNameWithoutACommonName) {
  auto key = ec_key("P-256");
  CertSpec spec;
  spec.common_name = "";
  spec.subject_alt_names = {"IP:10.0.0.1", "DNS:first.example.com", "DNS:second.example.com"};
  auto cert = issue(spec, *key, nullptr, *key);

  CertificateInfo info = inspect_ok(*cert);
  EXPECT_EQ(info.domain_name, "first.example.com");
  EXPECT_EQ(info.subject, "O=Example Corp,C=US");
  EXPECT_EQ(info.subject_alternative_names,
            (std::vector<std::string>{"10.0.0.1", "first.example.com", "second.example.com"}));
}

TEST(InspectCertificate, ListsTheCommonNameWhenThereIsNoSanExtension) {
  auto key = ec_key("P-256");
  CertSpec spec;
  spec.common_name = "legacy.example.com";
  auto cert = issue(spec, *key, nullptr, *key);

  CertificateInfo info = inspect_ok(*cert);
  EXPECT_EQ(info.domain_name, "legacy.example.com");
  EXPECT_EQ(info.subject_alternative_names, std::vector<std::string>{"legacy.example.com"});
  EXPECT_TRUE(info.key_usages.empty());
}

TEST(InspectCertificate, ListsOnlyTheSanExtensionsNamesWhenItHasThem) {
  auto key = ec_key("P-256");
  CertSpec spec;
  spec.common_name = "cn.example.com";
  spec.subject_alt_names = {"DNS:san.example.com"};
  auto cert = issue(spec, *key, nullptr, *key);

  CertificateInfo info = inspect_ok(*cert);
  EXPECT_EQ(info.domain_name, "cn.example.com");
  EXPECT_EQ(info.subject_alternative_names, std::vector<std::string>{"san.example.com"});
}

TEST(InspectCertificate, RejectsACertificateWithoutAnyName) {
  auto key = ec_key("P-256");
  CertSpec spec;
  spec.common_name = "";
  auto cert = issue(spec, *key, nullptr, *key);
  EXPECT_NE(inspect_error(pem(*cert)).find("neither a subject common name"), std::string::npos);
}

TEST(InspectCertificate, NamesEveryKeyUsageBit) {
  auto key = ec_key("P-256");
  CertSpec spec;
  spec.key_usage =
      "digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,"
      "keyCertSign,cRLSign,encipherOnly,decipherOnly";
  auto cert = issue(spec, *key, nullptr, *key);
  EXPECT_EQ(inspect_ok(*cert).key_usages,
            (std::vector<std::string>{"DIGITAL_SIGNATURE", "NON_REPUDIATION", "KEY_ENCIPHERMENT",
                                      "DATA_ENCIPHERMENT", "KEY_AGREEMENT", "CERTIFICATE_SIGNING",
                                      "CRL_SIGNING", "ENCIPHER_ONLY", "DECIPHER_ONLY"}));
}

TEST(InspectCertificate, NamesEveryExtendedKeyUsageAcmKnowsAndMarksOthersCustom) {
  auto key = ec_key("P-256");
  CertSpec spec;
  spec.extended_key_usage =
      "1.3.6.1.5.5.7.3.1,1.3.6.1.5.5.7.3.2,1.3.6.1.5.5.7.3.3,1.3.6.1.5.5.7.3.4,"
      "1.3.6.1.5.5.7.3.5,1.3.6.1.5.5.7.3.6,1.3.6.1.5.5.7.3.7,1.3.6.1.5.5.7.3.8,"
      "1.3.6.1.5.5.7.3.9,2.5.29.37.0,1.3.6.1.4.1.311.10.3.4";
  auto cert = issue(spec, *key, nullptr, *key);
  std::vector<ExtendedKeyUsage> expected = {
      {"TLS_WEB_SERVER_AUTHENTICATION", "1.3.6.1.5.5.7.3.1"},
      {"TLS_WEB_CLIENT_AUTHENTICATION", "1.3.6.1.5.5.7.3.2"},
      {"CODE_SIGNING", "1.3.6.1.5.5.7.3.3"},
      {"EMAIL_PROTECTION", "1.3.6.1.5.5.7.3.4"},
      {"IPSEC_END_SYSTEM", "1.3.6.1.5.5.7.3.5"},
      {"IPSEC_TUNNEL", "1.3.6.1.5.5.7.3.6"},
      {"IPSEC_USER", "1.3.6.1.5.5.7.3.7"},
      {"TIME_STAMPING", "1.3.6.1.5.5.7.3.8"},
      {"OCSP_SIGNING", "1.3.6.1.5.5.7.3.9"},
      {"ANY", "2.5.29.37.0"},
      {"CUSTOM", "1.3.6.1.4.1.311.10.3.4"},
  };
  EXPECT_EQ(inspect_ok(*cert).extended_key_usages, expected);
}

TEST(InspectCertificate, WritesSerialsAsTheirMagnitudeBytesInLowercaseHex) {
  auto key = ec_key("P-256");
  CertSpec spec;
  spec.serial_hex = "FF0001";  // high bit set: DER adds a 00 sign byte that ACM does not show
  auto cert = issue(spec, *key, nullptr, *key);
  EXPECT_EQ(inspect_ok(*cert).serial, "ff:00:01");
}

TEST(InspectCertificate, KeepsNonAsciiNamesAsUtf8) {
  auto key = ec_key("P-256");
  CertSpec spec;
  spec.common_name =
      "b\xc3\xbc"
      "cher.example";
  spec.organization =
      "B\xc3\xbc"
      "cher GmbH, Berlin";
  auto cert = issue(spec, *key, nullptr, *key);
  CertificateInfo info = inspect_ok(*cert);
  EXPECT_EQ(info.subject,
            "CN=b\xc3\xbc"
            "cher.example,O=B\xc3\xbc"
            "cher GmbH\\, Berlin,C=US");
  EXPECT_EQ(info.domain_name,
            "b\xc3\xbc"
            "cher.example");
}

struct SignatureCase {
  const char* curve_or_rsa;
  const EVP_MD* (*digest)();
  const char* expected;
};

class SignatureAlgorithmTest : public ::testing::TestWithParam<SignatureCase> {};

TEST_P(SignatureAlgorithmTest, IsNamedAsAcmNamesIt) {
  const SignatureCase& c = GetParam();
  EvpPkeyPtr key =
      std::string(c.curve_or_rsa) == "RSA" ? testing::rsa_key(2048) : ec_key(c.curve_or_rsa);
  CertSpec spec;
  spec.digest = c.digest();
  auto cert = issue(spec, *key, nullptr, *key);
  EXPECT_EQ(inspect_ok(*cert).signature_algorithm, c.expected);
}

INSTANTIATE_TEST_SUITE_P(Digests, SignatureAlgorithmTest,
                         ::testing::Values(SignatureCase{"RSA", EVP_sha256, "SHA256WITHRSA"},
                                           SignatureCase{"RSA", EVP_sha384, "SHA384WITHRSA"},
                                           SignatureCase{"RSA", EVP_sha512, "SHA512WITHRSA"},
                                           SignatureCase{"P-256", EVP_sha256, "SHA256WITHECDSA"},
                                           SignatureCase{"P-384", EVP_sha384, "SHA384WITHECDSA"},
                                           SignatureCase{"P-521", EVP_sha512, "SHA512WITHECDSA"}));

struct KeyCase {
  int rsa_bits;       // 0 for EC
  const char* curve;  // nullptr for RSA
  const char* expected;
};

class SupportedKeyAlgorithmTest : public ::testing::TestWithParam<KeyCase> {};

TEST_P(SupportedKeyAlgorithmTest, IsReportedWithAcmsName) {
  const KeyCase& c = GetParam();
  EvpPkeyPtr key = c.rsa_bits != 0 ? testing::rsa_key(c.rsa_bits) : ec_key(c.curve);
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  EXPECT_EQ(inspect_ok(*cert).key_algorithm, c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    AcmList, SupportedKeyAlgorithmTest,
    ::testing::Values(KeyCase{1024, nullptr, "RSA_1024"}, KeyCase{2048, nullptr, "RSA_2048"},
                      KeyCase{3072, nullptr, "RSA_3072"}, KeyCase{4096, nullptr, "RSA_4096"},
                      KeyCase{0, "P-256", "EC_prime256v1"}, KeyCase{0, "P-384", "EC_secp384r1"},
                      KeyCase{0, "P-521", "EC_secp521r1"}));

TEST(InspectCertificate, RejectsAnEd25519Key) {
  auto key = testing::ed25519_key();
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  std::string message = inspect_error(pem(*cert));
  EXPECT_NE(message.find("key algorithm (Ed25519) is not supported"), std::string::npos) << message;
  EXPECT_NE(message.find("RSA_2048"), std::string::npos);
}

TEST(InspectCertificate, RejectsRsaSizesOutsideAcmsList) {
  auto key = testing::rsa_key(1536);
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  EXPECT_NE(inspect_error(pem(*cert)).find("(RSA 1536-bit) is not supported"), std::string::npos);
}

TEST(InspectCertificate, RejectsCurvesOutsideAcmsList) {
  auto key = ec_key("P-224");
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  EXPECT_NE(inspect_error(pem(*cert)).find("(EC secp224r1) is not supported"), std::string::npos);
}

TEST(InspectCertificate, ReadsDerAsWellAsPem) {
  auto key = ec_key("P-256");
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  auto from_der = inspect_certificate(der(*cert));
  ASSERT_TRUE(from_der) << from_der.error().message;
  EXPECT_EQ(from_der->serial, inspect_ok(*cert).serial);
  EXPECT_EQ(from_der->subject, "CN=www.example.com,O=Example Corp,C=US");
}

TEST(InspectCertificate, IgnoresTextAroundThePemBlock) {
  auto key = ec_key("P-256");
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  auto info = inspect_certificate("Bag Attributes\n    friendlyName: www\n" + pem(*cert) + "\n");
  ASSERT_TRUE(info) << info.error().message;
}

TEST(InspectCertificate, RejectsGarbageWithThePemHint) {
  const std::string kHint =
      "Unable to parse certificate. Please ensure the certificate is in PEM format.";
  EXPECT_EQ(inspect_error("not a certificate"), kHint);
  EXPECT_EQ(inspect_error(""), kHint);
  EXPECT_EQ(inspect_error("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), kHint);
  auto key = ec_key("P-256");
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  std::string text = pem(*cert);
  EXPECT_EQ(inspect_error(text.substr(0, text.size() / 2)), kHint);
  std::string bytes = der(*cert);
  EXPECT_EQ(inspect_error(bytes.substr(0, bytes.size() - 1)), kHint);
}

TEST(InspectCertificate, RejectsTwoCertificatesInOneField) {
  auto key = ec_key("P-256");
  auto first = issue(CertSpec(), *key, nullptr, *key);
  auto second = issue(CertSpec(), *key, nullptr, *key);
  std::string message = inspect_error(pem(*first) + pem(*second));
  EXPECT_NE(message.find("contains 2 certificates; it must contain exactly one"), std::string::npos)
      << message;
}

TEST(InspectCertificate, RejectsAPrivateKeyInTheCertificateField) {
  auto key = ec_key("P-256");
  std::string message = inspect_error(testing::pkcs8_pem(*key));
  EXPECT_NE(message.find("contains a PRIVATE KEY block"), std::string::npos) << message;
}

}  // namespace
}  // namespace certflow::pki

#include <gtest/gtest.h>

#include "pki/certificate.h"
#include "test_pki.h"

namespace certflow::pki {
namespace {

using testing::CertSpec;
using testing::ec_key;
using testing::Hierarchy;
using testing::issue;
using testing::make_hierarchy;
using testing::pem;
using testing::test_now;

std::string chain_of(Hierarchy& h) { return pem(*h.intermediate) + pem(*h.root); }

std::string import_error(std::string_view cert, std::string_view key, std::string_view chain,
                         TimePoint now = test_now()) {
  auto result = validate_import(cert, key, chain, now);
  EXPECT_FALSE(result.has_value());
  if (result) return "";
  EXPECT_EQ(result.error().code, ErrorCode::kValidation);
  return result.error().message;
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE((haystack).find(needle), std::string::npos) << (haystack)

TEST(ValidateImport, AcceptsALeafWithIntermediateAndRoot) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  auto result =
      validate_import(pem(*h.leaf), testing::pkcs8_pem(*h.leaf_key), chain_of(h), test_now());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->certificate_pem, pem(*h.leaf));
  EXPECT_EQ(result->chain_pem, chain_of(h));
  EXPECT_EQ(result->private_key_pem.view(), testing::pkcs8_pem(*h.leaf_key));
  EXPECT_EQ(result->info.domain_name, "www.example.com");
  EXPECT_EQ(result->info.key_algorithm, "EC_prime256v1");
}

TEST(ValidateImport, AcceptsAChainThatStopsBelowTheRoot) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  auto result = validate_import(pem(*h.leaf), testing::pkcs8_pem(*h.leaf_key), pem(*h.intermediate),
                                test_now());
  ASSERT_TRUE(result) << result.error().message;
}

TEST(ValidateImport, AcceptsAChainInAnyOrder) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  auto result = validate_import(pem(*h.leaf), testing::pkcs8_pem(*h.leaf_key),
                                pem(*h.root) + pem(*h.intermediate), test_now());
  ASSERT_TRUE(result) << result.error().message;
}

TEST(ValidateImport, AcceptsASelfSignedCertificateWithoutAChain) {
  auto key = testing::rsa_key(2048);
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  auto result = validate_import(pem(*cert), testing::pkcs8_pem(*key), "", test_now());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_TRUE(result->info.self_signed);
  EXPECT_EQ(result->chain_pem, "");
}

TEST(ValidateImport, AcceptsDerInputsAndReturnsPem) {
  Hierarchy h = make_hierarchy(ec_key("P-384"));
  auto result = validate_import(testing::der(*h.leaf), testing::pkcs8_der(*h.leaf_key),
                                testing::der(*h.intermediate) + testing::der(*h.root), test_now());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->certificate_pem, pem(*h.leaf));
  EXPECT_EQ(result->chain_pem, chain_of(h));
}

struct KeyFormat {
  const char* name;
  std::string (*encode)(EVP_PKEY&);
};

class PrivateKeyFormatTest : public ::testing::TestWithParam<std::tuple<KeyFormat, std::string>> {};

// Every accepted form comes back as the same unencrypted PKCS#8 PEM.
TEST_P(PrivateKeyFormatTest, IsAcceptedAndNormalisedToPkcs8Pem) {
  const auto& [format, key_type] = GetParam();
  EvpPkeyPtr key = key_type == "RSA" ? testing::rsa_key(2048) : ec_key(key_type.c_str());
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  auto result = validate_import(pem(*cert), format.encode(*key), "", test_now());
  ASSERT_TRUE(result) << format.name << ": " << result.error().message;
  EXPECT_EQ(result->private_key_pem.view(), testing::pkcs8_pem(*key));
  EXPECT_EQ(result->private_key_pem.view().rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0u);
}

std::string sec1_with_parameters(EVP_PKEY& key) {
  // What `openssl ecparam -genkey -name prime256v1` writes: parameters, then the key.
  return "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" +
         testing::traditional_pem(key);
}

INSTANTIATE_TEST_SUITE_P(
    Formats, PrivateKeyFormatTest,
    ::testing::Combine(::testing::Values(KeyFormat{"PKCS#8 PEM", testing::pkcs8_pem},
                                         KeyFormat{"PKCS#8 DER", testing::pkcs8_der},
                                         KeyFormat{"PKCS#1/SEC1 PEM", testing::traditional_pem},
                                         KeyFormat{"PKCS#1/SEC1 DER", testing::traditional_der}),
                       ::testing::Values("RSA", "P-256", "P-521")));

TEST(ValidateImport, AcceptsSec1KeysPrecededByEcParameters) {
  auto key = ec_key("P-256");
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  auto result = validate_import(pem(*cert), sec1_with_parameters(*key), "", test_now());
  ASSERT_TRUE(result) << result.error().message;
}

TEST(ValidateImport, RejectsAKeyThatDoesNotMatchTheCertificate) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  auto other = ec_key("P-256");
  EXPECT_EQ(import_error(pem(*h.leaf), testing::pkcs8_pem(*other), chain_of(h)),
            "The private key does not match the public key in the certificate.");
}

TEST(ValidateImport, RejectsAKeyOfAnotherTypeAsNotMatching) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  EXPECT_EQ(import_error(pem(*h.leaf), testing::pkcs8_pem(*testing::rsa_key(2048)), chain_of(h)),
            "The private key does not match the public key in the certificate.");
}

TEST(ValidateImport, RejectsAnUnsupportedPrivateKey) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  std::string message =
      import_error(pem(*h.leaf), testing::pkcs8_pem(*testing::ed25519_key()), chain_of(h));
  EXPECT_CONTAINS(message, "The private key is not supported: it is Ed25519.");
}

TEST(ValidateImport, RejectsAnEd25519Certificate) {
  auto key = testing::ed25519_key();
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  EXPECT_CONTAINS(import_error(pem(*cert), testing::pkcs8_pem(*key), ""), "not supported");
}

TEST(ValidateImport, RejectsEncryptedKeysWithoutAskingForAPassphrase) {
  auto key = ec_key("P-256");
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  for (const std::string& encrypted :
       {testing::encrypted_pkcs8_pem(*key), testing::encrypted_pkcs8_der(*key),
        testing::encrypted_traditional_pem(*key)}) {
    EXPECT_CONTAINS(import_error(pem(*cert), encrypted, ""), "The private key is encrypted.");
  }
}

TEST(ValidateImport, RejectsKeysThatDoNotParse) {
  auto key = ec_key("P-256");
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  std::string good = testing::pkcs8_pem(*key);
  for (const std::string& bad :
       {std::string("garbage"), good.substr(0, good.size() / 2),
        std::string("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
        testing::pkcs8_der(*key) + "x"}) {
    EXPECT_CONTAINS(import_error(pem(*cert), bad, ""), "Unable to parse the private key.");
  }
  EXPECT_CONTAINS(import_error(pem(*cert), "", ""), "The private key is empty.");
}

TEST(ValidateImport, RejectsACertificateOrPublicKeyInTheKeyField) {
  auto key = ec_key("P-256");
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  EXPECT_CONTAINS(import_error(pem(*cert), pem(*cert), ""), "contains a certificate");
  EXPECT_CONTAINS(import_error(pem(*cert), testing::public_key_pem(*key), ""),
                  "contains a public key");
}

TEST(ValidateImport, RejectsTwoKeysInTheKeyField) {
  auto key = ec_key("P-256");
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  EXPECT_CONTAINS(import_error(pem(*cert), testing::pkcs8_pem(*key) + testing::pkcs8_pem(*key), ""),
                  "contains 2 private keys");
}

TEST(ValidateImport, RejectsAKeyLargerThanFiveKilobytes) {
  auto key = ec_key("P-256");
  auto cert = issue(CertSpec(), *key, nullptr, *key);
  std::string padded = std::string(5200, '#') + "\n" + testing::pkcs8_pem(*key);
  EXPECT_CONTAINS(import_error(pem(*cert), padded, ""), "at most 5 KB");
}

TEST(ValidateImport, RejectsGarbageCertificate) {
  auto key = ec_key("P-256");
  EXPECT_EQ(import_error("garbage", testing::pkcs8_pem(*key), ""),
            "Unable to parse certificate. Please ensure the certificate is in PEM format.");
}

TEST(ValidateImport, RejectsTwoCertificatesInTheCertificateField) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  EXPECT_CONTAINS(import_error(pem(*h.leaf) + pem(*h.intermediate), testing::pkcs8_pem(*h.leaf_key),
                               pem(*h.root)),
                  "must contain exactly one");
}

TEST(ValidateImport, RequiresAChainForACertificateThatIsNotSelfSigned) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  EXPECT_CONTAINS(import_error(pem(*h.leaf), testing::pkcs8_pem(*h.leaf_key), ""),
                  "The certificate chain is required for a certificate that is not self-signed.");
}

TEST(ValidateImport, RejectsAChainThatDoesNotLinkToTheCertificate) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  Hierarchy other = make_hierarchy(ec_key("P-256"));
  std::string message =
      import_error(pem(*h.leaf), testing::pkcs8_pem(*h.leaf_key), chain_of(other));
  EXPECT_CONTAINS(message, "Could not validate the certificate with the certificate chain");
  EXPECT_CONTAINS(message, "unable to get local issuer certificate");
}

TEST(ValidateImport, RejectsAChainWithOnlyTheRoot) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  EXPECT_CONTAINS(import_error(pem(*h.leaf), testing::pkcs8_pem(*h.leaf_key), pem(*h.root)),
                  "Could not validate the certificate with the certificate chain");
}

TEST(ValidateImport, RejectsAChainThatRepeatsTheCertificate) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  EXPECT_CONTAINS(
      import_error(pem(*h.leaf), testing::pkcs8_pem(*h.leaf_key), pem(*h.leaf) + chain_of(h)),
      "contains the certificate itself");
}

TEST(ValidateImport, RejectsAChainWhoseIntermediateHasExpired) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  CertSpec expired = testing::ca_spec("Example Intermediate CA");
  expired.serial_hex = "1001";
  expired.not_after = testing::days_from_now(-1);
  h.intermediate = issue(expired, *h.intermediate_key, h.root.get(), *h.root_key);
  EXPECT_CONTAINS(import_error(pem(*h.leaf), testing::pkcs8_pem(*h.leaf_key), chain_of(h)),
                  "certificate has expired");
}

TEST(ValidateImport, RejectsAChainThatIsNotCertificates) {
  Hierarchy h = make_hierarchy(ec_key("P-256"));
  std::string key = testing::pkcs8_pem(*h.leaf_key);
  EXPECT_CONTAINS(import_error(pem(*h.leaf), key, "garbage"),
                  "Unable to parse the certificate chain.");
  std::string message = import_error(pem(*h.leaf), key, chain_of(h) + key);
  EXPECT_CONTAINS(message, "The certificate chain contains a PRIVATE KEY block");
}

TEST(ValidateImport, RejectsACertificateThatIsNotYetValid) {
  auto key = ec_key("P-256");
  CertSpec spec;
  spec.not_before = testing::days_from_now(2);
  spec.not_after = testing::days_from_now(90);
  auto cert = issue(spec, *key, nullptr, *key);
  EXPECT_EQ(import_error(pem(*cert), testing::pkcs8_pem(*key), ""),
            "The certificate is not yet valid: its validity starts at 2027-03-03T00:00:00Z "
            "(NotBefore). Import it once it is valid.");
}

TEST(ValidateImport, RejectsAnExpiredCertificate) {
  auto key = ec_key("P-256");
  CertSpec spec;
  spec.not_before = testing::days_from_now(-90);
  spec.not_after = testing::days_from_now(-1);
  auto cert = issue(spec, *key, nullptr, *key);
  EXPECT_EQ(import_error(pem(*cert), testing::pkcs8_pem(*key), ""),
            "The certificate has expired: it was valid until 2027-02-28T00:00:00Z (NotAfter). "
            "Import a renewed certificate.");
}

TEST(ValidateImport, AcceptsACertificateOnTheLastSecondOfItsValidity) {
  auto key = ec_key("P-256");
  CertSpec spec;
  spec.not_after = test_now();
  auto cert = issue(spec, *key, nullptr, *key);
  auto result = validate_import(pem(*cert), testing::pkcs8_pem(*key), "", test_now());
  ASSERT_TRUE(result) << result.error().message;
}

TEST(ValidateImport, ErrorMessagesNeverContainKeyMaterial) {
  Hierarchy h = make_hierarchy(testing::rsa_key(2048));
  std::string key = testing::traditional_pem(*h.leaf_key);
  std::string body = key.substr(key.find('\n') + 1, 64);  // the first line of base64
  std::vector<std::string> messages = {
      import_error(pem(*h.leaf), key, ""),
      import_error(pem(*h.leaf), key.substr(0, key.size() - 40), chain_of(h)),
      import_error(key, key, chain_of(h)),
      import_error(pem(*h.leaf), key, key),
      import_error(pem(*h.leaf), testing::pkcs8_pem(*ec_key("P-256")), chain_of(h)),
  };
  for (const std::string& message : messages) {
    EXPECT_FALSE(message.empty());
    EXPECT_EQ(message.find(body.substr(0, 16)), std::string::npos) << message;
    EXPECT_EQ(message.find("MII"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace certflow::pki

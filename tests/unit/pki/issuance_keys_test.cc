// Algorithm names, key generation, encrypted key export, serials and template ARNs.
#include <gtest/gtest.h>
#include <openssl/pem.h>

#include <set>

#include "issuance_fixture.h"
#include "pki/issuance.h"
#include "pki/key_algorithm.h"
#include "pki/pem_io.h"
#include "test_pki.h"

namespace certflow::pki {
namespace {

using testing::run_command;
using testing::TempDir;

TEST(CheckKeyAlgorithm, AcceptsTheSixIssuanceAlgorithms) {
  for (const char* name :
       {"RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"}) {
    EXPECT_TRUE(check_key_algorithm(name).has_value()) << name;
  }
}

TEST(CheckKeyAlgorithm, RejectsOthersNamingThem) {
  for (const char* name : {"RSA_1024", "EC_secp224r1", "ED25519", "", "rsa_2048"}) {
    auto result = check_key_algorithm(name);
    ASSERT_FALSE(result.has_value()) << name;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgs);
    EXPECT_NE(result.error().message.find("RSA_2048"), std::string::npos);
  }
}

TEST(CheckSigningAlgorithm, MatchesFamilies) {
  for (const char* rsa : {"SHA256WITHRSA", "SHA384WITHRSA", "SHA512WITHRSA"}) {
    EXPECT_TRUE(check_signing_algorithm(rsa, "RSA_2048").has_value()) << rsa;
    EXPECT_TRUE(check_signing_algorithm(rsa, "RSA_4096").has_value()) << rsa;
    EXPECT_FALSE(check_signing_algorithm(rsa, "EC_prime256v1").has_value()) << rsa;
  }
  for (const char* ec : {"SHA256WITHECDSA", "SHA384WITHECDSA", "SHA512WITHECDSA"}) {
    EXPECT_TRUE(check_signing_algorithm(ec, "EC_secp384r1").has_value()) << ec;
    EXPECT_FALSE(check_signing_algorithm(ec, "RSA_3072").has_value()) << ec;
  }
}

TEST(CheckSigningAlgorithm, MismatchMessageNamesBoth) {
  auto result = check_signing_algorithm("SHA256WITHECDSA", "RSA_2048");
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgs);
  EXPECT_NE(result.error().message.find("SHA256WITHECDSA cannot sign with an RSA_2048 key"),
            std::string::npos)
      << result.error().message;
}

TEST(CheckSigningAlgorithm, RejectsUnknownAlgorithmsAndKeys) {
  auto unknown = check_signing_algorithm("SHA1WITHRSA", "RSA_2048");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgs);
  EXPECT_NE(unknown.error().message.find("SHA1WITHRSA"), std::string::npos);
  auto bad_key = check_signing_algorithm("SHA256WITHRSA", "RSA_1024");
  ASSERT_FALSE(bad_key.has_value());
  EXPECT_EQ(bad_key.error().code, ErrorCode::kInvalidArgs);
}

struct KeyCase {
  const char* algorithm;
  int base_id;
  int bits;
};

class GenerateKey : public ::testing::TestWithParam<KeyCase> {};

TEST_P(GenerateKey, WritesUnencryptedPkcs8OfTheAlgorithm) {
  const KeyCase& c = GetParam();
  auto pem = generate_private_key(c.algorithm);
  ASSERT_TRUE(pem.has_value()) << pem.error().message;
  EXPECT_EQ(pem->view().substr(0, 27), "-----BEGIN PRIVATE KEY-----");
  auto key = read_private_key(pem->view());
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(EVP_PKEY_get_base_id(key->get()), c.base_id);
  EXPECT_EQ(EVP_PKEY_get_bits(key->get()), c.bits);
  EXPECT_EQ(classify_key(**key).acm_name, c.algorithm);
  if (c.base_id == EVP_PKEY_RSA) {
    BIGNUM* e = nullptr;
    ASSERT_EQ(EVP_PKEY_get_bn_param(key->get(), "e", &e), 1);
    BignumPtr exponent(e);
    EXPECT_EQ(BN_get_word(exponent.get()), 65537u);
  } else {
    // A named curve, not explicit parameters: classify_key reads the group name.
    char group[64] = {};
    size_t length = 0;
    EXPECT_EQ(EVP_PKEY_get_group_name(key->get(), group, sizeof(group), &length), 1);
  }
  auto algorithm = private_key_algorithm(*pem);
  ASSERT_TRUE(algorithm.has_value());
  EXPECT_EQ(*algorithm, c.algorithm);
}

INSTANTIATE_TEST_SUITE_P(All, GenerateKey,
                         ::testing::Values(KeyCase{"RSA_2048", EVP_PKEY_RSA, 2048},
                                           KeyCase{"RSA_3072", EVP_PKEY_RSA, 3072},
                                           KeyCase{"RSA_4096", EVP_PKEY_RSA, 4096},
                                           KeyCase{"EC_prime256v1", EVP_PKEY_EC, 256},
                                           KeyCase{"EC_secp384r1", EVP_PKEY_EC, 384},
                                           KeyCase{"EC_secp521r1", EVP_PKEY_EC, 521}));

TEST(GenerateKeyOnce, RejectsAnUnknownAlgorithm) {
  auto pem = generate_private_key("RSA_1024");
  ASSERT_FALSE(pem.has_value());
  EXPECT_EQ(pem.error().code, ErrorCode::kInvalidArgs);
}

TEST(GenerateKeyOnce, TwoKeysDiffer) {
  auto a = generate_private_key("EC_prime256v1");
  auto b = generate_private_key("EC_prime256v1");
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->view(), b->view());
}

TEST(PrivateKeyAlgorithm, RejectsGarbageAndUnsupportedKeys) {
  auto garbage = private_key_algorithm(crypto::SecretBytes("not a key"));
  ASSERT_FALSE(garbage.has_value());
  EXPECT_EQ(garbage.error().code, ErrorCode::kInvalidArgs);
  EXPECT_EQ(garbage.error().message.find("not a key"), std::string::npos);

  auto small = testing::rsa_key(1024);
  auto rsa_1024 = private_key_algorithm(crypto::SecretBytes(testing::pkcs8_pem(*small)));
  ASSERT_FALSE(rsa_1024.has_value());
  EXPECT_NE(rsa_1024.error().message.find("RSA 1024-bit"), std::string::npos);

  auto ed = testing::ed25519_key();
  auto ed25519 = private_key_algorithm(crypto::SecretBytes(testing::pkcs8_pem(*ed)));
  ASSERT_FALSE(ed25519.has_value());
  EXPECT_NE(ed25519.error().message.find("Ed25519"), std::string::npos);
}

TEST(EncryptPrivateKey, WritesEncryptedPkcs8ThatOpensslDecrypts) {
  auto key = generate_private_key("EC_prime256v1");
  ASSERT_TRUE(key.has_value());
  auto encrypted = encrypt_private_key(*key, crypto::SecretBytes("correct horse"));
  ASSERT_TRUE(encrypted.has_value()) << encrypted.error().message;
  EXPECT_EQ(encrypted->rfind("-----BEGIN ENCRYPTED PRIVATE KEY-----", 0), 0u);
  EXPECT_EQ(encrypted->find(std::string(key->view())), std::string::npos);

  TempDir dir;
  std::string path = dir.write("key.pem", *encrypted);
  auto decrypted = run_command("openssl pkey -in " + path + " -passin pass:'correct horse'");
  ASSERT_EQ(decrypted.exit_code, 0) << decrypted.output;
  // The CLI writes the same unencrypted PKCS#8 key back.
  EXPECT_EQ(decrypted.output, std::string(key->view()));

  auto asn1 = run_command("openssl asn1parse -in " + path);
  ASSERT_EQ(asn1.exit_code, 0) << asn1.output;
  EXPECT_NE(asn1.output.find("PBES2"), std::string::npos);
  EXPECT_NE(asn1.output.find("aes-256-cbc"), std::string::npos);

  auto wrong = run_command("openssl pkey -in " + path + " -passin pass:wrong-passphrase");
  EXPECT_NE(wrong.exit_code, 0) << wrong.output;
}

TEST(EncryptPrivateKey, RsaKeyRoundTripsThroughOpenSsl) {
  auto rsa = testing::rsa_key(2048);
  crypto::SecretBytes key(testing::pkcs8_pem(*rsa));
  auto encrypted = encrypt_private_key(key, crypto::SecretBytes("p4ssw0rd"));
  ASSERT_TRUE(encrypted.has_value());
  BioPtr bio(BIO_new_mem_buf(encrypted->data(), static_cast<int>(encrypted->size())));
  char pass[] = "p4ssw0rd";
  EvpPkeyPtr decrypted(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, pass));
  ASSERT_TRUE(decrypted);
  EXPECT_EQ(EVP_PKEY_eq(decrypted.get(), rsa.get()), 1);
}

TEST(EncryptPrivateKey, RejectsEmptyPassphraseAndBadKey) {
  auto key = generate_private_key("EC_prime256v1");
  ASSERT_TRUE(key.has_value());
  auto empty = encrypt_private_key(*key, crypto::SecretBytes(""));
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgs);
  auto bad = encrypt_private_key(crypto::SecretBytes("nope"), crypto::SecretBytes("pass"));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgs);
}

TEST(RandomSerialHex, Is32LowercaseHexWithPositiveNonZeroFirstByte) {
  std::set<std::string> seen;
  for (int i = 0; i < 500; ++i) {
    std::string serial = random_serial_hex();
    ASSERT_EQ(serial.size(), 32u) << serial;
    for (char c : serial) {
      ASSERT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << serial;
    }
    int first = std::stoi(serial.substr(0, 2), nullptr, 16);
    EXPECT_GT(first, 0) << serial;
    EXPECT_LT(first, 0x80) << serial;
    EXPECT_EQ(normalize_serial_hex(serial), serial);
    seen.insert(serial);
  }
  EXPECT_EQ(seen.size(), 500u);
}

TEST(NormalizeSerialHex, AcceptsTheUsualSpellings) {
  EXPECT_EQ(normalize_serial_hex("4c:1f:0a"), "4c1f0a");
  EXPECT_EQ(normalize_serial_hex("4C1F0A"), "4c1f0a");
  EXPECT_EQ(normalize_serial_hex("4c1f0a"), "4c1f0a");
  EXPECT_EQ(normalize_serial_hex("00:4c:1f"), "4c1f");
  EXPECT_EQ(normalize_serial_hex("00004c"), "4c");
  EXPECT_EQ(normalize_serial_hex("abc"), "0abc");
  EXPECT_EQ(normalize_serial_hex("a:b"), "0a0b");
  EXPECT_EQ(normalize_serial_hex("00"), "00");
  EXPECT_EQ(normalize_serial_hex("00:00"), "00");
}

TEST(NormalizeSerialHex, RejectsWhatIsNotHex) {
  for (const char* text : {"", "xyz", "4c:", ":4c", "4c::1f", "4c1:f", "0x4c", "4c 1f", "g0"}) {
    EXPECT_EQ(normalize_serial_hex(text), std::nullopt) << text;
  }
}

TEST(TemplateArn, ParsesEveryTemplateAndRoundTrips) {
  struct Case {
    const char* arn;
    Template kind;
    int path_length;
  };
  const Case cases[] = {
      {"arn:aws:acm-pca:::template/EndEntityCertificate/V1", Template::kEndEntity, 0},
      {"arn:aws:acm-pca:::template/EndEntityServerAuthCertificate/V1",
       Template::kEndEntityServerAuth, 0},
      {"arn:aws:acm-pca:::template/EndEntityClientAuthCertificate/V1",
       Template::kEndEntityClientAuth, 0},
      {"arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1", Template::kSubordinateCa,
       0},
      {"arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen1/V1", Template::kSubordinateCa,
       1},
      {"arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen2/V1", Template::kSubordinateCa,
       2},
      {"arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen3/V1", Template::kSubordinateCa,
       3},
      {"arn:aws:acm-pca:::template/RootCACertificate/V1", Template::kRootCa, 0},
  };
  for (const Case& c : cases) {
    auto choice = parse_template_arn(c.arn);
    ASSERT_TRUE(choice.has_value()) << c.arn;
    EXPECT_EQ(choice->kind, c.kind) << c.arn;
    EXPECT_EQ(choice->path_length, c.path_length) << c.arn;
    EXPECT_EQ(template_arn(*choice), c.arn);
  }
}

TEST(TemplateArn, AcceptsOtherPartitions) {
  auto choice = parse_template_arn("arn:aws-us-gov:acm-pca:::template/RootCACertificate/V1");
  ASSERT_TRUE(choice.has_value());
  EXPECT_EQ(choice->kind, Template::kRootCa);
}

TEST(TemplateArn, RejectsUnknownAndMalformed) {
  for (const char* arn :
       {"", "EndEntityCertificate/V1", "arn:aws:acm-pca:::template/EndEntityCertificate/V2",
        "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen4/V1",
        "arn:aws:acm-pca:::template/EndEntityCertificate_APIPassthrough/V1",
        "arn:aws:acm:::template/EndEntityCertificate/V1",
        "arn:aws:acm-pca:us-east-1::template/EndEntityCertificate/V1",
        "arn:aws:acm-pca:::template//V1"}) {
    auto choice = parse_template_arn(arn);
    ASSERT_FALSE(choice.has_value()) << arn;
    EXPECT_EQ(choice.error().code, ErrorCode::kInvalidArgs);
    EXPECT_NE(choice.error().message.find("EndEntityCertificate"), std::string::npos);
  }
}

}  // namespace
}  // namespace certflow::pki

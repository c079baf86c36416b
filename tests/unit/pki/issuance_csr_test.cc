// build_csr and inspect_csr, against each other and against CSRs the openssl CLI writes.
#include <gtest/gtest.h>
#include <openssl/pem.h>

#include "issuance_fixture.h"
#include "pki/issuance.h"
#include "test_pki.h"

namespace certflow::pki {
namespace {

using testing::name_with_cn;
using testing::run_command;
using testing::TempDir;

crypto::SecretBytes key_of(const char* algorithm) {
  auto key = generate_private_key(algorithm);
  EXPECT_TRUE(key.has_value());
  return key.value_or(crypto::SecretBytes());
}

std::string der_to_pem(const std::string& der, const char* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio(bio.get(), name, "", reinterpret_cast<const unsigned char*>(der.data()),
                static_cast<long>(der.size()));
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

// A CSR the openssl CLI writes with a fresh key of `newkey` ("rsa:1024", "ed25519", ...).
std::string cli_csr(const TempDir& dir, const std::string& newkey, const std::string& extra = "") {
  std::string out = (dir.path() / "cli.csr").string();
  auto result = run_command("openssl req -new -newkey " + newkey + " -nodes -keyout " +
                            (dir.path() / "cli.key").string() + " -subj /CN=cli.example.com " +
                            extra + " -out " + out);
  EXPECT_EQ(result.exit_code, 0) << result.output;
  auto text = run_command("cat " + out);
  return text.output;
}

void expect_malformed(const Result<CsrInfo>& result, const std::string& fragment) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kMalformedCsr);
  EXPECT_NE(result.error().message.find(fragment), std::string::npos) << result.error().message;
}

TEST(BuildCsr, WritesAPemRequestThatOpensslVerifies) {
  auto key = key_of("EC_prime256v1");
  auto pem = build_csr(key, name_with_cn("www.example.com"), {"www.example.com", "example.com"},
                       "SHA256WITHECDSA");
  ASSERT_TRUE(pem.has_value()) << pem.error().message;
  EXPECT_EQ(pem->rfind("-----BEGIN CERTIFICATE REQUEST-----", 0), 0u);
  TempDir dir;
  auto verify = run_command("openssl req -verify -noout -text -in " + dir.write("r.csr", *pem));
  ASSERT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("verify OK"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find("DNS:www.example.com, DNS:example.com"), std::string::npos)
      << verify.output;
  EXPECT_NE(verify.output.find("ecdsa-with-SHA256"), std::string::npos);
}

TEST(BuildCsr, InspectReadsBackWhatWasBuilt) {
  auto key = key_of("RSA_2048");
  DistinguishedName subject;
  subject.country = "DE";
  subject.organization = "Beispiel GmbH";
  subject.organizational_unit = "Ops";
  subject.distinguished_name_qualifier = "dnq";
  subject.state = "Bayern";
  subject.common_name = "api.example.de";
  subject.serial_number = "SN-42";
  subject.locality = "München";
  subject.title = "Server";
  subject.surname = "Muster";
  subject.given_name = "Max";
  subject.initials = "MM";
  subject.pseudonym = "maxi";
  subject.generation_qualifier = "III";
  auto pem = build_csr(key, subject, {"api.example.de"}, "SHA384WITHRSA");
  ASSERT_TRUE(pem.has_value()) << pem.error().message;
  auto info = inspect_csr(*pem);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->key_algorithm, "RSA_2048");
  EXPECT_EQ(info->dns_names, std::vector<std::string>{"api.example.de"});
  for (const char* part :
       {"CN=api.example.de", "O=Beispiel GmbH", "C=DE", "OU=Ops", "ST=Bayern", "L=München",
        "serialNumber=SN-42", "title=Server", "SN=Muster", "GN=Max", "initials=MM",
        "pseudonym=maxi", "generationQualifier=III", "dnQualifier=dnq"}) {
    EXPECT_NE(info->subject.find(part), std::string::npos) << part << " in " << info->subject;
  }
  // The DER is the same request.
  const auto* cursor = reinterpret_cast<const unsigned char*>(info->der.data());
  X509ReqPtr request(d2i_X509_REQ(nullptr, &cursor, static_cast<long>(info->der.size())));
  ASSERT_TRUE(request);
  EXPECT_EQ(X509_REQ_verify(request.get(), X509_REQ_get0_pubkey(request.get())), 1);
}

TEST(BuildCsr, WithoutNamesHasNoExtensionRequest) {
  auto pem = build_csr(key_of("EC_secp384r1"), name_with_cn("plain"), {}, "SHA384WITHECDSA");
  ASSERT_TRUE(pem.has_value());
  auto info = inspect_csr(*pem);
  ASSERT_TRUE(info.has_value());
  EXPECT_TRUE(info->dns_names.empty());
  EXPECT_EQ(info->key_algorithm, "EC_secp384r1");
}

TEST(BuildCsr, RejectsMismatchedOrUnknownSigningAlgorithm) {
  auto key = key_of("EC_prime256v1");
  auto wrong = build_csr(key, name_with_cn("x"), {}, "SHA256WITHRSA");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgs);
  EXPECT_NE(wrong.error().message.find("EC_prime256v1"), std::string::npos);
  auto unknown = build_csr(key, name_with_cn("x"), {}, "MD5WITHRSA");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgs);
}

TEST(BuildCsr, RejectsBadSubjectNamesAndKeys) {
  auto key = key_of("EC_prime256v1");
  DistinguishedName bad_country = name_with_cn("x");
  bad_country.country = "USA";
  auto country = build_csr(key, bad_country, {}, "SHA256WITHECDSA");
  ASSERT_FALSE(country.has_value());
  EXPECT_EQ(country.error().code, ErrorCode::kInvalidArgs);
  EXPECT_NE(country.error().message.find("Country"), std::string::npos);

  DistinguishedName long_cn = name_with_cn(std::string(65, 'a'));
  auto cn = build_csr(key, long_cn, {}, "SHA256WITHECDSA");
  ASSERT_FALSE(cn.has_value());
  EXPECT_NE(cn.error().message.find("CommonName"), std::string::npos);
  DistinguishedName long_state = name_with_cn("x");
  long_state.state = std::string(128, 's');  // Private CA allows 128 for State
  EXPECT_TRUE(build_csr(key, long_state, {}, "SHA256WITHECDSA").has_value());

  for (const std::string& dns : {std::string(), std::string("has space.example.com"),
                                 std::string("bücher.example"), std::string(300, 'a')}) {
    auto result = build_csr(key, name_with_cn("x"), {dns}, "SHA256WITHECDSA");
    ASSERT_FALSE(result.has_value()) << dns;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgs);
  }

  auto garbage = build_csr(crypto::SecretBytes("junk"), name_with_cn("x"), {}, "SHA256WITHRSA");
  ASSERT_FALSE(garbage.has_value());
  EXPECT_EQ(garbage.error().code, ErrorCode::kInvalidArgs);

  auto small = testing::rsa_key(1024);
  auto rsa_1024 = build_csr(crypto::SecretBytes(testing::pkcs8_pem(*small)), name_with_cn("x"), {},
                            "SHA256WITHRSA");
  ASSERT_FALSE(rsa_1024.has_value());
  EXPECT_NE(rsa_1024.error().message.find("RSA 1024-bit"), std::string::npos);
}

TEST(InspectCsr, AcceptsDerAndTheOldPemLabel) {
  auto pem = build_csr(key_of("EC_prime256v1"), name_with_cn("old.example.com"),
                       {"old.example.com"}, "SHA256WITHECDSA");
  ASSERT_TRUE(pem.has_value());
  auto info = inspect_csr(*pem);
  ASSERT_TRUE(info.has_value());

  auto from_der = inspect_csr(info->der);
  ASSERT_TRUE(from_der.has_value()) << from_der.error().message;
  EXPECT_EQ(from_der->der, info->der);
  EXPECT_EQ(from_der->dns_names, info->dns_names);

  auto from_old = inspect_csr(der_to_pem(info->der, "NEW CERTIFICATE REQUEST"));
  ASSERT_TRUE(from_old.has_value()) << from_old.error().message;
  EXPECT_EQ(from_old->der, info->der);
  EXPECT_EQ(from_old->subject, "CN=old.example.com,O=Example Corp,C=US");
}

TEST(InspectCsr, ReadsRequestsTheOpensslCliWrites) {
  TempDir dir;
  std::string pem = cli_csr(dir, "ec -pkeyopt ec_paramgen_curve:P-384",
                            "-addext subjectAltName=DNS:cli.example.com,DNS:www.cli.example.com,"
                            "IP:192.0.2.1");
  auto info = inspect_csr(pem);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  EXPECT_EQ(info->key_algorithm, "EC_secp384r1");
  EXPECT_EQ(info->subject, "CN=cli.example.com");
  EXPECT_EQ(info->dns_names, (std::vector<std::string>{"cli.example.com", "www.cli.example.com"}));
}

TEST(InspectCsr, RejectsUnsupportedKeysNamingThem) {
  TempDir dir;
  expect_malformed(inspect_csr(cli_csr(dir, "rsa:1024")), "RSA 1024-bit");
  expect_malformed(inspect_csr(cli_csr(dir, "ed25519")), "Ed25519");
  expect_malformed(inspect_csr(cli_csr(dir, "ec -pkeyopt ec_paramgen_curve:P-224")), "secp224r1");
}

TEST(InspectCsr, RejectsABadSignature) {
  auto pem = build_csr(key_of("EC_prime256v1"), name_with_cn("x"), {}, "SHA256WITHECDSA");
  ASSERT_TRUE(pem.has_value());
  auto info = inspect_csr(*pem);
  ASSERT_TRUE(info.has_value());
  std::string tampered = info->der;
  tampered.back() = static_cast<char>(tampered.back() ^ 0x01);
  expect_malformed(inspect_csr(tampered), "signature does not verify");
  expect_malformed(inspect_csr(der_to_pem(tampered, "CERTIFICATE REQUEST")),
                   "signature does not verify");

  // The subject changed after signing: flip a byte of "Example Corp".
  std::string altered = info->der;
  size_t at = altered.find("Example Corp");
  ASSERT_NE(at, std::string::npos);
  altered[at] = 'e';
  expect_malformed(inspect_csr(altered), "signature does not verify");
}

TEST(InspectCsr, RejectsGarbageWithActionableMessages) {
  expect_malformed(inspect_csr(""), "empty");
  expect_malformed(inspect_csr("hello world"), "PKCS#10");
  expect_malformed(inspect_csr(std::string("\x30\x03\x02\x01\x01", 5)), "PKCS#10");
  expect_malformed(inspect_csr("-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n"
                               "-----END CERTIFICATE REQUEST-----\n"),
                   "not valid PEM");

  auto pem = build_csr(key_of("EC_prime256v1"), name_with_cn("x"), {}, "SHA256WITHECDSA");
  ASSERT_TRUE(pem.has_value());
  expect_malformed(inspect_csr(*pem + *pem), "more than one");
  auto info = inspect_csr(*pem);
  ASSERT_TRUE(info.has_value());
  expect_malformed(inspect_csr(info->der + "x"), "PKCS#10");
  expect_malformed(inspect_csr(info->der.substr(0, info->der.size() - 3)), "PKCS#10");

  auto h = testing::make_hierarchy(testing::ec_key("P-256"));
  expect_malformed(inspect_csr(testing::pem(*h.leaf)), "certificate, not a certificate");
  auto key = testing::ec_key("P-256");
  expect_malformed(inspect_csr(testing::pkcs8_pem(*key)), "PRIVATE KEY block");
}

}  // namespace
}  // namespace certflow::pki

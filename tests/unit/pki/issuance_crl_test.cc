// sign_crl: a DER CRL that OpenSSL parses, verifies against the CA and prints entry by entry.
#include <gtest/gtest.h>

#include "issuance_fixture.h"
#include "pki/issuance.h"
#include "pki/x509_fields.h"
#include "test_pki.h"

namespace certflow::pki {
namespace {

using namespace testing;  // NOLINT: the fixture's helpers

X509CrlPtr parse_crl(const std::string& der) {
  const auto* cursor = reinterpret_cast<const unsigned char*>(der.data());
  return X509CrlPtr(d2i_X509_CRL(nullptr, &cursor, static_cast<long>(der.size())));
}

CrlRequest sample_request(const std::string& signing_algorithm) {
  CrlRequest request;
  request.crl_number = 7;
  request.this_update = test_now();
  request.next_update = days_from_now(7);
  request.signing_algorithm = signing_algorithm;
  request.revoked = {
      {"0a1b2c", days_from_now(-2), "KEY_COMPROMISE"},
      {"7f:00:01", days_from_now(-1), "UNSPECIFIED"},
      {"1234", days_from_now(-1), "A_A_COMPROMISE"},
      {"ff", days_from_now(-1), "PRIVILEGE_WITHDRAWN"},
  };
  return request;
}

class CrlSigning : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ca_ = new TestCa(make_root("EC_prime256v1", "SHA256WITHECDSA")); }
  static void TearDownTestSuite() { delete ca_; }
  static TestCa* ca_;
};
TestCa* CrlSigning::ca_ = nullptr;

TEST_F(CrlSigning, WritesAVersion2CrlWithNumberAuthorityKeyAndEntries) {
  auto der = sign_crl(sample_request("SHA256WITHECDSA"), ca_->signer);
  ASSERT_TRUE(der.has_value()) << der.error().message;
  X509CrlPtr crl = parse_crl(*der);
  ASSERT_TRUE(crl);
  X509Ptr ca = parse_certificate(ca_->signer.certificate_pem);
  EXPECT_EQ(X509_CRL_get_version(crl.get()), X509_CRL_VERSION_2);
  EXPECT_EQ(X509_NAME_cmp(X509_CRL_get_issuer(crl.get()), X509_get_subject_name(ca.get())), 0);
  EXPECT_EQ(X509_CRL_verify(crl.get(), X509_get0_pubkey(ca.get())), 1);
  EXPECT_EQ(time_point(X509_CRL_get0_lastUpdate(crl.get())).value(), test_now());
  EXPECT_EQ(time_point(X509_CRL_get0_nextUpdate(crl.get())).value(), days_from_now(7));

  int critical = -1;
  Asn1IntegerPtr number(static_cast<ASN1_INTEGER*>(
      X509_CRL_get_ext_d2i(crl.get(), NID_crl_number, &critical, nullptr)));
  ASSERT_TRUE(number);
  EXPECT_EQ(ASN1_INTEGER_get(number.get()), 7);
  AuthorityKeyIdPtr akid(static_cast<AUTHORITY_KEYID*>(
      X509_CRL_get_ext_d2i(crl.get(), NID_authority_key_identifier, &critical, nullptr)));
  ASSERT_TRUE(akid && akid->keyid);
  EXPECT_EQ(ASN1_OCTET_STRING_cmp(akid->keyid, X509_get0_subject_key_id(ca.get())), 0);

  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(crl.get());
  ASSERT_EQ(sk_X509_REVOKED_num(revoked), 4);
  // Each entry is found by serial, with its reason (absent for UNSPECIFIED).
  struct Expect {
    const char* hex;
    int reason;  // -1: no reasonCode extension
  };
  for (Expect e :
       {Expect{"0a1b2c", 1}, Expect{"7f0001", -1}, Expect{"1234", 10}, Expect{"ff", 9}}) {
    BIGNUM* raw = nullptr;
    BN_hex2bn(&raw, e.hex);
    BignumPtr bn(raw);
    Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
    X509_REVOKED* entry = nullptr;
    ASSERT_EQ(X509_CRL_get0_by_serial(crl.get(), &entry, serial.get()), 1) << e.hex;
    Asn1EnumeratedPtr reason(static_cast<ASN1_ENUMERATED*>(
        X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, &critical, nullptr)));
    if (e.reason < 0) {
      EXPECT_FALSE(reason) << e.hex;
    } else {
      ASSERT_TRUE(reason) << e.hex;
      EXPECT_EQ(ASN1_ENUMERATED_get(reason.get()), e.reason) << e.hex;
    }
  }
}

TEST_F(CrlSigning, OpensslCliPrintsAndVerifiesIt) {
  auto der = sign_crl(sample_request("SHA256WITHECDSA"), ca_->signer);
  ASSERT_TRUE(der.has_value());
  TempDir dir;
  std::string crl_path = dir.write("ca.crl", *der);
  std::string ca_path = dir.write("ca.pem", ca_->signer.certificate_pem);
  auto text = run_command("openssl crl -inform DER -noout -text -in " + crl_path);
  ASSERT_EQ(text.exit_code, 0) << text.output;
  for (const char* part :
       {"Certificate Revocation List (CRL):", "Version 2 (0x1)", "Serial Number: 0A1B2C",
        "Key Compromise", "Serial Number: 7F0001", "Serial Number: 1234", "AA Compromise",
        "Privilege Withdrawn", "X509v3 CRL Number", "7", "X509v3 Authority Key Identifier",
        "ecdsa-with-SHA256"}) {
    EXPECT_NE(text.output.find(part), std::string::npos) << part << "\n" << text.output;
  }
  auto verify =
      run_command("openssl crl -inform DER -noout -verify -CAfile " + ca_path + " -in " + crl_path);
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("verify OK"), std::string::npos) << verify.output;

  // Another CA's certificate does not verify it.
  TestCa other = make_root("EC_prime256v1", "SHA256WITHECDSA", "Test Root CA");
  auto wrong =
      run_command("openssl crl -inform DER -noout -verify -CAfile " +
                  dir.write("other.pem", other.signer.certificate_pem) + " -in " + crl_path);
  EXPECT_EQ(wrong.output.find("verify OK"), std::string::npos) << wrong.output;
}

TEST_F(CrlSigning, AnEmptyCrlFromAnRsaSubordinateRevokesAChainCertificate) {
  TestCa sub = make_subordinate(*ca_, "RSA_2048", "SHA256WITHRSA");
  CrlRequest request;
  request.crl_number = 1;
  request.this_update = test_now();
  request.next_update = days_from_now(1);
  request.signing_algorithm = "SHA512WITHRSA";
  auto empty = sign_crl(request, sub.signer);
  ASSERT_TRUE(empty.has_value()) << empty.error().message;
  X509CrlPtr crl = parse_crl(*empty);
  ASSERT_TRUE(crl);
  // An empty list is left out of the DER altogether (RFC 5280 5.1.2.6), so there is no stack.
  EXPECT_LE(sk_X509_REVOKED_num(X509_CRL_get_REVOKED(crl.get())), 0);
  EXPECT_EQ(X509_CRL_verify(crl.get(),
                            X509_get0_pubkey(parse_certificate(sub.signer.certificate_pem).get())),
            1);

  // A certificate the CRL lists fails a CRL-checking verification with the CLI.
  CsrInfo csr =
      csr_for(generate_private_key("EC_prime256v1").value(), name_with_cn("revoked.example.com"),
              {"revoked.example.com"}, "SHA256WITHECDSA");
  auto leaf = sign_certificate(leaf_request(csr, "SHA256WITHRSA"), sub.signer);
  ASSERT_TRUE(leaf.has_value());
  request.crl_number = 2;
  request.revoked = {{"0a1b2c", test_now(), "SUPERSEDED"}};
  auto listed = sign_crl(request, sub.signer);
  ASSERT_TRUE(listed.has_value());
  TempDir dir;
  auto to_pem = run_command("openssl crl -inform DER -in " + dir.write("sub.crl", *listed) +
                            " -out " + (dir.path() / "sub-crl.pem").string());
  ASSERT_EQ(to_pem.exit_code, 0) << to_pem.output;
  std::string base = "openssl verify " + attime_option() + " -CAfile " +
                     dir.write("root.pem", ca_->signer.certificate_pem) + " -untrusted " +
                     dir.write("sub.pem", sub.signer.certificate_pem) + " ";
  std::string leaf_path = dir.write("leaf.pem", *leaf);
  auto plain = run_command(base + leaf_path);
  EXPECT_EQ(plain.exit_code, 0) << plain.output;
  auto checked = run_command(base + "-crl_check -CRLfile " + (dir.path() / "sub-crl.pem").string() +
                             " " + leaf_path);
  EXPECT_NE(checked.exit_code, 0) << checked.output;
  EXPECT_NE(checked.output.find("revoked"), std::string::npos) << checked.output;
}

void expect_invalid(const Result<std::string>& result, const std::string& fragment) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgs);
  EXPECT_NE(result.error().message.find(fragment), std::string::npos) << result.error().message;
}

TEST_F(CrlSigning, RefusesBadRequests) {
  CrlRequest request = sample_request("SHA256WITHECDSA");
  request.revoked.push_back({"01", test_now(), "BECAUSE"});
  expect_invalid(sign_crl(request, ca_->signer), "BECAUSE");

  request = sample_request("SHA256WITHECDSA");
  request.revoked.push_back({"zz", test_now(), "SUPERSEDED"});
  expect_invalid(sign_crl(request, ca_->signer), "serial");

  request = sample_request("SHA256WITHRSA");
  expect_invalid(sign_crl(request, ca_->signer), "SHA256WITHRSA cannot sign with an EC_prime256v1");

  request = sample_request("SHA256WITHECDSA");
  request.next_update = request.this_update;
  expect_invalid(sign_crl(request, ca_->signer), "nextUpdate");

  request = sample_request("SHA256WITHECDSA");
  request.crl_number = -1;
  expect_invalid(sign_crl(request, ca_->signer), "CRL number");

  request = sample_request("SHA256WITHECDSA");
  expect_invalid(sign_crl(request, Signer{"", ca_->signer.private_key_pem}), "certificate");
  TestCa other = make_root("EC_prime256v1", "SHA256WITHECDSA");
  expect_invalid(
      sign_crl(request, Signer{ca_->signer.certificate_pem, other.signer.private_key_pem}),
      "does not belong");
}

}  // namespace
}  // namespace certflow::pki

// sign_certificate: a root, subordinate and end-entity chain that OpenSSL accepts, each
// template's extensions, and every request the issuer must refuse.
#include <gtest/gtest.h>

#include <thread>

#include "issuance_fixture.h"
#include "pki/issuance.h"
#include "pki/x509_fields.h"
#include "test_pki.h"

namespace certflow::pki {
namespace {

using namespace testing;  // NOLINT: the fixture's helpers

// X509_V_OK when `leaf` chains to `root` through `intermediates` at the tests' time.
int verify_chain(X509& root, const std::vector<X509*>& intermediates, X509& leaf) {
  X509StorePtr store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), &root);
  X509StackPtr untrusted(sk_X509_new_null());
  for (X509* cert : intermediates) {
    X509_up_ref(cert);
    sk_X509_push(untrusted.get(), cert);
  }
  X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), &leaf, untrusted.get());
  auto seconds = std::chrono::floor<std::chrono::seconds>(test_now()).time_since_epoch().count();
  X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), static_cast<time_t>(seconds));
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
  if (X509_verify_cert(ctx.get()) == 1) return X509_V_OK;
  return X509_STORE_CTX_get_error(ctx.get());
}

crypto::SecretBytes key_of(const char* algorithm) {
  auto key = generate_private_key(algorithm);
  EXPECT_TRUE(key.has_value());
  return key.value_or(crypto::SecretBytes());
}

std::string hex(const ASN1_OCTET_STRING* octets) {
  std::string out;
  static const char* digits = "0123456789abcdef";
  for (int i = 0; i < octets->length; ++i) {
    out += digits[octets->data[i] >> 4];
    out += digits[octets->data[i] & 0x0f];
  }
  return out;
}

struct Constraints {
  bool present = false;
  bool critical = false;
  bool ca = false;
  long path_length = -1;  // -1: none
};

Constraints basic_constraints(X509& cert) {
  int critical = -1;
  BasicConstraintsPtr bc(
      static_cast<BASIC_CONSTRAINTS*>(decoded_extension(cert, NID_basic_constraints, &critical)));
  Constraints out;
  if (!bc) return out;
  out.present = true;
  out.critical = critical == 1;
  out.ca = bc->ca != 0;
  if (bc->pathlen != nullptr) out.path_length = ASN1_INTEGER_get(bc->pathlen);
  return out;
}

bool extension_critical(X509& cert, int nid) {
  int at = X509_get_ext_by_NID(&cert, nid, -1);
  return at >= 0 && X509_EXTENSION_get_critical(X509_get_ext(&cert, at)) == 1;
}

std::vector<std::string> ekus(X509& cert) {
  auto usages = extended_key_usages(cert);
  std::vector<std::string> out;
  for (const auto& usage : usages.value_or(std::vector<ExtendedKeyUsage>{})) {
    out.push_back(usage.name);
  }
  return out;
}

std::string authority_key_hex(X509& cert) {
  const ASN1_OCTET_STRING* keyid = X509_get0_authority_key_id(&cert);
  return keyid != nullptr ? hex(keyid) : "";
}

std::string subject_key_hex(X509& cert) {
  const ASN1_OCTET_STRING* keyid = X509_get0_subject_key_id(&cert);
  return keyid != nullptr ? hex(keyid) : "";
}

class IssuanceChain : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new TestCa(make_root("EC_secp384r1", "SHA384WITHECDSA"));
    sub_ = new TestCa(make_subordinate(*root_, "RSA_2048", "SHA256WITHRSA", 0));
  }
  static void TearDownTestSuite() {
    delete root_;
    delete sub_;
  }
  static TestCa* root_;
  static TestCa* sub_;
};
TestCa* IssuanceChain::root_ = nullptr;
TestCa* IssuanceChain::sub_ = nullptr;

TEST_F(IssuanceChain, RootSubordinateAndLeafVerifyInProcessAndWithTheOpensslCli) {
  CsrInfo csr = csr_for(key_of("EC_prime256v1"), name_with_cn("www.example.com"),
                        {"www.example.com", "example.com"}, "SHA256WITHECDSA");
  SigningRequest request = leaf_request(csr, "SHA256WITHRSA");
  request.crl_url = "http://crl.example.com/sub.crl";
  auto leaf_pem = sign_certificate(request, sub_->signer);
  ASSERT_TRUE(leaf_pem.has_value()) << leaf_pem.error().message;

  X509Ptr root = parse_certificate(root_->signer.certificate_pem);
  X509Ptr sub = parse_certificate(sub_->signer.certificate_pem);
  X509Ptr leaf = parse_certificate(*leaf_pem);
  ASSERT_TRUE(root && sub && leaf);
  EXPECT_EQ(verify_chain(*root, {sub.get()}, *leaf), X509_V_OK);
  EXPECT_NE(verify_chain(*root, {}, *leaf), X509_V_OK);

  TempDir dir;
  std::string root_path = dir.write("root.pem", root_->signer.certificate_pem);
  std::string sub_path = dir.write("sub.pem", sub_->signer.certificate_pem);
  std::string leaf_path = dir.write("leaf.pem", *leaf_pem);
  auto verified = run_command("openssl verify " + attime_option() + " -purpose sslserver -CAfile " +
                              root_path + " -untrusted " + sub_path + " " + leaf_path);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find(leaf_path + ": OK"), std::string::npos) << verified.output;
  auto without_sub =
      run_command("openssl verify " + attime_option() + " -CAfile " + root_path + " " + leaf_path);
  EXPECT_NE(without_sub.exit_code, 0) << without_sub.output;

  auto text = run_command("openssl x509 -noout -text -in " + leaf_path);
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.output.find("Version: 3 (0x2)"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("URI:http://crl.example.com/sub.crl"), std::string::npos);
  EXPECT_NE(text.output.find("sha256WithRSAEncryption"), std::string::npos);
}

TEST_F(IssuanceChain, RootIsSelfSignedCaWithoutPathLength) {
  X509Ptr root = parse_certificate(root_->signer.certificate_pem);
  ASSERT_TRUE(root);
  EXPECT_EQ(X509_get_version(root.get()), X509_VERSION_3);
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(root.get()), X509_get_issuer_name(root.get())), 0);
  EXPECT_EQ(name_text(X509_get_subject_name(root.get())), "CN=Test Root CA,O=Example Corp,C=US");
  EXPECT_EQ(X509_verify(root.get(), X509_get0_pubkey(root.get())), 1);
  Constraints bc = basic_constraints(*root);
  EXPECT_TRUE(bc.present && bc.critical && bc.ca);
  EXPECT_EQ(bc.path_length, -1);
  EXPECT_EQ(key_usage_names(*root),
            (std::vector<std::string>{"DIGITAL_SIGNATURE", "CERTIFICATE_SIGNING", "CRL_SIGNING"}));
  EXPECT_TRUE(extension_critical(*root, NID_key_usage));
  EXPECT_EQ(subject_key_hex(*root).size(), 40u);
  EXPECT_EQ(X509_get_ext_by_NID(root.get(), NID_authority_key_identifier, -1), -1);
  EXPECT_EQ(serial_text(*root), "01");
  EXPECT_EQ(signature_algorithm_text(*root), "SHA384WITHECDSA");
}

TEST_F(IssuanceChain, SubordinateCarriesPathLengthAndTheRootsKeyIdentifier) {
  X509Ptr root = parse_certificate(root_->signer.certificate_pem);
  for (int path_length = 0; path_length <= 3; ++path_length) {
    TestCa sub = make_subordinate(*root_, "EC_prime256v1", "SHA256WITHECDSA", path_length);
    X509Ptr cert = parse_certificate(sub.signer.certificate_pem);
    ASSERT_TRUE(cert);
    Constraints bc = basic_constraints(*cert);
    EXPECT_TRUE(bc.present && bc.critical && bc.ca);
    EXPECT_EQ(bc.path_length, path_length);
    EXPECT_EQ(
        key_usage_names(*cert),
        (std::vector<std::string>{"DIGITAL_SIGNATURE", "CERTIFICATE_SIGNING", "CRL_SIGNING"}));
    EXPECT_TRUE(ekus(*cert).empty());
    EXPECT_EQ(authority_key_hex(*cert), subject_key_hex(*root));
    EXPECT_NE(subject_key_hex(*cert), subject_key_hex(*root));
    EXPECT_EQ(name_text(X509_get_issuer_name(cert.get())), "CN=Test Root CA,O=Example Corp,C=US");
    EXPECT_EQ(verify_chain(*root, {}, *cert), X509_V_OK);
  }
}

TEST_F(IssuanceChain, PathLengthZeroStopsAFurtherSubordinate) {
  // sub_ has pathlen 0: a CA under it breaks the chain for a verifier.
  TestCa below = make_subordinate(*sub_, "EC_prime256v1", "SHA256WITHECDSA", 0, "Too Deep CA");
  CsrInfo csr = csr_for(key_of("EC_prime256v1"), name_with_cn("deep.example.com"),
                        {"deep.example.com"}, "SHA256WITHECDSA");
  auto leaf_pem = sign_certificate(leaf_request(csr, "SHA256WITHECDSA"), below.signer);
  ASSERT_TRUE(leaf_pem.has_value()) << leaf_pem.error().message;
  X509Ptr root = parse_certificate(root_->signer.certificate_pem);
  X509Ptr sub = parse_certificate(sub_->signer.certificate_pem);
  X509Ptr deep = parse_certificate(below.signer.certificate_pem);
  X509Ptr leaf = parse_certificate(*leaf_pem);
  EXPECT_EQ(verify_chain(*root, {sub.get(), deep.get()}, *leaf), X509_V_ERR_PATH_LENGTH_EXCEEDED);

  TestCa roomy = make_subordinate(*root_, "EC_prime256v1", "SHA256WITHECDSA", 1, "Roomy CA");
  TestCa under = make_subordinate(roomy, "EC_prime256v1", "SHA256WITHECDSA", 0, "Under CA");
  auto ok_pem = sign_certificate(leaf_request(csr, "SHA256WITHECDSA"), under.signer);
  ASSERT_TRUE(ok_pem.has_value());
  X509Ptr roomy_cert = parse_certificate(roomy.signer.certificate_pem);
  X509Ptr under_cert = parse_certificate(under.signer.certificate_pem);
  X509Ptr ok_leaf = parse_certificate(*ok_pem);
  EXPECT_EQ(verify_chain(*root, {roomy_cert.get(), under_cert.get()}, *ok_leaf), X509_V_OK);
}

struct EndEntityCase {
  Template kind;
  const char* key_algorithm;
  const char* csr_signing;
  std::vector<std::string> key_usages;
  std::vector<std::string> ekus;
};

class EndEntityTemplates : public IssuanceChain,
                           public ::testing::WithParamInterface<EndEntityCase> {};

TEST_P(EndEntityTemplates, WriteTheTemplatesExtensions) {
  const EndEntityCase& c = GetParam();
  CsrInfo csr = csr_for(key_of(c.key_algorithm), name_with_cn("leaf.example.com"),
                        {"leaf.example.com"}, c.csr_signing);
  SigningRequest request = leaf_request(csr, "SHA512WITHRSA");
  request.template_choice = {c.kind, 0};
  auto pem = sign_certificate(request, sub_->signer);
  ASSERT_TRUE(pem.has_value()) << pem.error().message;
  X509Ptr cert = parse_certificate(*pem);
  ASSERT_TRUE(cert);
  Constraints bc = basic_constraints(*cert);
  EXPECT_TRUE(bc.present && bc.critical);
  EXPECT_FALSE(bc.ca);
  EXPECT_EQ(key_usage_names(*cert), c.key_usages);
  EXPECT_TRUE(extension_critical(*cert, NID_key_usage));
  EXPECT_EQ(ekus(*cert), c.ekus);
  EXPECT_FALSE(extension_critical(*cert, NID_ext_key_usage));
  X509Ptr sub = parse_certificate(sub_->signer.certificate_pem);
  EXPECT_EQ(authority_key_hex(*cert), subject_key_hex(*sub));
  EXPECT_EQ(subject_key_hex(*cert).size(), 40u);
  EXPECT_EQ(signature_algorithm_text(*cert), "SHA512WITHRSA");
  EXPECT_EQ(X509_get_ext_by_NID(cert.get(), NID_crl_distribution_points, -1), -1);
}

INSTANTIATE_TEST_SUITE_P(All, EndEntityTemplates,
                         ::testing::Values(EndEntityCase{Template::kEndEntity,
                                                         "RSA_2048",
                                                         "SHA256WITHRSA",
                                                         {"DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"},
                                                         {"TLS_WEB_SERVER_AUTHENTICATION",
                                                          "TLS_WEB_CLIENT_AUTHENTICATION"}},
                                           EndEntityCase{Template::kEndEntity,
                                                         "EC_prime256v1",
                                                         "SHA256WITHECDSA",
                                                         {"DIGITAL_SIGNATURE"},
                                                         {"TLS_WEB_SERVER_AUTHENTICATION",
                                                          "TLS_WEB_CLIENT_AUTHENTICATION"}},
                                           EndEntityCase{Template::kEndEntityServerAuth,
                                                         "RSA_2048",
                                                         "SHA256WITHRSA",
                                                         {"DIGITAL_SIGNATURE", "KEY_ENCIPHERMENT"},
                                                         {"TLS_WEB_SERVER_AUTHENTICATION"}},
                                           EndEntityCase{Template::kEndEntityClientAuth,
                                                         "RSA_2048",
                                                         "SHA256WITHRSA",
                                                         {"DIGITAL_SIGNATURE"},
                                                         {"TLS_WEB_CLIENT_AUTHENTICATION"}},
                                           EndEntityCase{Template::kEndEntityClientAuth,
                                                         "EC_secp521r1",
                                                         "SHA512WITHECDSA",
                                                         {"DIGITAL_SIGNATURE"},
                                                         {"TLS_WEB_CLIENT_AUTHENTICATION"}}));

TEST_F(IssuanceChain, WritesSerialValidityAndNamesAsRequested) {
  CsrInfo csr = csr_for(key_of("EC_prime256v1"), name_with_cn("csr.example.com"),
                        {"csr.example.com", "alt.example.com"}, "SHA256WITHECDSA");
  SigningRequest request = leaf_request(csr, "SHA256WITHRSA");
  request.serial_hex = "7f0102030405060708090a0b0c0d0e0f";
  request.not_before = test_now() + std::chrono::milliseconds(1500);
  request.not_after = days_from_now(90);
  auto pem = sign_certificate(request, sub_->signer);
  ASSERT_TRUE(pem.has_value()) << pem.error().message;
  X509Ptr cert = parse_certificate(*pem);
  EXPECT_EQ(serial_text(*cert), "7f:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f");
  EXPECT_EQ(time_point(X509_get0_notBefore(cert.get())).value(),
            test_now() + std::chrono::seconds(1));
  EXPECT_EQ(time_point(X509_get0_notAfter(cert.get())).value(), days_from_now(90));
  EXPECT_EQ(name_text(X509_get_subject_name(cert.get())), "CN=csr.example.com,O=Example Corp,C=US");
  EXPECT_EQ(name_text(X509_get_issuer_name(cert.get())),
            "CN=Test Subordinate CA,O=Example Corp,C=US");
  auto names = subject_names(*cert);
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(names->dns_names, (std::vector<std::string>{"csr.example.com", "alt.example.com"}));
  EXPECT_FALSE(extension_critical(*cert, NID_subject_alt_name));

  // A serial with the high bit set stays positive.
  request.serial_hex = "ff01";
  auto high = sign_certificate(request, sub_->signer);
  ASSERT_TRUE(high.has_value()) << high.error().message;
  EXPECT_EQ(serial_text(*parse_certificate(*high)), "ff:01");
}

TEST_F(IssuanceChain, SubjectAndNamesOverrideTheCsrs) {
  CsrInfo csr = csr_for(key_of("EC_prime256v1"), name_with_cn("csr.example.com"),
                        {"csr.example.com"}, "SHA256WITHECDSA");
  SigningRequest request = leaf_request(csr, "SHA256WITHRSA");
  DistinguishedName subject;
  subject.common_name = "app.example.org";
  request.subject = subject;
  request.dns_names = std::vector<std::string>{"app.example.org", "*.app.example.org"};
  auto pem = sign_certificate(request, sub_->signer);
  ASSERT_TRUE(pem.has_value()) << pem.error().message;
  X509Ptr cert = parse_certificate(*pem);
  EXPECT_EQ(name_text(X509_get_subject_name(cert.get())), "CN=app.example.org");
  EXPECT_EQ(subject_names(*cert)->dns_names,
            (std::vector<std::string>{"app.example.org", "*.app.example.org"}));

  request.dns_names = std::vector<std::string>{};
  auto no_san = sign_certificate(request, sub_->signer);
  ASSERT_TRUE(no_san.has_value());
  EXPECT_EQ(X509_get_ext_by_NID(parse_certificate(*no_san).get(), NID_subject_alt_name, -1), -1);
}

TEST_F(IssuanceChain, AnEmptySubjectMakesTheNamesCriticalOrIsRefused) {
  CsrInfo csr = csr_for(key_of("EC_prime256v1"), DistinguishedName{}, {"only.example.com"},
                        "SHA256WITHECDSA");
  EXPECT_EQ(csr.subject, "");
  auto pem = sign_certificate(leaf_request(csr, "SHA256WITHRSA"), sub_->signer);
  ASSERT_TRUE(pem.has_value()) << pem.error().message;
  EXPECT_TRUE(extension_critical(*parse_certificate(*pem), NID_subject_alt_name));

  CsrInfo nameless = csr_for(key_of("EC_prime256v1"), DistinguishedName{}, {}, "SHA256WITHECDSA");
  auto refused = sign_certificate(leaf_request(nameless, "SHA256WITHRSA"), sub_->signer);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgs);
}

void expect_invalid(const Result<std::string>& result, const std::string& fragment,
                    ErrorCode code = ErrorCode::kInvalidArgs) {
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, code);
  EXPECT_NE(result.error().message.find(fragment), std::string::npos) << result.error().message;
}

TEST_F(IssuanceChain, RefusesValidityOutsideTheIssuers) {
  CsrInfo csr =
      csr_for(key_of("EC_prime256v1"), name_with_cn("x.example.com"), {}, "SHA256WITHECDSA");
  SigningRequest request = leaf_request(csr, "SHA256WITHRSA");
  request.not_after = days_from_now(1826);  // the subordinate ends at +1825d
  expect_invalid(sign_certificate(request, sub_->signer), to_iso8601(days_from_now(1825)));
  request.not_after = days_from_now(1825);
  EXPECT_TRUE(sign_certificate(request, sub_->signer).has_value());

  request.not_before = days_from_now(-31);  // the subordinate starts at -30d
  expect_invalid(sign_certificate(request, sub_->signer), to_iso8601(days_from_now(-30)));

  request.not_before = days_from_now(10);
  request.not_after = days_from_now(10);
  expect_invalid(sign_certificate(request, sub_->signer), "must be later than its NotBefore");
  request.not_after = days_from_now(9);
  expect_invalid(sign_certificate(request, sub_->signer), "must be later than its NotBefore");
}

TEST_F(IssuanceChain, RefusesASigningAlgorithmOfTheWrongFamilyForTheIssuer) {
  // The CSR's key is EC, but the issuer's key is RSA: the issuer's family decides.
  CsrInfo csr =
      csr_for(key_of("EC_prime256v1"), name_with_cn("x.example.com"), {}, "SHA256WITHECDSA");
  expect_invalid(sign_certificate(leaf_request(csr, "SHA256WITHECDSA"), sub_->signer),
                 "SHA256WITHECDSA cannot sign with an RSA_2048 key");
  expect_invalid(sign_certificate(leaf_request(csr, "SHA1WITHRSA"), sub_->signer), "SHA1WITHRSA");
}

TEST_F(IssuanceChain, RootTemplateRefusesAForeignKey) {
  CsrInfo csr =
      csr_for(key_of("EC_secp384r1"), name_with_cn("Impostor Root"), {}, "SHA384WITHECDSA");
  SigningRequest request = leaf_request(csr, "SHA384WITHECDSA");
  request.template_choice = {Template::kRootCa, 0};
  expect_invalid(sign_certificate(request, root_->signer), "not the CA's key");
}

TEST_F(IssuanceChain, RefusesAnIssuerWithoutOrWithAMismatchedCertificate) {
  CsrInfo csr =
      csr_for(key_of("EC_prime256v1"), name_with_cn("x.example.com"), {}, "SHA256WITHECDSA");
  Signer no_cert{"", sub_->signer.private_key_pem};
  expect_invalid(sign_certificate(leaf_request(csr, "SHA256WITHRSA"), no_cert),
                 "RootCACertificate/V1");
  Signer mismatched{sub_->signer.certificate_pem, key_of("RSA_2048")};
  expect_invalid(sign_certificate(leaf_request(csr, "SHA256WITHRSA"), mismatched),
                 "does not belong");
  Signer garbage_cert{"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                      sub_->signer.private_key_pem};
  expect_invalid(sign_certificate(leaf_request(csr, "SHA256WITHRSA"), garbage_cert),
                 "cannot be read");
  Signer garbage_key{sub_->signer.certificate_pem, crypto::SecretBytes("junk")};
  expect_invalid(sign_certificate(leaf_request(csr, "SHA256WITHRSA"), garbage_key), "private key");
}

TEST_F(IssuanceChain, RefusesBadSerialsCsrsAndUrls) {
  CsrInfo csr =
      csr_for(key_of("EC_prime256v1"), name_with_cn("x.example.com"), {}, "SHA256WITHECDSA");
  SigningRequest request = leaf_request(csr, "SHA256WITHRSA");
  for (const char* serial : {"", "00", "xyz", "0102030405060708090a0b0c0d0e0f101112131415"}) {
    request.serial_hex = serial;
    expect_invalid(sign_certificate(request, sub_->signer), "serial");
  }
  request = leaf_request(csr, "SHA256WITHRSA");
  request.crl_url = "http://crl.example.com/a b";
  expect_invalid(sign_certificate(request, sub_->signer), "CRL distribution point");

  request = leaf_request(csr, "SHA256WITHRSA");
  request.csr_der = "not a csr";
  expect_invalid(sign_certificate(request, sub_->signer), "PKCS#10", ErrorCode::kMalformedCsr);
  request.csr_der = csr.der + "x";
  expect_invalid(sign_certificate(request, sub_->signer), "PKCS#10", ErrorCode::kMalformedCsr);

  request = leaf_request(csr, "SHA256WITHRSA");
  request.template_choice = {Template::kSubordinateCa, 4};
  expect_invalid(sign_certificate(request, sub_->signer), "path length");

  request = leaf_request(csr, "SHA256WITHRSA");
  DistinguishedName bad;
  bad.country = "Germany";
  request.subject = bad;
  expect_invalid(sign_certificate(request, sub_->signer), "Country");
}

TEST_F(IssuanceChain, SignsFromSeveralThreadsWithOneSharedIssuer) {
  // The issuer's parsed key and certificate are shared between threads (parsed_cache.h).
  CsrInfo csr = csr_for(key_of("EC_prime256v1"), name_with_cn("threads.example.com"),
                        {"threads.example.com"}, "SHA256WITHECDSA");
  std::vector<std::string> issued(4 * 8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 8; ++i) {
        SigningRequest request = leaf_request(csr, "SHA256WITHRSA");
        request.serial_hex = random_serial_hex();
        issued[t * 8 + i] = sign_certificate(request, sub_->signer).value_or("");
      }
    });
  }
  for (auto& thread : threads) thread.join();
  X509Ptr root = parse_certificate(root_->signer.certificate_pem);
  X509Ptr sub = parse_certificate(sub_->signer.certificate_pem);
  for (const std::string& pem : issued) {
    X509Ptr leaf = parse_certificate(pem);
    ASSERT_TRUE(leaf);
    EXPECT_EQ(verify_chain(*root, {sub.get()}, *leaf), X509_V_OK);
  }
}

TEST_F(IssuanceChain, KeepsWorkingWhenMoreIssuersThanTheCacheHoldsTakeTurns) {
  CsrInfo csr = csr_for(key_of("EC_prime256v1"), name_with_cn("many.example.com"),
                        {"many.example.com"}, "SHA256WITHECDSA");
  std::vector<TestCa> roots;
  for (int i = 0; i < 40; ++i) {
    roots.push_back(make_root("EC_prime256v1", "SHA256WITHECDSA", "Root " + std::to_string(i)));
  }
  for (const TestCa& ca : roots) {
    auto pem = sign_certificate(leaf_request(csr, "SHA256WITHECDSA"), ca.signer);
    ASSERT_TRUE(pem.has_value()) << pem.error().message;
    X509Ptr root = parse_certificate(ca.signer.certificate_pem);
    EXPECT_EQ(verify_chain(*root, {}, *parse_certificate(*pem)), X509_V_OK);
  }
  // A certificate with another CA's key is still refused after both were seen.
  Signer crossed{roots[0].signer.certificate_pem, roots[39].signer.private_key_pem};
  EXPECT_FALSE(sign_certificate(leaf_request(csr, "SHA256WITHECDSA"), crossed).has_value());
}

TEST(IssuanceRsaRoot, RsaRootSignsAnEcSubordinateAndLeaf) {
  TestCa root = make_root("RSA_2048", "SHA384WITHRSA", "RSA Root");
  TestCa sub = make_subordinate(root, "EC_secp384r1", "SHA384WITHECDSA", 2, "EC Sub");
  CsrInfo csr = csr_for(key_of("RSA_2048"), name_with_cn("rsa.example.com"), {"rsa.example.com"},
                        "SHA256WITHRSA");
  auto leaf_pem = sign_certificate(leaf_request(csr, "SHA384WITHECDSA"), sub.signer);
  ASSERT_TRUE(leaf_pem.has_value()) << leaf_pem.error().message;
  X509Ptr root_cert = parse_certificate(root.signer.certificate_pem);
  X509Ptr sub_cert = parse_certificate(sub.signer.certificate_pem);
  X509Ptr leaf = parse_certificate(*leaf_pem);
  EXPECT_EQ(verify_chain(*root_cert, {sub_cert.get()}, *leaf), X509_V_OK);
  EXPECT_EQ(signature_algorithm_text(*sub_cert), "SHA384WITHRSA");
  EXPECT_EQ(signature_algorithm_text(*leaf), "SHA384WITHECDSA");

  TempDir dir;
  auto verified = run_command("openssl verify " + attime_option() + " -CAfile " +
                              dir.write("root.pem", root.signer.certificate_pem) + " -untrusted " +
                              dir.write("sub.pem", sub.signer.certificate_pem) + " " +
                              dir.write("leaf.pem", *leaf_pem));
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
}

}  // namespace
}  // namespace certflow::pki

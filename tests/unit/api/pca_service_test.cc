// Private CA through the front door: signed ACMPrivateCA requests answered in JSON 1.1 over the
// real CA engine on a temporary SQLite store, certificates checked with OpenSSL, the CRL fetched
// from the unsigned CRL page, and errors under Private CA's own names.
#include "api/pca/pca_service.h"

#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <filesystem>
#include <random>

#include "api/api_handler.h"
#include "api/pca/crl_page.h"
#include "crypto/encoding.h"
#include "iam/access_keys.h"
#include "pki/issuance.h"
#include "pki/openssl_handles.h"
#include "pki/test_pki.h"  // tests/unit/pki

namespace certflow::api {
namespace {

using nlohmann::json;

constexpr const char* kKeyId = "AKIAPCATESTKEY000001";
constexpr const char* kSecret = "pcaTestSecret/0123456789abcdefghijklmnop";
constexpr const char* kBaseUrl = "http://127.0.0.1:8750";
constexpr const char* kRootTemplate = "arn:aws:acm-pca:::template/RootCACertificate/V1";
constexpr const char* kSubTemplate =
    "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0/V1";

pki::X509Ptr parse_pem(const std::string& pem) {
  pki::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return pki::X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

// True when `cert` carries a signature `issuer`'s key made.
bool signed_by(const std::string& cert_pem, const std::string& issuer_pem) {
  auto cert = parse_pem(cert_pem);
  auto issuer = parse_pem(issuer_pem);
  if (!cert || !issuer) return false;
  return X509_verify(cert.get(), X509_get0_pubkey(issuer.get())) == 1;
}

// True when the first certificate of each PEM text is the same certificate.
bool same_certificate(const std::string& a_pem, const std::string& b_pem) {
  auto a = parse_pem(a_pem);
  auto b = parse_pem(b_pem);
  return a && b && X509_cmp(a.get(), b.get()) == 0;
}

// The serial as `openssl x509 -serial` shows it, with colons as `-text` does: "4C:1F:0A".
std::string colon_serial(const std::string& cert_pem) {
  auto cert = parse_pem(cert_pem);
  pki::BignumPtr number(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr));
  pki::OpenSslBuffer<char> hex(BN_bn2hex(number.get()));
  std::string plain(hex.get());
  if (plain.size() % 2) plain = "0" + plain;
  std::string out;
  for (size_t i = 0; i < plain.size(); i += 2) out += (i ? ":" : "") + plain.substr(i, 2);
  return out;
}

std::string csr_for(const std::string& key_algorithm, const std::string& signing_algorithm,
                    const std::string& common_name, std::vector<std::string> dns_names = {}) {
  auto key = pki::generate_private_key(key_algorithm);
  EXPECT_TRUE(key) << key.error().message;
  pki::DistinguishedName subject;
  subject.common_name = common_name;
  auto csr = pki::build_csr(*key, subject, dns_names, signing_algorithm);
  EXPECT_TRUE(csr) << csr.error().message;
  return csr ? *csr : "";
}

class PcaServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("certflow-pca-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir_);
    store_ = std::move(*store::open_sqlite_store({(dir_ / "certflow.db").string()}));
    master_ = std::make_unique<crypto::MasterKey>(
        std::move(*crypto::MasterKey::from_bytes(crypto::SecretBytes(std::string(32, 'm')))));
    clock_ = std::make_unique<SimulatedClock>(pki::testing::test_now());
    ASSERT_TRUE(iam::add_access_key(*store_, *master_, kKeyId, crypto::SecretBytes(kSecret),
                                    "admin", clock_->now()));
    authorities_ = std::make_unique<pca::CertificateAuthorities>(
        *store_, *master_, *clock_, pca::Config{"us-east-1", "000000000000", kBaseUrl});
    services_.add(make_pca_service(*authorities_));
    credentials_ = std::make_unique<iam::StoredCredentials>(*store_, *master_);
    handler_ = std::make_unique<ApiHandler>(services_, *credentials_, *clock_, ApiOptions{});
    handler_->add_public_page(make_crl_page(*authorities_));
  }
  void TearDown() override {
    handler_.reset();
    authorities_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  HttpResponse post(const std::string& operation, const std::string& body) {
    HttpRequest request{"POST", "/", "", {}, body};
    request.headers = {{"Content-Type", "application/x-amz-json-1.1"},
                       {"Host", "127.0.0.1:8750"},
                       {"X-Amz-Target", "ACMPrivateCA." + operation}};
    iam::sign_request("POST", "/", "", request.headers, body,
                      {kKeyId, crypto::SecretBytes(kSecret), "us-east-1", "acm-pca"},
                      clock_->now());
    return handler_->handle(request);
  }

  json call(const std::string& operation, const json& input) {
    HttpResponse response = post(operation, input.dump());
    EXPECT_EQ(response.status, 200) << operation << ": " << response.body;
    EXPECT_EQ(response.content_type, "application/x-amz-json-1.1");
    return json::parse(response.body, nullptr, false);
  }

  // The __type of a refused call ("" when it succeeded); the message goes to `message`.
  std::string error_type(const std::string& operation, const json& input,
                         std::string* message = nullptr) {
    HttpResponse response = post(operation, input.dump());
    EXPECT_EQ(response.status, 400) << operation << ": " << response.body;
    json body = json::parse(response.body, nullptr, false);
    if (message) *message = body.value("message", "");
    return body.value("__type", "");
  }

  HttpResponse get(const std::string& path) {
    return handler_->handle(HttpRequest{"GET", path, "", {{"Host", "127.0.0.1:8750"}}, ""});
  }

  std::string create_ca(const std::string& type, const std::string& key_algorithm,
                        const std::string& signing_algorithm, const std::string& common_name) {
    json out = call("CreateCertificateAuthority",
                    {{"CertificateAuthorityConfiguration",
                      {{"KeyAlgorithm", key_algorithm},
                       {"SigningAlgorithm", signing_algorithm},
                       {"Subject", {{"CommonName", common_name}, {"Organization", "Example"}}}}},
                     {"RevocationConfiguration",
                      {{"CrlConfiguration", {{"Enabled", true}, {"ExpirationInDays", 7}}}}},
                     {"CertificateAuthorityType", type}});
    return out.value("CertificateAuthorityArn", "");
  }

  std::string issue(const std::string& ca_arn, const std::string& csr_pem,
                    const std::string& signing_algorithm, const std::string& template_arn,
                    json validity = {{"Value", 365}, {"Type", "DAYS"}}) {
    json input = {{"CertificateAuthorityArn", ca_arn},
                  {"Csr", crypto::base64_encode(csr_pem)},
                  {"SigningAlgorithm", signing_algorithm},
                  {"Validity", validity}};
    if (!template_arn.empty()) input["TemplateArn"] = template_arn;
    return call("IssueCertificate", input).value("CertificateArn", "");
  }

  json get_certificate(const std::string& ca_arn, const std::string& certificate_arn) {
    return call("GetCertificate",
                {{"CertificateAuthorityArn", ca_arn}, {"CertificateArn", certificate_arn}});
  }

  std::string status_of(const std::string& ca_arn) {
    return call("DescribeCertificateAuthority",
                {{"CertificateAuthorityArn", ca_arn}})["CertificateAuthority"]
        .value("Status", "");
  }

  // An ACTIVE EC root CA with CRLs; its certificate PEM goes to `certificate`.
  std::string active_root(std::string* certificate = nullptr) {
    const std::string arn = create_ca("ROOT", "EC_prime256v1", "SHA256WITHECDSA", "Example Root");
    const std::string csr =
        call("GetCertificateAuthorityCsr", {{"CertificateAuthorityArn", arn}}).value("Csr", "");
    const std::string cert_arn =
        issue(arn, csr, "SHA256WITHECDSA", kRootTemplate, {{"Value", 10}, {"Type", "YEARS"}});
    const std::string pem = get_certificate(arn, cert_arn).value("Certificate", "");
    call("ImportCertificateAuthorityCertificate",
         {{"CertificateAuthorityArn", arn}, {"Certificate", crypto::base64_encode(pem)}});
    if (certificate) *certificate = pem;
    return arn;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::MasterKey> master_;
  std::unique_ptr<SimulatedClock> clock_;
  std::unique_ptr<pca::CertificateAuthorities> authorities_;
  ServiceRegistry services_;
  std::unique_ptr<iam::StoredCredentials> credentials_;
  std::unique_ptr<ApiHandler> handler_;
};

TEST_F(PcaServiceTest, RootAndSubordinateCasIssueAVerifiableChain) {
  const std::string root = create_ca("ROOT", "EC_prime256v1", "SHA256WITHECDSA", "Example Root");
  ASSERT_EQ(root.rfind("arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/", 0), 0u)
      << root;
  json described = call("DescribeCertificateAuthority", {{"CertificateAuthorityArn", root}});
  const json& pending = described["CertificateAuthority"];
  EXPECT_EQ(pending["Status"], "PENDING_CERTIFICATE");
  EXPECT_EQ(pending["Type"], "ROOT");
  EXPECT_EQ(pending["OwnerAccount"], "000000000000");
  EXPECT_TRUE(pending["CreatedAt"].is_number());
  EXPECT_FALSE(pending.contains("Serial"));
  EXPECT_EQ(pending["CertificateAuthorityConfiguration"]["Subject"]["CommonName"], "Example Root");
  EXPECT_EQ(pending["RevocationConfiguration"]["CrlConfiguration"]["Enabled"], true);

  const std::string root_csr =
      call("GetCertificateAuthorityCsr", {{"CertificateAuthorityArn", root}}).value("Csr", "");
  ASSERT_NE(root_csr.find("BEGIN CERTIFICATE REQUEST"), std::string::npos);
  const std::string root_cert_arn =
      issue(root, root_csr, "SHA256WITHECDSA", kRootTemplate, {{"Value", 10}, {"Type", "YEARS"}});
  ASSERT_EQ(root_cert_arn.rfind(root + "/certificate/", 0), 0u) << root_cert_arn;
  const std::string root_pem = get_certificate(root, root_cert_arn).value("Certificate", "");
  ASSERT_TRUE(signed_by(root_pem, root_pem));
  call("ImportCertificateAuthorityCertificate",
       {{"CertificateAuthorityArn", root}, {"Certificate", crypto::base64_encode(root_pem)}});
  const json active = call("DescribeCertificateAuthority",
                           {{"CertificateAuthorityArn", root}})["CertificateAuthority"];
  EXPECT_EQ(active["Status"], "ACTIVE");
  EXPECT_FALSE(active.value("Serial", "").empty());
  EXPECT_TRUE(active["NotBefore"].is_number());
  EXPECT_GT(active["NotAfter"].get<double>(), active["NotBefore"].get<double>());
  const json root_own =
      call("GetCertificateAuthorityCertificate", {{"CertificateAuthorityArn", root}});
  EXPECT_TRUE(same_certificate(root_own.value("Certificate", ""), root_pem));
  EXPECT_FALSE(root_own.contains("CertificateChain"));

  const std::string sub = create_ca("SUBORDINATE", "RSA_2048", "SHA256WITHRSA", "Example Sub");
  const std::string sub_csr =
      call("GetCertificateAuthorityCsr", {{"CertificateAuthorityArn", sub}}).value("Csr", "");
  const std::string sub_cert_arn =
      issue(root, sub_csr, "SHA256WITHECDSA", kSubTemplate, {{"Value", 5}, {"Type", "YEARS"}});
  const json sub_material = get_certificate(root, sub_cert_arn);
  const std::string sub_pem = sub_material.value("Certificate", "");
  EXPECT_TRUE(same_certificate(sub_material.value("CertificateChain", ""), root_pem));
  ASSERT_TRUE(signed_by(sub_pem, root_pem));
  call("ImportCertificateAuthorityCertificate",
       {{"CertificateAuthorityArn", sub},
        {"Certificate", crypto::base64_encode(sub_pem)},
        {"CertificateChain", crypto::base64_encode(root_pem)}});
  EXPECT_EQ(status_of(sub), "ACTIVE");

  const std::string leaf_arn = issue(
      sub, csr_for("EC_prime256v1", "SHA256WITHECDSA", "www.example.com", {"www.example.com"}),
      "SHA256WITHRSA", "");
  const json leaf = get_certificate(sub, leaf_arn);
  const std::string leaf_pem = leaf.value("Certificate", "");
  EXPECT_TRUE(signed_by(leaf_pem, sub_pem));
  EXPECT_TRUE(same_certificate(leaf.value("CertificateChain", ""), sub_pem));
  // The leaf names the subordinate's CRL on this daemon.
  const std::string uuid = sub.substr(sub.rfind('/') + 1);
  const std::string leaf_der = pki::testing::der(*parse_pem(leaf_pem));
  EXPECT_NE(leaf_der.find(std::string(kBaseUrl) + "/crl/" + uuid + ".crl"), std::string::npos);

  const json listed = call("ListCertificateAuthorities", json::object());
  ASSERT_EQ(listed["CertificateAuthorities"].size(), 2u);
  EXPECT_TRUE(call("ListCertificateAuthorities",
                   {{"ResourceOwner", "OTHER_ACCOUNTS"}})["CertificateAuthorities"]
                  .empty());
  const json first = call("ListCertificateAuthorities", {{"MaxResults", 1}});
  ASSERT_EQ(first["CertificateAuthorities"].size(), 1u);
  ASSERT_TRUE(first.contains("NextToken"));
  const json second =
      call("ListCertificateAuthorities", {{"MaxResults", 1}, {"NextToken", first["NextToken"]}});
  ASSERT_EQ(second["CertificateAuthorities"].size(), 1u);
  EXPECT_NE(second["CertificateAuthorities"][0]["Arn"], first["CertificateAuthorities"][0]["Arn"]);
}

TEST_F(PcaServiceTest, RevocationIsServedInTheSignedCrl) {
  std::string root_pem;
  const std::string root = active_root(&root_pem);
  const std::string uuid = root.substr(root.rfind('/') + 1);
  const std::string leaf_arn =
      issue(root, csr_for("RSA_2048", "SHA256WITHRSA", "leaf.example.com"), "SHA256WITHECDSA",
            "arn:aws:acm-pca:::template/EndEntityServerAuthCertificate/V1");
  const std::string leaf_pem = get_certificate(root, leaf_arn).value("Certificate", "");
  const std::string serial = colon_serial(leaf_pem);

  HttpResponse before = get("/crl/" + uuid + ".crl");
  ASSERT_EQ(before.status, 200) << before.body;
  call("RevokeCertificate", {{"CertificateAuthorityArn", root},
                             {"CertificateSerial", serial},
                             {"RevocationReason", "KEY_COMPROMISE"}});
  EXPECT_EQ(error_type("RevokeCertificate", {{"CertificateAuthorityArn", root},
                                             {"CertificateSerial", serial},
                                             {"RevocationReason", "KEY_COMPROMISE"}}),
            "RequestAlreadyProcessedException");

  HttpResponse page = get("/crl/" + uuid + ".crl");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.content_type, "application/pkix-crl");
  const auto* bytes = reinterpret_cast<const unsigned char*>(page.body.data());
  pki::X509CrlPtr crl(d2i_X509_CRL(nullptr, &bytes, static_cast<long>(page.body.size())));
  ASSERT_TRUE(crl);
  auto root_cert = parse_pem(root_pem);
  EXPECT_EQ(X509_CRL_verify(crl.get(), X509_get0_pubkey(root_cert.get())), 1);
  auto leaf = parse_pem(leaf_pem);
  X509_REVOKED* entry = nullptr;
  EXPECT_EQ(X509_CRL_get0_by_serial(crl.get(), &entry,
                                    const_cast<ASN1_INTEGER*>(X509_get0_serialNumber(leaf.get()))),
            1);

  HttpResponse unknown = get("/crl/00000000-0000-0000-0000-000000000000.crl");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.content_type.rfind("text/plain", 0), 0u);
  // Other paths are not the CRL page's: they need a signature.
  EXPECT_NE(get("/crl/" + uuid + ".pem").status, 200);
  EXPECT_NE(get("/crl/../x.crl").status, 200);
}

TEST_F(PcaServiceTest, ErrorsCarryPrivateCaNames) {
  const std::string root = active_root();
  std::string message;
  EXPECT_EQ(error_type("IssueCertificate",
                       {{"CertificateAuthorityArn", root},
                        {"Csr", crypto::base64_encode("-----BEGIN CERTIFICATE REQUEST-----\n"
                                                      "bm9wZQ==\n-----END CERTIFICATE "
                                                      "REQUEST-----\n")},
                        {"SigningAlgorithm", "SHA256WITHECDSA"},
                        {"Validity", {{"Value", 30}, {"Type", "DAYS"}}}}),
            "MalformedCSRException");
  EXPECT_EQ(
      error_type(
          "IssueCertificate",
          {{"CertificateAuthorityArn", root},
           {"Csr", crypto::base64_encode(csr_for("EC_prime256v1", "SHA256WITHECDSA", "x.example"))},
           {"SigningAlgorithm", "SHA256WITHRSA"},
           {"Validity", {{"Value", 30}, {"Type", "DAYS"}}}}),
      "InvalidArgsException");
  const std::string unknown =
      "arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/"
      "00000000-0000-0000-0000-000000000000";
  EXPECT_EQ(error_type("DescribeCertificateAuthority", {{"CertificateAuthorityArn", unknown}}),
            "ResourceNotFoundException");
  EXPECT_EQ(error_type("DescribeCertificateAuthority", json::object(), &message),
            "ValidationException");
  EXPECT_EQ(message,
            "1 validation error detected: Value null at 'certificateAuthorityArn' failed to "
            "satisfy constraint: Member must not be null");
  EXPECT_EQ(error_type("ImportCertificateAuthorityCertificate",
                       {{"CertificateAuthorityArn", root}, {"Certificate", "***"}}),
            "SerializationException");
  EXPECT_EQ(error_type("GetPolicy", {{"ResourceArn", root}}), "UnknownOperationException");

  call("UpdateCertificateAuthority", {{"CertificateAuthorityArn", root}, {"Status", "DISABLED"}});
  EXPECT_EQ(status_of(root), "DISABLED");
  EXPECT_EQ(
      error_type(
          "IssueCertificate",
          {{"CertificateAuthorityArn", root},
           {"Csr", crypto::base64_encode(csr_for("EC_prime256v1", "SHA256WITHECDSA", "x.example"))},
           {"SigningAlgorithm", "SHA256WITHECDSA"},
           {"Validity", {{"Value", 30}, {"Type", "DAYS"}}}}),
      "InvalidStateException");
}

TEST_F(PcaServiceTest, PermissionsForAcm) {
  const std::string root = active_root();
  const json grant = {{"CertificateAuthorityArn", root},
                      {"Principal", "acm.amazonaws.com"},
                      {"Actions", {"IssueCertificate", "GetCertificate", "ListPermissions"}}};
  call("CreatePermission", grant);
  EXPECT_EQ(error_type("CreatePermission", grant), "PermissionAlreadyExistsException");
  const json listed = call("ListPermissions", {{"CertificateAuthorityArn", root}});
  ASSERT_EQ(listed["Permissions"].size(), 1u);
  const json& permission = listed["Permissions"][0];
  EXPECT_EQ(permission["CertificateAuthorityArn"], root);
  EXPECT_EQ(permission["Principal"], "acm.amazonaws.com");
  EXPECT_EQ(permission["Actions"].size(), 3u);
  EXPECT_TRUE(permission["CreatedAt"].is_number());
  EXPECT_TRUE(permission["Policy"].is_string());
  EXPECT_FALSE(permission.contains("SourceAccount"));

  call("DeletePermission", {{"CertificateAuthorityArn", root}, {"Principal", "acm.amazonaws.com"}});
  EXPECT_TRUE(call("ListPermissions", {{"CertificateAuthorityArn", root}})["Permissions"].empty());
}

TEST_F(PcaServiceTest, TagsPageThroughListTags) {
  const std::string ca = create_ca("ROOT", "RSA_2048", "SHA256WITHRSA", "Tagged Root");
  const json tags =
      json::array({{{"Key", "a"}, {"Value", "1"}}, {{"Key", "b"}}, {{"Key", "c"}, {"Value", ""}}});
  call("TagCertificateAuthority", {{"CertificateAuthorityArn", ca}, {"Tags", tags}});
  const json first = call("ListTags", {{"CertificateAuthorityArn", ca}, {"MaxResults", 2}});
  ASSERT_EQ(first["Tags"].size(), 2u);
  ASSERT_EQ(first.value("NextToken", ""), "2");
  const json rest = call("ListTags", {{"CertificateAuthorityArn", ca}, {"NextToken", "2"}});
  ASSERT_EQ(rest["Tags"].size(), 1u);
  EXPECT_FALSE(rest.contains("NextToken"));

  call("UntagCertificateAuthority",
       {{"CertificateAuthorityArn", ca}, {"Tags", {{{"Key", "a"}}, {{"Key", "c"}}}}});
  EXPECT_EQ(call("ListTags", {{"CertificateAuthorityArn", ca}})["Tags"],
            json::array({{{"Key", "b"}}}));
  EXPECT_EQ(error_type("TagCertificateAuthority",
                       {{"CertificateAuthorityArn", ca}, {"Tags", {{{"Key", "aws:reserved"}}}}}),
            "InvalidTagException");
}

TEST_F(PcaServiceTest, DeletedCaIsRestorableWithinItsWindow) {
  const std::string root = active_root();
  EXPECT_EQ(error_type("DeleteCertificateAuthority", {{"CertificateAuthorityArn", root}}),
            "InvalidStateException");  // an ACTIVE CA must be disabled first
  call("UpdateCertificateAuthority", {{"CertificateAuthorityArn", root}, {"Status", "DISABLED"}});
  call("DeleteCertificateAuthority",
       {{"CertificateAuthorityArn", root}, {"PermanentDeletionTimeInDays", 7}});
  const json deleted = call("DescribeCertificateAuthority",
                            {{"CertificateAuthorityArn", root}})["CertificateAuthority"];
  EXPECT_EQ(deleted["Status"], "DELETED");
  EXPECT_DOUBLE_EQ(deleted["RestorableUntil"].get<double>(),
                   to_epoch_seconds(clock_->now() + std::chrono::days(7)));

  call("RestoreCertificateAuthority", {{"CertificateAuthorityArn", root}});
  const json restored = call("DescribeCertificateAuthority",
                             {{"CertificateAuthorityArn", root}})["CertificateAuthority"];
  EXPECT_EQ(restored["Status"], "DISABLED");
  EXPECT_FALSE(restored.contains("RestorableUntil"));
}

}  // namespace
}  // namespace certflow::api

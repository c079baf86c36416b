#include "inventory/private_ca_fixture.h"

#include <openssl/pem.h>

namespace certflow::inventory::testing {

namespace {

const std::vector<std::string> kAcmActions = {"IssueCertificate", "GetCertificate",
                                              "ListPermissions"};

std::string signing_algorithm_of(const std::string& key_algorithm) {
  return key_algorithm.rfind("EC_", 0) == 0 ? "SHA256WITHECDSA" : "SHA256WITHRSA";
}

}  // namespace

pki::X509Ptr read_certificate(const std::string& pem) {
  pki::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return pki::X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

std::vector<pki::X509Ptr> read_certificates(const std::string& pem) {
  std::vector<pki::X509Ptr> out;
  pki::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    out.emplace_back(cert);
  }
  ERR_clear_error();
  return out;
}

std::string verify_error(const std::string& certificate_pem, const std::string& chain_pem,
                         TimePoint at) {
  auto leaf = read_certificate(certificate_pem);
  if (!leaf) return "the certificate does not parse";
  auto chain = read_certificates(chain_pem);
  if (chain.empty()) return "the chain is empty";
  pki::X509StorePtr trusted(X509_STORE_new());
  for (auto& cert : chain) X509_STORE_add_cert(trusted.get(), cert.get());
  pki::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), trusted.get(), leaf.get(), nullptr);
  X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(to_epoch_millis(at) / 1000));
  if (X509_verify_cert(ctx.get()) == 1) return "";
  return X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
}

pki::EvpPkeyPtr read_private_key(const std::string& pem, const std::string& passphrase) {
  pki::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::string pass = passphrase;
  pki::EvpPkeyPtr key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, pass.empty() ? nullptr : pass.data()));
  ERR_clear_error();
  return key;
}

std::string create_root_ca(pca::CertificateAuthorities& authorities, const RootCaSpec& spec) {
  pca::CreateCaRequest create;
  create.type = "ROOT";
  create.configuration.key_algorithm = spec.key_algorithm;
  create.configuration.signing_algorithm = signing_algorithm_of(spec.key_algorithm);
  create.configuration.subject.common_name = spec.common_name;
  create.configuration.subject.organization = "certflow tests";
  auto arn = authorities.create(create);
  EXPECT_TRUE(arn) << arn.error().message;
  if (!arn) return "";
  auto csr = authorities.get_csr(*arn);
  EXPECT_TRUE(csr) << csr.error().message;
  if (!csr) return "";
  pca::IssueRequest issue;
  issue.ca_arn = *arn;
  issue.csr = *csr;
  issue.signing_algorithm = create.configuration.signing_algorithm;
  issue.template_arn = "arn:aws:acm-pca:::template/RootCACertificate/V1";
  issue.validity = {spec.validity_days, "DAYS"};
  auto certificate_arn = authorities.issue(issue);
  EXPECT_TRUE(certificate_arn) << certificate_arn.error().message;
  if (!certificate_arn) return "";
  auto certificate = authorities.get_certificate(*arn, *certificate_arn);
  EXPECT_TRUE(certificate) << certificate.error().message;
  if (!certificate) return "";
  auto imported = authorities.import_ca_certificate(*arn, certificate->certificate_pem, "");
  EXPECT_TRUE(imported) << imported.error().message;
  if (spec.grant_acm) grant_acm(authorities, *arn);
  return *arn;
}

void grant_acm(pca::CertificateAuthorities& authorities, const std::string& ca_arn) {
  auto granted = authorities.create_permission(ca_arn, pca::kAcmPrincipal, kAcmActions, "");
  EXPECT_TRUE(granted) << granted.error().message;
}

void revoke_acm(pca::CertificateAuthorities& authorities, const std::string& ca_arn) {
  auto removed = authorities.delete_permission(ca_arn, pca::kAcmPrincipal, "");
  EXPECT_TRUE(removed) << removed.error().message;
}

void PrivateCertificateTest::SetUp() {
  InventoryTest::SetUp();
  authorities_ =
      std::make_unique<pca::CertificateAuthorities>(*store_, *master_, *clock_, pca::Config{});
  inventory_->set_private_issuer(authorities_.get());
  ca_arn_ = create_root_ca(*authorities_);
  ASSERT_FALSE(ca_arn_.empty());
}

void PrivateCertificateTest::TearDown() {
  inventory_.reset();
  authorities_.reset();
  InventoryTest::TearDown();
}

RequestCertificateRequest PrivateCertificateTest::request_for_domain(
    const std::string& domain, const std::string& key_algorithm) {
  RequestCertificateRequest request;
  request.domain_name = domain;
  request.certificate_authority_arn = ca_arn_;
  request.key_algorithm = key_algorithm;
  return request;
}

std::string PrivateCertificateTest::request_ok(const std::string& domain,
                                               const std::string& key_algorithm) {
  auto arn = inventory_->request_certificate(request_for_domain(domain, key_algorithm));
  EXPECT_TRUE(arn) << arn.error().message;
  return arn ? *arn : std::string();
}

}  // namespace certflow::inventory::testing

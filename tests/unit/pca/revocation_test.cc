// RevokeCertificate and the CRL each CA signs and serves.
#include "pca_fixture.h"

namespace certflow::pca::testing {
namespace {

using std::chrono::days;
using std::chrono::hours;

std::string uuid_of(const std::string& ca_arn) { return ca_arn.substr(ca_arn.rfind('/') + 1); }

// "0a1b2c" -> "0A:1B:2C", as `openssl x509 -text` prints a serial.
std::string colon_form(const std::string& hex) {
  std::string padded = hex.size() % 2 ? "0" + hex : hex;
  std::string out;
  for (size_t i = 0; i < padded.size(); i += 2) {
    if (!out.empty()) out += ':';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(padded[i])));
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(padded[i + 1])));
  }
  return out;
}

class RevocationTest : public PcaTest {
 protected:
  std::string crl_root(int days = 7) {
    CreateCaRequest request = root_request("CRL Root");
    request.revocation.crl = crl_enabled(days);
    return active_root(request);
  }
  std::string ca_pem(const std::string& arn) {
    auto cert = cas_->get_ca_certificate(arn);
    EXPECT_TRUE(cert);
    return cert ? cert->certificate_pem : "";
  }
  std::string crl_of(const std::string& arn) {
    auto crl = cas_->crl(uuid_of(arn));
    EXPECT_TRUE(crl) << crl.error().message;
    if (!crl || !*crl) {
      ADD_FAILURE() << "no CRL for " << arn;
      return "";
    }
    return **crl;
  }
};

TEST_F(RevocationTest, RevokedSerialIsListedInTheSignedCrl) {
  std::string root = crl_root();
  CrlFacts first = crl_facts(crl_of(root), ca_pem(root));
  EXPECT_EQ(first.number, 1);  // signed when the CA certificate was imported
  EXPECT_TRUE(first.signature_ok);
  EXPECT_TRUE(first.serials.empty());

  std::string keep_arn = issue_ok(end_entity(root, "keep.example.com"));
  std::string gone_arn = issue_ok(end_entity(root, "gone.example.com"));
  CertificateWithChain gone = certificate_of(root, gone_arn);
  const std::string serial = facts(gone.certificate_pem).serial_hex;
  EXPECT_EQ(verify(gone.certificate_pem, gone.chain_pem, clock_->now(), crl_of(root)), "");

  clock_->advance(hours(3));
  ASSERT_TRUE(cas_->revoke(root, colon_form(serial), "KEY_COMPROMISE"));
  const std::string der = crl_of(root);
  CrlFacts after = crl_facts(der, ca_pem(root));
  EXPECT_EQ(after.number, 2);
  EXPECT_TRUE(after.signature_ok);
  EXPECT_EQ(after.serials, std::vector<std::string>{serial});
  EXPECT_EQ(after.reasons, std::vector<int>{1});  // keyCompromise
  EXPECT_EQ(after.this_update, clock_->now());
  EXPECT_EQ(after.next_update, clock_->now() + days(7));
  EXPECT_EQ(verify(gone.certificate_pem, gone.chain_pem, clock_->now(), der),
            "certificate revoked");
  CertificateWithChain keep = certificate_of(root, keep_arn);
  EXPECT_EQ(verify(keep.certificate_pem, keep.chain_pem, clock_->now(), der), "");
  // A revoked certificate can still be read.
  EXPECT_EQ(certificate_of(root, gone_arn).certificate_pem, gone.certificate_pem);

  auto again = cas_->revoke(root, serial, "UNSPECIFIED");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kRequestAlreadyProcessed);
}

TEST_F(RevocationTest, RevokeNeedsACertificateOfThisCaAndAKnownReason) {
  std::string root = crl_root();
  std::string other = crl_root();
  std::string cert_arn = issue_ok(end_entity(root));
  const std::string id = cert_arn.substr(cert_arn.rfind('/') + 1);

  auto foreign = cas_->revoke(other, id, "SUPERSEDED");
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kResourceNotFound);
  auto not_hex = cas_->revoke(root, "zz:top", "SUPERSEDED");
  ASSERT_FALSE(not_hex);
  EXPECT_EQ(not_hex.error().code, ErrorCode::kInvalidRequest);
  auto reason = cas_->revoke(root, id, "BORED");
  ASSERT_FALSE(reason);
  EXPECT_EQ(reason.error().code, ErrorCode::kInvalidArgs);

  std::string pending = create_ok(root_request("Pending"));
  auto early = cas_->revoke(pending, id, "SUPERSEDED");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kInvalidState);

  // A disabled CA still revokes (and signs its CRL).
  ASSERT_TRUE(cas_->update(root, "DISABLED", std::nullopt));
  ASSERT_TRUE(cas_->revoke(root, id, "CESSATION_OF_OPERATION"));
  EXPECT_EQ(crl_facts(crl_of(root), ca_pem(root)).serials.size(), 1u);
}

TEST_F(RevocationTest, CrlIsResignedAfterHalfItsLifetime) {
  std::string root = crl_root(2);
  const long first = crl_facts(crl_of(root), ca_pem(root)).number;
  clock_->advance(hours(23));
  EXPECT_EQ(crl_facts(crl_of(root), ca_pem(root)).number, first);
  clock_->advance(hours(2));
  CrlFacts fresh = crl_facts(crl_of(root), ca_pem(root));
  EXPECT_EQ(fresh.number, first + 1);
  EXPECT_EQ(fresh.this_update, clock_->now());
  EXPECT_TRUE(fresh.signature_ok);
  // Stored: the next read serves the same CRL.
  EXPECT_EQ(crl_facts(crl_of(root), ca_pem(root)).number, first + 1);
}

TEST_F(RevocationTest, NoCrlWithoutCertificateOrWhenDisabled) {
  auto unknown = cas_->crl("11111111-2222-3333-4444-555555555555");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(*unknown);
  CreateCaRequest request = root_request();
  request.revocation.crl = crl_enabled();
  std::string pending = create_ok(request);
  EXPECT_FALSE(*cas_->crl(uuid_of(pending)));
  std::string plain = active_root();
  EXPECT_FALSE(*cas_->crl(uuid_of(plain)));
}

TEST_F(RevocationTest, RevocationsMadeWhileCrlIsOffAppearWhenItIsTurnedOn) {
  std::string root = active_root();
  CertificateWithChain cert = certificate_of(root, issue_ok(end_entity(root)));
  const std::string serial = facts(cert.certificate_pem).serial_hex;
  ASSERT_TRUE(cas_->revoke(root, serial, "AFFILIATION_CHANGED"));
  EXPECT_FALSE(*cas_->crl(uuid_of(root)));

  RevocationConfiguration on;
  on.crl = crl_enabled(30);
  ASSERT_TRUE(cas_->update(root, std::nullopt, on));
  CrlFacts crl = crl_facts(crl_of(root), ca_pem(root));
  EXPECT_EQ(crl.serials, std::vector<std::string>{serial});
  EXPECT_EQ(crl.next_update, clock_->now() + days(30));
  EXPECT_EQ(cas_->describe(root)->revocation.crl->expiration_in_days, 30);

  RevocationConfiguration off;
  off.crl = CrlConfiguration{};
  ASSERT_TRUE(cas_->update(root, std::nullopt, off));
  EXPECT_FALSE(*cas_->crl(uuid_of(root)));
}

}  // namespace
}  // namespace certflow::pca::testing

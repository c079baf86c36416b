// CertificateAuthorities over a real SQLite store in a temporary directory with a simulated
// clock, plus OpenSSL-based checks of what the CAs sign (chains, CRLs, certificate fields).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "inventory/pca/pca.h"

namespace certflow::pca::testing {

class PcaTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  static CreateCaRequest root_request(const std::string& common_name = "certflow Test Root");
  static CreateCaRequest subordinate_request(
      const std::string& common_name = "certflow Test Issuing CA");
  static CrlConfiguration crl_enabled(int days = 7);

  std::string create_ok(const CreateCaRequest& request);
  // CSR -> IssueCertificate with RootCACertificate/V1 on itself -> import: ACTIVE.
  void activate_root(const std::string& arn, Validity validity = {10, "YEARS"});
  std::string active_root(const CreateCaRequest& request = root_request());
  // A SUBORDINATE CA whose certificate `parent` signs (SubordinateCACertificate_PathLen0/V1).
  std::string active_subordinate(const std::string& parent,
                                 const CreateCaRequest& request = subordinate_request(),
                                 Validity validity = {5, "YEARS"});

  IssueRequest end_entity(const std::string& ca_arn, const std::string& domain = "www.example.com",
                          Validity validity = {30, "DAYS"});
  std::string issue_ok(const IssueRequest& request);
  CertificateWithChain certificate_of(const std::string& ca_arn, const std::string& cert_arn);

  // Every CA and certificate record (with its modification time) and every CA's tags, as text:
  // equal snapshots mean the store did not change.
  std::string snapshot();

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::MasterKey> master_;
  std::unique_ptr<SimulatedClock> clock_;
  std::unique_ptr<CertificateAuthorities> cas_;
};

// A fresh key and a CSR for `domain` (CN and DNS SAN).
std::string csr_for(const std::string& domain, const std::string& key_algorithm = "EC_prime256v1");

// Verifies `leaf_pem` with OpenSSL: the chain's last certificate is the trust anchor, the others
// are intermediates; judged at `at`. With `crl_der` the leaf's revocation is checked too.
// "" when it verifies, else OpenSSL's reason.
std::string verify(const std::string& leaf_pem, const std::string& chain_pem, TimePoint at,
                   const std::string& crl_der = "");

struct CertFacts {
  std::string serial_hex;  // lowercase, no separators
  std::string subject;     // OpenSSL's one-line form
  std::string issuer;
  std::string crl_url;  // first URI of the CRL distribution points; "" when none
  bool is_ca = false;
  long path_length = -1;  // -1 when none
  TimePoint not_before;
  TimePoint not_after;
  std::vector<std::string> dns_names;
};
CertFacts facts(const std::string& pem);

struct CrlFacts {
  std::vector<std::string> serials;  // lowercase hex, no separators
  std::vector<int> reasons;          // CRLReason codes, parallel to serials (-1: none)
  long number = -1;
  bool signature_ok = false;  // verifies with the issuer certificate's key
  TimePoint this_update;
  TimePoint next_update;
};
CrlFacts crl_facts(const std::string& der, const std::string& issuer_pem);

std::vector<std::string> pem_blocks(const std::string& pem);

}  // namespace certflow::pca::testing

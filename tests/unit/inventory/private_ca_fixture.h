// A real private CA (pca::CertificateAuthorities) over a test store, set up the way
// `aws acm-pca` does it: create a ROOT CA, sign its CSR with the RootCACertificate/V1 template,
// import the certificate, grant acm.amazonaws.com its permission.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "inventory/inventory_fixture.h"
#include "inventory/pca/pca.h"
#include "pki/openssl_handles.h"

namespace certflow::inventory::testing {

struct RootCaSpec {
  std::string key_algorithm = "EC_prime256v1";
  int validity_days = 3650;
  bool grant_acm = true;
  std::string common_name = "certflow test root";
};

// Creates an ACTIVE root CA and returns its ARN ("" after a failed ASSERT/EXPECT).
std::string create_root_ca(pca::CertificateAuthorities& authorities, const RootCaSpec& spec = {});
// Grants or withdraws ACM's IssueCertificate/GetCertificate/ListPermissions on the CA.
void grant_acm(pca::CertificateAuthorities& authorities, const std::string& ca_arn);
void revoke_acm(pca::CertificateAuthorities& authorities, const std::string& ca_arn);

// The first certificate in `pem`; nullptr when there is none.
pki::X509Ptr read_certificate(const std::string& pem);
// Every certificate in `pem`, in order.
std::vector<pki::X509Ptr> read_certificates(const std::string& pem);
// Whether `certificate_pem` verifies up to a root in `chain_pem`, as `openssl verify -CAfile
// chain` would at time `at`; the error text otherwise.
std::string verify_error(const std::string& certificate_pem, const std::string& chain_pem,
                         TimePoint at);
// The key in `pem` (encrypted PKCS#8 with `passphrase`, or unencrypted when it is empty).
pki::EvpPkeyPtr read_private_key(const std::string& pem, const std::string& passphrase = "");

// An inventory whose private issuer is a real private CA, with one ACTIVE root CA that ACM may
// use (ca_arn_).
class PrivateCertificateTest : public InventoryTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  RequestCertificateRequest request_for_domain(const std::string& domain,
                                               const std::string& key_algorithm = "EC_prime256v1");
  // Requests a certificate that must be issued; returns its ARN.
  std::string request_ok(const std::string& domain,
                         const std::string& key_algorithm = "EC_prime256v1");

  std::unique_ptr<pca::CertificateAuthorities> authorities_;
  std::string ca_arn_;
};

}  // namespace certflow::inventory::testing

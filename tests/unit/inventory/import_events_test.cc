// Import and re-import write their Available event in the same transaction as the certificate.
#include <nlohmann/json.hpp>

#include "inventory_fixture.h"

namespace certflow::inventory::testing {
namespace {

using pki::testing::days_from_now;
using pki::testing::rsa_key;

std::vector<nlohmann::json> stored_events(store::Store& store) {
  auto events = store.list_events({});
  EXPECT_TRUE(events);
  std::vector<nlohmann::json> out;
  if (events) {
    for (const auto& e : *events) out.push_back(nlohmann::json::parse(e.body));
  }
  return out;
}

TEST_F(InventoryTest, ImportAndReimportEmitAvailableWithTheirAction) {
  const std::string arn = import_ok(self_signed("events.example.com", rsa_key(2048)));
  ImportRequest again = request_for(self_signed("events.example.com", rsa_key(2048)));
  again.certificate_arn = arn;
  ASSERT_TRUE(inventory_->import_certificate(again));

  auto events = stored_events(*store_);
  ASSERT_EQ(events.size(), 2u);
  for (const auto& e : events) {
    EXPECT_EQ(e["detail-type"], "ACM Certificate Available");
    EXPECT_EQ(e["resources"], nlohmann::json::array({arn}));
    EXPECT_EQ(e["detail"]["CertificateType"], "IMPORTED");
    EXPECT_EQ(e["detail"]["CommonName"], "events.example.com");
  }
  EXPECT_EQ(events[0]["detail"]["Action"], "IMPORT");
  EXPECT_EQ(events[1]["detail"]["Action"], "REIMPORT");
  EXPECT_NE(events[0]["id"], events[1]["id"]);
}

TEST_F(InventoryTest, ARefusedImportWritesNoEvent) {
  ImportRequest bad = request_for(self_signed("refused.example.com", rsa_key(2048)));
  bad.private_key = self_signed("other.example.com", pki::testing::ec_key("P-256")).private_key_pem;
  ASSERT_FALSE(inventory_->import_certificate(bad));
  ImportRequest unknown = request_for(self_signed("refused.example.com", rsa_key(2048)));
  unknown.certificate_arn =
      "arn:aws:acm:us-east-1:000000000000:certificate/00000000-0000-4000-8000-000000000000";
  ASSERT_FALSE(inventory_->import_certificate(unknown));
  EXPECT_TRUE(stored_events(*store_).empty());
}

TEST_F(InventoryTest, RenewalEligibilityFollowsAcm) {
  store::CertificateRow row;
  row.type = "PRIVATE";
  row.status = "ISSUED";
  row.not_after_ms = 1000;
  EXPECT_FALSE(renewal_eligible(row, 0));  // neither in use nor exported
  row.exported = true;
  EXPECT_TRUE(renewal_eligible(row, 0));
  EXPECT_FALSE(renewal_eligible(row, 1000));  // expired
  row.type = "IMPORTED";
  EXPECT_FALSE(renewal_eligible(row, 0));
  row.type = "AMAZON_ISSUED";
  row.exported = false;
  row.in_use = true;
  EXPECT_TRUE(renewal_eligible(row, 0));
}

}  // namespace
}  // namespace certflow::inventory::testing

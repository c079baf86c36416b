#include "lifecycle/lifecycle_fixture.h"

#include "core/arn.h"
#include "core/ids.h"

namespace certflow::lifecycle::testing {

using inventory::testing::self_signed;

tl::expected<inventory::RenewedCertificate, RenewalFailure> TestIssuer::renew(
    const store::CertificateRow& certificate) {
  calls.push_back(clock_.now());
  if (failure_reason) return tl::unexpected(RenewalFailure{*failure_reason, "told to fail"});
  pki::testing::CertSpec spec;
  spec.not_before = clock_.now() - std::chrono::hours(1);
  spec.not_after = clock_.now() + std::chrono::hours(24 * validity_days);
  auto pair = self_signed(certificate.domain_name, pki::testing::rsa_key(2048), spec);
  return inventory::RenewedCertificate{pair.certificate_pem, "",
                                       crypto::SecretBytes(pair.private_key_pem)};
}

void LifecycleTest::SetUp() {
  InventoryTest::SetUp();
  issuer_ = std::make_unique<TestIssuer>(*clock_);
  issuers_ = std::make_unique<IssuerRegistry>();
  issuers_->add("PRIVATE", *issuer_);
  restart();
}

void LifecycleTest::TearDown() {
  control_.reset();
  engine_.reset();
  InventoryTest::TearDown();
}

void LifecycleTest::restart() {
  control_.reset();
  engine_.reset();
  inventory_ = std::make_unique<inventory::Inventory>(*store_, *master_, *clock_,
                                                      inventory::InventoryConfig{});
  // Small batches so every test crosses transaction boundaries.
  engine_ = std::make_unique<LifecycleEngine>(*store_, *inventory_, *clock_, *issuers_,
                                              EngineOptions{3, std::chrono::milliseconds(1000)});
  control_ = std::make_unique<ClockControl>(*clock_, *engine_, *store_);
  // As the daemon does at every start: whatever is due now (today's evaluation) runs first.
  auto report = engine_->run_due();
  EXPECT_TRUE(report) << report.error().message;
}

EvaluationReport LifecycleTest::advance(std::chrono::milliseconds by) {
  auto report = control_->advance_to(clock_->now() + by, false);
  EXPECT_TRUE(report) << report.error().message;
  return report ? *report : EvaluationReport{};
}

EvaluationReport LifecycleTest::jump(std::chrono::milliseconds by) {
  auto report = control_->advance_to(clock_->now() + by, true);
  EXPECT_TRUE(report) << report.error().message;
  return report ? *report : EvaluationReport{};
}

std::string LifecycleTest::import_expiring(const std::string& domain, TimePoint not_after,
                                           TimePoint not_before) {
  pki::testing::CertSpec spec;
  spec.not_before = not_before;
  spec.not_after = not_after;
  return import_ok(self_signed(domain, pki::testing::rsa_key(2048), spec));
}

std::string LifecycleTest::put_managed(const std::string& domain, TimePoint not_after,
                                       bool exported) {
  store::CertificateRow row;
  row.arn = acm_certificate_arn("us-east-1", "000000000000", new_uuid());
  row.type = "PRIVATE";
  row.status = "ISSUED";
  row.domain_name = domain;
  row.key_algorithm = "RSA_2048";
  row.exported = exported;
  row.created_at_ms = to_epoch_millis(clock_->now());
  row.issued_at_ms = row.created_at_ms;
  row.not_before_ms = row.created_at_ms;
  row.not_after_ms = to_epoch_millis(not_after);
  row.details_json = "{}";
  auto txn = store_->begin();
  EXPECT_TRUE(txn);
  EXPECT_TRUE((*txn)->put_certificate(row));
  EXPECT_TRUE((*txn)->commit());
  return row.arn;
}

std::vector<SeenEvent> LifecycleTest::all_events() {
  std::vector<SeenEvent> out;
  store::EventQuery query;
  for (;;) {
    auto page = store_->list_events(query);
    EXPECT_TRUE(page) << page.error().message;
    if (!page || page->empty()) return out;
    for (const auto& record : *page) {
      out.push_back(SeenEvent{nlohmann::ordered_json::parse(record.body)});
      query.after_sequence = record.sequence;
    }
  }
}

std::vector<SeenEvent> LifecycleTest::new_events() {
  store::EventQuery query;
  query.after_sequence = last_seen_sequence_;
  query.limit = 100000;
  auto page = store_->list_events(query);
  EXPECT_TRUE(page) << page.error().message;
  std::vector<SeenEvent> out;
  if (!page) return out;
  for (const auto& record : *page) {
    out.push_back(SeenEvent{nlohmann::ordered_json::parse(record.body)});
    last_seen_sequence_ = record.sequence;
  }
  return out;
}

void LifecycleTest::set_days_before_expiry(int days) {
  EXPECT_TRUE(inventory_->put_account_configuration(days, new_uuid()));
}

std::vector<std::string> types_of(const std::vector<SeenEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.detail_type());
  return out;
}

}  // namespace certflow::lifecycle::testing

// A lifecycle engine over a real SQLite store and inventory, on a simulated clock, with a test
// issuer that can be told to fail. Time moves only through ClockControl, as in the daemon.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "inventory/inventory_fixture.h"
#include "lifecycle/lifecycle.h"

namespace certflow::lifecycle::testing {

// Renews by issuing a fresh self-signed certificate valid `validity_days` from now, or fails
// with `failure_reason` when it is set. Records when it was called.
class TestIssuer final : public RenewalIssuer {
 public:
  explicit TestIssuer(const Clock& clock) : clock_(clock) {}
  tl::expected<inventory::RenewedCertificate, RenewalFailure> renew(
      const store::CertificateRow& certificate) override;

  std::optional<std::string> failure_reason = "PCA_INVALID_STATE";
  int validity_days = 90;
  std::vector<TimePoint> calls;

 private:
  const Clock& clock_;
};

struct SeenEvent {
  nlohmann::ordered_json event;  // the whole event as stored, members in stored order
  std::string detail_type() const { return event["detail-type"]; }
  std::string time() const { return event["time"]; }
  int64_t days_to_expiry() const { return event["detail"].value("DaysToExpiry", int64_t{-1}); }
};

class LifecycleTest : public inventory::testing::InventoryTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Rebuilds inventory, engine and clock control over the same database and runs what is due,
  // as a daemon start does.
  void restart();

  // Steps the simulated clock (every evaluation on the way runs).
  EvaluationReport advance(std::chrono::milliseconds by);
  EvaluationReport advance_days(int days) { return advance(std::chrono::hours(24 * days)); }
  EvaluationReport jump(std::chrono::milliseconds by);

  // Imports a self-signed certificate for `domain` expiring at `not_after`.
  std::string import_expiring(const std::string& domain, TimePoint not_after,
                              TimePoint not_before = pki::testing::days_from_now(-30));
  // A managed (PRIVATE, exported) certificate written straight to the store: ACM-issued
  // certificates arrive with later issues, the engine only needs the row.
  std::string put_managed(const std::string& domain, TimePoint not_after, bool exported = true);

  // Every event in the outbox, oldest first; new_events() only those not returned before.
  std::vector<SeenEvent> all_events();
  std::vector<SeenEvent> new_events();

  void set_days_before_expiry(int days);

  std::unique_ptr<TestIssuer> issuer_;
  std::unique_ptr<IssuerRegistry> issuers_;
  std::unique_ptr<LifecycleEngine> engine_;
  std::unique_ptr<ClockControl> control_;
  int64_t last_seen_sequence_ = 0;
};

std::vector<std::string> types_of(const std::vector<SeenEvent>& events);

}  // namespace certflow::lifecycle::testing

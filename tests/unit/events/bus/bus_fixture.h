// An EventBus over a real SQLite store in a temporary directory, on a SimulatedClock, with fake
// targets that record what they are given and fail when told to. The database outlives the
// EventBus and the Store, so a test can "restart" (restart()) and see what survived.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "events/bus/bus.h"
#include "store/store_test_support.h"  // tests/unit/store

namespace certflow::events::bus::testing {

using store::testing::must;

inline const std::string kQueueArn = "arn:aws:sqs:us-east-1:000000000000:orders";
inline const std::string kOtherQueueArn = "arn:aws:sqs:us-east-1:000000000000:audit";
inline const std::string kDlqArn = "arn:aws:sqs:us-east-1:000000000000:dead-letters";
inline const std::string kFunctionArn = "arn:aws:lambda:us-east-1:000000000000:function:notify";

// One kind of target (one ARN service). Failures are set per ARN; deliveries are recorded in
// the order they happened, successful ones only.
class FakeTarget final : public Target {
 public:
  struct Delivery {
    std::string arn;
    std::string payload;
    DeliveryAttributes attributes;
  };

  Status check(const std::string& arn) override;
  DeliveryOutcome deliver(const bus::Delivery& delivery) override;

  // The next `times` deliveries to `arn` fail with `failure`.
  void fail_next(const std::string& arn, int times,
                 DeliveryFailure failure = {"Timeout", "the target timed out", true});
  // PutTargets is told that `arn` does not exist.
  void make_missing(const std::string& arn);

  std::vector<Delivery> delivered() const;
  std::vector<Delivery> delivered_to(const std::string& arn) const;
  int attempts(const std::string& arn) const;

 private:
  struct Failing {
    int remaining = 0;
    DeliveryFailure failure;
  };
  mutable std::mutex mutex_;
  std::vector<Delivery> delivered_;
  std::map<std::string, Failing> failing_;
  std::map<std::string, int> attempts_;
  std::vector<std::string> missing_;
};

class BusTest : public ::testing::Test {
 protected:
  BusTest();
  void SetUp() override;

  EventBus& bus() { return *bus_; }
  store::Store& store() { return *store_; }

  // A new EventBus (and Store) over the same database, loaded: what a daemon restart does.
  void restart();
  // Routes everything pending and attempts every delivery due now.
  void pump();

  std::string put_rule(const std::string& name, const std::string& pattern,
                       const std::string& bus = kDefaultBus);
  void put_target(const std::string& rule, TargetSpec target, const std::string& bus = kDefaultBus);
  static TargetSpec target(const std::string& id, const std::string& arn);
  // One PutEvents entry; returns its event id.
  std::string put_event(const std::string& source, const std::string& detail_type,
                        const std::string& detail, const std::string& bus = kDefaultBus);
  // Appends to the outbox as the lifecycle engine does: an ACM event on the default bus.
  std::string append_acm_event(const std::string& detail_type, const std::string& detail_json);

  // The running total of a metric; 0 when never counted.
  int64_t metric(const std::string& name, const std::string& rule,
                 const std::string& target_id = "", const std::string& bus = kDefaultBus);

  store::testing::SqliteEngine engine_;
  SimulatedClock clock_;
  FakeTarget queues_;     // "sqs"
  FakeTarget functions_;  // "lambda"
  TargetRegistry registry_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<EventBus> bus_;
  int appended_ = 0;
};

}  // namespace certflow::events::bus::testing

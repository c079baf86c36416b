// Conformance suite, part 4: what the lifecycle engine needs of a Store: the event outbox with
// its dedup keys, the expiry-ordered range of issued certificates, lifecycle-only updates and the
// engine's persisted state.
#include <gtest/gtest.h>

#include "store_test_support.h"

namespace certflow::store::testing {
namespace {

template <typename Engine>
class StoreLifecycleTest : public StoreTest<Engine> {
 protected:
  EventRecord event(const std::string& id, const std::string& key, const std::string& type,
                    const std::string& resource, int64_t time_ms) {
    return EventRecord{0, id, key, type, resource, time_ms, R"({"id":")" + id + R"("})"};
  }

  // Appends in one committed transaction; returns whether each was new.
  std::vector<bool> append(std::vector<EventRecord> events) {
    std::vector<bool> fresh;
    this->commit([&](Transaction& tx) {
      for (auto& e : events) fresh.push_back(must(tx.append_event(e)));
    });
    return fresh;
  }

  std::vector<std::string> ids(const EventQuery& query) {
    std::vector<std::string> out;
    for (const auto& e : must(this->store().list_events(query))) out.push_back(e.id);
    return out;
  }

  // Certificate i expiring at `not_after_ms`.
  CertificateRow expiring(int i, int64_t not_after_ms, std::string type = "IMPORTED",
                          std::string status = "ISSUED") {
    CertificateRow row = make_certificate(i);
    row.not_after_ms = not_after_ms;
    row.type = std::move(type);
    row.status = std::move(status);
    return row;
  }

  std::vector<std::string> arns(const ExpiryRange& range) {
    std::vector<std::string> out;
    for (const auto& row : must(this->store().list_issued_expiring(range))) out.push_back(row.arn);
    return out;
  }
};

TYPED_TEST_SUITE(StoreLifecycleTest, StoreEngines);

TYPED_TEST(StoreLifecycleTest, AppendedEventsComeBackInOrderWithEveryField) {
  EXPECT_EQ(this->append({this->event("e1", "k1", "T1", "arn-a", 10),
                          this->event("e2", "k2", "T2", "arn-b", 5)}),
            (std::vector<bool>{true, true}));
  auto events = must(this->store().list_events({}));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].id, "e1");
  EXPECT_EQ(events[0].dedup_key, "k1");
  EXPECT_EQ(events[0].detail_type, "T1");
  EXPECT_EQ(events[0].resource, "arn-a");
  EXPECT_EQ(events[0].time_ms, 10);
  EXPECT_EQ(events[0].body, R"({"id":"e1"})");
  // Sequence order is append order, not time order.
  EXPECT_LT(events[0].sequence, events[1].sequence);
  EXPECT_EQ(events[1].id, "e2");
}

TYPED_TEST(StoreLifecycleTest, AppendSetsTheSequence) {
  EventRecord e = this->event("e1", "k1", "T", "arn", 1);
  this->commit([&](Transaction& tx) { EXPECT_TRUE(must(tx.append_event(e))); });
  EXPECT_GT(e.sequence, 0);
  EXPECT_EQ(must(this->store().list_events({})).at(0).sequence, e.sequence);
}

TYPED_TEST(StoreLifecycleTest, ADuplicateDedupKeyIsSkippedAndTheFirstKept) {
  this->append({this->event("e1", "same", "T", "arn", 1)});
  EXPECT_EQ(this->append({this->event("e2", "same", "T", "arn", 2),
                          this->event("e3", "other", "T", "arn", 3)}),
            (std::vector<bool>{false, true}));
  EXPECT_EQ(this->ids({}), (std::vector<std::string>{"e1", "e3"}));
}

TYPED_TEST(StoreLifecycleTest, ADuplicateDedupKeyAcrossReopenIsSkipped) {
  this->append({this->event("e1", "same", "T", "arn", 1)});
  this->reopen();
  EXPECT_EQ(this->append({this->event("e2", "same", "T", "arn", 2)}), (std::vector<bool>{false}));
  EXPECT_EQ(this->ids({}), (std::vector<std::string>{"e1"}));
}

TYPED_TEST(StoreLifecycleTest, EventsOfARolledBackTransactionAreGone) {
  {
    auto tx = must(this->store().begin());
    EventRecord e = this->event("e1", "k1", "T", "arn", 1);
    EXPECT_TRUE(must(tx->append_event(e)));
  }
  EXPECT_TRUE(this->ids({}).empty());
  // The key is free again.
  EXPECT_EQ(this->append({this->event("e2", "k1", "T", "arn", 1)}), (std::vector<bool>{true}));
}

TYPED_TEST(StoreLifecycleTest, ListEventsFilters) {
  this->append({this->event("e1", "k1", "Available", "arn-a", 100),
                this->event("e2", "k2", "Expired", "arn-a", 200),
                this->event("e3", "k3", "Available", "arn-b", 300),
                this->event("e4", "k4", "Available", "arn-a", 400)});
  EventQuery by_type;
  by_type.detail_type = "Available";
  EXPECT_EQ(this->ids(by_type), (std::vector<std::string>{"e1", "e3", "e4"}));
  EventQuery by_resource;
  by_resource.resource = "arn-a";
  EXPECT_EQ(this->ids(by_resource), (std::vector<std::string>{"e1", "e2", "e4"}));
  EventQuery since;
  since.since_ms = 200;  // inclusive
  EXPECT_EQ(this->ids(since), (std::vector<std::string>{"e2", "e3", "e4"}));
  EventQuery all_three;
  all_three.detail_type = "Available";
  all_three.resource = "arn-a";
  all_three.since_ms = 150;
  EXPECT_EQ(this->ids(all_three), (std::vector<std::string>{"e4"}));
}

TYPED_TEST(StoreLifecycleTest, ListEventsPagesBySequence) {
  for (int i = 0; i < 5; ++i) {
    this->append({this->event("e" + std::to_string(i), "k" + std::to_string(i), "T", "arn", i)});
  }
  EventQuery page;
  page.limit = 2;
  auto first = must(this->store().list_events(page));
  ASSERT_EQ(first.size(), 2u);
  page.after_sequence = first.back().sequence;
  EXPECT_EQ(this->ids(page), (std::vector<std::string>{"e2", "e3"}));
  page.after_sequence = must(this->store().list_events(page)).back().sequence;
  EXPECT_EQ(this->ids(page), (std::vector<std::string>{"e4"}));
}

TYPED_TEST(StoreLifecycleTest, IssuedExpiringIsARangeInExpiryOrder) {
  this->put(this->expiring(1, 300));
  this->put(this->expiring(2, 100));
  this->put(this->expiring(3, 200));
  this->put(this->expiring(4, 400));
  this->put(this->expiring(5, 200, "IMPORTED", "EXPIRED"));  // not ISSUED: never listed
  // (after, until]: 100 is excluded, 300 included.
  EXPECT_EQ(this->arns({100, 300, std::nullopt, 10}),
            (std::vector<std::string>{certificate_arn("cert-3"), certificate_arn("cert-1")}));
  EXPECT_EQ(this->arns({}).size(), 4u);
  EXPECT_EQ(this->arns({INT64_MIN, 100, std::nullopt, 10}),
            (std::vector<std::string>{certificate_arn("cert-2")}));
}

TYPED_TEST(StoreLifecycleTest, IssuedExpiringPagesWithACursorAcrossEqualExpiries) {
  for (int i = 0; i < 7; ++i) this->put(this->expiring(i, i < 4 ? 500 : 600));
  ExpiryRange range{0, 1000, std::nullopt, 3};
  std::vector<std::string> seen;
  for (;;) {
    auto rows = must(this->store().list_issued_expiring(range));
    for (const auto& row : rows) seen.push_back(row.arn);
    if (rows.size() < range.limit) break;
    range.start_after = ExpiryCursor{rows.back().not_after_ms, rows.back().arn};
  }
  ASSERT_EQ(seen.size(), 7u);
  std::vector<std::string> expected;
  for (int i = 0; i < 7; ++i) expected.push_back(certificate_arn("cert-" + std::to_string(i)));
  EXPECT_EQ(seen, expected);
}

TYPED_TEST(StoreLifecycleTest, IssuedExpiringManagedOnlyLeavesOutImported) {
  this->put(this->expiring(1, 100, "IMPORTED"));
  this->put(this->expiring(2, 100, "PRIVATE"));
  this->put(this->expiring(3, 100, "AMAZON_ISSUED"));
  ExpiryRange range;
  range.managed_only = true;
  EXPECT_EQ(this->arns(range),
            (std::vector<std::string>{certificate_arn("cert-2"), certificate_arn("cert-3")}));
}

TYPED_TEST(StoreLifecycleTest, IssuedExpiringReturnsSummariesInsideATransactionToo) {
  this->put(this->expiring(1, 100));
  auto tx = must(this->store().begin());
  CertificateRow other = this->expiring(2, 50);
  must(tx->put_certificate(other));
  auto rows = must(tx->list_issued_expiring({}));
  ASSERT_EQ(rows.size(), 2u);  // reads its own writes
  EXPECT_EQ(rows[0].arn, other.arn);
  EXPECT_TRUE(rows[0].certificate_pem.empty());
  EXPECT_TRUE(rows[0].key_ciphertext.empty());
  EXPECT_EQ(rows[1].details_json, make_certificate(1).details_json);
}

TYPED_TEST(StoreLifecycleTest, TimelineOnlyFillsTheTimelineFields) {
  CertificateRow row = this->expiring(1, 100, "PRIVATE");
  row.not_before_ms = 7;
  row.in_use = true;
  row.exported = true;
  row.renewal_attempt_days = 45;
  this->put(row);
  ExpiryRange range;
  range.timeline_only = true;
  auto rows = must(this->store().list_issued_expiring(range));
  ASSERT_EQ(rows.size(), 1u);
  const CertificateRow& got = rows[0];
  EXPECT_EQ(got.arn, row.arn);
  EXPECT_EQ(got.type, "PRIVATE");
  EXPECT_EQ(got.status, "ISSUED");
  EXPECT_EQ(got.domain_name, row.domain_name);
  EXPECT_EQ(got.not_before_ms, 7);
  EXPECT_EQ(got.not_after_ms, 100);
  EXPECT_TRUE(got.in_use);
  EXPECT_TRUE(got.exported);
  EXPECT_EQ(got.renewal_attempt_days, 45);
  EXPECT_TRUE(got.details_json.empty());  // not part of the timeline
}

TYPED_TEST(StoreLifecycleTest, LifecycleUpdateTouchesOnlyStatusAndRenewalColumns) {
  CertificateRow row = this->expiring(1, 100, "PRIVATE");
  this->put(row);
  CertificateRow change = row;
  change.status = "EXPIRED";
  change.renewal_status = "FAILED";
  change.renewal_status_reason = "OTHER";
  change.renewal_updated_at_ms = 77;
  change.renewal_attempt_days = 30;
  change.domain_name = "ignored.example.com";
  change.certificate_pem.clear();  // a summary row: no material
  this->commit(
      [&](Transaction& tx) { EXPECT_TRUE(must(tx.update_certificate_lifecycle(change))); });
  auto got = must(this->store().get_certificate(row.arn));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->status, "EXPIRED");
  EXPECT_EQ(got->renewal_status, "FAILED");
  EXPECT_EQ(got->renewal_status_reason, "OTHER");
  EXPECT_EQ(got->renewal_updated_at_ms, 77);
  EXPECT_EQ(got->renewal_attempt_days, 30);
  EXPECT_EQ(got->domain_name, row.domain_name);
  EXPECT_EQ(got->certificate_pem, row.certificate_pem);
  EXPECT_EQ(got->version, 2);
}

TYPED_TEST(StoreLifecycleTest, LifecycleUpdateOfAMissingCertificateIsFalse) {
  this->commit([&](Transaction& tx) {
    EXPECT_FALSE(must(tx.update_certificate_lifecycle(this->expiring(9, 1))));
  });
}

TYPED_TEST(StoreLifecycleTest, LifecycleStateStartsEmptyAndPersists) {
  auto initial = must(this->store().get_lifecycle_state());
  EXPECT_FALSE(initial.last_evaluated_day.has_value());
  EXPECT_FALSE(initial.simulated_now_ms.has_value());
  this->commit([&](Transaction& tx) { must(tx.put_lifecycle_state({20'000, 1'728'000'000'000})); });
  this->reopen();
  auto state = must(this->store().get_lifecycle_state());
  EXPECT_EQ(state.last_evaluated_day, 20'000);
  EXPECT_EQ(state.simulated_now_ms, 1'728'000'000'000);
}

TYPED_TEST(StoreLifecycleTest, AccountConfigKeepsTheLifetimePercent) {
  EXPECT_EQ(must(this->store().get_account_config()).expiry_lifetime_percent, 0);
  this->commit([&](Transaction& tx) { must(tx.put_account_config({30, 33})); });
  auto config = must(this->store().get_account_config());
  EXPECT_EQ(config.days_before_expiry, 30);
  EXPECT_EQ(config.expiry_lifetime_percent, 33);
}

}  // namespace
}  // namespace certflow::store::testing

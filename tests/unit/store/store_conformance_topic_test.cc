// Conformance suite, part 6: what the notification topics need of a Store: published messages and
// their durable fan-out queue, due in (next_attempt_ms, id) order, with a message row that goes
// with its last delivery.
#include <gtest/gtest.h>

#include "store_test_support.h"

namespace certflow::store::testing {
namespace {

const std::string kTopic = "arn:aws:sns:us-east-1:000000000000:orders";

template <typename Engine>
class StoreTopicTest : public StoreTest<Engine> {
 protected:
  // A sealed body is binary: NUL and 0xff bytes must come back as they went in.
  static TopicMessageRow message(const std::string& id, const std::string& topic = kTopic) {
    return {id, topic, std::string("\x00sealed body of ", 16) + id + "\xff", 500};
  }

  static TopicDeliveryRow delivery(const std::string& message_id, const std::string& subscription,
                                   int64_t next_attempt_ms) {
    TopicDeliveryRow row;
    row.message_id = message_id;
    row.subscription_arn = subscription;
    row.details_json = R"({"protocol":"https"})";
    row.created_at_ms = 600;
    row.next_attempt_ms = next_attempt_ms;
    return row;
  }

  void publish(const TopicMessageRow& m) {
    this->commit([&](Transaction& tx) { must(tx.insert_topic_message(m)); });
  }

  TopicDeliveryRow enqueue(TopicDeliveryRow row) {
    this->commit([&](Transaction& tx) { must(tx.insert_topic_delivery(row)); });
    return row;
  }

  // The message published and delivered to each subscription, all due at next_attempt_ms.
  std::vector<TopicDeliveryRow> fan_out(const std::string& message_id,
                                        const std::vector<std::string>& subscriptions,
                                        const std::string& topic = kTopic,
                                        int64_t next_attempt_ms = 1000) {
    std::vector<TopicDeliveryRow> rows;
    this->commit([&](Transaction& tx) {
      must(tx.insert_topic_message(message(message_id, topic)));
      for (const auto& subscription : subscriptions) {
        rows.push_back(delivery(message_id, subscription, next_attempt_ms));
        must(tx.insert_topic_delivery(rows.back()));
      }
    });
    return rows;
  }

  // The interface has no message read: a message is stored exactly when inserting its id again
  // is a conflict. The probe's transaction rolls back.
  bool message_stored(const std::string& id) {
    auto tx = must(this->store().begin());
    auto status = tx->insert_topic_message(message(id));
    if (status) return false;
    EXPECT_EQ(status.error().code, ErrorCode::kConflict) << status.error().message;
    return true;
  }

  std::vector<std::string> due_subscriptions(int64_t now_ms, size_t limit = 100) {
    std::vector<std::string> out;
    for (const auto& row : must(this->store().due_topic_deliveries(now_ms, limit))) {
      out.push_back(row.subscription_arn);
    }
    return out;
  }

  std::string subscription(const std::string& topic, const std::string& id) {
    return topic + ":" + id;
  }
};

TYPED_TEST_SUITE(StoreTopicTest, StoreEngines);

TYPED_TEST(StoreTopicTest, ADueDeliveryComesBackWithEveryFieldAndItsMessage) {
  const TopicMessageRow m = this->message("m-1");
  this->publish(m);
  TopicDeliveryRow row = this->delivery("m-1", kTopic + ":sub-1", 1000);
  row.attempts = 2;
  row = this->enqueue(row);
  EXPECT_GT(row.id, 0);

  auto due = must(this->store().due_topic_deliveries(1000, 10));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, row.id);
  EXPECT_EQ(due[0].message_id, "m-1");
  EXPECT_EQ(due[0].subscription_arn, kTopic + ":sub-1");
  EXPECT_EQ(due[0].details_json, row.details_json);
  EXPECT_EQ(due[0].attempts, 2);
  EXPECT_EQ(due[0].created_at_ms, 600);
  EXPECT_EQ(due[0].next_attempt_ms, 1000);
  EXPECT_EQ(due[0].topic_arn, kTopic);
  EXPECT_EQ(due[0].message_body, m.body);
  EXPECT_EQ(due[0].message_body.size(), m.body.size());
}

TYPED_TEST(StoreTopicTest, InsertedDeliveriesGetDistinctIncreasingIds) {
  auto rows = this->fan_out("m-1", {kTopic + ":a", kTopic + ":b", kTopic + ":c"});
  EXPECT_LT(rows[0].id, rows[1].id);
  EXPECT_LT(rows[1].id, rows[2].id);
}

TYPED_TEST(StoreTopicTest, DueDeliveriesAreEarliestFirstThenByIdAndLimited) {
  this->publish(this->message("m-1"));
  this->enqueue(this->delivery("m-1", "late", 3000));
  this->enqueue(this->delivery("m-1", "tie-first", 2000));
  this->enqueue(this->delivery("m-1", "early", 1000));
  this->enqueue(this->delivery("m-1", "tie-second", 2000));
  this->enqueue(this->delivery("m-1", "future", 9000));

  EXPECT_EQ(this->due_subscriptions(3000),
            (std::vector<std::string>{"early", "tie-first", "tie-second", "late"}));
  EXPECT_EQ(this->due_subscriptions(2999, 2), (std::vector<std::string>{"early", "tie-first"}));
  EXPECT_EQ(this->due_subscriptions(1000), (std::vector<std::string>{"early"}));
  EXPECT_TRUE(this->due_subscriptions(999).empty());
}

TYPED_TEST(StoreTopicTest, UpdateWritesAttemptsScheduleAndDetailsOnly) {
  auto rows = this->fan_out("m-1", {kTopic + ":sub-1"});
  TopicDeliveryRow changed = rows[0];
  changed.attempts = 3;
  changed.next_attempt_ms = 5000;
  changed.details_json = R"({"last_error":"HTTP 503"})";
  changed.subscription_arn = "not written";
  changed.created_at_ms = 1;
  this->commit([&](Transaction& tx) { EXPECT_TRUE(must(tx.update_topic_delivery(changed))); });

  EXPECT_TRUE(this->due_subscriptions(4999).empty());
  auto due = must(this->store().due_topic_deliveries(5000, 10));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].attempts, 3);
  EXPECT_EQ(due[0].next_attempt_ms, 5000);
  EXPECT_EQ(due[0].details_json, R"({"last_error":"HTTP 503"})");
  EXPECT_EQ(due[0].subscription_arn, kTopic + ":sub-1");
  EXPECT_EQ(due[0].created_at_ms, 600);

  changed.id = rows[0].id + 1000;
  this->commit([&](Transaction& tx) { EXPECT_FALSE(must(tx.update_topic_delivery(changed))); });
}

TYPED_TEST(StoreTopicTest, AMessageStaysWhileAnotherDeliveryRefersToItAndGoesWithTheLast) {
  auto rows = this->fan_out("m-1", {kTopic + ":a", kTopic + ":b"});
  this->fan_out("m-2", {kTopic + ":a"});

  this->commit([&](Transaction& tx) { EXPECT_TRUE(must(tx.delete_topic_delivery(rows[0].id))); });
  EXPECT_TRUE(this->message_stored("m-1"));
  auto due = must(this->store().due_topic_deliveries(1000, 10));
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].id, rows[1].id);
  EXPECT_EQ(due[0].message_body, this->message("m-1").body);

  this->commit([&](Transaction& tx) { EXPECT_TRUE(must(tx.delete_topic_delivery(rows[1].id))); });
  EXPECT_FALSE(this->message_stored("m-1"));
  EXPECT_TRUE(this->message_stored("m-2"));  // another message's row is not touched
  this->commit([&](Transaction& tx) { EXPECT_FALSE(must(tx.delete_topic_delivery(rows[1].id))); });
  EXPECT_EQ(must(this->store().count_topic_deliveries()), 1);
}

TYPED_TEST(StoreTopicTest, DeletingADeliveryAndItsMessageIsOneTransaction) {
  auto rows = this->fan_out("m-1", {kTopic + ":a"});
  {
    auto tx = must(this->store().begin());
    EXPECT_TRUE(must(tx->delete_topic_delivery(rows[0].id)));
  }  // rolled back: the delivery and its message are both still there
  EXPECT_TRUE(this->message_stored("m-1"));
  EXPECT_EQ(this->due_subscriptions(1000), (std::vector<std::string>{kTopic + ":a"}));
}

TYPED_TEST(StoreTopicTest, PrefixDeleteOfATopicLeavesATopicWhoseArnExtendsItsName) {
  const std::string other = kTopic + "-eu";  // ...:orders-eu starts with ...:orders
  this->fan_out("m-1", {this->subscription(kTopic, "s1"), this->subscription(kTopic, "s2")});
  this->fan_out("m-2", {this->subscription(kTopic, "s1")});
  this->fan_out("m-3", {this->subscription(other, "s3")}, other);

  int64_t deleted = 0;
  this->commit([&](Transaction& tx) { deleted = must(tx.delete_topic_deliveries(kTopic + ":")); });
  EXPECT_EQ(deleted, 3);
  EXPECT_EQ(this->due_subscriptions(1000),
            (std::vector<std::string>{this->subscription(other, "s3")}));
  EXPECT_FALSE(this->message_stored("m-1"));
  EXPECT_FALSE(this->message_stored("m-2"));
  EXPECT_TRUE(this->message_stored("m-3"));
}

TYPED_TEST(StoreTopicTest, PrefixDeleteOfASubscriptionKeepsMessagesOtherSubscriptionsStillWait) {
  const std::string s1 = this->subscription(kTopic, "s1");
  const std::string s2 = this->subscription(kTopic, "s2");
  this->fan_out("shared", {s1, s2});
  this->fan_out("only-s1", {s1});

  int64_t deleted = 0;
  this->commit([&](Transaction& tx) { deleted = must(tx.delete_topic_deliveries(s1)); });
  EXPECT_EQ(deleted, 2);
  EXPECT_EQ(this->due_subscriptions(1000), (std::vector<std::string>{s2}));
  EXPECT_TRUE(this->message_stored("shared"));
  EXPECT_FALSE(this->message_stored("only-s1"));
}

TYPED_TEST(StoreTopicTest, PrefixDeleteTakesPercentAndUnderscoreLiterally) {
  const std::string underscore = "arn:aws:sns:us-east-1:000000000000:a_b";
  const std::string percent = "arn:aws:sns:us-east-1:000000000000:p%";
  const std::string like_a_b = "arn:aws:sns:us-east-1:000000000000:aXb";
  const std::string like_p = "arn:aws:sns:us-east-1:000000000000:pq";
  this->fan_out("m-u", {this->subscription(underscore, "s")}, underscore);
  this->fan_out("m-p", {this->subscription(percent, "s")}, percent);
  this->fan_out("m-x", {this->subscription(like_a_b, "s")}, like_a_b);
  this->fan_out("m-q", {this->subscription(like_p, "s")}, like_p);

  int64_t deleted = 0;
  this->commit([&](Transaction& tx) {
    deleted = must(tx.delete_topic_deliveries(underscore + ":")) +
              must(tx.delete_topic_deliveries(percent + ":"));
  });
  EXPECT_EQ(deleted, 2);
  EXPECT_EQ(this->due_subscriptions(1000),
            (std::vector<std::string>{this->subscription(like_a_b, "s"),
                                      this->subscription(like_p, "s")}));
}

TYPED_TEST(StoreTopicTest, PrefixDeleteEndingInTheHighestByteStopsAtTheNextPrefix) {
  // The upper bound of "x\xff" is "y": the range must neither overflow nor reach "y...".
  const std::string high = "x\xff";
  this->fan_out("m-1", {high, high + "\xff" + "tail", "y", "x\xfe"}, "t");
  int64_t deleted = 0;
  this->commit([&](Transaction& tx) { deleted = must(tx.delete_topic_deliveries(high)); });
  EXPECT_EQ(deleted, 2);
  EXPECT_EQ(this->due_subscriptions(1000), (std::vector<std::string>{"y", "x\xfe"}));
  EXPECT_TRUE(this->message_stored("m-1"));
}

TYPED_TEST(StoreTopicTest, PrefixDeleteWithNoMatchDeletesNothing) {
  this->fan_out("m-1", {this->subscription(kTopic, "s1")});
  int64_t deleted = -1;
  this->commit(
      [&](Transaction& tx) { deleted = must(tx.delete_topic_deliveries(kTopic + "-none:")); });
  EXPECT_EQ(deleted, 0);
  EXPECT_EQ(must(this->store().count_topic_deliveries()), 1);
  EXPECT_TRUE(this->message_stored("m-1"));
}

TYPED_TEST(StoreTopicTest, NextDeliveryTimeIsTheEarliestScheduleAndNoneWhenEmpty) {
  EXPECT_EQ(must(this->store().next_topic_delivery_time()), std::nullopt);
  this->publish(this->message("m-1"));
  this->enqueue(this->delivery("m-1", "a", 7000));
  auto early = this->enqueue(this->delivery("m-1", "b", 4000));
  EXPECT_EQ(must(this->store().next_topic_delivery_time()), 4000);
  // Not yet due still counts: the delivery loop sleeps until then.
  this->commit([&](Transaction& tx) { EXPECT_TRUE(must(tx.delete_topic_delivery(early.id))); });
  EXPECT_EQ(must(this->store().next_topic_delivery_time()), 7000);
}

TYPED_TEST(StoreTopicTest, CountIsTheNumberOfWaitingDeliveriesDueOrNot) {
  EXPECT_EQ(must(this->store().count_topic_deliveries()), 0);
  this->fan_out("m-1", {"a", "b"}, kTopic, 1000);
  this->fan_out("m-2", {"c"}, kTopic, 99999);
  EXPECT_EQ(must(this->store().count_topic_deliveries()), 3);
  this->commit([&](Transaction& tx) { EXPECT_EQ(must(tx.delete_topic_deliveries("a")), 1); });
  EXPECT_EQ(must(this->store().count_topic_deliveries()), 2);
}

TYPED_TEST(StoreTopicTest, ASecondMessageWithTheSameIdIsAConflictAndTheTransactionGoesOn) {
  this->publish(this->message("m-1"));
  auto tx = must(this->store().begin());
  auto status = tx->insert_topic_message(this->message("m-1", "arn:other"));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kConflict);
  TopicDeliveryRow row = this->delivery("m-1", "a", 1000);
  must(tx->insert_topic_delivery(row));
  must(tx->commit());
  auto due = must(this->store().due_topic_deliveries(1000, 10));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].topic_arn, kTopic);  // the first message is kept, not replaced
}

TYPED_TEST(StoreTopicTest, ReadsSeeOnlyCommittedDeliveries) {
  auto tx = must(this->store().begin());
  must(tx->insert_topic_message(this->message("m-1")));
  TopicDeliveryRow row = this->delivery("m-1", "a", 1000);
  must(tx->insert_topic_delivery(row));
  EXPECT_EQ(must(this->store().count_topic_deliveries()), 0);
  EXPECT_TRUE(this->due_subscriptions(1000).empty());
  must(tx->commit());
  EXPECT_EQ(must(this->store().count_topic_deliveries()), 1);
}

TYPED_TEST(StoreTopicTest, ARolledBackTransactionLeavesNothingAndCommittedRowsSurviveReopen) {
  auto kept = this->fan_out("kept", {"a"});
  {
    auto tx = must(this->store().begin());
    must(tx->insert_topic_message(this->message("lost")));
    TopicDeliveryRow row = this->delivery("lost", "b", 1000);
    must(tx->insert_topic_delivery(row));
    TopicDeliveryRow changed = kept[0];
    changed.attempts = 9;
    EXPECT_TRUE(must(tx->update_topic_delivery(changed)));
  }
  this->reopen();
  EXPECT_EQ(must(this->store().count_topic_deliveries()), 1);
  auto due = must(this->store().due_topic_deliveries(1000, 10));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, kept[0].id);
  EXPECT_EQ(due[0].attempts, 0);
  EXPECT_EQ(due[0].message_body, this->message("kept").body);
  EXPECT_FALSE(this->message_stored("lost"));
}

}  // namespace
}  // namespace certflow::store::testing

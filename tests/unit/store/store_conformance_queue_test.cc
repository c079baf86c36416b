// Conformance suite, part 5: what the SQS-compatible queues need of a Store: queue rows, and
// messages that are received by visibility, moved between queues, expired and counted.
#include <gtest/gtest.h>

#include "store_test_support.h"

namespace certflow::store::testing {
namespace {

template <typename Engine>
class StoreQueueTest : public StoreTest<Engine> {
 protected:
  QueueRow queue(const std::string& name) {
    QueueRow row;
    row.name = name;
    row.arn = "arn:aws:sqs:us-east-1:000000000000:" + name;
    row.settings_json = R"({"VisibilityTimeout":30})";
    row.tags_json = R"({"team":"pki"})";
    row.created_at_ms = 1000;
    row.modified_at_ms = 2000;
    return row;
  }

  QueueRow create(const std::string& name) {
    QueueRow row = queue(name);
    this->commit([&](Transaction& tx) { must(tx.insert_queue(row)); });
    return row;
  }

  QueueMessageRow message(int64_t queue_id, const std::string& id, int64_t sent_at_ms,
                          int64_t visible_at_ms) {
    QueueMessageRow row;
    row.queue_id = queue_id;
    row.message_id = id;
    row.receipt_token = std::string("\x00\x01token\xff", 8);
    row.body = "body of " + id;
    row.details_json = R"({"MessageAttributes":{}})";
    row.sent_at_ms = sent_at_ms;
    row.visible_at_ms = visible_at_ms;
    return row;
  }

  QueueMessageRow send(QueueMessageRow row) {
    this->commit([&](Transaction& tx) { must(tx.insert_queue_message(row)); });
    return row;
  }

  std::vector<std::string> receivable(int64_t queue_id, int64_t now_ms, int64_t retained_since_ms,
                                      size_t limit = 10) {
    std::vector<std::string> ids;
    this->commit([&](Transaction& tx) {
      for (const auto& m :
           must(tx.receivable_queue_messages(queue_id, now_ms, retained_since_ms, limit))) {
        ids.push_back(m.message_id);
      }
    });
    return ids;
  }

  std::vector<std::string> names(const QueueListRequest& request) {
    std::vector<std::string> out;
    for (const auto& row : must(this->store().list_queues(request))) out.push_back(row.name);
    return out;
  }
};

TYPED_TEST_SUITE(StoreQueueTest, StoreEngines);

TYPED_TEST(StoreQueueTest, AnInsertedQueueComesBackWithEveryField) {
  QueueRow row = this->create("orders");
  EXPECT_GT(row.id, 0);
  auto got = must(this->store().get_queue("orders"));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->id, row.id);
  EXPECT_EQ(got->name, "orders");
  EXPECT_EQ(got->arn, row.arn);
  EXPECT_EQ(got->settings_json, row.settings_json);
  EXPECT_EQ(got->tags_json, row.tags_json);
  EXPECT_EQ(got->created_at_ms, 1000);
  EXPECT_EQ(got->modified_at_ms, 2000);
  EXPECT_FALSE(must(this->store().get_queue("other")).has_value());
}

TYPED_TEST(StoreQueueTest, ASecondQueueWithTheSameNameIsAConflict) {
  this->create("orders");
  auto tx = must(this->store().begin());
  QueueRow again = this->queue("orders");
  auto status = tx->insert_queue(again);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kConflict);
}

TYPED_TEST(StoreQueueTest, UpdateWritesSettingsTagsAndModifiedTime) {
  QueueRow row = this->create("orders");
  row.settings_json = R"({"VisibilityTimeout":60})";
  row.tags_json = "{}";
  row.modified_at_ms = 3000;
  row.created_at_ms = 1;  // not written by update_queue
  this->commit([&](Transaction& tx) { EXPECT_TRUE(must(tx.update_queue(row))); });
  auto got = must(this->store().get_queue("orders"));
  EXPECT_EQ(got->settings_json, row.settings_json);
  EXPECT_EQ(got->tags_json, "{}");
  EXPECT_EQ(got->modified_at_ms, 3000);
  EXPECT_EQ(got->created_at_ms, 1000);
  row.id += 100;
  this->commit([&](Transaction& tx) { EXPECT_FALSE(must(tx.update_queue(row))); });
}

TYPED_TEST(StoreQueueTest, ListQueuesFiltersByPrefixInNameOrderAndPages) {
  for (const char* name : {"b-2", "a_1", "b-1", "ab", "b_3"}) this->create(name);
  EXPECT_EQ(this->names({}), (std::vector<std::string>{"a_1", "ab", "b-1", "b-2", "b_3"}));
  EXPECT_EQ(this->names({"b-", std::nullopt, 10}), (std::vector<std::string>{"b-1", "b-2"}));
  // '_' is a plain character in a prefix, not a wildcard.
  EXPECT_EQ(this->names({"a_", std::nullopt, 10}), (std::vector<std::string>{"a_1"}));
  EXPECT_EQ(this->names({"", std::nullopt, 2}), (std::vector<std::string>{"a_1", "ab"}));
  EXPECT_EQ(this->names({"", "ab", 2}), (std::vector<std::string>{"b-1", "b-2"}));
  EXPECT_EQ(this->names({"b", "b-2", 10}), (std::vector<std::string>{"b_3"}));
}

TYPED_TEST(StoreQueueTest, AMessageComesBackWithEveryField) {
  QueueRow q = this->create("orders");
  QueueMessageRow sent = this->message(q.id, "m1", 5000, 5000);
  sent.body = "ünïcode body\n";
  sent = this->send(sent);
  EXPECT_GT(sent.sequence, 0);
  QueueMessageRow received = sent;
  received.receive_count = 3;
  received.first_received_at_ms = 6000;
  received.visible_at_ms = 7000;
  received.details_json = R"({"x":1})";
  this->commit([&](Transaction& tx) {
    EXPECT_TRUE(must(tx.update_queue_message(received)));
    auto got = must(tx.get_queue_message(q.id, "m1"));
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->sequence, sent.sequence);
    EXPECT_EQ(got->queue_id, q.id);
    EXPECT_EQ(got->message_id, "m1");
    EXPECT_EQ(got->receipt_token, sent.receipt_token);
    EXPECT_EQ(got->body, "ünïcode body\n");
    EXPECT_EQ(got->details_json, R"({"x":1})");
    EXPECT_EQ(got->sent_at_ms, 5000);
    EXPECT_EQ(got->visible_at_ms, 7000);
    EXPECT_EQ(got->receive_count, 3);
    EXPECT_EQ(got->first_received_at_ms, 6000);
    EXPECT_FALSE(must(tx.get_queue_message(q.id + 1, "m1")).has_value());
  });
}

TYPED_TEST(StoreQueueTest, ReceivableMessagesAreVisibleRetainedAndLongestVisibleFirst) {
  QueueRow q = this->create("orders");
  QueueRow other = this->create("other");
  this->send(this->message(q.id, "late", 100, 300));
  this->send(this->message(q.id, "early", 200, 200));
  this->send(this->message(q.id, "tie-sent-first", 150, 250));
  this->send(this->message(q.id, "tie-sent-later", 160, 250));
  this->send(this->message(q.id, "delayed", 100, 10'000));
  this->send(this->message(q.id, "expired", 10, 10));
  this->send(this->message(other.id, "elsewhere", 100, 100));
  EXPECT_EQ(this->receivable(q.id, 1000, 100),
            (std::vector<std::string>{"early", "tie-sent-first", "tie-sent-later", "late"}));
  EXPECT_EQ(this->receivable(q.id, 1000, 100, 2),
            (std::vector<std::string>{"early", "tie-sent-first"}));
  EXPECT_EQ(this->receivable(q.id, 260, 0),
            (std::vector<std::string>{"expired", "early", "tie-sent-first", "tie-sent-later"}));
}

TYPED_TEST(StoreQueueTest, UpdateMovesAMessageToAnotherQueue) {
  QueueRow source = this->create("source");
  QueueRow dead = this->create("dead");
  QueueMessageRow m = this->send(this->message(source.id, "m1", 100, 100));
  m.queue_id = dead.id;
  m.receive_count = 0;
  this->commit([&](Transaction& tx) { EXPECT_TRUE(must(tx.update_queue_message(m))); });
  EXPECT_TRUE(this->receivable(source.id, 1000, 0).empty());
  EXPECT_EQ(this->receivable(dead.id, 1000, 0), (std::vector<std::string>{"m1"}));
}

TYPED_TEST(StoreQueueTest, DeleteMessageIsScopedToItsQueue) {
  QueueRow q = this->create("orders");
  this->send(this->message(q.id, "m1", 100, 100));
  this->commit([&](Transaction& tx) {
    EXPECT_FALSE(must(tx.delete_queue_message(q.id + 1, "m1")));
    EXPECT_TRUE(must(tx.delete_queue_message(q.id, "m1")));
    EXPECT_FALSE(must(tx.delete_queue_message(q.id, "m1")));
  });
  EXPECT_TRUE(this->receivable(q.id, 1000, 0).empty());
}

TYPED_TEST(StoreQueueTest, DeleteMessagesSentBeforeDropsOnlyOlderOnesOfThatQueue) {
  QueueRow q = this->create("orders");
  QueueRow other = this->create("other");
  this->send(this->message(q.id, "old", 100, 100));
  this->send(this->message(q.id, "new", 200, 200));
  this->send(this->message(other.id, "other-old", 100, 100));
  this->commit([&](Transaction& tx) { EXPECT_EQ(must(tx.delete_queue_messages(q.id, 200)), 1); });
  EXPECT_EQ(this->receivable(q.id, 1000, 0), (std::vector<std::string>{"new"}));
  EXPECT_EQ(this->receivable(other.id, 1000, 0), (std::vector<std::string>{"other-old"}));
}

TYPED_TEST(StoreQueueTest, DeletingAQueueDeletesItsMessagesOnly) {
  QueueRow q = this->create("orders");
  QueueRow other = this->create("other");
  this->send(this->message(q.id, "m1", 100, 100));
  this->send(this->message(other.id, "m2", 100, 100));
  this->commit([&](Transaction& tx) {
    EXPECT_TRUE(must(tx.delete_queue("orders")));
    EXPECT_FALSE(must(tx.delete_queue("orders")));
    EXPECT_FALSE(must(tx.get_queue_message(q.id, "m1")).has_value());
  });
  EXPECT_FALSE(must(this->store().get_queue("orders")).has_value());
  EXPECT_EQ(this->receivable(other.id, 1000, 0), (std::vector<std::string>{"m2"}));
  // The name is free again, under a new id.
  EXPECT_NE(this->create("orders").id, q.id);
}

TYPED_TEST(StoreQueueTest, CountsSplitVisibleInFlightAndDelayedAndSkipExpired) {
  QueueRow q = this->create("orders");
  this->send(this->message(q.id, "visible", 100, 100));
  QueueMessageRow in_flight = this->message(q.id, "in-flight", 100, 5000);
  in_flight.receive_count = 1;
  this->send(in_flight);
  QueueMessageRow returned = this->message(q.id, "returned", 100, 500);
  returned.receive_count = 2;  // visibility timeout over: visible again
  this->send(returned);
  this->send(this->message(q.id, "delayed", 100, 5000));
  this->send(this->message(q.id, "expired", 10, 10));
  QueueMessageCounts counts = must(this->store().count_queue_messages(q.id, 1000, 50));
  EXPECT_EQ(counts.visible, 2);
  EXPECT_EQ(counts.in_flight, 1);
  EXPECT_EQ(counts.delayed, 1);
  QueueMessageCounts empty = must(this->store().count_queue_messages(q.id + 1, 1000, 0));
  EXPECT_EQ(empty.visible + empty.in_flight + empty.delayed, 0);
}

TYPED_TEST(StoreQueueTest, EarliestVisibilityIgnoresExpiredMessages) {
  QueueRow q = this->create("orders");
  EXPECT_EQ(must(this->store().earliest_queue_visibility(q.id, 0)), std::nullopt);
  this->send(this->message(q.id, "expired", 10, 20));
  this->send(this->message(q.id, "later", 100, 900));
  this->send(this->message(q.id, "sooner", 100, 700));
  EXPECT_EQ(must(this->store().earliest_queue_visibility(q.id, 0)), 20);
  EXPECT_EQ(must(this->store().earliest_queue_visibility(q.id, 50)), 700);
}

TYPED_TEST(StoreQueueTest, MessagesOfARolledBackTransactionAreGoneAndCommittedOnesSurvive) {
  QueueRow q = this->create("orders");
  this->send(this->message(q.id, "kept", 100, 100));
  {
    auto tx = must(this->store().begin());
    QueueMessageRow lost = this->message(q.id, "lost", 100, 100);
    must(tx->insert_queue_message(lost));
  }
  this->reopen();
  EXPECT_EQ(this->receivable(q.id, 1000, 0), (std::vector<std::string>{"kept"}));
  EXPECT_EQ(must(this->store().get_queue("orders"))->id, q.id);
}

}  // namespace
}  // namespace certflow::store::testing

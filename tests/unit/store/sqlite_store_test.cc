// Tests of what is particular to the SQLite engine: schema versioning, the on-disk setup, query
// plans that stay logarithmic at a million rows, and error mapping.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "store/sqlite/connection.h"
#include "store/sqlite/list_query.h"
#include "store/sqlite/queries.h"
#include "store/sqlite/schema.h"
#include "store_test_support.h"

namespace certflow::store::testing {
namespace {

using sqlite::Connection;
using sqlite::OpenMode;

class SqliteStoreTest : public StoreTest<SqliteEngine> {
 protected:
  std::unique_ptr<Connection> raw(int busy_timeout_ms = 5000) {
    return must(Connection::open(engine_.database_path(), OpenMode::kReadWrite, busy_timeout_ms));
  }

  // EXPLAIN QUERY PLAN rows' detail column, joined by newlines.
  std::string plan(const std::string& sql) {
    auto db = raw();
    auto stmt = must(db->prepare("EXPLAIN QUERY PLAN " + sql, "explain"));
    std::string out;
    while (must(stmt.step())) out += stmt.column_text(3) + "\n";
    return out;
  }
};

TEST_F(SqliteStoreTest, NewDatabaseIsAtTheCurrentSchemaVersion) {
  EXPECT_EQ(must(raw()->query_text("PRAGMA user_version", "test")),
            std::to_string(sqlite::schema_version()));
  // Pinned: a new migration must show up here (and in a migration test of its own).
  EXPECT_EQ(sqlite::schema_version(), 6);
  // Reopening an up-to-date database is a no-op migration.
  reopen();
  EXPECT_EQ(must(raw()->query_text("PRAGMA user_version", "test")),
            std::to_string(sqlite::schema_version()));
}

TEST_F(SqliteStoreTest, OpenRefusesADatabaseFromANewerBuild) {
  store_.reset();
  must(raw()->exec("PRAGMA user_version = 999", "test"));
  auto reopened = engine_.open();
  ASSERT_FALSE(reopened.has_value());
  EXPECT_EQ(reopened.error().code, ErrorCode::kInternal);
  EXPECT_NE(reopened.error().message.find("newer"), std::string::npos);
}

TEST_F(SqliteStoreTest, DatabaseIsInWalModeAndOwnerOnly) {
  EXPECT_EQ(must(raw()->query_text("PRAGMA journal_mode", "test")), "wal");
  struct stat st {};
  ASSERT_EQ(::stat(engine_.database_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(SqliteStoreTest, InMemoryDatabaseIsRefused) {
  auto store = open_sqlite_store(SqliteOptions{":memory:", 100});
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().code, ErrorCode::kInternal);
}

TEST_F(SqliteStoreTest, PointLookupSearchesByPrimaryKey) {
  const std::string p = plan("SELECT * FROM certificates WHERE arn = 'x'");
  EXPECT_NE(p.find("SEARCH certificates USING INDEX sqlite_autoindex_certificates_1 (arn=?)"),
            std::string::npos)
      << p;
}

TEST_F(SqliteStoreTest, EveryListQueryWalksTheCreatedIndexWithoutSorting) {
  const Cursor cursor{5, "arn"};
  std::vector<CertificateFilter> filters(5);
  filters[1].statuses = {"EXPIRED", "ISSUED"};
  filters[2].key_algorithms = {"RSA_2048"};
  filters[3].key_usages = {"A", "B"};
  filters[3].extended_key_usages = {"C"};
  filters[4].statuses = {"ISSUED"};
  filters[4].key_algorithms = {"RSA_2048", "EC_prime256v1"};
  filters[4].key_usages = {"A"};
  filters[4].extended_key_usages = {"C"};
  filters[4].export_option = "ENABLED";
  for (const auto& filter : filters) {
    for (bool descending : {false, true}) {
      for (const auto& after : {std::optional<Cursor>(), std::optional<Cursor>(cursor)}) {
        const auto q = sqlite::build_list_query(filter, {7, descending, after});
        // Parameters stay unbound: the plan depends on the shape of the query only.
        const std::string p = plan(q.sql);
        SCOPED_TRACE(q.sql);
        EXPECT_NE(p.find("USING INDEX certificates_by_created"), std::string::npos) << p;
        EXPECT_EQ(p.find("TEMP B-TREE"), std::string::npos) << p;
        if (after) {
          EXPECT_NE(p.find("SEARCH certificates"), std::string::npos) << p;
        }
      }
    }
  }
}

TEST_F(SqliteStoreTest, TheLifecycleRangeSearchesTheExpiryIndexWithoutSorting) {
  for (bool managed_only : {false, true}) {
    const std::string p = plan(sqlite::issued_expiring_sql(managed_only, false));
    EXPECT_NE(p.find("SEARCH certificates USING INDEX certificates_by_expiry (status=? AND "
                     "not_after_ms>? AND not_after_ms<?)"),
              std::string::npos)
        << p;
    EXPECT_EQ(p.find("TEMP B-TREE"), std::string::npos) << p;
  }
}

TEST_F(SqliteStoreTest, TheTimelineReadIsAnsweredFromTheIndexAlone) {
  const std::string p = plan(sqlite::issued_expiring_sql(false, true));
  EXPECT_NE(p.find("USING COVERING INDEX certificates_by_expiry"), std::string::npos) << p;
}

TEST_F(SqliteStoreTest, EventQueriesSearchAnIndex) {
  EXPECT_NE(plan("SELECT * FROM events WHERE sequence > 5 ORDER BY sequence LIMIT 10")
                .find("SEARCH events USING INTEGER PRIMARY KEY"),
            std::string::npos);
  EXPECT_NE(plan("SELECT * FROM events WHERE dedup_key = 'k'").find("USING INDEX"),
            std::string::npos);
}

TEST_F(SqliteStoreTest, ALaterPageOfTheExpiryRangeSeeksToItsCursor) {
  // The page's lower bound is the cursor's NotAfter, so SQLite seeks there instead of walking
  // every earlier entry again: visible as a bound on not_after_ms in the plan, checked by
  // results here (the plan is the same shape either way).
  for (int i = 0; i < 9; ++i) {
    CertificateRow row = make_certificate(i);
    row.not_after_ms = 100 + i / 3;  // three certificates per NotAfter
    put(row);
  }
  ExpiryRange range{0, 1000, ExpiryCursor{101, certificate_arn("cert-3")}, 100};
  auto rows = must(store().list_issued_expiring(range));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows.front().arn, certificate_arn("cert-4"));
  range.start_after = ExpiryCursor{50, "zzz"};  // a cursor before the range's own start
  range.after_ms = 101;
  EXPECT_EQ(must(store().list_issued_expiring(range)).size(), 3u);
}

// A database written by the first release (schema 1) is migrated in place: rows and tags stay,
// the new columns take their defaults.
TEST_F(SqliteStoreTest, SchemaOneDatabaseMigratesKeepingCertificatesAndTags) {
  store_.reset();
  std::filesystem::remove(engine_.database_path());
  {
    auto db = raw();
    must(db->exec(R"sql(
CREATE TABLE certificates (arn TEXT NOT NULL PRIMARY KEY, type TEXT NOT NULL,
  status TEXT NOT NULL, domain_name TEXT NOT NULL, key_algorithm TEXT NOT NULL,
  key_usages TEXT NOT NULL, extended_key_usages TEXT NOT NULL, export_option TEXT NOT NULL,
  in_use INTEGER NOT NULL, exported INTEGER NOT NULL, not_before_ms INTEGER NOT NULL,
  not_after_ms INTEGER NOT NULL, created_at_ms INTEGER NOT NULL, imported_at_ms INTEGER,
  issued_at_ms INTEGER, version INTEGER NOT NULL, details_json TEXT NOT NULL,
  certificate_pem TEXT NOT NULL, chain_pem TEXT NOT NULL, key_wrapped_data_key BLOB NOT NULL,
  key_ciphertext BLOB NOT NULL);
CREATE INDEX certificates_by_created ON certificates (created_at_ms, arn, status, not_after_ms,
  key_algorithm, export_option, key_usages, extended_key_usages);
CREATE TABLE tags (arn TEXT NOT NULL REFERENCES certificates (arn) ON DELETE CASCADE,
  position INTEGER NOT NULL, key TEXT NOT NULL, value TEXT, PRIMARY KEY (arn, position))
  WITHOUT ROWID;
CREATE TABLE account_config (id INTEGER PRIMARY KEY CHECK (id = 1),
  days_before_expiry INTEGER NOT NULL);
CREATE TABLE idempotency (scope TEXT NOT NULL, token TEXT NOT NULL, fingerprint TEXT NOT NULL,
  response TEXT NOT NULL, expires_at_ms INTEGER NOT NULL, PRIMARY KEY (scope, token));
CREATE TABLE access_keys (access_key_id TEXT NOT NULL PRIMARY KEY, user_name TEXT NOT NULL,
  status TEXT NOT NULL, created_at_ms INTEGER NOT NULL, secret_wrapped_data_key BLOB NOT NULL,
  secret_ciphertext BLOB NOT NULL);
INSERT INTO certificates VALUES ('arn:one', 'IMPORTED', 'ISSUED', 'one.example', 'RSA_2048',
  ',DIGITAL_SIGNATURE,', '', '', 0, 0, 1, 2, 3, 3, NULL, 4, '{}', 'PEM', '', x'00', x'01');
INSERT INTO tags VALUES ('arn:one', 0, 'team', 'web');
INSERT INTO account_config VALUES (1, 30);
PRAGMA user_version = 1;
)sql",
                  "write schema 1"));
  }
  reopen();
  auto row = must(store().get_certificate("arn:one"));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->domain_name, "one.example");
  EXPECT_EQ(row->key_usages, (std::vector<std::string>{"DIGITAL_SIGNATURE"}));
  EXPECT_EQ(row->version, 4);
  EXPECT_EQ(row->certificate_pem, "PEM");
  EXPECT_EQ(row->key_ciphertext, std::string("\x01", 1));
  EXPECT_EQ(row->renewal_status, "");
  EXPECT_EQ(row->renewal_attempt_days, 0);
  EXPECT_FALSE(row->renewal_updated_at_ms.has_value());
  EXPECT_EQ(must(store().get_tags("arn:one")), (std::vector<Tag>{{"team", "web"}}));
  auto config = must(store().get_account_config());
  EXPECT_EQ(config.days_before_expiry, 30);
  EXPECT_EQ(config.expiry_lifetime_percent, 0);
  EXPECT_EQ(must(store().list_issued_expiring({})).size(), 1u);
  EXPECT_EQ(must(raw()->query_text("PRAGMA integrity_check", "test")), "ok");
  // The cascade still works after the rebuild.
  commit([](Transaction& tx) { EXPECT_TRUE(must(tx.delete_certificate("arn:one"))); });
  EXPECT_TRUE(must(store().get_tags("arn:one")).empty());
}

// A database written by the schema-5 release (the event bus) gains the topic tables in place:
// everything it held stays, and the new tables work. Migration 6 only adds tables, so dropping
// them and the version mark turns a current database back into a faithful schema-5 one.
TEST_F(SqliteStoreTest, SchemaFiveDatabaseMigratesToSixKeepingItsData) {
  put(make_certificate(1));
  QueueRow queue;
  queue.name = "orders";
  queue.arn = "arn:aws:sqs:us-east-1:000000000000:orders";
  queue.settings_json = "{}";
  queue.tags_json = "{}";
  DeliveryRow delivery;
  delivery.bus = "default";
  delivery.rule = "r";
  delivery.target_id = "t";
  delivery.payload = "{}";
  delivery.details_json = "{}";
  delivery.next_attempt_ms = 42;
  commit([&](Transaction& tx) {
    must(tx.insert_queue(queue));
    must(tx.insert_event_bus({"sales", "arn:bus", "{}", 1}));
    must(tx.insert_delivery(delivery));
  });
  store_.reset();
  must(raw()->exec(
      "DROP TABLE topic_deliveries; DROP TABLE topic_messages; PRAGMA user_version = 5;", "test"));

  reopen();
  EXPECT_EQ(must(raw()->query_text("PRAGMA user_version", "test")), "6");
  EXPECT_EQ(must(raw()->query_text("PRAGMA integrity_check", "test")), "ok");
  EXPECT_TRUE(must(store().get_certificate(make_certificate(1).arn)).has_value());
  EXPECT_EQ(must(store().get_queue("orders"))->id, queue.id);
  EXPECT_TRUE(must(store().get_event_bus("sales")).has_value());
  EXPECT_EQ(must(store().next_delivery_time()), 42);
  EXPECT_EQ(must(store().count_topic_deliveries()), 0);
  commit([](Transaction& tx) {
    must(tx.insert_topic_message({"m-1", "arn:topic", "body", 1}));
    TopicDeliveryRow row{0, "m-1", "arn:topic:s", "{}", 0, 1, 2, "", ""};
    must(tx.insert_topic_delivery(row));
  });
  EXPECT_EQ(must(store().due_topic_deliveries(2, 10)).size(), 1u);
}

TEST_F(SqliteStoreTest, TheTopicDueReadWalksItsIndexAndLooksMessagesUpByKey) {
  const std::string p = plan(sqlite::due_topic_deliveries_sql());
  EXPECT_NE(p.find("SEARCH d USING INDEX topic_deliveries_due (next_attempt_ms<?)"),
            std::string::npos)
      << p;
  EXPECT_NE(p.find("SEARCH m USING INDEX sqlite_autoindex_topic_messages_1 (message_id=?)"),
            std::string::npos)
      << p;
  EXPECT_EQ(p.find("TEMP B-TREE"), std::string::npos) << p;
}

TEST_F(SqliteStoreTest, TopicDeliveryDeletesSearchTheirIndexes) {
  // The shapes topic_queries.cc deletes by: a subscription ARN range and a message's deliveries.
  EXPECT_NE(plan("DELETE FROM topic_deliveries WHERE subscription_arn >= ? AND "
                 "subscription_arn < ? RETURNING message_id")
                .find("INDEX topic_deliveries_by_subscription (subscription_arn>? AND "
                      "subscription_arn<?)"),
            std::string::npos);
  EXPECT_NE(plan("DELETE FROM topic_messages WHERE message_id = ? AND NOT EXISTS "
                 "(SELECT 1 FROM topic_deliveries WHERE message_id = ?)")
                .find("INDEX topic_deliveries_by_message (message_id=?)"),
            std::string::npos);
}

TEST_F(SqliteStoreTest, ErrorsNameTheOperationButNotTheRowContents) {
  // Tags for a certificate that does not exist violate the foreign key.
  auto tx = must(store().begin());
  auto status = tx->put_tags(certificate_arn("missing"), {{"password", "hunter2-secret"}});
  ASSERT_FALSE(status.has_value());
  EXPECT_EQ(status.error().code, ErrorCode::kInternal);
  EXPECT_NE(status.error().message.find("put_tags"), std::string::npos);
  EXPECT_EQ(status.error().message.find("hunter2"), std::string::npos);
  EXPECT_EQ(status.error().message.find("missing"), std::string::npos);
}

TEST_F(SqliteStoreTest, BeginReportsUnavailableWhileAnotherProcessHoldsTheWriteLock) {
  store_.reset();
  auto other = raw();
  must(other->exec("BEGIN IMMEDIATE", "test"));
  auto store = must(open_sqlite_store(SqliteOptions{engine_.database_path(), 50}));
  auto tx = store->begin();
  ASSERT_FALSE(tx.has_value());
  EXPECT_EQ(tx.error().code, ErrorCode::kServiceUnavailable);
  // Reads are not blocked by a writer.
  EXPECT_EQ(must(store->count_certificates()), 0u);
  must(other->exec("ROLLBACK", "test"));
  EXPECT_TRUE(store->begin().has_value());
}

TEST_F(SqliteStoreTest, UsageContainingTheSeparatorIsRefused) {
  CertificateRow row = make_certificate(1);
  row.key_usages = {"A,B"};
  auto tx = must(store().begin());
  EXPECT_FALSE(tx->put_certificate(row).has_value());
}

TEST_F(SqliteStoreTest, TransactionIsUsableAfterAFailedStatement) {
  auto tx = must(store().begin());
  must(tx->put_certificate(make_certificate(1)));
  EXPECT_FALSE(tx->put_tags(certificate_arn("missing"), {{"k", "v"}}).has_value());
  // A constraint failure aborts the statement, not the transaction.
  must(tx->put_certificate(make_certificate(2)));
  must(tx->commit());
  EXPECT_EQ(must(store().count_certificates()), 2u);
}

}  // namespace
}  // namespace certflow::store::testing

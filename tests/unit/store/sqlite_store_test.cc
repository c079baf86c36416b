// Tests of what is particular to the SQLite engine: schema versioning, the on-disk setup, query
// plans that stay logarithmic at a million rows, and error mapping.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "store/sqlite/connection.h"
#include "store/sqlite/list_query.h"
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
  EXPECT_GE(sqlite::schema_version(), 1);
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

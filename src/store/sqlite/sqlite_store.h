// The SQLite engine of the Store: one writer connection behind a gate for write transactions
// (BEGIN IMMEDIATE, so a transaction owns the database's write lock from its first statement),
// and a pool of read-only connections for reads outside transactions. See store/store.h for the
// contract; open_sqlite_store (open.cc) is the only way in.
#pragma once

#include <chrono>
#include <memory>

#include "store/sqlite/connection.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/writer_gate.h"
#include "store/store.h"

namespace certflow::store::sqlite {

// Shared by the store and its open transaction, so a transaction that outlives its Store still
// owns a valid connection until it rolls back.
struct Writer {
  std::unique_ptr<Connection> connection;
  WriterGate gate;
  std::chrono::milliseconds gate_timeout{0};
};

class SqliteTransaction final : public Transaction {
 public:
  // REQUIRES: the caller entered writer->gate and ran BEGIN IMMEDIATE; this object now owns both.
  explicit SqliteTransaction(std::shared_ptr<Writer> writer) : writer_(std::move(writer)) {}
  ~SqliteTransaction() override;

  Result<std::optional<CertificateRow>> get_certificate(const std::string& arn) override;
  Status put_certificate(const CertificateRow& row) override;
  Result<bool> delete_certificate(const std::string& arn) override;
  Result<std::vector<Tag>> get_tags(const std::string& arn) override;
  Status put_tags(const std::string& arn, const std::vector<Tag>& tags) override;
  Result<AccountConfig> get_account_config() override;
  Status put_account_config(const AccountConfig& config) override;
  Result<std::optional<IdempotencyRecord>> get_idempotency(const std::string& scope,
                                                           const std::string& token,
                                                           int64_t now_ms) override;
  Status put_idempotency(const IdempotencyRecord& record) override;
  Status put_access_key(const AccessKeyRow& row) override;
  Result<bool> update_certificate_lifecycle(const CertificateRow& row) override;
  Result<bool> append_event(EventRecord& event) override;
  Result<std::vector<CertificateRow>> list_issued_expiring(const ExpiryRange& range) override;
  Result<LifecycleState> get_lifecycle_state() override;
  Status put_lifecycle_state(const LifecycleState& state) override;
  Status commit() override;

 private:
  // Runs op on the writer if the transaction is still open.
  template <typename Op>
  auto run(Op&& op) -> decltype(op(std::declval<Connection&>()));
  Status usable();

  std::shared_ptr<Writer> writer_;
  bool finished_ = false;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(std::shared_ptr<Writer> writer, std::unique_ptr<ReaderPool> readers)
      : writer_(std::move(writer)), readers_(std::move(readers)) {}

  Result<std::unique_ptr<Transaction>> begin() override;
  Result<std::optional<CertificateRow>> get_certificate(const std::string& arn) override;
  Result<CertificatePage> list_certificates(const CertificateFilter& filter,
                                            const PageRequest& page) override;
  Result<uint64_t> count_certificates() override;
  Result<std::vector<Tag>> get_tags(const std::string& arn) override;
  Result<AccountConfig> get_account_config() override;
  Result<std::optional<AccessKeyRow>> get_access_key(const std::string& access_key_id) override;
  Result<std::vector<AccessKeyRow>> list_access_keys() override;
  Result<std::vector<CertificateRow>> list_issued_expiring(const ExpiryRange& range) override;
  Result<std::vector<EventRecord>> list_events(const EventQuery& query) override;
  Result<LifecycleState> get_lifecycle_state() override;

 private:
  // Runs op on a leased read-only connection.
  template <typename Op>
  auto read(Op&& op) -> decltype(op(std::declval<Connection&>()));

  std::shared_ptr<Writer> writer_;
  // Declared after writer_ so readers close first and the writer, closing last, can checkpoint
  // and remove the WAL file.
  std::unique_ptr<ReaderPool> readers_;
};

}  // namespace certflow::store::sqlite

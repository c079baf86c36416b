#include "iam/fake_access_key_store.h"

namespace certflow::iam::testing {

// Buffers writes and applies them to the store on commit, so an uncommitted transaction
// leaves nothing behind.
class FakeTransaction final : public store::Transaction {
 public:
  explicit FakeTransaction(FakeAccessKeyStore& store) : store_(store) {}

  Status put_access_key(const store::AccessKeyRow& row) override {
    pending_.push_back(row);
    return {};
  }
  Status commit() override {
    std::lock_guard lock(store_.mutex_);
    if (store_.fail_next_commit_) {
      store_.fail_next_commit_ = false;
      return fail(ErrorCode::kInternal, "disk full");
    }
    for (auto& row : pending_) store_.rows_[row.access_key_id] = row;
    ++store_.commits_;
    return {};
  }

  Result<std::optional<store::CertificateRow>> get_certificate(const std::string&) override {
    return unused();
  }
  Status put_certificate(const store::CertificateRow&) override { return unused(); }
  Result<bool> delete_certificate(const std::string&) override { return unused(); }
  Result<std::vector<store::Tag>> get_tags(const std::string&) override { return unused(); }
  Status put_tags(const std::string&, const std::vector<store::Tag>&) override { return unused(); }
  Result<store::AccountConfig> get_account_config() override { return unused(); }
  Status put_account_config(const store::AccountConfig&) override { return unused(); }
  Result<std::optional<store::IdempotencyRecord>> get_idempotency(const std::string&,
                                                                  const std::string&,
                                                                  int64_t) override {
    return unused();
  }
  Status put_idempotency(const store::IdempotencyRecord&) override { return unused(); }
  Result<bool> update_certificate_lifecycle(const store::CertificateRow&) override {
    return unused();
  }
  Result<bool> append_event(store::EventRecord&) override { return unused(); }
  Result<std::vector<store::CertificateRow>> list_issued_expiring(
      const store::ExpiryRange&) override {
    return unused();
  }
  Result<store::LifecycleState> get_lifecycle_state() override { return unused(); }
  Status put_lifecycle_state(const store::LifecycleState&) override { return unused(); }
  Result<std::optional<store::QueueRow>> get_queue(const std::string&) override { return unused(); }
  Status insert_queue(store::QueueRow&) override { return unused(); }
  Result<bool> update_queue(const store::QueueRow&) override { return unused(); }
  Result<bool> delete_queue(const std::string&) override { return unused(); }
  Status insert_queue_message(store::QueueMessageRow&) override { return unused(); }
  Result<std::vector<store::QueueMessageRow>> receivable_queue_messages(int64_t, int64_t, int64_t,
                                                                        size_t) override {
    return unused();
  }
  Result<std::optional<store::QueueMessageRow>> get_queue_message(int64_t,
                                                                  const std::string&) override {
    return unused();
  }
  Result<bool> update_queue_message(const store::QueueMessageRow&) override { return unused(); }
  Result<bool> delete_queue_message(int64_t, const std::string&) override { return unused(); }
  Result<int64_t> delete_queue_messages(int64_t, int64_t) override { return unused(); }

  Result<std::vector<store::EventRecord>> list_events(const store::EventQuery&) override {
    return unused();
  }
  Result<std::optional<store::EventBusRow>> get_event_bus(const std::string&) override {
    return unused();
  }
  Status insert_event_bus(const store::EventBusRow&) override { return unused(); }
  Result<bool> delete_event_bus(const std::string&) override { return unused(); }
  Result<std::optional<store::RuleRow>> get_rule(const std::string&, const std::string&) override {
    return unused();
  }
  Status put_rule(const store::RuleRow&) override { return unused(); }
  Result<bool> delete_rule(const std::string&, const std::string&) override { return unused(); }
  Result<std::vector<store::TargetRow>> get_targets(const std::string&,
                                                    const std::string&) override {
    return unused();
  }
  Status put_target(const store::TargetRow&) override { return unused(); }
  Result<bool> delete_target(const std::string&, const std::string&, const std::string&) override {
    return unused();
  }
  Status insert_delivery(store::DeliveryRow&) override { return unused(); }
  Result<bool> update_delivery(const store::DeliveryRow&) override { return unused(); }
  Result<bool> delete_delivery(int64_t) override { return unused(); }
  Result<int64_t> get_routed_sequence() override { return unused(); }
  Status put_routed_sequence(int64_t) override { return unused(); }
  Status add_metric(const store::MetricRow&) override { return unused(); }
  Result<std::optional<store::ResourceRow>> get_resource(const std::string&,
                                                         const std::string&) override {
    return unused();
  }
  Status put_resource(const store::ResourceRow&) override { return unused(); }
  Result<bool> delete_resource(const std::string&, const std::string&) override { return unused(); }
  Result<std::vector<store::Tag>> get_resource_tags(const std::string&) override {
    return unused();
  }
  Status put_resource_tags(const std::string&, const std::vector<store::Tag>&) override {
    return unused();
  }
  Status append_log_record(store::LogRecordRow&) override { return unused(); }
  Result<std::optional<int64_t>> get_schedule_fired(const std::string&,
                                                    const std::string&) override {
    return unused();
  }
  Status put_schedule_fired(const std::string&, const std::string&, int64_t) override {
    return unused();
  }
  Result<int64_t> delete_events(int64_t, int64_t) override { return unused(); }
  Status insert_topic_message(const store::TopicMessageRow&) override { return unused(); }
  Status insert_topic_delivery(store::TopicDeliveryRow&) override { return unused(); }
  Result<bool> update_topic_delivery(const store::TopicDeliveryRow&) override { return unused(); }
  Result<bool> delete_topic_delivery(int64_t) override { return unused(); }
  Result<int64_t> delete_topic_deliveries(const std::string&) override { return unused(); }

 private:
  static tl::unexpected<Error> unused() { return fail(ErrorCode::kInternal, "not in fake"); }
  FakeAccessKeyStore& store_;
  std::vector<store::AccessKeyRow> pending_;
};

Result<std::unique_ptr<store::Transaction>> FakeAccessKeyStore::begin() {
  return std::make_unique<FakeTransaction>(*this);
}

Result<std::optional<store::AccessKeyRow>> FakeAccessKeyStore::get_access_key(
    const std::string& id) {
  std::lock_guard lock(mutex_);
  if (fail_reads_) return fail(ErrorCode::kServiceUnavailable, "database is locked");
  auto it = rows_.find(id);
  if (it == rows_.end()) return std::optional<store::AccessKeyRow>();
  return std::optional<store::AccessKeyRow>(it->second);
}

Result<std::vector<store::AccessKeyRow>> FakeAccessKeyStore::list_access_keys() {
  std::lock_guard lock(mutex_);
  std::vector<store::AccessKeyRow> rows;
  for (const auto& [id, row] : rows_) rows.push_back(row);
  return rows;
}

void FakeAccessKeyStore::fail_next_commit() {
  std::lock_guard lock(mutex_);
  fail_next_commit_ = true;
}

void FakeAccessKeyStore::fail_reads(bool fail) {
  std::lock_guard lock(mutex_);
  fail_reads_ = fail;
}

void FakeAccessKeyStore::set_status(const std::string& id, const std::string& status) {
  std::lock_guard lock(mutex_);
  rows_.at(id).status = status;
}

void FakeAccessKeyStore::copy_secret(const std::string& from, const std::string& to) {
  std::lock_guard lock(mutex_);
  rows_.at(to).secret_wrapped_data_key = rows_.at(from).secret_wrapped_data_key;
  rows_.at(to).secret_ciphertext = rows_.at(from).secret_ciphertext;
}

int FakeAccessKeyStore::commits() const {
  std::lock_guard lock(mutex_);
  return commits_;
}

}  // namespace certflow::iam::testing

// A store::Store that keeps only access keys, in memory, for StoredCredentials tests. Every
// other call fails with kInternal so an unexpected dependency shows up at once. Thread-safe.
#pragma once

#include <map>
#include <mutex>

#include "store/store.h"

namespace certflow::iam::testing {

class FakeAccessKeyStore final : public store::Store {
 public:
  Result<std::unique_ptr<store::Transaction>> begin() override;
  Result<std::optional<store::AccessKeyRow>> get_access_key(const std::string& id) override;
  Result<std::vector<store::AccessKeyRow>> list_access_keys() override;

  Result<std::optional<store::CertificateRow>> get_certificate(const std::string&) override {
    return unused();
  }
  Result<store::CertificatePage> list_certificates(const store::CertificateFilter&,
                                                   const store::PageRequest&) override {
    return unused();
  }
  Result<uint64_t> count_certificates() override { return unused(); }
  Result<std::vector<store::Tag>> get_tags(const std::string&) override { return unused(); }
  Result<store::AccountConfig> get_account_config() override { return unused(); }
  Result<std::vector<store::CertificateRow>> list_issued_expiring(
      const store::ExpiryRange&) override {
    return unused();
  }
  Result<std::vector<store::EventRecord>> list_events(const store::EventQuery&) override {
    return unused();
  }
  Result<store::LifecycleState> get_lifecycle_state() override { return unused(); }
  Result<std::optional<store::QueueRow>> get_queue(const std::string&) override { return unused(); }
  Result<std::vector<store::QueueRow>> list_queues(const store::QueueListRequest&) override {
    return unused();
  }
  Result<store::QueueMessageCounts> count_queue_messages(int64_t, int64_t, int64_t) override {
    return unused();
  }
  Result<std::optional<int64_t>> earliest_queue_visibility(int64_t, int64_t) override {
    return unused();
  }

  Result<std::optional<store::EventBusRow>> get_event_bus(const std::string&) override {
    return unused();
  }
  Result<std::vector<store::EventBusRow>> list_event_buses(
      const store::EventBusListRequest&) override {
    return unused();
  }
  Result<std::optional<store::RuleRow>> get_rule(const std::string&, const std::string&) override {
    return unused();
  }
  Result<std::vector<store::RuleRow>> list_rules(const store::RuleListRequest&) override {
    return unused();
  }
  Result<std::vector<store::RuleRow>> list_all_rules() override { return unused(); }
  Result<std::vector<store::TargetRow>> get_targets(const std::string&,
                                                    const std::string&) override {
    return unused();
  }
  Result<std::vector<store::TargetRow>> list_targets_by_arn(const std::string&) override {
    return unused();
  }
  Result<std::vector<store::DeliveryRow>> due_deliveries(int64_t, size_t) override {
    return unused();
  }
  Result<std::optional<int64_t>> next_delivery_time() override { return unused(); }
  Result<std::vector<store::MetricRow>> list_metrics() override { return unused(); }
  Result<std::optional<store::ResourceRow>> get_resource(const std::string&,
                                                         const std::string&) override {
    return unused();
  }
  Result<std::vector<store::ResourceRow>> list_resources(
      const store::ResourceListRequest&) override {
    return unused();
  }
  Result<std::vector<store::Tag>> get_resource_tags(const std::string&) override {
    return unused();
  }
  Result<std::vector<store::LogRecordRow>> list_log_records(const store::LogQuery&) override {
    return unused();
  }
  Result<std::optional<int64_t>> get_schedule_fired(const std::string&,
                                                    const std::string&) override {
    return unused();
  }
  Result<std::vector<store::TopicDeliveryRow>> due_topic_deliveries(int64_t, size_t) override {
    return unused();
  }
  Result<std::optional<int64_t>> next_topic_delivery_time() override { return unused(); }
  Result<int64_t> count_topic_deliveries() override { return unused(); }

  // Test controls.
  void fail_next_commit();
  void fail_reads(bool fail);
  void set_status(const std::string& id, const std::string& status);
  // Puts `from`'s sealed secret into `to`'s row, as an attacker with database access might.
  void copy_secret(const std::string& from, const std::string& to);
  int commits() const;

 private:
  friend class FakeTransaction;
  static tl::unexpected<Error> unused() { return fail(ErrorCode::kInternal, "not in fake"); }

  mutable std::mutex mutex_;
  std::map<std::string, store::AccessKeyRow> rows_;
  bool fail_next_commit_ = false;
  bool fail_reads_ = false;
  int commits_ = 0;
};

}  // namespace certflow::iam::testing

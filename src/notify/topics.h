// certflow's notification topics, as Amazon SNS has them: topics, subscriptions (confirmed by
// their endpoint's owner where SNS asks for it), filter policies, Publish with durable fan-out,
// SNS's delivery retry policies, redrive to a dead-letter queue, topic resource policies and
// encryption at rest. The door of the notify room.
//
// Data path: Publish (or an event-bus rule's topic target) → the topic's policy decides → one
// message row and one delivery row per matching confirmed subscription, in one transaction →
// delivery thread: due deliveries to their protocol's Channel; success deletes the row; failure
// retries on the protocol's schedule (an http/s subscription's DeliveryPolicy), then redrives to
// the subscription's RedrivePolicy queue, or is dropped with a loud log line. At-least-once.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "crypto/envelope.h"
#include "events/targets/topic_target.h"
#include "notify/channel.h"
#include "store/store.h"

namespace certflow::queue {
class Queues;
}

namespace certflow::notify {

class MessageSigner;
struct TopicRecord;
struct SubscriptionRecord;

struct NotifyConfig {
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Where links in messages point (confirmation, unsubscribe, signing certificate), without a
  // trailing slash: "http://127.0.0.1:8443".
  std::string public_url;
};

using Attributes = std::map<std::string, std::string>;

struct TagEntry {
  std::string key;
  std::string value;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_token;
};

struct SubscribeRequest {
  std::string topic_arn;
  std::string protocol;
  std::string endpoint;
  Attributes attributes;  // DeliveryPolicy, FilterPolicy, FilterPolicyScope, RawMessageDelivery,
                          // RedrivePolicy
  bool return_subscription_arn = false;
};

struct SubscriptionSummary {
  std::string subscription_arn;  // "PendingConfirmation" while unconfirmed
  std::string owner;
  std::string protocol;
  std::string endpoint;
  std::string topic_arn;
};

struct PublishRequest {
  std::string topic_arn;  // TopicArn or TargetArn
  std::string message;
  std::optional<std::string> subject;
  std::optional<std::string> message_structure;  // "json"
  MessageAttributes attributes;
};

struct PublishBatchEntry {
  std::string id;
  std::string message;
  std::optional<std::string> subject;
  std::optional<std::string> message_structure;
  MessageAttributes attributes;
};

struct PublishBatchResult {
  std::string id;
  std::string message_id;  // set on success
  std::string code;        // set on failure: SNS's code
  std::string message;
  bool sender_fault = true;
};

// Who publishes: a caller of the API (its account), or a service principal such as the event
// bus (events.amazonaws.com with the rule's ARN as aws:SourceArn). The topic's policy decides.
struct Publisher {
  std::string principal_service;  // "" for an account caller
  std::string account;            // the caller's account, or aws:SourceAccount
  std::string source_arn;         // aws:SourceArn ("" when none)
};

class Topics final : public events::targets::TopicPublisher {
 public:
  Topics(store::Store& store, const Clock& clock, ChannelRegistry& channels,
         const crypto::MasterKey& master, const MessageSigner& signer, queue::Queues& queues,
         NotifyConfig config);
  ~Topics() override;
  Topics(const Topics&) = delete;
  Topics& operator=(const Topics&) = delete;

  // Reads every topic and subscription from the store; call once before publishing.
  Status load();

  // SNS operations. Errors carry SNS's codes: kInvalidParameter ("Invalid parameter: ..."),
  // kNotFound ("Topic does not exist"), kAuthorizationError, kKmsNotFound, ...
  Result<std::string> create_topic(const std::string& name, const Attributes& attributes,
                                   const std::vector<TagEntry>& tags);
  Status delete_topic(const std::string& topic_arn);  // idempotent
  Result<Page<std::string>> list_topics(const std::optional<std::string>& next_token);
  Result<Attributes> get_topic_attributes(const std::string& topic_arn);
  Status set_topic_attribute(const std::string& topic_arn, const std::string& name,
                             const std::string& value);

  Result<std::string> subscribe(const SubscribeRequest& request);
  // The subscription ARN. Tokens are valid for two days.
  // authenticate_on_unsubscribe: from then on only a signed Unsubscribe request may remove it.
  Result<std::string> confirm_subscription(const std::string& topic_arn, const std::string& token,
                                           bool authenticate_on_unsubscribe = false);
  // authenticated: a signed API call (false: the UnsubscribeURL link).
  Status unsubscribe(const std::string& subscription_arn, bool authenticated = true);
  Result<Page<SubscriptionSummary>> list_subscriptions(
      const std::optional<std::string>& topic_arn, const std::optional<std::string>& next_token);
  Result<Attributes> get_subscription_attributes(const std::string& subscription_arn);
  Status set_subscription_attribute(const std::string& subscription_arn, const std::string& name,
                                    const std::string& value);

  // The message id.
  Result<std::string> publish(const PublishRequest& request, const Publisher& publisher);
  // Whole-request errors (empty batch, too many entries, duplicate ids, unknown topic) fail the
  // call; anything else is per entry.
  Result<std::vector<PublishBatchResult>> publish_batch(
      const std::string& topic_arn, const std::vector<PublishBatchEntry>& entries,
      const Publisher& publisher);

  Status tag_resource(const std::string& arn, const std::vector<TagEntry>& tags);
  Status untag_resource(const std::string& arn, const std::vector<std::string>& keys);
  Result<std::vector<TagEntry>> list_tags(const std::string& arn);

  // events::targets::TopicPublisher: the event bus's topic target.
  Status check_topic(const std::string& topic_arn) override;
  Result<std::string> publish(const events::targets::TopicPublication& publication) override;

  // Attempts every delivery due now; returns how many attempts were made.
  Result<size_t> deliver_due();
  // Background thread: delivers as messages arrive and deliveries fall due.
  void start();
  void stop();
  void wake();

  const NotifyConfig& config() const { return config_; }

 private:
  struct State;
  Result<std::string> check_topic_attribute(const std::string& topic_arn, const std::string& name,
                                            const std::string& value) const;
  // Checks one subscription attribute for the protocol. The error's message is the reason after
  // "Invalid parameter: " (the caller adds "Attributes Reason: " in Subscribe).
  Status check_subscription_attribute(const std::string& protocol, const std::string& name,
                                      const std::string& value, const std::string& scope) const;
  Status install_topic(const TopicRecord& topic);
  Status install_subscription(const SubscriptionRecord& subscription);
  Result<TopicRecord> find_topic(const std::string& topic_arn) const;
  Result<SubscriptionRecord> find_subscription(const std::string& subscription_arn) const;
  // Writes a confirmation message of `type` for the subscription and its delivery into `txn`.
  Status enqueue_confirmation(store::Transaction& txn, const SubscriptionRecord& subscription,
                              MessageType type, const std::string& token);
  std::string subscribe_url(const std::string& topic_arn, const std::string& token) const;
  std::string unsubscribe_url(const std::string& subscription_arn) const;
  Result<std::string> publish_checked(const PublishRequest& request, const Publisher& publisher);
  Result<size_t> deliver_batch(std::vector<store::TopicDeliveryRow> rows);
  void loop();

  std::unique_ptr<State> state_;
  store::Store& store_;
  const Clock& clock_;
  ChannelRegistry& channels_;
  const crypto::MasterKey& master_;
  const MessageSigner& signer_;
  queue::Queues& queues_;
  NotifyConfig config_;
};

}  // namespace certflow::notify

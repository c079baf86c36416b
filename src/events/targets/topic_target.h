// Delivers to notification topics (arn:aws:sns:REGION:ACCOUNT:NAME). The topics themselves are
// another room (SNS-compatible topics, issue 6): it implements TopicPublisher, and the
// composition root registers a TopicTarget over it under "sns". The bus publishes as EventBridge
// does: principal service events.amazonaws.com, aws:SourceArn the rule's ARN, so the topic's
// resource policy decides whether the rule may publish.
#pragma once

#include <string>

#include "events/bus/target.h"

namespace certflow::events::targets {

struct TopicPublication {
  std::string topic_arn;
  std::string message;     // the event, or the target's transformed input
  std::string source_arn;  // the rule's ARN (aws:SourceArn)
  std::string source_account;
  std::string principal_service = "events.amazonaws.com";
};

class TopicPublisher {
 public:
  virtual ~TopicPublisher() = default;
  // kResourceNotFound (no such topic) or kValidation (not a topic ARN), with a message a person
  // can act on.
  virtual Status check_topic(const std::string& topic_arn) = 0;
  // The message id, or: kResourceNotFound (the topic is gone), kAccessDenied (its policy does
  // not let this source publish), anything else for a failure that may pass.
  virtual Result<std::string> publish(const TopicPublication& publication) = 0;
};

class TopicTarget final : public bus::Target {
 public:
  TopicTarget(TopicPublisher& topics, std::string account_id)
      : topics_(topics), account_id_(std::move(account_id)) {}
  Status check(const std::string& arn) override { return topics_.check_topic(arn); }
  bus::DeliveryOutcome deliver(const bus::Delivery& delivery) override;

 private:
  TopicPublisher& topics_;
  std::string account_id_;
};

}  // namespace certflow::events::targets

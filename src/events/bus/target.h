// Where a rule's events go. Each kind of target (queue, topic, function, API destination, log)
// implements Target and is registered once, under the service part of the ARNs it serves, in
// the composition root, as Envoy registers its extensions.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"

namespace certflow::events::bus {

struct DeliveryFailure {
  std::string code;     // e.g. "QueueDoesNotExist", "ConnectionRefused", "Timeout"
  std::string message;  // for the log and the dead-letter record
  bool retryable = true;
  // Set when the target refused for now because of its own rate limit (an API destination's
  // InvocationRateLimitPerSecond): not an attempt; the delivery waits this long and is counted
  // in ThrottledRules, not FailedInvocations.
  std::chrono::milliseconds throttled_for{0};
};

// Message attributes to send along (the dead-letter queue's error attributes).
using DeliveryAttributes = std::map<std::string, std::string>;

// One event on its way to one target.
struct Delivery {
  std::string target_arn;
  std::string payload;  // the event, or the target's transformed input
  DeliveryAttributes attributes;
  std::string rule_arn;  // "" for a dead-letter send
  std::string rule;
  std::string target_id;
  std::string event_id;
  int64_t attempt = 1;  // 1 for the first attempt
};

using DeliveryOutcome = tl::expected<void, DeliveryFailure>;

class Target {
 public:
  virtual ~Target() = default;
  // PutTargets asks: does this ARN name something this target kind can deliver to?
  // kResourceNotFound or kValidation with a message a person can act on otherwise.
  virtual Status check(const std::string& arn) = 0;
  // Delivers one payload. Called outside any store transaction, from the delivery thread.
  virtual DeliveryOutcome deliver(const Delivery& delivery) = 0;
  // Delivers a batch; outcomes in the batch's order. Kinds that can overlap their calls (HTTP
  // through libcurl multi, functions on a worker pool) override this; the default goes one by
  // one.
  virtual std::vector<DeliveryOutcome> deliver_all(const std::vector<Delivery>& batch);
};

class TargetRegistry {
 public:
  // `key` is the ARN's service field ("sqs", "lambda", "sns", "logs"), or service and resource
  // type ("events:api-destination") where one service has several kinds of target.
  void add(const std::string& key, Target& target);
  // The target kind for an ARN; nullptr when none serves it.
  Target* find(const std::string& arn) const;

 private:
  std::map<std::string, Target*> targets_;
};

}  // namespace certflow::events::bus

// Where a rule's events go. Each kind of target (queue, topic, function, API destination, log)
// implements Target and is registered once, under the service part of the ARNs it serves, in
// the composition root, as Envoy registers its extensions.
#pragma once

#include <map>
#include <string>

#include "core/error.h"

namespace certflow::events::bus {

struct DeliveryFailure {
  std::string code;     // e.g. "QueueDoesNotExist", "ConnectionRefused", "Timeout"
  std::string message;  // for the log and the dead-letter record
  bool retryable = true;
};

// Message attributes to send along (the dead-letter queue's error attributes).
using DeliveryAttributes = std::map<std::string, std::string>;

class Target {
 public:
  virtual ~Target() = default;
  // PutTargets asks: does this ARN name something this target kind can deliver to?
  // kResourceNotFound or kValidation with a message a person can act on otherwise.
  virtual Status check(const std::string& arn) = 0;
  // Delivers one payload. Called outside any store transaction, from the delivery thread.
  virtual tl::expected<void, DeliveryFailure> deliver(const std::string& arn,
                                                      const std::string& payload,
                                                      const DeliveryAttributes& attributes) = 0;
};

class TargetRegistry {
 public:
  // `service` is the ARN's third field: "sqs", "lambda", "sns", "events", "logs".
  void add(const std::string& service, Target& target);
  // The target kind for an ARN; nullptr when none serves it.
  Target* find(const std::string& arn) const;

 private:
  std::map<std::string, Target*> targets_;
};

}  // namespace certflow::events::bus

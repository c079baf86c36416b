// Delivers to certflow's SQS-compatible queues: the event (or its transformed input) becomes the
// message body, and the dead-letter error attributes become String message attributes.
#pragma once

#include "events/bus/target.h"
#include "queue/queues.h"

namespace certflow::events::targets {

class QueueTarget final : public bus::Target {
 public:
  explicit QueueTarget(queue::Queues& queues) : queues_(queues) {}
  Status check(const std::string& arn) override;
  bus::DeliveryOutcome deliver(const bus::Delivery& delivery) override;

 private:
  queue::Queues& queues_;
};

}  // namespace certflow::events::targets

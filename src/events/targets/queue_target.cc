#include "events/targets/queue_target.h"

namespace certflow::events::targets {

Status QueueTarget::check(const std::string& arn) {
  auto name = queues_.name_from_arn(arn);
  if (!name) {
    return fail(ErrorCode::kValidation, "'" + arn +
                                            "' is not a queue ARN of this installation "
                                            "(arn:aws:sqs:REGION:ACCOUNT:NAME).");
  }
  if (auto exists = queues_.get_queue(*name); !exists) {
    return fail(ErrorCode::kResourceNotFound,
                "Queue " + arn + " does not exist; create it first (aws sqs create-queue).");
  }
  return {};
}

bus::DeliveryOutcome QueueTarget::deliver(const bus::Delivery& delivery) {
  queue::MessageAttributes message_attributes;
  for (const auto& [name, value] : delivery.attributes) {
    message_attributes[name] = queue::MessageAttributeValue{"String", value, std::nullopt};
  }
  auto sent = queues_.send(delivery.target_arn, delivery.payload, message_attributes);
  if (sent) return {};
  // A queue that is gone stays gone until someone acts, and a message SQS refuses (too large,
  // bad characters) stays refused: no point retrying those for a day.
  const ErrorCode code = sent.error().code;
  if (code == ErrorCode::kQueueDoesNotExist) {
    return tl::unexpected(bus::DeliveryFailure{"QueueDoesNotExist", sent.error().message, false});
  }
  if (code == ErrorCode::kInvalidParameterValue || code == ErrorCode::kInvalidMessageContents ||
      code == ErrorCode::kValidation) {
    return tl::unexpected(
        bus::DeliveryFailure{"InvalidMessageContents", sent.error().message, false});
  }
  return tl::unexpected(bus::DeliveryFailure{"SQSError", sent.error().message, true});
}

}  // namespace certflow::events::targets

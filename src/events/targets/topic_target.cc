#include "events/targets/topic_target.h"

namespace certflow::events::targets {

bus::DeliveryOutcome TopicTarget::deliver(const bus::Delivery& delivery) {
  auto published =
      topics_.publish({delivery.target_arn, delivery.payload, delivery.rule_arn, account_id_});
  if (published) return {};
  const Error& error = published.error();
  // A missing topic or a policy that refuses the rule stays that way until someone acts: no
  // point retrying for a day. EventBridge fails these silently; certflow says why, in
  // FailedInvocations, the log and the dead-letter record.
  if (error.code == ErrorCode::kResourceNotFound) {
    return tl::unexpected(bus::DeliveryFailure{"NotFound", error.message, false});
  }
  if (error.code == ErrorCode::kAccessDenied) {
    return tl::unexpected(bus::DeliveryFailure{
        "AuthorizationError",
        error.message +
            " (the topic's access policy must allow sns:Publish for the service "
            "principal events.amazonaws.com from " +
            delivery.rule_arn + ")",
        false});
  }
  return tl::unexpected(bus::DeliveryFailure{"SNSError", error.message, true});
}

}  // namespace certflow::events::targets

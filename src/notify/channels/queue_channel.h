// The sqs protocol: SNS's signed JSON envelope (or, with RawMessageDelivery, the bare message)
// becomes a message in one of certflow's SQS-compatible queues (src/queue/).
//
// Endpoints are queue ARNs of this certflow (arn:aws:sqs:REGION:ACCOUNT:NAME) whose queue exists
// when subscribing; such a subscription is confirmed at once (same account). With raw delivery
// the message's attributes become SQS message attributes, as in SNS (the data type as it is —
// "String.Array" is a valid SQS type — and Binary values decoded from base64); with the envelope
// they travel inside it.
//
// Outcomes: a queue deleted after subscribing fails with QueueDoesNotExist, retryable — SNS keeps
// retrying its managed endpoints for days, and the queue may come back; a body the queue refuses
// (too large, characters SQS does not allow) fails for good (InvalidMessageContents); anything
// else (the store busy, ...) is retryable (SQSError).
#pragma once

#include "notify/channel.h"
#include "notify/signer.h"
#include "queue/queues.h"

namespace certflow::notify {

class QueueChannel final : public Channel {
 public:
  QueueChannel(queue::Queues& queues, const MessageSigner& signer)
      : queues_(queues), signer_(signer) {}

  Status check_endpoint(const std::string& protocol, const std::string& endpoint) override;
  bool needs_confirmation() const override { return false; }
  std::vector<ChannelOutcome> deliver_all(const std::vector<Notification>& batch) override;

 private:
  ChannelOutcome deliver(const Notification& notification);

  queue::Queues& queues_;
  const MessageSigner& signer_;
};

}  // namespace certflow::notify

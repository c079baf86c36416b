// The lambda protocol: certflow's functions (src/functions/), its stand-in for Lambda, get
// Lambda's SNS event on stdin — {"Records":[{"EventSource":"aws:sns","EventVersion":"1.0",
// "EventSubscriptionArn":...,"Sns":{...}}]} with Lambda's quirks (sns-message-signing.md §2):
// SigningCertUrl and UnsubscribeUrl spelt with "Url", Subject null when there is none,
// MessageAttributes {} when there are none, and SignatureVersion "1" even when the topic signs
// with SHA-256 (version 2), which the Signature then is.
//
// Endpoints are unqualified function ARNs of this certflow
// (arn:aws:lambda:REGION:ACCOUNT:function:NAME) whose function exists when subscribing; such a
// subscription is confirmed at once (same account). Only notifications reach a function.
//
// Outcomes: exit status 0 is a delivery; another exit status, a signal or the function's timeout
// is a retryable failure (FunctionError, FunctionTimeout). A function deleted after subscribing
// fails for good (ResourceNotFound): SNS does not retry a deleted endpoint (a client-side error
// in sns-dead-letter-queues); a RedrivePolicy queue keeps the message. Each invocation's output
// goes to the daemon log.
#pragma once

#include "functions/functions.h"
#include "notify/channel.h"
#include "notify/signer.h"

namespace certflow::notify {

class FunctionChannel final : public Channel {
 public:
  FunctionChannel(functions::Functions& functions, const MessageSigner& signer)
      : functions_(functions), signer_(signer) {}

  Status check_endpoint(const std::string& protocol, const std::string& endpoint) override;
  bool needs_confirmation() const override { return false; }
  // The batch runs on the functions' worker pool, side by side.
  std::vector<ChannelOutcome> deliver_all(const std::vector<Notification>& batch) override;

 private:
  functions::Functions& functions_;
  const MessageSigner& signer_;
};

// Lambda's SNS event for one notification.
Result<std::string> lambda_event(const Notification& notification, const MessageSigner& signer);

}  // namespace certflow::notify

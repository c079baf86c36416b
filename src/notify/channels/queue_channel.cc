#include "notify/channels/queue_channel.h"

#include "core/arn.h"
#include "crypto/encoding.h"

namespace certflow::notify {
namespace {

queue::MessageAttributes queue_attributes(const MessageAttributes& attributes) {
  queue::MessageAttributes out;
  for (const auto& [name, attribute] : attributes) {
    queue::MessageAttributeValue value;
    value.data_type = attribute.data_type;
    if (attribute.data_type.rfind("Binary", 0) == 0) {
      // Publish checked the base64; a value that still fails to decode goes as it is.
      value.binary_value = crypto::base64_decode(attribute.value).value_or(attribute.value);
    } else {
      value.string_value = attribute.value;
    }
    out[name] = std::move(value);
  }
  return out;
}

}  // namespace

Status QueueChannel::check_endpoint(const std::string& /*protocol*/, const std::string& endpoint) {
  const std::string example = queues_.queue_arn("NAME");
  auto arn = parse_arn(endpoint);
  if (!arn || arn->service != "sqs" || arn->resource.find(':') != std::string::npos) {
    return fail(ErrorCode::kInvalidParameter,
                "Invalid parameter: SQS endpoint ARN: '" + endpoint +
                    "' is not a queue ARN; an sqs subscription's Endpoint looks like " + example +
                    ".");
  }
  auto name = queues_.name_from_arn(endpoint);
  if (!name) {
    return fail(ErrorCode::kInvalidParameter,
                "Invalid parameter: SQS endpoint ARN: " + endpoint +
                    " is not a queue of this certflow, which delivers only to its own queues (" +
                    example + ").");
  }
  auto exists = queues_.get_queue(*name);
  if (!exists && exists.error().code == ErrorCode::kQueueDoesNotExist) {
    return fail(ErrorCode::kNotFound, "Queue " + endpoint +
                                          " does not exist; create it first (aws sqs "
                                          "create-queue --queue-name " +
                                          *name + "), then subscribe it.");
  }
  return exists;
}

ChannelOutcome QueueChannel::deliver(const Notification& n) {
  std::string body = n.message;
  queue::MessageAttributes attributes;
  if (n.raw) {
    attributes = queue_attributes(n.attributes);
  } else {
    auto envelope = json_envelope(n, signer_);
    if (!envelope) {
      return tl::unexpected(ChannelFailure{"SigningFailed", envelope.error().message, true});
    }
    body = std::move(*envelope);
  }
  auto sent = queues_.send(n.endpoint, body, attributes);
  if (sent) return {};
  const Error& error = sent.error();
  switch (error.code) {
    case ErrorCode::kQueueDoesNotExist:
      return tl::unexpected(ChannelFailure{
          "QueueDoesNotExist",
          "Queue " + n.endpoint + " does not exist (deleted after subscribing?): " + error.message,
          true});
    case ErrorCode::kInvalidParameterValue:
    case ErrorCode::kInvalidMessageContents:
    case ErrorCode::kInvalidAttributeValue:
    case ErrorCode::kValidation:
      return tl::unexpected(
          ChannelFailure{"InvalidMessageContents",
                         "Queue " + n.endpoint + " refused the message: " + error.message, false});
    default:
      return tl::unexpected(ChannelFailure{
          "SQSError", "Sending to queue " + n.endpoint + " failed: " + error.message, true});
  }
}

std::vector<ChannelOutcome> QueueChannel::deliver_all(const std::vector<Notification>& batch) {
  std::vector<ChannelOutcome> outcomes;
  outcomes.reserve(batch.size());
  for (const Notification& n : batch) outcomes.push_back(deliver(n));
  return outcomes;
}

}  // namespace certflow::notify

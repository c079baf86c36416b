// How a topic's messages reach a subscription's endpoint. Each protocol (email, email-json,
// http, https, sqs, lambda, and certflow's chat protocols) is a Channel registered once, under
// its protocol name, in the composition root, as the bus registers its Target kinds. Channels
// only deliver; the topics engine (topics.h) owns retries, redrive and the durable queue.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace certflow::notify {

enum class MessageType { kNotification, kSubscriptionConfirmation, kUnsubscribeConfirmation };

// "Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation" (SNS's Type field).
inline const char* message_type_name(MessageType type) {
  switch (type) {
    case MessageType::kNotification: return "Notification";
    case MessageType::kSubscriptionConfirmation: return "SubscriptionConfirmation";
    case MessageType::kUnsubscribeConfirmation: return "UnsubscribeConfirmation";
  }
  return "Notification";
}

// A Publish message attribute: DataType String, String.Array, Number or Binary (base64 value).
struct MessageAttribute {
  std::string data_type;
  std::string value;
  bool operator==(const MessageAttribute&) const = default;
};
using MessageAttributes = std::map<std::string, MessageAttribute>;

// One message on its way to one subscription: everything a channel needs to render it.
struct Notification {
  MessageType type = MessageType::kNotification;
  std::string message_id;
  std::string topic_arn;
  std::string topic_display_name;  // "" when the topic has none
  std::string subscription_arn;
  std::string protocol;
  std::string endpoint;
  // The message for this protocol (a MessageStructure=json message is already resolved). For
  // confirmations, SNS's "You have chosen to subscribe to the topic ..." text.
  std::string message;
  std::optional<std::string> subject;
  MessageAttributes attributes;
  TimePoint timestamp;          // when the message was published
  bool raw = false;             // RawMessageDelivery: the bare message, no JSON envelope
  int signature_version = 1;    // the topic's SignatureVersion (1: SHA1withRSA, 2: SHA256withRSA)
  std::string token;            // confirmations: the confirmation token
  std::string subscribe_url;    // confirmations: the link that confirms
  std::string unsubscribe_url;  // notifications: the link that unsubscribes
  int64_t attempt = 1;          // 1 for the first attempt
  // http/https: the request's Content-Type, from the effective DeliveryPolicy's requestPolicy;
  // "" sends SNS's default (text/plain; charset=UTF-8).
  std::string content_type;
};

struct ChannelFailure {
  std::string code;     // e.g. "ConnectionRefused", "HttpStatus503", "SmtpRejected"
  std::string message;  // for the log and the dead-letter message's attributes
  bool retryable = true;
};
using ChannelOutcome = tl::expected<void, ChannelFailure>;

class Channel {
 public:
  virtual ~Channel() = default;
  // Subscribe asks: is `endpoint` a valid endpoint for `protocol`? kInvalidParameter with SNS's
  // wording ("Invalid parameter: Endpoint ...") and what to send instead, otherwise.
  virtual Status check_endpoint(const std::string& protocol, const std::string& endpoint) = 0;
  // Must the endpoint's owner confirm a new subscription (email, http/s)? Same-account queues
  // and functions are confirmed at once.
  virtual bool needs_confirmation() const = 0;
  // Delivers a batch; outcomes in the batch's order. Called outside any store transaction from
  // the topics' delivery thread; may overlap the batch's deliveries.
  virtual std::vector<ChannelOutcome> deliver_all(const std::vector<Notification>& batch) = 0;
};

class ChannelRegistry {
 public:
  void add(const std::string& protocol, Channel& channel) { channels_[protocol] = &channel; }
  // nullptr when no channel serves the protocol.
  Channel* find(const std::string& protocol) const {
    auto it = channels_.find(protocol);
    return it == channels_.end() ? nullptr : it->second;
  }
  std::vector<std::string> protocols() const {
    std::vector<std::string> names;
    for (const auto& [name, channel] : channels_) names.push_back(name);
    return names;
  }

 private:
  std::map<std::string, Channel*> channels_;
};

}  // namespace certflow::notify

// A topic's message as the store keeps it (topic_messages.body): the notify room's JSON, or —
// for a topic with KmsMasterKeyId — that JSON sealed under the topic's data key, bound to the
// message id, so the database file never holds an encrypted topic's messages in clear.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/error.h"
#include "crypto/secret.h"
#include "notify/channel.h"

namespace certflow::notify {

struct StoredMessage {
  MessageType type = MessageType::kNotification;
  std::string message;                             // the default message
  std::map<std::string, std::string> by_protocol;  // MessageStructure=json: protocol -> message
  std::optional<std::string> subject;
  MessageAttributes attributes;
  int64_t timestamp_ms = 0;
  std::string token;  // confirmations

  // The message a subscription of this protocol receives.
  const std::string& message_for(const std::string& protocol) const;
};

// data_key null: stored in clear.
Result<std::string> encode_message(const StoredMessage& message, const std::string& message_id,
                                   const crypto::SecretBytes* data_key);
// data_key may be null only for a message stored in clear.
Result<StoredMessage> decode_message(const std::string& body, const std::string& message_id,
                                     const crypto::SecretBytes* data_key);
bool is_sealed(const std::string& body);

}  // namespace certflow::notify

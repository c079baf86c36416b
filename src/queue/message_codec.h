// A message's rules and representation: SQS's checks of bodies and message attributes, their
// size, the MD5 digests, the selection ReceiveMessage makes, and how the store keeps what is
// not the body (details_json).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "queue/queues.h"

namespace certflow::queue {

// What the store keeps of a message besides its body, times and receipt token.
struct MessageDetails {
  MessageAttributes attributes;
  MessageAttributes system_attributes;  // AWSTraceHeader, as sent
  std::string sender_id;
  std::optional<std::string> dead_letter_source_arn;  // set when redrive moved it here
};

std::string encode_details(const MessageDetails& details);
Result<MessageDetails> decode_details(const std::string& json);

// Non-empty, valid UTF-8 of the characters SQS allows (XML 1.0's). kMissingParameter for an
// empty body, kInvalidMessageContents otherwise.
Status validate_body(const std::string& body);

// SQS's rules for message attributes (at most 10; names of [A-Za-z0-9_.-] up to 256, not
// starting with AWS. or Amazon., no leading, trailing or doubled '.'; types String, Number or
// Binary with an optional ".custom"; the matching value present and non-empty; numbers numeric).
// `system` checks MessageSystemAttributes instead: only AWSTraceHeader, a String.
// kInvalidParameterValue naming the attribute.
Status validate_message_attributes(const MessageAttributes& attributes, bool system);

// What counts against MaximumMessageSize: the body and every attribute's name, type and value.
size_t message_size(const std::string& body, const MessageAttributes& attributes);

// The attributes ReceiveMessage's MessageAttributeNames asks for: "All" or ".*" for all, a name,
// or a prefix ending in ".*".
MessageAttributes select_message_attributes(const MessageAttributes& attributes,
                                            const std::vector<std::string>& names);

}  // namespace certflow::queue

// What the notification topics (src/notify/) keep in the store besides their resource rows
// (topics and subscriptions are ResourceRows of kinds "sns-topic" and "sns-subscription"): the
// messages published to a topic and the durable fan-out queue, one delivery per (message,
// subscription). The store keeps their settings as the notify room's own JSON and knows nothing
// of their meaning.
#pragma once

#include <cstdint>
#include <string>

namespace certflow::store {

// One published message (or a subscription's confirmation message). The body is the notify
// room's JSON of the message, sealed under the topic's data key when the topic is encrypted.
struct TopicMessageRow {
  std::string message_id;  // primary key
  std::string topic_arn;
  std::string body;  // binary when sealed
  int64_t created_at_ms = 0;
};

// One message on its way to one subscription. At-least-once: the row goes only after the
// subscription's endpoint took the message (or it was redriven to the subscription's dead-letter
// queue, or dropped and logged). A message row goes with its last delivery.
struct TopicDeliveryRow {
  int64_t id = 0;  // assigned by insert_topic_delivery
  std::string message_id;
  std::string subscription_arn;
  std::string details_json;  // attempt schedule, last error: the notify room's JSON
  int64_t attempts = 0;
  int64_t created_at_ms = 0;
  int64_t next_attempt_ms = 0;  // due when <= now
  // Filled by due_topic_deliveries (joined from the message row); not written.
  std::string topic_arn;
  std::string message_body;
};

}  // namespace certflow::store
